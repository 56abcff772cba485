//! Request validators: required parameters and the body's JSON Schema (draft 4) model
//! (aws-rest-api.md §7.1 `BAD_REQUEST_PARAMETERS`, `BAD_REQUEST_BODY`).
//!
//! Compiled once per method at deploy time; a method without a validator has none.
//! Parameters are checked first: every required `method.request.header|querystring|path`
//! value must be present and not blank. Then the body must be JSON valid against the
//! model for its `Content-Type` (`application/json` when none). Not here: models' `$ref`
//! to other models (refused at compile time), parameter mapping.

use std::fmt;

use http::HeaderValue;
use http::header::CONTENT_TYPE;
use jsonschema::Validator;
use serde_json::{Value, json};
use store::model::apigateway::{Method, Model, RequestValidator};

use crate::rest::error::RestError;
use crate::rest::request::RestRequest;

/// The content type assumed for a body without one, and the model key looked up first.
const DEFAULT_CONTENT_TYPE: &str = "application/json";
/// The request-models key that applies to any content type without its own model.
const ANY_CONTENT_TYPE: &str = "$default";

/// One method's compiled request validation.
pub struct RequestValidation {
    /// Required parameters as (where, name), in the order AWS lists them (sorted keys).
    required: Vec<(Location, String)>,
    /// (content type, model name, schema) when the body is validated.
    models: Vec<(String, String, Validator)>,
}

impl fmt::Debug for RequestValidation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestValidation")
            .field("required", &self.required)
            .field(
                "models",
                &self
                    .models
                    .iter()
                    .map(|(c, m, _)| (c, m))
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// Where a required parameter is looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Location {
    Header,
    Query,
    Path,
}

impl RequestValidation {
    /// None when the method has no validator.
    pub fn compile(
        method: &Method,
        validators: &[RequestValidator],
        models: &[Model],
    ) -> Result<Option<Self>, String> {
        let Some(validator_id) = &method.request_validator_id else {
            return Ok(None);
        };
        let subject = format!("{} {}", method.http_method, method.resource_path);
        let validator = validators
            .iter()
            .find(|v| &v.request_validator_id == validator_id)
            .ok_or_else(|| {
                format!("{subject}: RequestValidatorId `{validator_id}` names no RequestValidator of this API; add it or remove the reference")
            })?;
        let mut required = Vec::new();
        if validator.validate_request_parameters {
            // BTreeMap order: header, path, querystring by sorted key (aws-rest-api.md §7.1).
            for (key, is_required) in &method.request_parameters {
                if *is_required {
                    required.push(location(key).ok_or_else(|| {
                        format!("{subject}: RequestParameters key `{key}` is not method.request.header|querystring|path.<name>")
                    })?);
                }
            }
        }
        let mut compiled = Vec::new();
        if validator.validate_request_body {
            for (content_type, model_name) in &method.request_models {
                let schema = schema(models, model_name)
                    .ok_or_else(|| format!("{subject}: RequestModels `{content_type}` names model `{model_name}`, which this API does not define"))?;
                let validator = jsonschema::draft4::new(&schema).map_err(|e| {
                    format!("{subject}: model `{model_name}` is not a JSON Schema draft 4 gantry can use ({e}); references to other models are not resolved")
                })?;
                compiled.push((
                    content_type.to_ascii_lowercase(),
                    model_name.clone(),
                    validator,
                ));
            }
        }
        Ok(Some(Self {
            required,
            models: compiled,
        }))
    }

    /// Whether `request` passes: 400 `BAD_REQUEST_PARAMETERS` first, then 400
    /// `BAD_REQUEST_BODY`.
    pub fn validate(
        &self,
        request: &RestRequest<'_>,
        path_parameters: &[(String, String)],
    ) -> Result<(), RestError> {
        let missing: Vec<String> = self
            .required
            .iter()
            .filter(|(location, name)| !present(*location, name, request, path_parameters))
            .map(|(_, name)| name.clone())
            .collect();
        if !missing.is_empty() {
            return Err(RestError::bad_request_parameters(
                &missing,
                format!(
                    "the method requires request parameters that are missing or blank: {}",
                    missing.join(", ")
                ),
            ));
        }
        self.validate_body(request)
    }

    fn validate_body(&self, request: &RestRequest<'_>) -> Result<(), RestError> {
        let content_type = essence(request.headers.get(CONTENT_TYPE))
            .unwrap_or_else(|| DEFAULT_CONTENT_TYPE.to_owned());
        let model = self
            .models
            .iter()
            .find(|(c, _, _)| *c == content_type)
            .or_else(|| self.models.iter().find(|(c, _, _)| c == ANY_CONTENT_TYPE));
        let Some((_, model_name, validator)) = model else {
            return Ok(());
        };
        let body: Value = serde_json::from_slice(request.body).map_err(|e| {
            RestError::bad_request_body(format!(
                "the body is not JSON ({e}) but model `{model_name}` validates {content_type} bodies"
            ))
        })?;
        let errors: Vec<String> = validator
            .iter_errors(&body)
            .map(|e| {
                let at = e.instance_path().to_string();
                if at.is_empty() {
                    e.to_string()
                } else {
                    format!("{at}: {e}")
                }
            })
            .collect();
        if errors.is_empty() {
            return Ok(());
        }
        Err(RestError::bad_request_body(format!(
            "the body does not match model `{model_name}`: [{}]",
            errors.join(", ")
        )))
    }
}

/// `method.request.header.X` → (Header, X), and so on.
fn location(key: &str) -> Option<(Location, String)> {
    let rest = key.strip_prefix("method.request.")?;
    let (kind, name) = rest.split_once('.')?;
    let location = match kind {
        "header" | "multivalueheader" => Location::Header,
        "querystring" | "multivaluequerystring" => Location::Query,
        "path" => Location::Path,
        _ => return None,
    };
    Some((location, name.to_owned()))
}

/// Present and not blank (AWS's rule for required parameters).
fn present(
    location: Location,
    name: &str,
    request: &RestRequest<'_>,
    path_parameters: &[(String, String)],
) -> bool {
    let not_blank = |v: &str| !v.trim().is_empty();
    match location {
        Location::Header => request
            .headers
            .get_all(name)
            .iter()
            .any(|v| v.to_str().is_ok_and(not_blank)),
        Location::Query => form_urlencoded::parse(request.raw_query.as_bytes())
            .any(|(n, v)| n == name && not_blank(&v)),
        Location::Path => path_parameters
            .iter()
            .any(|(n, v)| n == name && not_blank(v)),
    }
}

/// The model's schema; the built-in `Empty` and `Error` models when the API defines none
/// of that name.
fn schema(models: &[Model], name: &str) -> Option<Value> {
    if let Some(model) = models.iter().find(|m| m.name == name) {
        return model.schema.clone().or_else(|| Some(json!({})));
    }
    match name {
        "Empty" => Some(json!({"type": "object"})),
        "Error" => Some(json!({"type": "object", "properties": {"message": {"type": "string"}}})),
        _ => None,
    }
}

/// A media type without parameters, lower-cased.
fn essence(value: Option<&HeaderValue>) -> Option<String> {
    let text = value?.to_str().ok()?;
    let essence = text.split(';').next()?.trim().to_ascii_lowercase();
    (!essence.is_empty()).then_some(essence)
}

#[cfg(test)]
mod tests;
