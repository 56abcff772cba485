//! A function's `Policies`: each entry classified as the translator classifies it
//! (managed policy, policy statement, SAM policy template; any of them inside `Fn::If`),
//! and managed policy names turned into ARNs through AWS's managed-policy map.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

use crate::intrinsics::{is_intrinsic, is_no_value};

pub(crate) mod templates;

/// What one entry of `Policies` is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PolicyKind {
    /// A managed policy name, ARN or intrinsic giving one.
    Managed,
    /// An IAM policy document (a mapping with `Statement`).
    Statement,
    /// A SAM policy template (`{TemplateName: {parameters}}`).
    Template,
    /// None of these.
    Unknown,
}

/// The entries of `Policies`: a single entry counts as a list of one; absent or empty,
/// none.
pub(crate) fn entries(policies: Option<&Value>) -> Vec<Value> {
    match policies {
        None => Vec::new(),
        Some(policies) if crate::function::code::is_python_falsy(policies) => Vec::new(),
        Some(Value::Array(items)) => items.clone(),
        Some(single) => vec![single.clone()],
    }
}

/// The kind of one entry; templates are recognised only when `with_templates` (the
/// translator's core sees them only after they became statements). `Err` is the
/// template-level message for a malformed or mixed `Fn::If`.
pub(crate) fn kind(policy: &Value, with_templates: bool) -> Result<PolicyKind, String> {
    if policy.is_string() {
        return Ok(PolicyKind::Managed);
    }
    if let Some(branches) = if_branches(policy) {
        let (_, then, otherwise) = branches?;
        let then_kind = kind(then, with_templates)?;
        let else_kind = kind(otherwise, with_templates)?;
        return if then_kind == else_kind {
            Ok(then_kind)
        } else if is_no_value(then) {
            Ok(else_kind)
        } else if is_no_value(otherwise) {
            Ok(then_kind)
        } else {
            Err(
                "Different policy types within the same Fn::If statement is unsupported. \
                 Separate different policy types into different Fn::If statements"
                    .to_owned(),
            )
        };
    }
    if is_intrinsic(policy) {
        return Ok(PolicyKind::Managed);
    }
    if let Value::Object(map) = policy {
        if map.contains_key("Statement") {
            return Ok(PolicyKind::Statement);
        }
        if with_templates && map.len() == 1 && map.keys().all(|name| templates::exists(name)) {
            return Ok(PolicyKind::Template);
        }
    }
    Ok(PolicyKind::Unknown)
}

/// `Some` for a `Fn::If`: its condition, then and else values, or the message when it
/// does not have three arguments.
pub(crate) fn if_branches(value: &Value) -> Option<Result<(&Value, &Value, &Value), String>> {
    let Value::Object(map) = value else {
        return None;
    };
    if map.len() != 1 {
        return None;
    }
    let items = map.get("Fn::If")?;
    Some(match items.as_array().map(Vec::as_slice) {
        Some([condition, then, otherwise]) => Ok((condition, then, otherwise)),
        _ => Err("Fn::If requires 3 arguments".to_owned()),
    })
}

/// The ARN of a managed policy `name`: AWS's managed policy of that name in `partition`,
/// an ARN as given, or anything else unchanged (as the translator does).
pub(crate) fn managed_policy_arn(name: &str, partition: &str) -> String {
    if let Some(arn) = managed_policy_map(partition).and_then(|map| map.get(name)) {
        return arn.clone();
    }
    name.to_owned()
}

/// AWS's managed policies by name, per partition (`data/aws_managed_policies.json`,
/// vendored with its provenance in `data/PROVENANCE`).
fn managed_policy_map(partition: &str) -> Option<&'static HashMap<String, String>> {
    static MAPS: OnceLock<HashMap<String, HashMap<String, String>>> = OnceLock::new();
    MAPS.get_or_init(|| {
        serde_json::from_str(include_str!("../../data/aws_managed_policies.json"))
            .unwrap_or_default()
    })
    .get(partition)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn managed_names_become_arns_of_the_partition() {
        assert_eq!(
            managed_policy_arn("AmazonDynamoDBFullAccess", "aws"),
            "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"
        );
        assert_eq!(
            managed_policy_arn("AmazonDynamoDBFullAccess", "aws-cn"),
            "arn:aws-cn:iam::aws:policy/AmazonDynamoDBFullAccess"
        );
        assert_eq!(
            managed_policy_arn("NotAPolicy", "aws"),
            "NotAPolicy",
            "an unknown name stays as written"
        );
    }

    #[test]
    fn an_if_takes_the_kind_of_its_branches() {
        let statement = json!({"Statement": []});
        let no_value = json!({"Ref": "AWS::NoValue"});
        let policy = json!({"Fn::If": ["C", statement, no_value]});
        assert_eq!(kind(&policy, false), Ok(PolicyKind::Statement));
        let mixed = json!({"Fn::If": ["C", "Name", {"Statement": []}]});
        assert!(kind(&mixed, false).is_err());
        let template = json!({"SQSPollerPolicy": {"QueueName": "q"}});
        assert_eq!(kind(&template, true), Ok(PolicyKind::Template));
        assert_eq!(kind(&template, false), Ok(PolicyKind::Unknown));
    }
}
