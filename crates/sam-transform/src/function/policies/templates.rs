//! SAM policy templates (`SQSPollerPolicy: {QueueName: q}`): AWS's
//! `policy_templates.json` (vendored in `data/`, provenance in `data/PROVENANCE`), each
//! template's definition with its parameters replaced by the values the user gave.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::{Map, Value, json};

use super::{PolicyKind, if_branches, kind};
use crate::intrinsics::is_no_value;

/// Policy parameters are renamed before substitution so that a user's value referring
/// to a template parameter of the same name is not substituted again.
const PARAMETER_PREFIX: &str = "___SAM_POLICY_PARAMETER_";

/// Every template by name.
fn templates() -> &'static Map<String, Value> {
    static TEMPLATES: OnceLock<Map<String, Value>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        serde_json::from_str::<Value>(include_str!("../../../data/policy_templates.json"))
            .ok()
            .and_then(|data| data.get("Templates").and_then(Value::as_object).cloned())
            .unwrap_or_default()
    })
}

/// Whether SAM has a policy template of this name.
pub(crate) fn exists(name: &str) -> bool {
    templates().contains_key(name)
}

/// `policies` (the entries of `Policies`) with every policy template, alone or in a
/// `Fn::If`, replaced by its policy document. `Err` is the message, and whether it is
/// about the template's structure rather than the resource.
pub(crate) fn expand(policies: Vec<Value>) -> Result<Vec<Value>, (String, bool)> {
    let mut expanded = Vec::with_capacity(policies.len());
    for policy in policies {
        let policy_kind = kind(&policy, true).map_err(|message| (message, true))?;
        if policy_kind != PolicyKind::Template {
            expanded.push(policy);
            continue;
        }
        let document = match if_branches(&policy) {
            Some(Ok((condition, then, otherwise))) => {
                let branch = |value: &Value| {
                    if is_no_value(value) {
                        Ok(value.clone())
                    } else {
                        document_of(value)
                    }
                };
                json!({"Fn::If": [condition, branch(then)?, branch(otherwise)?]})
            }
            _ => document_of(&policy)?,
        };
        expanded.push(document);
    }
    Ok(expanded)
}

/// The policy document of one `{TemplateName: {parameters}}`.
fn document_of(policy: &Value) -> Result<Value, (String, bool)> {
    let Some((name, values)) = policy.as_object().and_then(|map| map.iter().next()) else {
        return Err(("Policy templates must be a mapping".to_owned(), false));
    };
    let Some(template) = templates().get(name) else {
        return Err((format!("Template with name '{name}' is not found"), false));
    };
    let Value::Object(values) = values else {
        return Err((
            format!("Must specify valid parameter values for policy template '{name}'"),
            false,
        ));
    };
    let empty = Map::new();
    let parameters = template
        .get("Parameters")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let missing: BTreeSet<&String> = parameters
        .keys()
        .filter(|parameter| !values.contains_key(*parameter))
        .collect();
    if !missing.is_empty() {
        // Unconfirmed: the translator lists several missing parameters in Python's set
        // order, which varies between runs; gantry lists them sorted.
        let listed: Vec<String> = missing.iter().map(|name| format!("'{name}'")).collect();
        return Err((
            format!(
                "Following required parameters of template '{name}' don't have values: [{}]",
                listed.join(", ")
            ),
            false,
        ));
    }
    let substitutions: Map<String, Value> = values
        .iter()
        .filter(|(parameter, _)| parameters.contains_key(*parameter))
        .map(|(parameter, value)| (format!("{PARAMETER_PREFIX}{parameter}"), value.clone()))
        .collect();
    let definition = template.get("Definition").cloned().unwrap_or(json!({}));
    Ok(substitute(&disambiguate(&definition), &substitutions))
}

/// The definition with every `Ref` to a name renamed with [`PARAMETER_PREFIX`].
fn disambiguate(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, item)| {
                    let item = match (key.as_str(), item) {
                        ("Ref", Value::String(name)) => json!(format!("{PARAMETER_PREFIX}{name}")),
                        _ => disambiguate(item),
                    };
                    (key.clone(), item)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(disambiguate).collect()),
        other => other.clone(),
    }
}

/// Each `{"Ref": P}` of a renamed parameter replaced by its value (values are not
/// searched again).
fn substitute(value: &Value, substitutions: &Map<String, Value>) -> Value {
    match value {
        Value::Object(map) => {
            if map.len() == 1 {
                if let Some(resolved) = map
                    .get("Ref")
                    .and_then(Value::as_str)
                    .and_then(|name| substitutions.get(name))
                {
                    return resolved.clone();
                }
            }
            Value::Object(
                map.iter()
                    .map(|(key, item)| (key.clone(), substitute(item, substitutions)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| substitute(item, substitutions))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_becomes_its_document_with_the_values_given() {
        let policies = vec![json!({"SQSPollerPolicy": {"QueueName": {"Ref": "QueueName"}}})];
        let expanded = expand(policies).unwrap_or_default();
        let text = serde_json::to_string(&expanded).unwrap_or_default();
        assert!(text.contains("sqs:ReceiveMessage"));
        // The user's own Ref to a parameter named like the template's stays as written.
        assert!(
            text.contains(r#""queueName":{"Ref":"QueueName"}"#),
            "{text}"
        );
    }

    #[test]
    fn a_missing_parameter_is_named() {
        let error = expand(vec![json!({"SQSPollerPolicy": {}})]);
        assert_eq!(
            error,
            Err((
                "Following required parameters of template 'SQSPollerPolicy' don't have values: \
                 ['QueueName']"
                    .to_owned(),
                false
            ))
        );
    }
}
