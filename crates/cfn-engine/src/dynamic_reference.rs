//! `ssm` dynamic references (`{{resolve:ssm:NAME}}`, `{{resolve:ssm:NAME:VERSION}}`) in
//! a resource's evaluated properties, resolved from the local parameter store as
//! CloudFormation resolves them from Parameter Store during each create or update
//! (cdk.md §5.1). Written literally or built with `Fn::Sub`, they are found the same way,
//! after intrinsic functions are evaluated.
//!
//! Not here: `ssm-secure` and `secretsmanager` references, and references in outputs or
//! metadata, which pass on literally (the template check warns where one is written).
// Unconfirmed: whether CloudFormation resolves an `ssm` reference written in an output;
// gantry resolves them in resource properties only and warns elsewhere.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::{Captures, Regex};
use serde_json::Value;

use crate::provider::ProviderError;

/// `{{resolve:ssm:NAME}}` or `{{resolve:ssm:NAME:VERSION}}`; a name is what Parameter
/// Store allows (letters, digits, `_.-/`).
static SSM_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)] // a constant pattern, checked by the tests
    Regex::new(r"\{\{resolve:ssm:([a-zA-Z0-9_.\-/]+)(?::([0-9]+))?\}\}")
        .expect("the ssm dynamic reference pattern compiles")
});

/// `properties` with every `ssm` dynamic reference replaced by the store's value.
pub(crate) fn resolve_ssm(
    properties: Value,
    store: &BTreeMap<String, String>,
) -> Result<Value, ProviderError> {
    resolve(properties, store, "")
}

fn resolve(
    value: Value,
    store: &BTreeMap<String, String>,
    path: &str,
) -> Result<Value, ProviderError> {
    let within = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        Value::String(text) if text.contains("{{resolve:ssm:") => {
            resolve_text(&text, store, path).map(Value::String)
        }
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(index, item)| resolve(item, store, &within(&index.to_string())))
            .collect::<Result<_, _>>()
            .map(Value::Array),
        Value::Object(fields) => fields
            .into_iter()
            .map(|(key, field)| Ok((key.clone(), resolve(field, store, &within(&key))?)))
            .collect::<Result<_, _>>()
            .map(Value::Object),
        other => Ok(other),
    }
}

fn resolve_text(
    text: &str,
    store: &BTreeMap<String, String>,
    path: &str,
) -> Result<String, ProviderError> {
    let mut missing = None;
    let resolved = SSM_REFERENCE.replace_all(text, |captures: &Captures<'_>| {
        let name = captures.get(1).map_or("", |name| name.as_str());
        match store.get(name) {
            // Deviation from AWS: a VERSION is not checked; the local store keeps one
            // value per name, the latest.
            Some(value) => value.clone(),
            None => {
                missing.get_or_insert_with(|| name.to_owned());
                String::new()
            }
        }
    });
    match missing {
        None => Ok(resolved.into_owned()),
        Some(name) => Err(ProviderError::invalid(
            path,
            format!(
                "names the SSM parameter {name} ({{{{resolve:ssm:{name}}}}}), which is not in gantry's local parameter store; give it with --ssm {name}=VALUE or in an --ssm-file"
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn store() -> BTreeMap<String, String> {
        BTreeMap::from([
            ("/app/greeting".to_owned(), "hello".to_owned()),
            ("/app/origins".to_owned(), "a.example,b.example".to_owned()),
        ])
    }

    #[test]
    fn references_anywhere_in_a_string_resolve_with_or_without_a_version() {
        let properties = json!({
            "Environment": {"Variables": {
                "GREETING": "{{resolve:ssm:/app/greeting}}",
                "BOTH": "{{resolve:ssm:/app/greeting:3}} to {{resolve:ssm:/app/origins}}",
            }},
            "Tags": [{"Key": "k", "Value": "{{resolve:ssm:/app/greeting}}"}],
            "MemorySize": 128,
        });
        let resolved = resolve_ssm(properties, &store()).unwrap();
        assert_eq!(resolved["Environment"]["Variables"]["GREETING"], "hello");
        assert_eq!(
            resolved["Environment"]["Variables"]["BOTH"],
            "hello to a.example,b.example"
        );
        assert_eq!(resolved["Tags"][0]["Value"], "hello");
        assert_eq!(resolved["MemorySize"], 128);
    }

    #[test]
    fn other_dynamic_references_pass_on_literally() {
        let properties = json!({"A": "{{resolve:secretsmanager:db:SecretString:password}}", "B": "{{resolve:ssm-secure:/db/pw:1}}"});
        assert_eq!(
            resolve_ssm(properties.clone(), &store()).unwrap(),
            properties
        );
    }

    #[test]
    fn a_name_missing_from_the_store_names_the_property_and_the_parameter() {
        let properties =
            json!({"Environment": {"Variables": {"X": "{{resolve:ssm:/app/missing}}"}}});
        let error = resolve_ssm(properties, &store()).unwrap_err();
        assert_eq!(error.property(), Some("Environment.Variables.X"));
        let message = error.to_string();
        assert!(message.contains("SSM parameter /app/missing"), "{message}");
        assert!(message.contains("--ssm /app/missing=VALUE"), "{message}");
    }
}
