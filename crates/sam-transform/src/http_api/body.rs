//! What an HttpApi's properties write into its inline OpenAPI body: CORS, tags, the
//! execute-api endpoint switch, title, description, and the `/$default` spelling
//! `FailOnWarnings` needs.

use serde_json::{Map, Value, json};

use super::auth::is_truthy;
use super::openapi::{self, DEFAULT_PATH, OpenApi};
use crate::error::Cause;

/// The tag SAM puts on every HTTP API it makes.
const CREATED_BY_TAG: &str = "httpapi:createdBy";

/// The keys of `CorsConfiguration` and their OpenAPI names.
const CORS_KEYS: [(&str, &str); 6] = [
    ("AllowOrigins", "allowOrigins"),
    ("AllowHeaders", "allowHeaders"),
    ("AllowMethods", "allowMethods"),
    ("ExposeHeaders", "exposeHeaders"),
    ("MaxAge", "maxAge"),
    ("AllowCredentials", "allowCredentials"),
];

const CORS_EXTENSION: &str = "x-amazon-apigateway-cors";

fn inline_only(logical_id: &str, what: &str) -> Cause {
    Cause::resource(
        logical_id,
        format!(
            "{what} works only with inline OpenApi specified in the 'DefinitionBody' property."
        ),
    )
}

/// `CorsConfiguration` as `x-amazon-apigateway-cors` (merged over the body's own).
pub(super) fn add_cors(
    logical_id: &str,
    body: Option<&mut Value>,
    cors: &Value,
) -> Result<(), Cause> {
    let Some(body) = body else {
        return Err(Cause::resource(
            logical_id,
            "Cors works only with inline OpenApi specified in 'DefinitionBody' property.",
        ));
    };
    let mut settings = Map::new();
    match cors {
        Value::Bool(_) => {
            settings.insert("AllowOrigins".to_owned(), json!(["*"]));
        }
        value if crate::intrinsics::is_intrinsic(value) => {
            settings.insert("AllowOrigins".to_owned(), value.clone());
        }
        Value::Object(map) => {
            for key in map.keys() {
                if !CORS_KEYS.iter().any(|(name, _)| name == key) {
                    return Err(Cause::resource(
                        logical_id,
                        format!("Invalid key '{key}' for 'Cors' property."),
                    ));
                }
            }
            settings = map.clone();
        }
        _ => {
            return Err(Cause::resource(
                logical_id,
                "Invalid value for 'Cors' property.",
            ));
        }
    }
    if !openapi::is_valid(body) {
        return Err(Cause::resource(
            logical_id,
            "Unable to add Cors configuration because 'DefinitionBody' does not contain a valid OpenApi definition.",
        ));
    }
    if settings.get("AllowCredentials") == Some(&Value::Bool(true))
        && settings.get("AllowOrigins") == Some(&json!(["*"]))
    {
        return Err(Cause::resource(
            logical_id,
            "Unable to add Cors configuration because 'AllowCredentials' can not be true when 'AllowOrigin' is \"'*'\" or not set.",
        ));
    }
    let mut editor = OpenApi::new(body)?;
    let document = editor.document();
    let mut configuration = match document.get(CORS_EXTENSION) {
        None => Map::new(),
        Some(Value::Object(existing)) => existing.clone(),
        Some(_) => {
            return Err(Cause::structure(format!(
                "Value of '{CORS_EXTENSION}' must be a dictionary according to Swagger spec."
            )));
        }
    };
    let origins = settings.get("AllowOrigins").filter(|o| is_truthy(o));
    if let Some(origins) = origins.filter(|o| crate::intrinsics::is_intrinsic(o)) {
        // The translator renames the keys in the intrinsic's JSON text.
        let mut text = serde_json::to_string(origins).unwrap_or_default();
        for (name, openapi_name) in CORS_KEYS {
            text = text.replace(name, openapi_name);
        }
        if let Ok(Value::Object(renamed)) = serde_json::from_str::<Value>(&text) {
            configuration.extend(renamed);
        }
    } else {
        for (name, openapi_name) in CORS_KEYS {
            let Some(value) = settings.get(name) else {
                continue;
            };
            let applies = match name {
                "MaxAge" => !value.is_null(),
                "AllowCredentials" => value == &Value::Bool(true),
                _ => is_truthy(value),
            };
            if applies {
                configuration.insert(openapi_name.to_owned(), value.clone());
            }
        }
    }
    document.insert(CORS_EXTENSION.to_owned(), Value::Object(configuration));
    Ok(())
}

/// `Tags` (and SAM's own `httpapi:createdBy: SAM`) as the body's `tags`; returns the
/// tags the stage gets.
pub(super) fn add_tags(
    logical_id: &str,
    body: Option<&mut Value>,
    tags: Option<Value>,
) -> Result<Option<Value>, Cause> {
    let given = tags.clone().filter(is_truthy);
    let Some(body) = body else {
        if given.is_some() {
            return Err(inline_only(logical_id, "Tags"));
        }
        return Ok(tags);
    };
    if !openapi::is_valid(body) {
        if given.is_some() {
            return Err(Cause::resource(
                logical_id,
                "Unable to add `Tags` because 'DefinitionBody' does not contain a valid OpenApi definition.",
            ));
        }
        return Ok(tags);
    }
    let mut all = match given {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    all.insert(CREATED_BY_TAG.to_owned(), json!("SAM"));
    let mut editor = OpenApi::new(body)?;
    let document = editor.document();
    let mut list = match document.get("tags").filter(|t| is_truthy(t)) {
        None => Vec::new(),
        Some(Value::Array(list)) => list.clone(),
        Some(other) => {
            return Err(Cause::structure(format!(
                "Tags in OpenApi DefinitionBody needs to be a list. {} is a {} not a list.",
                super::auth::python_repr(other),
                python_type(other)
            )));
        }
    };
    for (name, value) in &all {
        let existing = list
            .iter_mut()
            .find(|tag| tag.get("name").and_then(Value::as_str) == Some(name.as_str()));
        match existing {
            Some(Value::Object(tag)) => {
                tag.insert("x-amazon-apigateway-tag-value".to_owned(), value.clone());
            }
            _ => list.push(json!({"name": name, "x-amazon-apigateway-tag-value": value})),
        }
    }
    document.insert("tags".to_owned(), Value::Array(list));
    Ok(Some(Value::Object(all)))
}

fn python_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// `DisableExecuteApiEndpoint` in every server's endpoint configuration.
pub(super) fn add_endpoint_configuration(
    logical_id: &str,
    body: Option<&mut Value>,
    disable: Value,
) -> Result<(), Cause> {
    let Some(body) = body else {
        return Err(Cause::resource(
            logical_id,
            "DisableExecuteApiEndpoint works only within 'DefinitionBody' property.",
        ));
    };
    let mut editor = OpenApi::new(body)?;
    let document = editor.document();
    let mut servers = match document.get("servers") {
        Some(Value::Array(servers)) => servers.clone(),
        _ => vec![json!({})],
    };
    for server in &mut servers {
        let Value::Object(server) = server else {
            return Err(Cause::structure(
                "Value of 'servers' item must be a dictionary according to Swagger spec.",
            ));
        };
        let configuration = server
            .entry("x-amazon-apigateway-endpoint-configuration")
            .or_insert_with(|| json!({}));
        if let Value::Object(configuration) = configuration {
            configuration.insert("disableExecuteApiEndpoint".to_owned(), disable.clone());
        }
    }
    document.insert("servers".to_owned(), Value::Array(servers));
    Ok(())
}

/// `Name` as `info.title`, unless the body has its own title.
pub(super) fn add_title(
    logical_id: &str,
    body: Option<&mut Value>,
    name: Value,
) -> Result<(), Cause> {
    let Some(body) = body else {
        return Err(inline_only(logical_id, "Name"));
    };
    let title = body.get("info").and_then(|info| info.get("title"));
    if title != Some(&json!({"Ref": "AWS::StackName"})) {
        return Err(Cause::resource(
            logical_id,
            "Unable to set Name because it is already defined within inline OpenAPI specified in the 'DefinitionBody' property.",
        ));
    }
    set_info(body, "title", name)
}

/// `Description` as `info.description`; a body with its own description is an error.
pub(super) fn add_description(
    logical_id: &str,
    body: Option<&mut Value>,
    description: Value,
) -> Result<(), Cause> {
    let Some(body) = body else {
        return Err(inline_only(logical_id, "Description"));
    };
    let existing = body.get("info").and_then(|info| info.get("description"));
    if existing.is_some_and(is_truthy) {
        return Err(Cause::resource(
            logical_id,
            "Unable to set Description because it is already defined within inline OpenAPI specified in the 'DefinitionBody' property.",
        ));
    }
    set_info(body, "description", description)
}

fn set_info(body: &mut Value, field: &str, value: Value) -> Result<(), Cause> {
    let mut editor = OpenApi::new(body)?;
    let info = editor.document().entry("info").or_insert_with(|| json!({}));
    if !info.is_object() {
        *info = json!({});
    }
    if let Value::Object(info) = info {
        info.insert(field.to_owned(), value);
    }
    Ok(())
}

/// `$default` renamed `/$default`: API Gateway warns on a path without `/`, and with
/// `FailOnWarnings` a warning fails the import.
pub(super) fn rename_default_path(body: Option<&mut Value>) {
    let Some(Value::Object(paths)) = body.and_then(|body| body.get_mut("paths")) else {
        return;
    };
    if let Some(item) = paths.shift_remove(DEFAULT_PATH) {
        paths.insert(format!("/{DEFAULT_PATH}"), item);
    }
}
