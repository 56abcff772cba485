//! The Swagger 2.0 (or OpenAPI 3) body of a REST API, edited as the translator's
//! `SwaggerEditor` edits it: paths and methods (also inside `Fn::If` path items), the
//! `aws_proxy` integration, request models, validators and parameters, binary media types
//! and models.

use serde_json::{Map, Value, json};

use crate::error::Cause;
use crate::intrinsics;
pub(crate) use crate::python::is_truthy;

/// API Gateway's extension for an integration.
pub(crate) const INTEGRATION: &str = "x-amazon-apigateway-integration";
/// API Gateway's wildcard method (`ANY`).
pub(crate) const ANY_METHOD: &str = "x-amazon-apigateway-any-method";

/// The body SAM starts from: `swagger: "2.0"`, the stack name as title, no paths.
pub(crate) fn skeleton() -> Value {
    json!({
        "swagger": "2.0",
        "info": {"version": "1.0", "title": intrinsics::reference("AWS::StackName")},
        "paths": {}
    })
}

/// Whether `body` matches `\A3(\.\d)(\.\d)?$` (an OpenAPI 3 version the translator knows).
pub(crate) fn is_openapi3_version(version: &Value) -> bool {
    let text = python_str(version);
    let mut parts = text.split('.');
    parts.next() == Some("3")
        && text.len() >= 3
        && parts.clone().count() <= 2
        && parts.all(|part| part.len() == 1 && part.chars().all(|c| c.is_ascii_digit()))
        && !text.ends_with('\n')
}

/// Whether `version` matches `\A[2-3](\.\d)(\.\d)?$` (an `OpenApiVersion` SAM accepts).
pub(crate) fn is_supported_openapi_version(version: &Value) -> bool {
    let text = python_str(version);
    let mut parts = text.split('.');
    matches!(parts.next(), Some("2" | "3"))
        && text.len() >= 3
        && parts.clone().count() <= 2
        && parts.all(|part| part.len() == 1 && part.chars().all(|c| c.is_ascii_digit()))
}

/// Python's `str()` of a scalar, as the translator matches versions against it.
fn python_str(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => {
            if number.is_f64() {
                number
                    .as_f64()
                    .map_or_else(String::new, |float| format!("{float:?}"))
            } else {
                number.to_string()
            }
        }
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        other => other.to_string(),
    }
}

/// Whether `body` is a definition SAM can edit: a mapping with mapping `paths` and a
/// `swagger` value, or an OpenAPI 3 `openapi` value.
pub(crate) fn is_valid(body: &Value) -> bool {
    let Some(map) = body.as_object() else {
        return false;
    };
    if map.is_empty() || !map.get("paths").is_some_and(Value::is_object) {
        return false;
    }
    if map.get("swagger").is_some_and(is_truthy) {
        return true;
    }
    map.get("openapi")
        .filter(|version| is_truthy(version))
        .is_some_and(is_openapi3_version)
}

/// A method as the body spells it: lower case, `ANY` as API Gateway's wildcard.
pub(crate) fn normalize_method(method: &str) -> String {
    let lower = method.to_lowercase();
    if lower == "any" {
        ANY_METHOD.to_owned()
    } else {
        lower
    }
}

/// The item itself, or the branches of its `Fn::If` without `AWS::NoValue` ones.
pub(crate) fn conditional_contents(item: &Value) -> Result<Vec<&Value>, Cause> {
    intrinsics::conditional_contents(item, Cause::document)
}

/// [`conditional_contents`], to change.
pub(crate) fn conditional_contents_mut(item: &mut Value) -> Result<Vec<&mut Value>, Cause> {
    intrinsics::conditional_contents_mut(item, Cause::document)
}

fn path_item_error(path: &str) -> Cause {
    Cause::document(format!(
        "Value of '{path}' path must be a dictionary according to Swagger spec."
    ))
}

fn method_error(path: &str, method: &str) -> Cause {
    Cause::document(format!(
        "Definition of method '{method}' for path '{path}' should be a map."
    ))
}

/// The `paths` mapping of `body`.
pub(crate) fn paths(body: &Value) -> Option<&Map<String, Value>> {
    body.get("paths").and_then(Value::as_object)
}

/// The `paths` mapping of `body`, to change (made a mapping when it is not one).
pub(crate) fn paths_mut(body: &mut Value) -> &mut Map<String, Value> {
    if !body.is_object() {
        *body = json!({});
    }
    let Value::Object(map) = body else {
        unreachable!("the body was just made a mapping")
    };
    let paths = map.entry("paths").or_insert_with(|| json!({}));
    if !paths.is_object() {
        *paths = json!({});
    }
    match paths {
        Value::Object(paths) => paths,
        _ => unreachable!("paths was just made a mapping"),
    }
}

/// Checks every path item (and each `Fn::If` branch of one) is a mapping, as the editor
/// does when it opens a body.
pub(crate) fn check_path_items(body: &Value) -> Result<(), Cause> {
    for (path, item) in paths(body).into_iter().flatten() {
        for path_item in conditional_contents(item)? {
            if !path_item.is_object() {
                return Err(path_item_error(path));
            }
        }
    }
    Ok(())
}

/// Whether `path` has `method` in every branch of its path item.
fn has_path(body: &Value, path: &str, method: &str) -> Result<bool, Cause> {
    let Some(item) = paths(body).and_then(|paths| paths.get(path)) else {
        return Ok(false);
    };
    for path_item in conditional_contents(item)? {
        if !path_item
            .as_object()
            .is_some_and(|map| map.contains_key(method))
        {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether every branch of `path`'s `method` already has an integration.
pub(crate) fn has_integration(body: &Value, path: &str, method: &str) -> Result<bool, Cause> {
    let method = normalize_method(method);
    if !has_path(body, path, &method)? {
        return Ok(false);
    }
    let Some(item) = paths(body).and_then(|paths| paths.get(path)) else {
        return Ok(false);
    };
    for path_item in conditional_contents(item)? {
        let Some(definition) = path_item.get(&method).filter(|d| d.is_object()) else {
            return Ok(false);
        };
        let mut any = false;
        for branch in conditional_contents(definition)? {
            if !branch.is_object() {
                return Err(method_error(path, &method));
            }
            any |= branch.get(INTEGRATION).is_some_and(is_truthy);
        }
        if !any {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Adds `path` and `method` (normalised) when absent, in every branch of the path item.
pub(crate) fn add_path(body: &mut Value, path: &str, method: &str) -> Result<(), Cause> {
    let method = normalize_method(method);
    let item = paths_mut(body)
        .entry(path.to_owned())
        .or_insert_with(|| json!({}));
    if !item.is_object() {
        return Err(path_item_error(path));
    }
    for path_item in conditional_contents_mut(item)? {
        if let Value::Object(map) = path_item {
            map.entry(method.clone()).or_insert_with(|| json!({}));
        }
    }
    Ok(())
}

/// The definitions of `method` at `path` (each branch of `Fn::If`s) that have an
/// integration, to change.
pub(crate) fn method_definitions_mut<'b>(
    body: &'b mut Value,
    path: &str,
    method: &str,
) -> Result<Vec<&'b mut Map<String, Value>>, Cause> {
    let method = normalize_method(method);
    let mut definitions = Vec::new();
    let Some(item) = paths_mut(body).get_mut(path) else {
        return Ok(definitions);
    };
    for path_item in conditional_contents_mut(item)? {
        let Value::Object(path_map) = path_item else {
            return Err(path_item_error(path));
        };
        let Some(definition) = path_map.get_mut(&method) else {
            continue;
        };
        for branch in conditional_contents_mut(definition)? {
            let Value::Object(branch) = branch else {
                return Err(method_error(path, &method));
            };
            if branch.get(INTEGRATION).is_some_and(is_truthy) {
                definitions.push(branch);
            }
        }
    }
    Ok(definitions)
}

/// Wraps the whole path item of `path` in `Fn::If [condition, item, NoValue]`.
pub(crate) fn make_path_conditional(body: &mut Value, path: &str, condition: &str) {
    if let Some(item) = paths_mut(body).get_mut(path) {
        let inner = std::mem::take(item);
        *item = intrinsics::fn_if(condition, inner, intrinsics::no_value());
    }
}

/// What the integration of a Lambda proxy method is: `aws_proxy`, POST, the function's
/// invocation URI (wrapped in the function's condition when it has one).
pub(crate) struct LambdaIntegration<'v> {
    /// The integration `uri`.
    pub(crate) uri: Value,
    /// The function's `Condition`.
    pub(crate) condition: Option<&'v str>,
    /// The integration `credentials`, when IAM auth asks for them.
    pub(crate) credentials: Option<Value>,
    /// `responseTransferMode: STREAM` for `ResponseTransferMode: RESPONSE_STREAM`.
    pub(crate) stream: bool,
}

/// Adds the `aws_proxy` integration at `path`/`method`; an existing one is an error.
pub(crate) fn add_lambda_integration(
    body: &mut Value,
    path: &str,
    method: &str,
    integration: &LambdaIntegration<'_>,
) -> Result<(), Cause> {
    let method = normalize_method(method);
    if has_integration(body, path, &method)? {
        return Err(Cause::document(format!(
            "Lambda integration already exists on Path={path}, Method={method}"
        )));
    }
    add_path(body, path, &method)?;
    let uri = match integration.condition {
        Some(condition) => {
            intrinsics::fn_if(condition, integration.uri.clone(), intrinsics::no_value())
        }
        None => integration.uri.clone(),
    };
    let Some(item) = paths_mut(body).get_mut(path) else {
        return Ok(());
    };
    for path_item in conditional_contents_mut(item)? {
        let Value::Object(path_map) = path_item else {
            return Err(path_item_error(path));
        };
        let definition = path_map.entry(method.clone()).or_insert_with(|| json!({}));
        if !definition.is_object() {
            return Err(method_error(path, &method));
        }
        let mut extension = Map::new();
        extension.insert("type".into(), json!("aws_proxy"));
        extension.insert("httpMethod".into(), json!("POST"));
        extension.insert("uri".into(), uri.clone());
        if integration.stream {
            extension.insert("responseTransferMode".into(), json!("STREAM"));
        }
        if let Some(credentials) = &integration.credentials {
            extension.insert("credentials".into(), credentials.clone());
        }
        if let Value::Object(map) = definition {
            map.insert(INTEGRATION.into(), Value::Object(extension));
            map.entry("responses").or_insert_with(|| json!({}));
        }
        if let Some(condition) = integration.condition {
            let inner = std::mem::take(definition);
            *definition = intrinsics::fn_if(condition, inner, intrinsics::no_value());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn integration(condition: Option<&str>) -> LambdaIntegration<'_> {
        LambdaIntegration {
            uri: json!({"Fn::Sub": "uri"}),
            condition,
            credentials: None,
            stream: false,
        }
    }

    #[test]
    fn a_method_gets_one_integration_only() {
        let mut body = skeleton();
        add_lambda_integration(&mut body, "/a", "GET", &integration(None)).unwrap();
        assert_eq!(body["paths"]["/a"]["get"][INTEGRATION]["type"], "aws_proxy");
        assert_eq!(body["paths"]["/a"]["get"]["responses"], json!({}));
        let error = add_lambda_integration(&mut body, "/a", "get", &integration(None)).unwrap_err();
        assert!(
            error
                .message
                .ends_with("Lambda integration already exists on Path=/a, Method=get")
        );
    }

    #[test]
    fn a_conditional_function_s_method_is_wrapped_in_its_condition() {
        let mut body = skeleton();
        add_lambda_integration(&mut body, "/a", "ANY", &integration(Some("C"))).unwrap();
        let method = &body["paths"]["/a"][ANY_METHOD];
        assert_eq!(method["Fn::If"][0], "C");
        assert_eq!(method["Fn::If"][1][INTEGRATION]["uri"]["Fn::If"][0], "C");
        assert!(has_integration(&body, "/a", "any").unwrap());
    }

    #[test]
    fn conditional_path_items_get_the_method_in_every_branch() {
        let mut body = json!({"swagger": "2.0", "paths": {"/a": {"Fn::If": ["C", {"get": {}}, {"Ref": "AWS::NoValue"}]}}});
        add_path(&mut body, "/a", "post").unwrap();
        assert_eq!(
            body["paths"]["/a"]["Fn::If"][1],
            json!({"get": {}, "post": {}})
        );
        assert_eq!(
            body["paths"]["/a"]["Fn::If"][2],
            json!({"Ref": "AWS::NoValue"})
        );
        let mut bad = json!({"swagger": "2.0", "paths": {"/a": []}});
        assert!(add_path(&mut bad, "/a", "get").is_err());
    }

    #[test]
    fn versions_follow_the_translator_s_patterns() {
        assert!(is_openapi3_version(&json!("3.0")));
        assert!(is_openapi3_version(&json!("3.0.1")));
        assert!(!is_openapi3_version(&json!("3.0.10")));
        assert!(!is_openapi3_version(&json!("2.0")));
        assert!(is_supported_openapi_version(&json!("2.0")));
        assert!(!is_supported_openapi_version(&json!("3")));
        assert!(is_valid(&json!({"openapi": "3.0.1", "paths": {}})));
        assert!(!is_valid(&json!({"openapi": "2.0", "paths": {}})));
        assert!(!is_valid(&json!({"swagger": "2.0"})));
    }
}
