//! `AWS::IAM::*`: roles and their policies.

pub(crate) mod policy;
pub(crate) mod role;

use serde_json::Value;

use crate::ProviderError;

/// A policy document property: IAM accepts the JSON object or the same JSON as a string.
pub(crate) fn policy_document(
    property: &str,
    value: Option<&Value>,
) -> Result<Value, ProviderError> {
    match value {
        None => Err(ProviderError::missing(property)),
        Some(Value::Object(_)) => Ok(value.cloned().unwrap_or_default()),
        Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
            Ok(document @ Value::Object(_)) => Ok(document),
            _ => Err(ProviderError::invalid(
                property,
                "is a string but not a JSON policy document",
            )),
        },
        Some(_) => Err(ProviderError::invalid(
            property,
            "must be a policy document object",
        )),
    }
}
