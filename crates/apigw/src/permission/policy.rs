//! IAM policy documents parsed from JSON: `Statement` as an object or a list, and each
//! element as a string or a list of strings (IAM JSON policy grammar).

use serde_json::{Map, Value};

/// `Allow` or `Deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    Allow,
    Deny,
}

/// `Action`/`NotAction`, `Resource`/`NotResource`, `Principal`/`NotPrincipal`: the
/// values, and whether the element is the `Not` form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Element<T> {
    pub(crate) negated: bool,
    pub(crate) values: T,
}

/// The principals a `Principal` element names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Principals {
    /// `"*"` or `{"AWS": "*"}`.
    Everyone,
    /// `{"Service": [...], "AWS": [...], ...}` by principal type.
    Named(Vec<(String, Vec<String>)>),
}

/// One condition entry: `{"ArnLike": {"aws:SourceArn": "..."}}` gives operator
/// `ArnLike`, key `aws:SourceArn`, values `["..."]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Condition {
    pub(crate) operator: String,
    pub(crate) key: String,
    pub(crate) values: Vec<String>,
}

/// A parsed statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Statement {
    pub(crate) sid: Option<String>,
    pub(crate) effect: Effect,
    pub(crate) principal: Option<Element<Principals>>,
    pub(crate) action: Element<Vec<String>>,
    pub(crate) resource: Option<Element<Vec<String>>>,
    pub(crate) conditions: Vec<Condition>,
}

/// Parses a policy document; each statement is parsed on its own so one malformed
/// statement is reported without hiding the others.
pub(crate) fn parse_document(document: &Value) -> Result<Vec<Result<Statement, String>>, String> {
    let Some(object) = document.as_object() else {
        return Err("the policy document is not a JSON object".to_owned());
    };
    match object.get("Statement") {
        Some(Value::Array(items)) => Ok(items.iter().map(parse_statement).collect()),
        Some(single @ Value::Object(_)) => Ok(vec![parse_statement(single)]),
        Some(_) => Err("\"Statement\" is neither an object nor a list".to_owned()),
        None => Err("the policy document has no \"Statement\"".to_owned()),
    }
}

fn parse_statement(value: &Value) -> Result<Statement, String> {
    let Some(object) = value.as_object() else {
        return Err("the statement is not a JSON object".to_owned());
    };
    let effect = match object.get("Effect").and_then(Value::as_str) {
        Some("Allow") => Effect::Allow,
        Some("Deny") => Effect::Deny,
        Some(other) => {
            return Err(format!(
                "Effect is {other:?}; IAM accepts \"Allow\" or \"Deny\""
            ));
        }
        None => return Err("the statement has no \"Effect\"".to_owned()),
    };
    let action = either(object, "Action", "NotAction", strings)?
        .ok_or_else(|| "the statement has neither \"Action\" nor \"NotAction\"".to_owned())?;
    Ok(Statement {
        sid: object.get("Sid").and_then(Value::as_str).map(str::to_owned),
        effect,
        principal: either(object, "Principal", "NotPrincipal", principals)?,
        action,
        resource: either(object, "Resource", "NotResource", strings)?,
        conditions: conditions(object.get("Condition"))?,
    })
}

/// Reads `name` or `not_name` (not both) with `parse`.
fn either<T>(
    object: &Map<String, Value>,
    name: &str,
    not_name: &str,
    parse: fn(&str, &Value) -> Result<T, String>,
) -> Result<Option<Element<T>>, String> {
    match (object.get(name), object.get(not_name)) {
        (Some(_), Some(_)) => Err(format!("the statement has both {name:?} and {not_name:?}")),
        (Some(value), None) => Ok(Some(Element {
            negated: false,
            values: parse(name, value)?,
        })),
        (None, Some(value)) => Ok(Some(Element {
            negated: true,
            values: parse(not_name, value)?,
        })),
        (None, None) => Ok(None),
    }
}

fn strings(name: &str, value: &Value) -> Result<Vec<String>, String> {
    match value {
        Value::String(text) => Ok(vec![text.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("{name} has a non-string entry {item}"))
            })
            .collect(),
        other => Err(format!(
            "{name} is {other}, not a string or a list of strings"
        )),
    }
}

fn principals(name: &str, value: &Value) -> Result<Principals, String> {
    match value {
        Value::String(star) if star == "*" => Ok(Principals::Everyone),
        Value::Object(by_type) => {
            let mut named = Vec::new();
            for (principal_type, ids) in by_type {
                let ids = strings(&format!("{name}.{principal_type}"), ids)?;
                if principal_type == "AWS" && ids.iter().any(|id| id == "*") {
                    return Ok(Principals::Everyone);
                }
                named.push((principal_type.clone(), ids));
            }
            Ok(Principals::Named(named))
        }
        other => Err(format!(
            "{name} is {other}; use \"*\" or an object like {{\"Service\": \"apigateway.amazonaws.com\"}}"
        )),
    }
}

fn conditions(value: Option<&Value>) -> Result<Vec<Condition>, String> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let Some(operators) = value.as_object() else {
        return Err(format!("Condition is {value}, not an object"));
    };
    let mut parsed = Vec::new();
    for (operator, keys) in operators {
        let Some(keys) = keys.as_object() else {
            return Err(format!("Condition.{operator} is {keys}, not an object"));
        };
        for (key, values) in keys {
            let values = match values {
                Value::Array(items) => items.iter().map(condition_value).collect(),
                single => vec![condition_value(single)],
            };
            parsed.push(Condition {
                operator: operator.clone(),
                key: key.clone(),
                values,
            });
        }
    }
    Ok(parsed)
}

/// Condition values may be written as strings, numbers or booleans.
fn condition_value(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
