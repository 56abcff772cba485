//! Building and recognising CloudFormation intrinsic functions in JSON values, and
//! resolving the parameter `Ref`s the translator resolves itself (the few places listed in
//! `../shared/reference/sam-cdk.md` A.1; everything else stays for the deploy engine).

use serde_json::{Map, Value, json};

use crate::error::Cause;

/// `{"Ref": name}`.
pub(crate) fn reference(name: &str) -> Value {
    json!({ "Ref": name })
}

/// `{"Fn::GetAtt": [logical_id, attribute]}`.
pub(crate) fn get_att(logical_id: &str, attribute: &str) -> Value {
    json!({ "Fn::GetAtt": [logical_id, attribute] })
}

/// `{"Fn::Sub": text}`.
pub(crate) fn sub(text: &str) -> Value {
    json!({ "Fn::Sub": text })
}

/// `{"Fn::Sub": [text, variables]}`.
pub(crate) fn sub_with(text: &str, variables: Map<String, Value>) -> Value {
    json!({ "Fn::Sub": [text, variables] })
}

/// `{"Fn::If": [condition, then, else]}`.
pub(crate) fn fn_if(condition: &str, then: Value, otherwise: Value) -> Value {
    json!({ "Fn::If": [condition, then, otherwise] })
}

/// `{"Ref": "AWS::NoValue"}`.
pub(crate) fn no_value() -> Value {
    reference("AWS::NoValue")
}

/// Whether `value` is one intrinsic function call: a one-key mapping whose key is `Ref`,
/// `Condition` or starts with `Fn::` (the translator's `is_intrinsic`).
pub(crate) fn is_intrinsic(value: &Value) -> bool {
    match value {
        Value::Object(map) if map.len() == 1 => map
            .keys()
            .next()
            .is_some_and(|key| key == "Ref" || key == "Condition" || key.starts_with("Fn::")),
        _ => false,
    }
}

/// The name a `{"Ref": name}` refers to.
pub(crate) fn ref_target(value: &Value) -> Option<&str> {
    match value {
        Value::Object(map) if map.len() == 1 => map.get("Ref").and_then(Value::as_str),
        _ => None,
    }
}

/// Whether `value` is `{"Ref": "AWS::NoValue"}`.
pub(crate) fn is_no_value(value: &Value) -> bool {
    ref_target(value) == Some("AWS::NoValue")
}

/// Every `{"Fn::GetAtt": "A.B.C"}` in `value` as `{"Fn::GetAtt": ["A", "B.C"]}`: the
/// form the translator receives for YAML's `!GetAtt A.B.C` (its YAML loader splits at the
/// first dot), so that ids, references and outputs come out as AWS's.
// Deviation from AWS: a JSON template's string-form `Fn::GetAtt` is split too (the
// translator would keep it); gantry's parser gives YAML's short form as that same string.
pub(crate) fn split_get_att_strings(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.len() == 1
                && let Some(Value::String(dotted)) = map.get("Fn::GetAtt")
                && let Some((resource, attribute)) = dotted.split_once('.')
            {
                let parts = json!([resource, attribute]);
                map.insert("Fn::GetAtt".to_owned(), parts);
                return;
            }
            map.values_mut().for_each(split_get_att_strings);
        }
        Value::Array(items) => items.iter_mut().for_each(split_get_att_strings),
        _ => {}
    }
}

/// `value` with every `{"Ref": P}` to a parameter that has a value replaced by it, and
/// `Fn::Sub` strings with `${P}` of such parameters substituted — what the translator's
/// `IntrinsicsResolver` does with parameter values before hashing or reading a property.
pub(crate) fn resolve_parameter_refs(value: &Value, parameters: &Map<String, Value>) -> Value {
    match value {
        Value::Object(map) => {
            if let Some(name) = ref_target(value) {
                if let Some(resolved) = parameters.get(name) {
                    return resolved.clone();
                }
                return value.clone();
            }
            if map.len() == 1
                && let Some(Value::String(text)) = map.get("Fn::Sub")
            {
                return json!({ "Fn::Sub": substitute(text, parameters) });
            }
            Value::Object(
                map.iter()
                    .map(|(key, item)| (key.clone(), resolve_parameter_refs(item, parameters)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| resolve_parameter_refs(item, parameters))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// `${P}` of known parameters in a `Fn::Sub` string replaced by their values (string
/// values only; `${!Literal}` escapes are left alone).
fn substitute(text: &str, parameters: &Map<String, Value>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match parameters.get(name).and_then(Value::as_str) {
                    Some(resolved) if !name.starts_with('!') => out.push_str(resolved),
                    _ => {
                        out.push_str("${");
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// What a value holds: the branches of its `Fn::If` (without `AWS::NoValue` ones), or
/// itself. `invalid` words the error for an `Fn::If` that is not a list (the HTTP and REST
/// editors word it differently).
pub(crate) fn conditional_contents(
    item: &Value,
    invalid: fn(&'static str) -> Cause,
) -> Result<Vec<&Value>, Cause> {
    match item.as_object().and_then(|map| map.get("Fn::If")) {
        None => Ok(vec![item]),
        Some(Value::Array(branches)) => Ok(branches
            .iter()
            .skip(1)
            .filter(|branch| !is_no_value(branch))
            .collect()),
        Some(_) => Err(invalid("Value of Fn::If must be a list.")),
    }
}

/// [`conditional_contents`], to change.
pub(crate) fn conditional_contents_mut(
    item: &mut Value,
    invalid: fn(&'static str) -> Cause,
) -> Result<Vec<&mut Value>, Cause> {
    let is_if = item
        .as_object()
        .is_some_and(|map| map.contains_key("Fn::If"));
    if !is_if {
        return Ok(vec![item]);
    }
    match item.get_mut("Fn::If") {
        Some(Value::Array(branches)) => Ok(branches
            .iter_mut()
            .skip(1)
            .filter(|branch| !is_no_value(branch))
            .collect()),
        _ => Err(invalid("Value of Fn::If must be a list.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_refs_resolve_and_others_stay() {
        let mut parameters = Map::new();
        parameters.insert("Stage".into(), json!("prod"));
        let value = json!({"a": {"Ref": "Stage"}, "b": {"Ref": "Other"}, "c": {"Fn::Sub": "x-${Stage}-${Other}"}});
        assert_eq!(
            resolve_parameter_refs(&value, &parameters),
            json!({"a": "prod", "b": {"Ref": "Other"}, "c": {"Fn::Sub": "x-prod-${Other}"}})
        );
    }

    #[test]
    fn string_get_atts_split_at_the_first_dot() {
        let mut value =
            json!({"a": {"Fn::GetAtt": "Fn.Alias.Name"}, "b": [{"Fn::GetAtt": ["X", "Arn"]}]});
        split_get_att_strings(&mut value);
        assert_eq!(
            value,
            json!({"a": {"Fn::GetAtt": ["Fn", "Alias.Name"]}, "b": [{"Fn::GetAtt": ["X", "Arn"]}]})
        );
    }

    #[test]
    fn intrinsics_are_one_key_maps_of_known_functions() {
        assert!(is_intrinsic(&json!({"Fn::Sub": "x"})));
        assert!(is_intrinsic(&json!({"Ref": "x"})));
        assert!(!is_intrinsic(&json!({"Ref": "x", "b": 1})));
        assert!(!is_intrinsic(&json!({"Name": "x"})));
    }
}
