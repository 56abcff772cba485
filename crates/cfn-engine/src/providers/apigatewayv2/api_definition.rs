//! The OpenAPI definition of an `AWS::ApiGatewayV2::Api`: `Body`, or the local file that
//! stands for `BodyS3Location` (§11.5; REST APIs read theirs with [`read_definition`] too), imported into routes, integrations and
//! authorizers with the Api's import properties (`BasePath`, `FailOnWarnings`).

use std::path::{Component, Path, PathBuf};

use cfn_template::syntax::{Node, NodeKind, parse};
use serde_json::{Map, Value};
use store::model::ImportedDefinition;

use super::openapi::{self, BasePath, ImportNote, ImportRequest, NoteKind};
use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, ProviderWarning};

/// An imported definition, ready to go into the Api.
#[derive(Debug)]
pub(crate) struct Definition {
    pub(crate) imported: ImportedDefinition,
    /// `x-amazon-apigateway-cors` as a `CorsConfiguration`.
    pub(crate) cors: Option<Value>,
    /// `info.title`.
    pub(crate) title: Option<String>,
    /// Deploy warnings: every member the import left out, by JSON path.
    pub(crate) warnings: Vec<ProviderWarning>,
}

/// Imports the Api's definition, if it has one. `previous` is the last import, whose ids
/// are kept.
pub(crate) fn import(
    props: &Properties<'_>,
    request: &ProviderRequest<'_>,
    api_id: &str,
    previous: Option<&ImportedDefinition>,
) -> Result<Option<Definition>, ProviderError> {
    let Some((root, document)) = read_definition(props, request)? else {
        return Ok(None);
    };
    let mut warnings = Vec::new();
    let base_path = match props.string("BasePath")?.as_deref() {
        None | Some("ignore") => BasePath::Ignore,
        Some("prepend") => BasePath::Prepend,
        Some("split") => {
            return Err(ProviderError::NotSupported(
                "Properties.BasePath: split is not supported by gantry; use ignore or prepend, or write the paths in full".to_owned(),
            ));
        }
        Some(other) => {
            return Err(ProviderError::invalid(
                "BasePath",
                format!("must be ignore, prepend or split, found {other:?}"),
            ));
        }
    };
    if props.value("DisableSchemaValidation").is_some() {
        warnings.push(ProviderWarning::property(
            "DisableSchemaValidation",
            "applies to WebSocket APIs only; it is ignored",
        ));
    }
    let import_request = ImportRequest {
        api_id,
        root,
        previous,
        ids: request.ids,
        base_path,
    };
    let imported = openapi::import(&document, &import_request)
        .map_err(|e| ProviderError::invalid(&e.path, e.message))?;
    for route in &imported.definition.routes {
        request
            .checks
            .check_route_key(&route.route_key)
            .map_err(|note| {
                ProviderError::invalid(
                    root,
                    format!("makes route key {:?}: {}", route.route_key, note.message),
                )
            })?;
    }
    warnings.extend(import_warnings(
        props,
        &imported.notes,
        "OpenAPI definition",
    )?);
    Ok(Some(Definition {
        imported: imported.definition,
        cors: imported.cors,
        title: imported.title,
        warnings,
    }))
}

/// The deploy warnings of an import's notes (HTTP or REST API), or the refusal
/// `FailOnWarnings: true` asks for when AWS's import warned (§11.1,
/// aws-rest-api.md §9.2). `document` names what was imported in the refusal.
pub(crate) fn import_warnings(
    props: &Properties<'_>,
    notes: &[ImportNote],
    document: &str,
) -> Result<Vec<ProviderWarning>, ProviderError> {
    let aws_warnings: Vec<String> = notes
        .iter()
        .filter(|note| note.kind == NoteKind::Warning)
        .map(ToString::to_string)
        .collect();
    // AWS rolls the import back on warnings when FailOnWarnings is true.
    if props.bool("FailOnWarnings")? == Some(true) && !aws_warnings.is_empty() {
        return Err(ProviderError::invalid(
            "FailOnWarnings",
            format!(
                "is true and importing the {document} gave warnings: {}; fix them or set FailOnWarnings: false",
                aws_warnings.join("; ")
            ),
        ));
    }
    // Each note names its JSON path (`Body.paths./pets.get...`), which is also where it
    // is in the template when the Body is written inline.
    Ok(notes
        .iter()
        .map(|note| {
            let message = match note.kind {
                NoteKind::Warning => format!("import warning: {}", note.message),
                NoteKind::NotHonoured | NoteKind::Info => note.message.clone(),
            };
            ProviderWarning::property(note.path.clone(), message)
        })
        .collect())
}

/// The definition document of an API (HTTP or REST): the property it came from (`Body`
/// or `BodyS3Location`) and the document as JSON, or `None` when the API has neither.
pub(crate) fn read_definition(
    props: &Properties<'_>,
    request: &ProviderRequest<'_>,
) -> Result<Option<(&'static str, Value)>, ProviderError> {
    Ok(Some(
        match (props.value("Body"), props.object("BodyS3Location")?) {
            (None, None) => return Ok(None),
            (Some(_), Some(_)) => {
                return Err(ProviderError::invalid(
                    "BodyS3Location",
                    "cannot be used together with Body; keep one of them",
                ));
            }
            (Some(Value::String(text)), None) => ("Body", parse_text(text, "Body")?),
            (Some(body), None) => ("Body", body.clone()),
            (None, Some(location)) => ("BodyS3Location", read_local_file(&location, request)?),
        },
    ))
}

/// `BodyS3Location` locally: nothing is in S3, so `Key` names a file relative to the
/// template's directory (`Bucket` only labels it), JSON or YAML (§11.5).
// Deviation from AWS: the definition is read from the local file `Key`, not from S3;
// `Version` and `Etag` are not checked.
fn read_local_file(
    location: &Properties<'_>,
    request: &ProviderRequest<'_>,
) -> Result<Value, ProviderError> {
    let key = location
        .string("Key")?
        .ok_or_else(|| ProviderError::missing("BodyS3Location.Key"))?;
    let bucket = location.string("Bucket")?.unwrap_or_default();
    let relative = Path::new(&key);
    if relative.is_absolute()
        || relative
            .components()
            .any(|c| matches!(c, Component::ParentDir))
    {
        return Err(ProviderError::invalid(
            "BodyS3Location.Key",
            format!("must be a path inside the template's directory, found {key:?}"),
        ));
    }
    let path: PathBuf = request.stack.template_dir.join(relative);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        ProviderError::invalid(
            "BodyS3Location.Key",
            format!(
                "names {key:?}, read locally as {} ({e}); gantry fetches nothing from S3 and reads BodyS3Location from the file Key relative to the template's directory: put a copy of s3://{bucket}/{key} there",
                path.display()
            ),
        )
    })?;
    parse_text(&text, "BodyS3Location")
}

/// An OpenAPI document's text, JSON or YAML.
fn parse_text(text: &str, property: &str) -> Result<Value, ProviderError> {
    let parsed = parse(text);
    match parsed.root {
        Some(root) => Ok(to_json(&root)),
        None => {
            let reason = parsed
                .diagnostics
                .first()
                .map_or_else(|| "unreadable".to_owned(), |d| d.message.clone());
            Err(ProviderError::invalid(
                property,
                format!("is not a JSON or YAML OpenAPI document: {reason}"),
            ))
        }
    }
}

/// A parsed node as JSON, numbers kept as their text like template values are.
fn to_json(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Null => Value::Null,
        NodeKind::Bool(b) => Value::Bool(*b),
        NodeKind::Number(text) | NodeKind::String(text) => Value::String(text.clone()),
        NodeKind::Sequence(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeKind::Mapping(entries) => Value::Object(
            entries
                .iter()
                .map(|e| (e.key.clone(), to_json(&e.value)))
                .collect::<Map<_, _>>(),
        ),
    }
}
