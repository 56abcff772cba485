//! `MergeDefinitions: true`: the method SAM generates for an event, merged into the
//! user's `DefinitionBody` (SAM's members win a conflict, the user's others stay).

use serde_json::{Map, Value};

use super::request::Method;
use super::swagger;
use crate::error::Cause;

/// The user's body with `at`'s method replaced by the user's method members overlaid by
/// the ones SAM generated in `generated`.
pub(crate) fn merge_method(
    api_id: &str,
    user_body: &Value,
    generated: &Value,
    at: &Method<'_>,
) -> Result<Value, Cause> {
    let mut merged = user_body.clone();
    let generated_method = generated
        .get("paths")
        .and_then(|paths| paths.get(at.path))
        .and_then(|item| item.get(swagger::normalize_method(at.method)))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    // A user body whose `paths` is missing, null or empty is left as it is: the translator
    // merges into a mapping it then drops.
    let Some(Value::Object(paths)) = merged.get_mut("paths").filter(|p| swagger::is_truthy(p))
    else {
        return Ok(merged);
    };
    let user_method = match paths.get(at.path) {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(item)) => match item.get(at.method) {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(method)) => method.clone(),
            Some(_) => {
                return Err(Cause::resource(
                    api_id,
                    format!(
                        "Property 'DefinitionBody.paths.{}.{}' should be a map.",
                        at.path, at.method
                    ),
                ));
            }
        },
        Some(_) => {
            return Err(Cause::resource(
                api_id,
                format!(
                    "Property 'DefinitionBody' is invalid: The value of '{}' should be a map",
                    at.path
                ),
            ));
        }
    };
    let mut method = user_method;
    method.extend(generated_method);
    let item = paths
        .entry(at.path.to_owned())
        .or_insert_with(|| Value::Object(Map::new()));
    if !item.is_object() {
        *item = Value::Object(Map::new());
    }
    if let Value::Object(item) = item {
        item.insert(at.method.to_owned(), Value::Object(method));
    }
    Ok(merged)
}
