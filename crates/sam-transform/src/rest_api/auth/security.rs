//! `security` lists on methods and the `securityDefinitions` they name: the Api's
//! `DefaultAuthorizer` and `ApiKeyRequired` applied to every method, and the definitions
//! of `AWS_IAM` and `api_key` added when a method uses them.

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use super::authorizer::Authorizer;
use super::body::{self, document_error, truthy};
use crate::error::Cause;

/// The body's `securityDefinitions`, created when missing or empty.
pub(crate) fn definitions_mut(swagger: &mut Value) -> Result<&mut Map<String, Value>, Cause> {
    let Value::Object(document) = swagger else {
        return Err(Cause::structure(
            "securityDefinitions must be a dictionary.",
        ));
    };
    let entry = document
        .entry("securityDefinitions")
        .or_insert_with(|| json!({}));
    if !truthy(entry) {
        *entry = json!({});
    }
    entry
        .as_object_mut()
        .ok_or_else(|| Cause::structure("securityDefinitions must be a dictionary."))
}

/// Drops a `securityDefinitions` the step created but left empty (the editor only writes
/// a non-empty one).
pub(crate) fn drop_if_created_empty(swagger: &mut Value, existed: bool) {
    if existed {
        return;
    }
    if let Value::Object(document) = swagger
        && document
            .get("securityDefinitions")
            .is_some_and(|definitions| !truthy(definitions))
    {
        document.shift_remove("securityDefinitions");
    }
}

/// Adds the `AWS_IAM` (SigV4) definition unless the body has one.
pub(crate) fn add_aws_iam_definition(swagger: &mut Value) -> Result<(), Cause> {
    let definitions = definitions_mut(swagger)?;
    if !definitions.contains_key("AWS_IAM") {
        definitions.insert(
            "AWS_IAM".into(),
            json!({"x-amazon-apigateway-authtype": "awsSigv4", "type": "apiKey", "name": "Authorization", "in": "header"}),
        );
    }
    Ok(())
}

/// Adds the `api_key` (`x-api-key` header) definition unless the body has one.
pub(crate) fn add_api_key_definition(swagger: &mut Value) -> Result<(), Cause> {
    let definitions = definitions_mut(swagger)?;
    if !definitions.contains_key("api_key") {
        definitions.insert(
            "api_key".into(),
            json!({"type": "apiKey", "name": "x-api-key", "in": "header"}),
        );
    }
    Ok(())
}

/// Puts `default_authorizer` on every method of `path` that has no authorizer of its
/// own; a method marked `NONE` loses the marker and gets no authorizer. CORS preflights
/// (`options`) are skipped when `add_to_preflight` is false.
pub(crate) fn set_path_default_authorizer(
    swagger: &mut Value,
    path: &str,
    default_authorizer: &str,
    authorizers: &IndexMap<String, Authorizer>,
    add_to_preflight: bool,
) -> Result<(), Cause> {
    let mut names: Vec<&str> = vec!["AWS_IAM"];
    names.extend(authorizers.keys().map(String::as_str));
    let default_scopes = authorizers
        .get(default_authorizer)
        .map(|authorizer| authorizer.authorization_scopes.clone())
        .unwrap_or_else(|| json!([]));
    let mut needs_aws_iam = false;
    body::for_each_method(swagger, path, |method, definition| {
        if !add_to_preflight && method == "options" {
            return Ok(());
        }
        let (mut others, existing_authorizers) =
            split_security(definition, path, method, |key| names.contains(&key))?;
        let none_index = others
            .iter()
            .position(|security| security.as_object().is_some_and(|s| s.contains_key("NONE")));
        let authorizer_security = match none_index {
            Some(index) => {
                others.remove(index);
                Vec::new()
            }
            None if !existing_authorizers.is_empty() => existing_authorizers,
            None => vec![json!({ default_authorizer: default_scopes.clone() })],
        };
        others.extend(authorizer_security);
        if !others.is_empty() {
            needs_aws_iam |= first_is_aws_iam(&others);
            definition.insert("security".into(), Value::Array(others));
        }
        Ok(())
    })?;
    if needs_aws_iam {
        add_aws_iam_definition(swagger)?;
    }
    Ok(())
}

/// Requires the API key on every method of `path` unless the method opted out
/// (`api_key_false`, which is removed); CORS preflights keep no key requirement when
/// `add_to_preflight` is false.
pub(crate) fn set_path_default_api_key_required(
    swagger: &mut Value,
    path: &str,
    add_to_preflight: bool,
) -> Result<(), Cause> {
    body::for_each_method(swagger, path, |method, definition| {
        let existing = body::security_of(definition, path, method)?;
        let (others, mut api_key_security) = split_security(definition, path, method, |key| {
            key == "api_key" || key == "api_key_false"
        })?;
        let false_index = api_key_security.iter().position(|security| {
            security
                .as_object()
                .is_some_and(|s| s.contains_key("api_key_false"))
        });
        let default_security = match false_index {
            Some(index) => {
                api_key_security.remove(index);
                Vec::new()
            }
            None => vec![json!({"api_key": []})],
        };
        let security = if method == "options" && !add_to_preflight {
            others
        } else {
            let mut security = others;
            security.extend(default_security);
            security
        };
        if security != existing {
            definition.insert("security".into(), Value::Array(security));
        }
        Ok(())
    })
}

/// The method's `security` entries split into those naming one of `is_wanted`'s keys and
/// the others, each checked to be a mapping.
fn split_security(
    definition: &Map<String, Value>,
    path: &str,
    method: &str,
    is_wanted: impl Fn(&str) -> bool,
) -> Result<(Vec<Value>, Vec<Value>), Cause> {
    let mut others = Vec::new();
    let mut wanted = Vec::new();
    for security in body::security_of(definition, path, method)? {
        let Value::Object(entry) = &security else {
            return Err(document_error(format!(
                "{} in Security for path {path} method {method} is not a valid dictionary.",
                super::authorizer::python_str(&security)
            )));
        };
        if entry.keys().any(|key| is_wanted(key)) {
            wanted.push(security);
        } else {
            others.push(security);
        }
    }
    Ok((others, wanted))
}

/// Whether the first `security` entry names `AWS_IAM` (then its definition is added).
pub(crate) fn first_is_aws_iam(security: &[Value]) -> bool {
    security
        .first()
        .and_then(Value::as_object)
        .is_some_and(|entry| entry.contains_key("AWS_IAM"))
}
