//! An `Api` event's `RequestModel` and `RequestParameters`: the body parameter (or
//! OpenAPI 3 `requestBody`) naming one of the API's `Models`, the request validator, and
//! the method's parameters and cache keys.

use serde_json::{Map, Value, json};

use super::swagger;
use crate::intrinsics;

/// Where an event writes: its path and method, and how errors name it.
pub(crate) struct Method<'e> {
    /// The event's `Path`.
    pub(crate) path: &'e str,
    /// The event's `Method`, lower case.
    pub(crate) method: &'e str,
}

/// Adds `RequestModel` to the method, checked against the API's `Models`; an error is
/// the message after `Event with id [E] is invalid.`.
pub(crate) fn add_request_model(
    body: &mut Value,
    at: &Method<'_>,
    request_model: &Value,
    api_models: Option<&Value>,
) -> Result<(), String> {
    let Some(model_map) = request_model.as_object() else {
        return Err("Property 'RequestModel' should be a map.".to_owned());
    };
    let Some(model) = model_map.get("Model").filter(|m| swagger::is_truthy(m)) else {
        return Ok(());
    };
    let shown = python_repr(model);
    let prefix = format!(
        "Unable to set RequestModel [{shown}] on API method [{}] for path [{}] because",
        at.method, at.path
    );
    let api_models = api_models.filter(|models| swagger::is_truthy(models));
    let Some(api_models) = api_models else {
        return Err(format!(
            "{prefix} the related API does not define any Models."
        ));
    };
    if !intrinsics::is_intrinsic(api_models) && !api_models.is_object() {
        return Err(format!(
            "{prefix} the related API Models defined is of invalid type."
        ));
    }
    let Some(model_name) = model.as_str() else {
        return Err(format!(
            "{prefix} the related API does not contain valid Models."
        ));
    };
    if !api_models.get(model_name).is_some_and(swagger::is_truthy) {
        return Err(format!("{prefix} it wasn't defined in the API's Models."));
    }
    write_request_model(body, at, model_name, model_map.get("Required"))?;
    let validate_body = model_map.get("ValidateBody");
    let validate_parameters = model_map.get("ValidateParameters");
    if validate_body.is_none() && validate_parameters.is_none() {
        return Ok(());
    }
    let flag = |value: Option<&Value>| match value {
        None => Some(false),
        Some(Value::Bool(flag)) => Some(*flag),
        Some(_) => None,
    };
    let (Some(validate_body), Some(validate_parameters)) =
        (flag(validate_body), flag(validate_parameters))
    else {
        return Err(format!(
            "Unable to set Validator to RequestModel [{model_name}] on API method [{}] for path [{}] \
             ValidateBody and ValidateParameters must be a boolean type, strings or intrinsics are not supported.",
            at.method, at.path
        ));
    };
    add_request_validator(body, at, validate_body, validate_parameters)
}

/// The body parameter (Swagger) or `requestBody` (OpenAPI 3) referring to the model,
/// whose name is lower-cased as the translator writes `definitions`.
fn write_request_model(
    body: &mut Value,
    at: &Method<'_>,
    model_name: &str,
    required: Option<&Value>,
) -> Result<(), String> {
    let model_name = model_name.to_lowercase();
    let is_swagger = body.get("swagger").is_some_and(|v| !v.is_null());
    let is_openapi3 = body
        .get("openapi")
        .is_some_and(|v| swagger::is_truthy(v) && swagger::is_openapi3_version(v));
    for definition in
        swagger::method_definitions_mut(body, at.path, at.method).map_err(|cause| cause.message)?
    {
        if is_swagger {
            let mut parameter = Map::new();
            parameter.insert("in".into(), json!("body"));
            parameter.insert("name".into(), json!(model_name));
            parameter.insert(
                "schema".into(),
                json!({"$ref": format!("#/definitions/{model_name}")}),
            );
            if let Some(required) = required {
                parameter.insert("required".into(), required.clone());
            }
            push_parameter(definition, Value::Object(parameter));
        } else if is_openapi3 {
            let mut request_body = json!({"content": {"application/json": {"schema": {
                "$ref": format!("#/components/schemas/{model_name}")}}}});
            if let (Some(required), Value::Object(map)) = (required, &mut request_body) {
                map.insert("required".into(), required.clone());
            }
            definition.insert("requestBody".into(), request_body);
        }
    }
    Ok(())
}

/// Declares the validator (`body-only`, `params-only`, `body-and-params`,
/// `no-validation`) on the body and names it on the method.
fn add_request_validator(
    body: &mut Value,
    at: &Method<'_>,
    validate_body: bool,
    validate_parameters: bool,
) -> Result<(), String> {
    let name = match (validate_body, validate_parameters) {
        (true, true) => "body-and-params",
        (true, false) => "body-only",
        (false, true) => "params-only",
        (false, false) => "no-validation",
    };
    if let Value::Object(document) = body {
        let validators = document
            .entry("x-amazon-apigateway-request-validators")
            .or_insert_with(|| json!({}));
        if !swagger::is_truthy(validators) || !validators.is_object() {
            *validators = json!({});
        }
        if let Value::Object(validators) = validators
            && !validators.get(name).is_some_and(swagger::is_truthy)
        {
            validators.insert(
                name.to_owned(),
                json!({"validateRequestBody": validate_body,
                           "validateRequestParameters": validate_parameters}),
            );
        }
    }
    for definition in
        swagger::method_definitions_mut(body, at.path, at.method).map_err(|cause| cause.message)?
    {
        definition.insert("x-amazon-apigateway-request-validator".into(), json!(name));
    }
    Ok(())
}

/// One entry of `RequestParameters`, normalised.
struct RequestParameter {
    name: String,
    required: Value,
    caching: Value,
}

const KEY_FORMAT: &str = "Invalid value for 'RequestParameters' property. Keys must be in the format \
     'method.request.[querystring|path|header].{value}', e.g 'method.request.header.Authorization'.";

fn has_valid_prefix(name: &str) -> bool {
    ["querystring", "path", "header"].iter().any(|location| {
        name.strip_prefix("method.request.")
            .and_then(|rest| rest.strip_prefix(location))
            .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// Adds `RequestParameters` to the method: each a string or `{name: {Required,
/// Caching}}`; cached ones become the integration's `cacheKeyParameters`.
pub(crate) fn add_request_parameters(
    body: &mut Value,
    at: &Method<'_>,
    parameters: &Value,
) -> Result<(), String> {
    let mut normalised = Vec::new();
    for parameter in parameters.as_array().into_iter().flatten() {
        let (name, settings) = match parameter {
            Value::Object(map) => match map.iter().next() {
                Some((name, settings)) => (name.clone(), Some(settings)),
                None => return Err("Invalid value for 'RequestParameters' property. Property must be either a string or an object".to_owned()),
            },
            Value::String(name) => (name.clone(), None),
            _ => {
                return Err("Invalid value for 'RequestParameters' property. Property must be either a string or an object".to_owned());
            }
        };
        if !has_valid_prefix(&name) {
            return Err(KEY_FORMAT.to_owned());
        }
        let mut required = json!(false);
        let mut caching = json!(false);
        if let Some(settings) = settings {
            let Some(map) = settings
                .as_object()
                .filter(|map| map.keys().all(|key| key == "Required" || key == "Caching"))
            else {
                return Err(
                    "Invalid value for 'RequestParameters' property. Values must be an object, \
                     e.g { Required: true, Caching: false }"
                        .to_owned(),
                );
            };
            if let Some(value) = map.get("Required") {
                required = value.clone();
            }
            if let Some(value) = map.get("Caching") {
                caching = value.clone();
            }
        }
        normalised.push(RequestParameter {
            name,
            required,
            caching,
        });
    }
    for definition in
        swagger::method_definitions_mut(body, at.path, at.method).map_err(|cause| cause.message)?
    {
        for parameter in &normalised {
            let location_name = parameter.name.replace("method.request.", "");
            let (location, name) = location_name
                .split_once('.')
                .unwrap_or((&location_name, ""));
            let location = if location == "querystring" {
                "query"
            } else {
                location
            };
            push_parameter(
                definition,
                json!({"in": location, "name": name, "required": parameter.required, "type": "string"}),
            );
            if swagger::is_truthy(&parameter.caching)
                && let Some(Value::Object(integration)) = definition.get_mut(swagger::INTEGRATION)
            {
                let keys = integration
                    .entry("cacheKeyParameters")
                    .or_insert_with(|| json!([]));
                if let Value::Array(keys) = keys {
                    keys.push(json!(parameter.name));
                }
            }
        }
        definition.entry("parameters").or_insert_with(|| json!([]));
    }
    Ok(())
}

fn push_parameter(definition: &mut Map<String, Value>, parameter: Value) {
    let parameters = definition.entry("parameters").or_insert_with(|| json!([]));
    if !parameters.is_array() {
        *parameters = json!([]);
    }
    if let Value::Array(parameters) = parameters {
        parameters.push(parameter);
    }
}

/// How Python prints a value in an f-string (`{'Ref': 'M'}` for a mapping).
fn python_repr(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        Value::Number(number) => number.to_string(),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(quoted_repr).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(key, item)| format!("'{key}': {}", quoted_repr(item)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn quoted_repr(value: &Value) -> String {
    match value {
        Value::String(text) => format!("'{text}'"),
        other => python_repr(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_keys_need_a_known_location() {
        assert!(has_valid_prefix("method.request.header.Authorization"));
        assert!(has_valid_prefix("method.request.querystring.type"));
        assert!(!has_valid_prefix("method.request.body.x"));
        assert!(!has_valid_prefix("method.request.headerX"));
    }

    #[test]
    fn cached_parameters_become_cache_keys() {
        let mut body = swagger::skeleton();
        swagger::add_path(&mut body, "/a", "get").unwrap();
        body["paths"]["/a"]["get"] = json!({swagger::INTEGRATION: {"type": "aws_proxy"}});
        let at = Method {
            path: "/a",
            method: "get",
        };
        let parameters =
            json!([{"method.request.querystring.q": {"Caching": true}}, "method.request.header.H"]);
        add_request_parameters(&mut body, &at, &parameters).unwrap();
        assert_eq!(
            body["paths"]["/a"]["get"]["parameters"],
            json!([{"in": "query", "name": "q", "required": false, "type": "string"},
                   {"in": "header", "name": "H", "required": false, "type": "string"}])
        );
        assert_eq!(
            body["paths"]["/a"]["get"][swagger::INTEGRATION]["cacheKeyParameters"],
            json!(["method.request.querystring.q"])
        );
    }
}
