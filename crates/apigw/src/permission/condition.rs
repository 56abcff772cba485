//! Condition operators (IAM JSON policy elements: Condition operators).
//!
//! Supported: `String(Not)Equals`, `String(Not)EqualsIgnoreCase`, `String(Not)Like`,
//! `Arn(Not)Equals`, `Arn(Not)Like`, each with `...IfExists`, and `Null`. Key names are
//! case-insensitive, values case-sensitive except the `IgnoreCase` operators. A key absent
//! from the request makes a positive operator false and a negated one true; `IfExists`
//! makes an absent key true. Any other operator does not match, with a reason, because
//! gantry cannot tell what AWS would decide.

use super::policy::Condition;
use super::wildcard::{arn_like, string_like};

const IF_EXISTS_SUFFIX: &str = "IfExists";

/// The request context a condition is evaluated against: lower-cased key, value.
pub(crate) type ContextKeys<'a> = [(&'a str, &'a str)];

/// `Ok(())` when the condition holds; otherwise why not.
pub(crate) fn check(condition: &Condition, context: &ContextKeys<'_>) -> Result<(), String> {
    let present = context
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(&condition.key))
        .map(|(_, value)| *value);
    let operator = condition.operator.as_str();
    if operator == "Null" {
        return check_null(condition, present);
    }
    let (base, if_exists) = match operator.strip_suffix(IF_EXISTS_SUFFIX) {
        Some(base) => (base, true),
        None => (operator, false),
    };
    let Some((negated, matches)) = comparison(base) else {
        return Err(format!(
            "condition operator {operator:?} is not supported by gantry, so the condition on {} is treated as not met",
            condition.key
        ));
    };
    let Some(value) = present else {
        if if_exists || negated {
            return Ok(());
        }
        return Err(format!(
            "condition {operator} on {} needs that key, which this request does not carry",
            condition.key
        ));
    };
    let any = condition
        .values
        .iter()
        .any(|pattern| matches(pattern, value));
    if any != negated {
        return Ok(());
    }
    Err(format!(
        "condition {operator} {} {:?} does not hold for {value:?}",
        condition.key, condition.values
    ))
}

fn check_null(condition: &Condition, present: Option<&str>) -> Result<(), String> {
    let wants_absent = condition
        .values
        .iter()
        .any(|v| v.eq_ignore_ascii_case("true"));
    if wants_absent == present.is_none() {
        return Ok(());
    }
    Err(format!(
        "condition Null {} {:?} does not hold (the key is {})",
        condition.key,
        condition.values,
        if present.is_some() {
            "present"
        } else {
            "absent"
        }
    ))
}

type Matcher = fn(&str, &str) -> bool;

/// The operator's negation flag and value matcher, or `None` when unsupported.
fn comparison(operator: &str) -> Option<(bool, Matcher)> {
    let equals: Matcher = |pattern, value| pattern == value;
    let equals_ignore_case: Matcher = |pattern, value| pattern.eq_ignore_ascii_case(value);
    Some(match operator {
        "StringEquals" => (false, equals),
        "StringNotEquals" => (true, equals),
        "StringEqualsIgnoreCase" => (false, equals_ignore_case),
        "StringNotEqualsIgnoreCase" => (true, equals_ignore_case),
        "StringLike" => (false, string_like),
        "StringNotLike" => (true, string_like),
        // ArnEquals and ArnLike both take wildcards and compare ARN parts separately.
        "ArnEquals" | "ArnLike" => (false, arn_like),
        "ArnNotEquals" | "ArnNotLike" => (true, arn_like),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE_ARN: &str = "arn:aws:execute-api:us-east-1:123456789012:abc123/$default/GET/pets";

    fn condition(operator: &str, key: &str, values: &[&str]) -> Condition {
        Condition {
            operator: operator.into(),
            key: key.into(),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
        }
    }

    fn holds(operator: &str, key: &str, values: &[&str]) -> bool {
        let context = [
            ("aws:sourcearn", SOURCE_ARN),
            ("aws:sourceaccount", "123456789012"),
        ];
        check(&condition(operator, key, values), &context).is_ok()
    }

    #[test]
    fn arn_like_matches_source_arn_with_wildcards_and_any_key_case() {
        assert!(holds(
            "ArnLike",
            "AWS:SourceArn",
            &["arn:aws:execute-api:us-east-1:123456789012:abc123/*"]
        ));
        assert!(holds(
            "ArnEquals",
            "aws:sourcearn",
            &["arn:aws:execute-api:*:*:abc123/*/GET/pets"]
        ));
        assert!(!holds(
            "ArnLike",
            "aws:SourceArn",
            &["arn:aws:execute-api:us-east-1:123456789012:other/*"]
        ));
    }

    #[test]
    fn any_listed_value_satisfies_a_positive_operator() {
        assert!(holds(
            "StringEquals",
            "aws:SourceAccount",
            &["111111111111", "123456789012"]
        ));
        assert!(!holds(
            "StringEquals",
            "aws:SourceAccount",
            &["111111111111"]
        ));
    }

    #[test]
    fn negated_operators_hold_when_no_value_matches() {
        assert!(holds(
            "StringNotEquals",
            "aws:SourceAccount",
            &["111111111111"]
        ));
        assert!(!holds(
            "ArnNotLike",
            "aws:SourceArn",
            &["arn:aws:execute-api:*:*:abc123/*"]
        ));
    }

    #[test]
    fn string_operators_respect_case_rules() {
        assert!(!holds(
            "StringEquals",
            "aws:SourceArn",
            &[&SOURCE_ARN.to_uppercase()]
        ));
        assert!(holds(
            "StringEqualsIgnoreCase",
            "aws:SourceArn",
            &[&SOURCE_ARN.to_uppercase()]
        ));
        assert!(holds("StringLike", "aws:SourceArn", &["*/GET/*"]));
    }

    #[test]
    fn absent_key_fails_positive_and_passes_negated_and_if_exists() {
        assert!(!holds("StringEquals", "aws:PrincipalOrgID", &["o-1"]));
        assert!(holds("StringNotEquals", "aws:PrincipalOrgID", &["o-1"]));
        assert!(holds(
            "StringEqualsIfExists",
            "aws:PrincipalOrgID",
            &["o-1"]
        ));
        assert!(holds("Null", "aws:PrincipalOrgID", &["true"]));
        assert!(!holds("Null", "aws:SourceArn", &["true"]));
    }

    #[test]
    fn unknown_operator_is_not_met_and_says_so() {
        let context = [("aws:sourceaccount", "123456789012")];
        let reason = check(
            &condition("NumericEquals", "aws:SourceAccount", &["1"]),
            &context,
        )
        .unwrap_err();
        assert!(reason.contains("not supported"), "{reason}");
    }
}
