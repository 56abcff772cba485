//! Importing a REST API's Swagger 2.0 or OpenAPI 3 definition (`Body` or `BodyS3Location`
//! on `AWS::ApiGateway::RestApi`, aws-rest-api.md §9.2) as API Gateway's import does: the
//! paths become a tree of resources, their operations methods with their
//! `x-amazon-apigateway-integration`, the security schemes with
//! `x-amazon-apigateway-authorizer` authorizers, and the API-level extensions (gateway
//! responses, binary media types, API key source, policy, request validators) the API's
//! settings. Pure: the document comes in as JSON, the store's models go out, with every
//! member gantry leaves out named in a note by its JSON path.
//!
//! It does not serve anything, and it does not check what the deploy engine checks with
//! the template's other resources (explicit `Resource`/`Method` resources of the same API
//! are the Method and Deployment providers' business). The JSON reading, errors and notes
//! are the HTTP API import's (`apigatewayv2::openapi::document`).

mod api_level;
#[cfg(test)]
mod golden_bodies;
#[cfg(test)]
mod golden_tests;
mod integration;
mod methods;
mod parameters;
mod resources;
mod security;
#[cfg(test)]
mod tests;

use serde_json::Value;
use store::model::apigateway::{ApiKeySourceType, ImportedRestDefinition};

use crate::naming::IdSource;
use crate::providers::apigatewayv2::openapi::document::{self, Object, error};
pub(crate) use crate::providers::apigatewayv2::openapi::document::{
    ImportError, ImportNote, NoteKind,
};

/// What the import needs besides the document.
pub(crate) struct ImportRequest<'a> {
    /// The RestApi's id, written into every imported model.
    pub(crate) rest_api_id: &'a str,
    /// The id of the `/` resource: the parent of the top-level resources.
    pub(crate) root_resource_id: &'a str,
    /// Where the document came from, the first part of every path (`Body`).
    pub(crate) root: &'a str,
    /// The previous import of this RestApi: its ids are kept (resources by path,
    /// authorizers and request validators by name).
    pub(crate) previous: Option<&'a ImportedRestDefinition>,
    pub(crate) ids: &'a IdSource,
    /// The `basepath` import parameter.
    pub(crate) base_path: BasePath,
}

/// The `basepath` import parameter (`Parameters: {basepath: ...}`, aws-rest-api.md §9.2):
/// what the document's base path (Swagger `basePath`, OpenAPI 3's first server URL) does
/// to the resource paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum BasePath {
    /// The base path is not part of the resources (AWS's default).
    #[default]
    Ignore,
    /// Resources are the base path followed by the path.
    Prepend,
    /// The base path's first segment is dropped, the rest prepended.
    Split,
}

/// What the top-level `x-amazon-apigateway-*` extensions say about the API itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ApiSettings {
    /// `x-amazon-apigateway-binary-media-types`, `~1` turned into `/`.
    pub(crate) binary_media_types: Vec<String>,
    /// `x-amazon-apigateway-api-key-source`.
    pub(crate) api_key_source: Option<ApiKeySourceType>,
    /// `x-amazon-apigateway-policy`.
    pub(crate) policy: Option<Value>,
    /// `x-amazon-apigateway-endpoint-configuration.disableExecuteApiEndpoint`.
    pub(crate) disable_execute_api_endpoint: Option<bool>,
}

/// What importing a definition yields.
#[derive(Debug)]
pub(crate) struct Imported {
    pub(crate) definition: ImportedRestDefinition,
    pub(crate) settings: ApiSettings,
    /// `info.title`: the API's name when `Name` is absent.
    pub(crate) title: Option<String>,
    pub(crate) notes: Vec<ImportNote>,
}

/// Imports `document`, found at `request.root`.
pub(crate) fn import(
    document: &Value,
    request: &ImportRequest<'_>,
) -> Result<Imported, ImportError> {
    let root = Object::of(request.root, document)?;
    let version = Version::of(&root)?;
    let mut importer = Importer {
        request,
        root: root.clone(),
        version,
        definition: ImportedRestDefinition::default(),
        settings: ApiSettings::default(),
        notes: Vec::new(),
    };
    // Authorizers, validators and models first: methods refer to them.
    importer.authorizers()?;
    importer.request_validators()?;
    importer.models()?;
    importer.paths()?;
    importer.api_extensions()?;
    let title = document::title(&root)?;
    Ok(Imported {
        definition: importer.definition,
        settings: importer.settings,
        title,
        notes: importer.notes,
    })
}

/// Which specification the document follows: REST APIs import both (aws-rest-api.md §9.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    Swagger2,
    OpenApi3,
}

impl Version {
    fn of(root: &Object<'_>) -> Result<Self, ImportError> {
        if let Some(version) = root.string("swagger")? {
            // Unconfirmed: `swagger: 2` (a number, as SAM's test material has it) is read
            // as 2.0.
            if version == "2.0" || version == "2" {
                return Ok(Self::Swagger2);
            }
            return Err(error(
                &root.child("swagger"),
                format!("must be \"2.0\", found {version:?}"),
            ));
        }
        match root.string("openapi")? {
            Some(version) if version.starts_with("3.") || version == "3" => Ok(Self::OpenApi3),
            Some(version) => Err(error(
                &root.child("openapi"),
                format!("must be a 3.x version, found {version:?}"),
            )),
            None => Err(error(
                &root.child("swagger"),
                "is required (swagger: \"2.0\"), or openapi: \"3.0.1\": REST APIs import Swagger 2.0 and OpenAPI 3 definitions",
            )),
        }
    }
}

/// The state of one import.
pub(crate) struct Importer<'a> {
    request: &'a ImportRequest<'a>,
    root: Object<'a>,
    version: Version,
    definition: ImportedRestDefinition,
    settings: ApiSettings,
    notes: Vec<ImportNote>,
}

impl<'a> Importer<'a> {
    fn note(&mut self, kind: NoteKind, path: &str, message: impl Into<String>) {
        self.notes.push(ImportNote {
            kind,
            path: path.to_owned(),
            message: message.into(),
        });
    }

    /// `components.NAME` (OpenAPI 3), if present.
    fn component(&self, name: &str) -> Result<Option<Object<'a>>, ImportError> {
        match self.root.object("components")? {
            Some(components) => components.object(name),
            None => Ok(None),
        }
    }

    /// Where the document keeps reusable members: `definitions`, `securityDefinitions`,
    /// `parameters` in Swagger 2.0, under `components` in OpenAPI 3.
    fn reusable(&self, swagger: &str, openapi: &str) -> Result<Option<Object<'a>>, ImportError> {
        match self.version {
            Version::Swagger2 => self.root.object(swagger),
            Version::OpenApi3 => self.component(openapi),
        }
    }
}
