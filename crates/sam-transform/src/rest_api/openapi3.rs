//! `OpenApiVersion: 3.x`: the managed Swagger body in OpenAPI 3's shape
//! (`securityDefinitions` → `components.securitySchemes`, `definitions` →
//! `components.schemas`, CORS preflights without `consumes`/`produces` and with header
//! `schema`s), and `DisableExecuteApiEndpoint` in the body.

use serde_json::{Map, Value, json};

use super::swagger;
use crate::error::Cause;

/// The body in OpenAPI 3's shape when it is not Swagger and its version (the body's
/// own `openapi`, else `OpenApiVersion`) is 3.x; otherwise unchanged.
pub(crate) fn postprocess(body: &mut Value, open_api_version: Option<&Value>) -> Result<(), Cause> {
    let Value::Object(document) = body else {
        return Ok(());
    };
    if document.get("swagger").is_some_and(|v| !v.is_null()) {
        return Ok(());
    }
    let version = match (
        document.get("openapi").filter(|v| !v.is_null()),
        open_api_version,
    ) {
        (Some(own), None) => Some(own.clone()),
        (_, flag) => flag.cloned(),
    };
    if !version.is_some_and(|v| swagger::is_truthy(&v) && swagger::is_openapi3_version(&v)) {
        return Ok(());
    }
    move_into_components(document, "securityDefinitions", "securitySchemes");
    move_into_components(document, "definitions", "schemas");
    let Some(paths) = document.get_mut("paths").filter(|p| swagger::is_truthy(p)) else {
        return Ok(());
    };
    let Value::Object(paths) = paths else {
        return Err(Cause::document(
            "Value of paths must be a dictionary according to Swagger spec.",
        ));
    };
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else {
            return Err(Cause::document(format!(
                "Value of '{path}' path must be a dictionary according to Swagger spec."
            )));
        };
        let Some(options) = item.get_mut("options").filter(|o| swagger::is_truthy(o)) else {
            continue;
        };
        let Value::Object(options) = options else {
            return Err(Cause::document(format!(
                "Value of options method for path {path} must be a dictionary according to Swagger spec."
            )));
        };
        options.shift_remove("produces");
        options.shift_remove("consumes");
        let headers = options
            .get_mut("responses")
            .and_then(|responses| responses.get_mut("200"))
            .and_then(|response| response.get_mut("headers"))
            .filter(|headers| swagger::is_truthy(headers));
        match headers {
            None => {}
            Some(Value::Object(headers)) => {
                for header in headers.values_mut() {
                    let inner = std::mem::take(header);
                    *header = json!({"schema": inner});
                }
            }
            Some(_) => {
                return Err(Cause::document(format!(
                    "Value of response's headers in options method for path {path} must be a dictionary according to Swagger spec."
                )));
            }
        }
    }
    Ok(())
}

fn move_into_components(document: &mut Map<String, Value>, from: &str, to: &str) {
    if !document.get(from).is_some_and(swagger::is_truthy) {
        return;
    }
    let Some(moved) = document.shift_remove(from) else {
        return;
    };
    let components = document.entry("components").or_insert_with(|| json!({}));
    if !swagger::is_truthy(components) || !components.is_object() {
        *components = json!({});
    }
    if let Value::Object(components) = components {
        components.insert(to.to_owned(), moved);
    }
}

/// `x-amazon-apigateway-endpoint-configuration.disableExecuteApiEndpoint` at the top of a
/// Swagger body, or in every `servers` entry of an OpenAPI 3 one.
pub(crate) fn add_disable_execute_api_endpoint(
    body: &mut Value,
    disable: &Value,
) -> Result<(), Cause> {
    const EXTENSION: &str = "x-amazon-apigateway-endpoint-configuration";
    let Value::Object(document) = body else {
        return Ok(());
    };
    let is_openapi3 = document
        .get("openapi")
        .is_some_and(|v| swagger::is_truthy(v) && swagger::is_openapi3_version(v));
    let set = |target: &mut Value, context: &str| -> Result<(), Cause> {
        let Value::Object(target) = target else {
            return Err(Cause::document(format!(
                "Invalid OpenAPI definition{context}."
            )));
        };
        let extension = target.entry(EXTENSION).or_insert_with(|| json!({}));
        let Value::Object(extension) = extension else {
            return Err(Cause::document(format!(
                "Invalid OpenAPI definition{context}: The value of '{EXTENSION}' should be a map."
            )));
        };
        extension.insert("disableExecuteApiEndpoint".into(), disable.clone());
        Ok(())
    };
    if is_openapi3 {
        let servers = document.entry("servers").or_insert_with(|| json!([{}]));
        if let Value::Array(servers) = servers {
            for (index, server) in servers.iter_mut().enumerate() {
                set(server, &format!(" of 'servers[{index}]'"))?;
            }
        }
        Ok(())
    } else {
        set(body, "")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi3_moves_definitions_into_components() {
        let mut body =
            json!({"openapi": "3.0.1", "paths": {}, "definitions": {"user": {"type": "object"}}});
        postprocess(&mut body, None).unwrap();
        assert_eq!(body["components"]["schemas"]["user"]["type"], "object");
        assert!(body.get("definitions").is_none());
    }

    #[test]
    fn swagger_bodies_stay_swagger() {
        let mut body = json!({"swagger": "2.0", "paths": {}, "definitions": {"a": {}}});
        postprocess(&mut body, Some(&json!("3.0"))).unwrap();
        assert!(body.get("definitions").is_some());
    }
}
