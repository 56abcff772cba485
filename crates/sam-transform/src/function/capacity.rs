//! `CapacityProviderConfig` in Lambda's shape
//! (`LambdaManagedInstancesCapacityProviderConfig`), after the translator's schema check:
//! its schema library coerces values (`"3"` → 3, 2.7 → 2, 5 → `"5"`) and words its
//! errors its own way, both reproduced here for the three members.

use serde_json::{Map, Number, Value, json};

/// What a member accepts besides an intrinsic mapping.
#[derive(Clone, Copy)]
enum Scalar {
    String,
    Integer,
    IntegerOrFloat,
}

/// The members, in the schema's order: SAM name, Lambda name, type, required.
const MEMBERS: [(&str, &str, Scalar, bool); 3] = [
    ("Arn", "CapacityProviderArn", Scalar::String, true),
    (
        "PerExecutionEnvironmentMaxConcurrency",
        "PerExecutionEnvironmentMaxConcurrency",
        Scalar::Integer,
        false,
    ),
    (
        "ExecutionEnvironmentMemoryGiBPerVCpu",
        "ExecutionEnvironmentMemoryGiBPerVCpu",
        Scalar::IntegerOrFloat,
        false,
    ),
];

/// Lambda's `CapacityProviderConfig`, or the translator's message.
pub(crate) fn capacity_provider_config(config: &Value) -> Result<Value, String> {
    let empty = Map::new();
    let config = config.as_object().unwrap_or(&empty);
    let mut errors: Vec<(String, &str)> = Vec::new();
    let mut managed = Map::new();
    for (name, lambda_name, scalar, required) in MEMBERS {
        match config.get(name) {
            None if required => {
                errors.push((name.to_owned(), "field required (type=value_error.missing)"))
            }
            None => {}
            Some(Value::Null) if required => errors.push((
                name.to_owned(),
                "none is not an allowed value (type=type_error.none.not_allowed)",
            )),
            Some(Value::Null) => {}
            Some(value) => match coerce(value, scalar) {
                Ok(value) => {
                    managed.insert(lambda_name.to_owned(), value);
                }
                Err(messages) => {
                    errors.extend(
                        messages
                            .into_iter()
                            .map(|message| (name.to_owned(), message)),
                    );
                }
            },
        }
    }
    for name in config.keys() {
        if !MEMBERS.iter().any(|(member, ..)| member == name) {
            errors.push((
                name.clone(),
                "extra fields not permitted (type=value_error.extra)",
            ));
        }
    }
    if errors.is_empty() {
        return Ok(json!({ "LambdaManagedInstancesCapacityProviderConfig": managed }));
    }
    let count = match errors.len() {
        1 => "1 validation error".to_owned(),
        n => format!("{n} validation errors"),
    };
    let details: Vec<String> = errors
        .iter()
        .map(|(name, message)| format!("{name}\n  {message}"))
        .collect();
    Err(format!(
        "Invalid CapacityProviderConfig: {count} for CapacityProviderConfig\n{}",
        details.join("\n")
    ))
}

/// The value as the schema library leaves it: a mapping as is, else the first of the
/// member's scalar types it converts to; the errors of every alternative otherwise.
fn coerce(value: &Value, scalar: Scalar) -> Result<Value, Vec<&'static str>> {
    if value.is_object() {
        return Ok(value.clone());
    }
    let mut errors = vec!["value is not a valid dict (type=type_error.dict)"];
    match scalar {
        Scalar::String => match value {
            Value::String(_) => return Ok(value.clone()),
            Value::Bool(flag) => return Ok(json!(if *flag { "True" } else { "False" })),
            Value::Number(number) => return Ok(json!(python_number_str(number))),
            _ => errors.push("str type expected (type=type_error.str)"),
        },
        Scalar::Integer | Scalar::IntegerOrFloat => {
            if let Some(integer) = as_python_int(value) {
                return Ok(json!(integer));
            }
            errors.push("value is not a valid integer (type=type_error.integer)");
            if let (Scalar::IntegerOrFloat, Some(float)) = (scalar, as_python_float(value)) {
                return Ok(Number::from_f64(float).map_or(Value::Null, Value::Number));
            }
            if matches!(scalar, Scalar::IntegerOrFloat) {
                errors.push("value is not a valid float (type=type_error.float)");
            }
        }
    }
    Err(errors)
}

/// Python's `int(value)` for JSON values: booleans, numbers (truncated), decimal strings.
fn as_python_int(value: &Value) -> Option<i64> {
    match value {
        Value::Bool(flag) => Some(i64::from(*flag)),
        Value::Number(number) => number.as_i64().or_else(|| {
            number
                .as_f64()
                .filter(|float| float.is_finite())
                .map(|float| float.trunc() as i64)
        }),
        Value::String(text) => python_digits(text)?.parse().ok(),
        _ => None,
    }
}

/// Python's `float(value)` for JSON values.
fn as_python_float(value: &Value) -> Option<f64> {
    match value {
        Value::Bool(flag) => Some(if *flag { 1.0 } else { 0.0 }),
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.trim().replace('_', "").parse().ok(),
        _ => None,
    }
}

/// A Python integer literal as `int()` reads it (spaces around, a sign, digits with
/// single underscores between them), without the underscores.
fn python_digits(text: &str) -> Option<String> {
    let text = text.trim();
    let (sign, digits) = match text.strip_prefix(['+', '-']) {
        Some(rest) => (&text[..1], rest),
        None => ("", text),
    };
    let valid = !digits.is_empty()
        && !digits.starts_with('_')
        && !digits.ends_with('_')
        && !digits.contains("__")
        && digits.chars().all(|c| c.is_ascii_digit() || c == '_');
    valid.then(|| {
        format!(
            "{}{}",
            sign.trim_start_matches('+'),
            digits.replace('_', "")
        )
    })
}

/// `str()` of a Python number: integers as written, floats with `repr`.
fn python_number_str(number: &Number) -> String {
    match number.as_f64() {
        Some(float) if number.is_f64() && float.fract() == 0.0 && float.abs() < 1e16 => {
            format!("{float:.1}")
        }
        _ => number.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_coerced_as_the_translator_s_schema_does() {
        let config = json!({"Arn": 5, "PerExecutionEnvironmentMaxConcurrency": "3",
                            "ExecutionEnvironmentMemoryGiBPerVCpu": 2.5});
        assert_eq!(
            capacity_provider_config(&config),
            Ok(json!({"LambdaManagedInstancesCapacityProviderConfig": {
                "CapacityProviderArn": "5", "PerExecutionEnvironmentMaxConcurrency": 3,
                "ExecutionEnvironmentMemoryGiBPerVCpu": 2}}))
        );
    }

    #[test]
    fn errors_are_worded_as_the_translator_words_them() {
        let config = json!({"Arn": [1], "ExecutionEnvironmentMemoryGiBPerVCpu": [2], "Z": 1});
        assert_eq!(
            capacity_provider_config(&config),
            Err("Invalid CapacityProviderConfig: 6 validation errors for CapacityProviderConfig\n\
                 Arn\n  value is not a valid dict (type=type_error.dict)\n\
                 Arn\n  str type expected (type=type_error.str)\n\
                 ExecutionEnvironmentMemoryGiBPerVCpu\n  value is not a valid dict (type=type_error.dict)\n\
                 ExecutionEnvironmentMemoryGiBPerVCpu\n  value is not a valid integer (type=type_error.integer)\n\
                 ExecutionEnvironmentMemoryGiBPerVCpu\n  value is not a valid float (type=type_error.float)\n\
                 Z\n  extra fields not permitted (type=value_error.extra)"
                .to_owned())
        );
    }
}
