//! Importing an HTTP API's OpenAPI 3.0 definition (`Body` or `BodyS3Location` on
//! `AWS::ApiGatewayV2::Api`, §11): the document's paths and methods become routes, their
//! `x-amazon-apigateway-integration` integrations, the security schemes with
//! `x-amazon-apigateway-authorizer` authorizers, `x-amazon-apigateway-cors` the API's CORS
//! configuration. Pure: the document comes in as JSON, the store's models go out, with
//! every member gantry leaves out named in a note by its JSON path.
//!
//! The document is walked as `serde_json::Value` rather than parsed into typed OpenAPI
//! structs: HTTP APIs read a handful of members, the rest (schemas, responses) is ignored,
//! and each error and note must name the exact path it is about.

mod authorizers;
mod cors;
pub(crate) mod document;
#[cfg(test)]
mod golden_tests;
mod integration;
mod paths;
#[cfg(test)]
mod security_tests;
#[cfg(test)]
mod tests;

use serde_json::Value;
use store::model::ImportedDefinition;

use crate::naming::IdSource;
pub(crate) use document::{ImportError, ImportNote, NoteKind};
use document::{Object, error};

/// What the import needs besides the document.
pub(crate) struct ImportRequest<'a> {
    /// The Api's id, written into every imported model.
    pub(crate) api_id: &'a str,
    /// Where the document came from, the first part of every path (`Body`).
    pub(crate) root: &'a str,
    /// The previous import of this Api: its ids are kept (routes and integrations by
    /// route key, authorizers by name).
    pub(crate) previous: Option<&'a ImportedDefinition>,
    pub(crate) ids: &'a IdSource,
    /// `BasePath` on the Api.
    pub(crate) base_path: BasePath,
}

/// `BasePath`: how the document's base path (its first server's URL path) affects the
/// routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum BasePath {
    /// The base path is not part of the routes (AWS's default).
    #[default]
    Ignore,
    /// Routes are the base path followed by the path.
    Prepend,
}

/// What importing a definition yields.
#[derive(Debug)]
pub(crate) struct Imported {
    pub(crate) definition: ImportedDefinition,
    /// `x-amazon-apigateway-cors` in `CorsConfiguration`'s shape (PascalCase keys).
    pub(crate) cors: Option<Value>,
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
    check_version(&root)?;
    let mut importer = Importer {
        request,
        root: root.clone(),
        definition: ImportedDefinition::default(),
        notes: Vec::new(),
    };
    importer.authorizers()?;
    importer.paths()?;
    let cors = importer.cors()?;
    importer.top_level_extensions();
    let title = document::title(&root)?;
    Ok(Imported {
        definition: importer.definition,
        cors,
        title,
        notes: importer.notes,
    })
}

/// HTTP APIs import OpenAPI 3.0 (§11.1).
fn check_version(root: &Object<'_>) -> Result<(), ImportError> {
    if let Some(version) = root.string("openapi")? {
        if version.starts_with("3.") {
            return Ok(());
        }
        return Err(error(
            &root.child("openapi"),
            format!("must be a 3.0 version, found {version:?}"),
        ));
    }
    // Unconfirmed: AWS documents OpenAPI 3.0 for HTTP APIs; whether it also reads
    // Swagger 2.0 is not documented, so gantry refuses it rather than guess.
    match root.string("swagger")? {
        Some(version) => Err(error(
            &root.child("swagger"),
            format!(
                "Swagger {version} is not imported for HTTP APIs; convert the definition to OpenAPI 3.0"
            ),
        )),
        None => Err(error(
            &root.child("openapi"),
            "is required: HTTP APIs import OpenAPI 3.0 definitions (openapi: 3.0.1)",
        )),
    }
}

/// The state of one import.
pub(crate) struct Importer<'a> {
    request: &'a ImportRequest<'a>,
    root: Object<'a>,
    definition: ImportedDefinition,
    notes: Vec<ImportNote>,
}

/// Top-level members HTTP APIs read or that are descriptive.
const TOP_LEVEL: &[&str] = &[
    "openapi",
    "info",
    "servers",
    "paths",
    "components",
    "security",
    "tags",
    "externalDocs",
    "x-amazon-apigateway-cors",
    "x-amazon-apigateway-importexport-version",
];

impl<'a> Importer<'a> {
    fn note(&mut self, kind: NoteKind, path: &str, message: impl Into<String>) {
        self.notes.push(ImportNote {
            kind,
            path: path.to_owned(),
            message: message.into(),
        });
    }

    /// `components.x-amazon-apigateway-integrations.NAME`.
    fn reusable_integration(&self, name: &str) -> Result<Option<Object<'a>>, ImportError> {
        let Some(components) = self.root.object("components")? else {
            return Ok(None);
        };
        let Some(integrations) = components.object("x-amazon-apigateway-integrations")? else {
            return Ok(None);
        };
        integrations.object(name)
    }

    /// Extensions at the top level that HTTP APIs do not read (REST API ones such as
    /// `x-amazon-apigateway-policy` or `-binary-media-types`).
    fn top_level_extensions(&mut self) {
        let root = self.root.clone();
        for key in root.map.keys() {
            if key.starts_with("x-") && !TOP_LEVEL.contains(&key.as_str()) {
                self.note(
                    NoteKind::NotHonoured,
                    &root.child(key),
                    "is not read for HTTP APIs; it is ignored",
                );
            }
        }
    }
}
