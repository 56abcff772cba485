//! Walking a Swagger body as the translator's Swagger editor does: paths and methods,
//! including those inside `Fn::If`, with the editor's checks and error texts. Shared by
//! `Auth`, resource policies and gateway responses.

use serde_json::{Map, Value};

use crate::error::Cause;
pub(crate) use crate::python::is_truthy as truthy;

/// Path-item keys that are not methods.
const NOT_METHODS: [&str; 3] = ["summary", "description", "parameters"];

/// API Gateway's name for the `ANY` method in a Swagger body.
pub(crate) const ANY_METHOD: &str = "x-amazon-apigateway-any-method";

/// Whether `body` is a Swagger 2 or OpenAPI 3 document the editor accepts: a mapping
/// with mapping `paths` and a `swagger` version, or an `openapi` version `3.x(.y)`.
pub(crate) fn is_valid(body: &Value) -> bool {
    let Some(paths) = body.get("paths") else {
        return false;
    };
    if !paths.is_object() {
        return false;
    }
    if body.get("swagger").is_some_and(truthy) {
        return true;
    }
    match body.get("openapi").filter(|version| truthy(version)) {
        Some(version) => is_openapi_3(version),
        None => false,
    }
}

/// Whether an `openapi` version reads as `3.x` or `3.x.y`.
pub(crate) fn is_openapi_3(version: &Value) -> bool {
    let text = match version {
        Value::String(text) => text.clone(),
        Value::Number(number) => crate::ids::python_json(&Value::Number(number.clone())),
        _ => return false,
    };
    let mut parts = text.split('.');
    let major = parts.next();
    let rest: Vec<&str> = parts.collect();
    major == Some("3")
        && (1..=2).contains(&rest.len())
        && rest
            .iter()
            .all(|part| part.len() == 1 && part.bytes().all(|byte| byte.is_ascii_digit()))
}

/// The error the editor raises for a malformed document, which ends the transform.
pub(crate) fn document_error(message: impl std::fmt::Display) -> Cause {
    Cause::document(message)
}

/// The editor's check when it opens a body: every path item (each branch of an `Fn::If`)
/// is a mapping.
pub(crate) fn check_path_items(body: &mut Value) -> Result<(), Cause> {
    for path in path_names(body) {
        let Some(item) = paths_mut(body)?.get_mut(&path) else {
            continue;
        };
        for path_item in conditional_contents(item)? {
            if !path_item.is_object() {
                return Err(path_item_error(&path));
            }
        }
    }
    Ok(())
}

/// The body's path names, in order.
pub(crate) fn path_names(body: &Value) -> Vec<String> {
    body.get("paths")
        .and_then(Value::as_object)
        .map(|paths| paths.keys().cloned().collect())
        .unwrap_or_default()
}

/// The body's `paths` mapping.
pub(crate) fn paths_mut(body: &mut Value) -> Result<&mut Map<String, Value>, Cause> {
    body.get_mut("paths")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| {
            document_error(
                "Invalid Swagger document or the Swagger document is not explicitly defined in 'DefinitionBody'.",
            )
        })
}

/// The contents of `item`: both branches of an `Fn::If` (without `AWS::NoValue`), or
/// the item itself.
pub(crate) fn conditional_contents(item: &mut Value) -> Result<Vec<&mut Value>, Cause> {
    crate::intrinsics::conditional_contents_mut(item, Cause::document)
}

/// The method name as the body spells it: lower case, `any` as API Gateway's any-method.
pub(crate) fn normalize_method(method: &str) -> String {
    let lower = method.to_lowercase();
    if lower == "any" {
        ANY_METHOD.to_owned()
    } else {
        lower
    }
}

/// Calls `visit` with each method definition of `path` that has an API Gateway
/// integration (and its normalised method name), in every `Fn::If` branch.
pub(crate) fn for_each_method(
    body: &mut Value,
    path: &str,
    mut visit: impl FnMut(&str, &mut Map<String, Value>) -> Result<(), Cause>,
) -> Result<(), Cause> {
    let Some(item) = paths_mut(body)?.get_mut(path) else {
        return Ok(());
    };
    for path_item in conditional_contents(item)? {
        let Value::Object(path_item) = path_item else {
            return Err(path_item_error(path));
        };
        for (method_name, method) in path_item.iter_mut() {
            if NOT_METHODS.contains(&method_name.as_str()) {
                continue;
            }
            for definition in conditional_contents(method)? {
                let Value::Object(definition) = definition else {
                    return Err(method_error(method_name, path));
                };
                if !has_integration(definition) {
                    continue;
                }
                visit(&normalize_method(method_name), definition)?;
            }
        }
    }
    Ok(())
}

/// Calls `visit` with each definition of `method` at `path` that has an integration.
pub(crate) fn for_each_definition_at(
    body: &mut Value,
    path: &str,
    method: &str,
    mut visit: impl FnMut(&mut Map<String, Value>) -> Result<(), Cause>,
) -> Result<(), Cause> {
    let normalized = normalize_method(method);
    let Some(item) = paths_mut(body)?.get_mut(path) else {
        return Ok(());
    };
    for path_item in conditional_contents(item)? {
        let Value::Object(path_item) = path_item else {
            return Err(path_item_error(path));
        };
        let mut missing = Value::Null;
        let method_value = path_item.get_mut(&normalized).unwrap_or(&mut missing);
        for definition in conditional_contents(method_value)? {
            let Value::Object(definition) = definition else {
                return Err(method_error(method, path));
            };
            if has_integration(definition) {
                visit(definition)?;
            }
        }
    }
    Ok(())
}

/// The keys of `path`'s item (every branch), as written: the methods a resource policy
/// covers.
pub(crate) fn path_item_keys(body: &mut Value, path: &str) -> Result<Vec<String>, Cause> {
    let mut keys = Vec::new();
    let Some(item) = paths_mut(body)?.get_mut(path) else {
        return Err(path_item_error(path));
    };
    for path_item in conditional_contents(item)? {
        let Value::Object(path_item) = path_item else {
            return Err(path_item_error(path));
        };
        keys.extend(path_item.keys().cloned());
    }
    Ok(keys)
}

fn has_integration(definition: &Map<String, Value>) -> bool {
    definition
        .get("x-amazon-apigateway-integration")
        .is_some_and(truthy)
}

fn path_item_error(path: &str) -> Cause {
    document_error(format!(
        "Value of '{path}' path must be a dictionary according to Swagger spec."
    ))
}

fn method_error(method: &str, path: &str) -> Cause {
    document_error(format!(
        "Definition of method '{method}' for path '{path}' should be a map."
    ))
}

/// The `security` list of a method definition (empty when it has none).
pub(crate) fn security_of(
    definition: &Map<String, Value>,
    path: &str,
    method: &str,
) -> Result<Vec<Value>, Cause> {
    match definition.get("security") {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items.clone()),
        Some(_) => Err(document_error(format!(
            "Type of security for path {path} method {method} must be a list"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn openapi_versions_are_3_x_or_3_x_y() {
        assert!(is_openapi_3(&json!("3.0")));
        assert!(is_openapi_3(&json!("3.0.1")));
        assert!(!is_openapi_3(&json!("3.0.1.2")));
        assert!(!is_openapi_3(&json!("2.0")));
        assert!(!is_openapi_3(&json!("3.10")));
        assert!(is_valid(&json!({"swagger": "2.0", "paths": {}})));
        assert!(!is_valid(&json!({"swagger": "2.0", "paths": []})));
    }

    #[test]
    fn methods_inside_conditions_are_visited_and_ones_without_integration_skipped() {
        let mut body = json!({"swagger": "2.0", "paths": {"/a": {"Fn::If": ["C",
            {"get": {"x-amazon-apigateway-integration": {"type": "mock"}}, "parameters": []},
            {"Ref": "AWS::NoValue"}]},
            "/b": {"any": {"x-amazon-apigateway-integration": {"type": "mock"}}, "put": {}}}});
        let mut seen = Vec::new();
        for path in path_names(&body) {
            for_each_method(&mut body, &path, |method, _| {
                seen.push(format!("{path} {method}"));
                Ok(())
            })
            .unwrap();
        }
        assert_eq!(seen, ["/a get", "/b x-amazon-apigateway-any-method"]);
    }
}
