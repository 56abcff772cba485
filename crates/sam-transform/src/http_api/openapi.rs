//! The OpenAPI 3.0 body of an HTTP API, edited as the translator's `OpenApiEditor` edits
//! it: paths and methods (also inside `Fn::If`), Lambda proxy integrations, security.
//!
//! Errors in the body are the translator's document errors
//! (`Structure of the SAM template is invalid. ...`).

use serde_json::{Map, Value, json};

use crate::error::Cause;
use crate::intrinsics::{self, fn_if};

/// API Gateway's method name for "any method".
pub(crate) const ANY_METHOD: &str = "x-amazon-apigateway-any-method";
/// The route that catches every request no other route matches.
pub(crate) const DEFAULT_PATH: &str = "$default";
/// API Gateway's integration extension of an OpenAPI operation.
pub(crate) const INTEGRATION: &str = "x-amazon-apigateway-integration";

/// The body SAM starts from: no paths, the stack's name as title.
pub(crate) fn skeleton() -> Value {
    json!({
        "openapi": "3.0.1",
        "info": {"version": "1.0", "title": {"Ref": "AWS::StackName"}},
        "paths": {}
    })
}

/// Whether `body` is an OpenAPI 3 document the translator edits: a mapping with a
/// mapping `paths` and an `openapi` version `3.x[.y]`.
pub(crate) fn is_valid(body: &Value) -> bool {
    let Value::Object(document) = body else {
        return false;
    };
    if document.is_empty() || !document.get("paths").is_some_and(Value::is_object) {
        return false;
    }
    let version = match document.get("openapi") {
        None | Some(Value::Null | Value::Bool(false)) => return false,
        Some(Value::String(text)) if text.is_empty() => return false,
        Some(Value::String(text)) => text.clone(),
        Some(Value::Bool(true)) => "True".to_owned(),
        Some(other) => crate::ids::python_json(other),
    };
    is_openapi_3(&version)
}

/// `\A3(\.\d)(\.\d)?$`, the translator's test of an OpenAPI 3 version.
fn is_openapi_3(version: &str) -> bool {
    let version = version.strip_suffix('\n').unwrap_or(version);
    let Some(rest) = version.strip_prefix('3') else {
        return false;
    };
    let parts: Vec<&str> = rest.split('.').collect();
    let digit = |part: &str| part.len() == 1 && part.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        ["", minor] => digit(minor),
        ["", minor, patch] => digit(minor) && digit(patch),
        _ => false,
    }
}

/// A method name as the body keys it: lower case, `any` as [`ANY_METHOD`].
pub(crate) fn normalize_method(method: &str) -> String {
    let lower = method.to_lowercase();
    if lower == "any" {
        ANY_METHOD.to_owned()
    } else {
        lower
    }
}

/// The error for a body that is not an OpenAPI 3 document.
pub(crate) fn invalid_document() -> Cause {
    Cause::structure(
        "Invalid OpenApi document. Invalid values or missing keys for 'openapi' or 'paths' in 'DefinitionBody'.",
    )
}

/// What a value holds: both branches of an `Fn::If` (without `AWS::NoValue`), or itself.
pub(crate) fn conditional_contents(item: &Value) -> Result<Vec<&Value>, Cause> {
    intrinsics::conditional_contents(item, Cause::structure)
}

/// [`conditional_contents`], to change.
pub(crate) fn conditional_contents_mut(item: &mut Value) -> Result<Vec<&mut Value>, Cause> {
    intrinsics::conditional_contents_mut(item, Cause::structure)
}

fn path_item_error(path: &str) -> Cause {
    Cause::structure(format!(
        "Value of '{path}' path must be a dictionary according to Swagger spec."
    ))
}

fn method_error(method: &str, path: &str) -> Cause {
    Cause::structure(format!(
        "Definition of method '{method}' for path '{path}' should be a map."
    ))
}

fn has_integration_definition(definition: &Map<String, Value>) -> bool {
    definition
        .get(INTEGRATION)
        .is_some_and(super::auth::is_truthy)
}

/// An OpenAPI body being edited in place.
pub(crate) struct OpenApi<'a> {
    document: &'a mut Map<String, Value>,
}

impl<'a> OpenApi<'a> {
    /// The editor of `body`, which must be [`is_valid`].
    pub(crate) fn new(body: &'a mut Value) -> Result<Self, Cause> {
        if !is_valid(body) {
            return Err(invalid_document());
        }
        match body {
            Value::Object(document) => Ok(Self { document }),
            _ => Err(invalid_document()),
        }
    }

    /// The whole document.
    pub(crate) fn document(&mut self) -> &mut Map<String, Value> {
        self.document
    }

    fn paths(&self) -> Option<&Map<String, Value>> {
        self.document.get("paths").and_then(Value::as_object)
    }

    fn paths_mut(&mut self) -> &mut Map<String, Value> {
        let paths = self
            .document
            .entry("paths")
            .or_insert_with(|| Value::Object(Map::new()));
        if !paths.is_object() {
            *paths = Value::Object(Map::new());
        }
        match paths {
            Value::Object(paths) => paths,
            _ => unreachable!("paths was just made a mapping"),
        }
    }

    /// The paths of the body, in order.
    pub(crate) fn path_names(&self) -> Vec<String> {
        self.paths()
            .map(|paths| paths.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Whether every branch of `path` has `method`.
    pub(crate) fn has_path(&self, path: &str, method: &str) -> Result<bool, Cause> {
        let Some(item) = self.paths().and_then(|paths| paths.get(path)) else {
            return Ok(false);
        };
        let method = normalize_method(method);
        Ok(conditional_contents(item)?
            .iter()
            .all(|branch| branch.as_object().is_some_and(|m| m.contains_key(&method))))
    }

    /// Whether every branch of `path` has an integration at `method`.
    pub(crate) fn has_integration(&self, path: &str, method: &str) -> Result<bool, Cause> {
        let method = normalize_method(method);
        if !self.has_path(path, &method)? {
            return Ok(false);
        }
        let Some(item) = self.paths().and_then(|paths| paths.get(path)) else {
            return Ok(false);
        };
        for branch in conditional_contents(item)? {
            let Value::Object(branch) = branch else {
                return Err(path_item_error(path));
            };
            let Some(definition @ Value::Object(_)) = branch.get(&method) else {
                return Ok(false);
            };
            let mut any = false;
            for inner in conditional_contents(definition)? {
                let Value::Object(inner) = inner else {
                    return Err(method_error(&method, path));
                };
                any |= has_integration_definition(inner);
            }
            if !any {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Adds `method` to `path` (every branch) unless present.
    pub(crate) fn add_path(&mut self, path: &str, method: &str) -> Result<(), Cause> {
        let method = normalize_method(method);
        let item = self
            .paths_mut()
            .entry(path)
            .or_insert_with(|| Value::Object(Map::new()));
        if !item.is_object() {
            return Err(path_item_error(path));
        }
        for branch in conditional_contents_mut(item)? {
            if let Value::Object(branch) = branch {
                branch
                    .entry(method.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
            }
        }
        Ok(())
    }

    /// Adds a Lambda proxy integration (payload 2.0) at `path` and `method` unless one is
    /// there; under a function's `condition` the method and its uri are `Fn::If`s.
    pub(crate) fn add_lambda_integration(
        &mut self,
        path: &str,
        method: &str,
        uri: Value,
        condition: Option<&str>,
    ) -> Result<(), Cause> {
        let method = normalize_method(method);
        if self.has_integration(path, &method)? {
            return Ok(());
        }
        self.add_path(path, &method)?;
        let uri = match condition {
            Some(condition) => fn_if(condition, uri, crate::intrinsics::no_value()),
            None => uri,
        };
        let is_default_route = path == DEFAULT_PATH && method == ANY_METHOD;
        let Some(item) = self.paths_mut().get_mut(path) else {
            return Ok(());
        };
        for branch in conditional_contents_mut(item)? {
            let Value::Object(branch) = branch else {
                return Err(path_item_error(path));
            };
            let slot = branch
                .entry(method.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            if slot.is_null() {
                *slot = Value::Object(Map::new());
            }
            let Value::Object(definition) = slot else {
                return Err(method_error(&method, path));
            };
            definition.insert(
                INTEGRATION.to_owned(),
                json!({"type": "aws_proxy", "httpMethod": "POST",
                       "payloadFormatVersion": "2.0", "uri": uri.clone()}),
            );
            if is_default_route {
                definition.insert("isDefaultRoute".to_owned(), Value::Bool(true));
            }
            definition
                .entry("responses")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(condition) = condition {
                let whole = std::mem::take(slot);
                *slot = fn_if(condition, whole, crate::intrinsics::no_value());
            }
        }
        Ok(())
    }

    /// Runs `change` on each definition of `method` at `path` (every branch), skipping
    /// those without an integration when `with_integration_only`.
    pub(crate) fn for_each_method_definition(
        &mut self,
        path: &str,
        method: &str,
        with_integration_only: bool,
        mut change: impl FnMut(&mut Map<String, Value>) -> Result<(), Cause>,
    ) -> Result<(), Cause> {
        let normalized = normalize_method(method);
        let mut missing = Value::Null;
        let item = match self.paths_mut().get_mut(path) {
            Some(item) => item,
            None => &mut missing,
        };
        for branch in conditional_contents_mut(item)? {
            let Value::Object(branch) = branch else {
                return Err(path_item_error(path));
            };
            let mut absent = Value::Null;
            let definition = branch.get_mut(&normalized).unwrap_or(&mut absent);
            for inner in conditional_contents_mut(definition)? {
                let Value::Object(inner) = inner else {
                    return Err(method_error(method, path));
                };
                if with_integration_only && !has_integration_definition(inner) {
                    continue;
                }
                change(inner)?;
            }
        }
        Ok(())
    }

    /// Runs `change` on every method definition with an integration at `path`, with the
    /// method's name (the default authorizer's walk: `parameters` and `options` skipped).
    pub(crate) fn for_each_operation(
        &mut self,
        path: &str,
        mut change: impl FnMut(&mut Map<String, Value>) -> Result<(), Cause>,
    ) -> Result<(), Cause> {
        let mut missing = Value::Null;
        let item = match self.paths_mut().get_mut(path) {
            Some(item) => item,
            None => &mut missing,
        };
        for branch in conditional_contents_mut(item)? {
            let Value::Object(branch) = branch else {
                return Err(path_item_error(path));
            };
            for (method, definition) in branch.iter_mut() {
                let normalized = normalize_method(method);
                if normalized == "parameters" || normalized == "options" {
                    continue;
                }
                for inner in conditional_contents_mut(definition)? {
                    let Value::Object(inner) = inner else {
                        return Err(method_error(method, path));
                    };
                    if has_integration_definition(inner) {
                        change(inner)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Wraps the whole of `path` in `Fn::If [condition, path, AWS::NoValue]`.
    pub(crate) fn make_path_conditional(&mut self, path: &str, condition: &str) {
        if let Some(item) = self.paths_mut().get_mut(path) {
            let whole = std::mem::take(item);
            *item = fn_if(condition, whole, crate::intrinsics::no_value());
        }
    }

    /// Whether the integration at `path`/`method` invokes function `logical_id` in every
    /// branch (its uri names `${<logical_id>.Arn}`).
    pub(crate) fn integration_invokes(
        &self,
        path: &str,
        method: &str,
        logical_id: &str,
    ) -> Result<bool, Cause> {
        if !self.has_integration(path, method)? {
            return Ok(false);
        }
        let method = normalize_method(method);
        let Some(item) = self.paths().and_then(|paths| paths.get(path)) else {
            return Ok(false);
        };
        for branch in conditional_contents(item)? {
            let Some(definition) = branch.get(&method) else {
                return Err(method_error(&method, path));
            };
            for inner in conditional_contents(definition)? {
                let integration = inner.get(INTEGRATION).cloned().unwrap_or(json!({}));
                if !integration.is_object() {
                    return Err(Cause::structure(format!(
                        "Value of '{INTEGRATION}' must be a dictionary according to Swagger spec."
                    )));
                }
                let Some(uri @ Value::Object(_)) = integration.get("uri") else {
                    return Ok(false);
                };
                for content in conditional_contents(uri)? {
                    let arn = content.get("Fn::Sub").and_then(Value::as_str).unwrap_or("");
                    if first_arn_reference(arn) != Some(logical_id) {
                        return Ok(false);
                    }
                }
            }
        }
        Ok(true)
    }
}

/// The logical id of the first `<Id>.Arn` in an integration uri.
fn first_arn_reference(arn: &str) -> Option<&str> {
    let index = arn.find(".Arn")?;
    let before = &arn[..index];
    let start = before
        .rfind(|c: char| !c.is_ascii_alphanumeric())
        .map_or(0, |i| i + 1);
    let id = &before[start..];
    (!id.is_empty()).then_some(id)
}

#[cfg(test)]
mod tests;
