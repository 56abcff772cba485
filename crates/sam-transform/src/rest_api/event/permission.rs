//! The invoke permission of an `Api` event: `<Fn><Event>Permission<Stage>` with a
//! `SourceArn` naming the method and path on every stage.

use serde_json::{Map, Value, json};

use crate::events::FunctionTarget;
use crate::ids;
use crate::intrinsics;
use crate::template::Template;

/// `<Fn><Event>Permission<Stage>` (or a hash of a stage name that is not alphanumeric)
/// allowing API Gateway to invoke the function from this method on every stage.
pub(super) fn permission(
    template: &Template<'_>,
    function: &FunctionTarget,
    event_id: &str,
    path: &str,
    method: &str,
    rest_api_id: &Value,
    suffix: &str,
) -> (String, Value) {
    let prefix = format!("{}{event_id}Permission", function.logical_id);
    let logical_id = if !suffix.is_empty() && suffix.chars().all(char::is_alphanumeric) {
        format!("{prefix}{suffix}")
    } else {
        ids::logical_id(&prefix, &Value::String(suffix.to_owned()))
    };
    let arn_method = if method == "any" {
        "*".to_owned()
    } else {
        method.to_uppercase()
    };
    let resource = format!(
        "${{__ApiId__}}/${{__Stage__}}/{arn_method}{}",
        source_arn_path(path)
    );
    let partition = template.options.partition();
    let mut variables = Map::new();
    variables.insert("__ApiId__".into(), rest_api_id.clone());
    variables.insert("__Stage__".into(), json!("*"));
    let source_arn = intrinsics::sub_with(
        &format!("arn:{partition}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:{resource}"),
        variables,
    );
    let mut resource = json!({
        "Type": "AWS::Lambda::Permission",
        "Properties": {
            "Action": "lambda:InvokeFunction",
            "FunctionName": function.reference,
            "Principal": "apigateway.amazonaws.com",
            "SourceArn": source_arn,
        }
    });
    if let (Some(Value::Object(attributes)), Value::Object(map)) = (
        template
            .resource(&function.logical_id)
            .map(passthrough_attributes),
        &mut resource,
    ) {
        map.extend(attributes);
    }
    (logical_id, resource)
}

/// `Condition`, `DeletionPolicy` and `UpdateReplacePolicy` of a SAM resource, which
/// the resources it generates carry too.
pub(crate) fn passthrough_attributes(resource: &Value) -> Value {
    let mut attributes = Map::new();
    for name in ["Condition", "DeletionPolicy", "UpdateReplacePolicy"] {
        if let Some(value) = resource.get(name) {
            attributes.insert(name.to_owned(), value.clone());
        }
    }
    Value::Object(attributes)
}

/// The path as a permission's ARN names it: one trailing `/` dropped, `{param}` and
/// `{proxy+}` as `*`.
pub(crate) fn source_arn_path(path: &str) -> String {
    let trimmed = if path.len() > 1 {
        path.strip_suffix('/').unwrap_or(path)
    } else {
        path
    };
    let mut out = String::with_capacity(trimmed.len());
    let mut rest = trimmed;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) if is_parameter_name(&after[..end]) => {
                out.push('*');
                rest = &after[end + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `[a-zA-Z0-9._-]+` with an optional trailing `+`.
fn is_parameter_name(name: &str) -> bool {
    let name = name.strip_suffix('+').unwrap_or(name);
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_paths_lose_a_trailing_slash_and_name_parameters_as_wildcards() {
        assert_eq!(source_arn_path("/"), "/");
        assert_eq!(source_arn_path("/items/"), "/items");
        assert_eq!(source_arn_path("/items/{id}/x"), "/items/*/x");
        assert_eq!(source_arn_path("/{proxy+}"), "/*");
        assert_eq!(source_arn_path("/a/{b c}"), "/a/{b c}");
    }
}
