//! Template comparison as the translator's test suite does it: every list is compared
//! without regard to order, numbers by value, and REST `Deployment` hashes normalised.

use regex::Regex;
use serde_json::{Map, Value};

/// Human-readable differences between `expected` and `actual` (empty when equal).
pub fn differences(expected: &Value, actual: &Value) -> Vec<String> {
    let expected = normalise(expected);
    let actual = normalise(actual);
    let mut out = Vec::new();
    diff("", &expected, &actual, &mut out);
    out
}

/// Deployment hashes replaced by a placeholder, lists sorted by their canonical text.
pub fn normalise(value: &Value) -> Value {
    let text = serde_json::to_string(value).unwrap_or_default();
    let deployment = Regex::new(r"(Deployment)[0-9a-f]{10}\b").expect("a valid pattern");
    let description =
        Regex::new(r"(RestApi deployment id: )[0-9a-f]{40}").expect("a valid pattern");
    let text = deployment.replace_all(&text, "${1}<hash>");
    let text = description.replace_all(&text, "${1}<hash>");
    let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    sort_lists(&value)
}

fn sort_lists(value: &Value) -> Value {
    match value {
        Value::Array(items) => {
            let mut items: Vec<Value> = items.iter().map(sort_lists).collect();
            items.sort_by_cached_key(canonical);
            Value::Array(items)
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), sort_lists(v)))
                .collect(),
        ),
        Value::Number(number) => match number.as_f64() {
            // 1 and 1.0 are one number to Python's comparison.
            Some(float) if number.is_f64() && float.fract() == 0.0 && float.abs() < 1e15 => {
                Value::Number(serde_json::Number::from(float as i64))
            }
            _ => value.clone(),
        },
        other => other.clone(),
    }
}

fn canonical(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let sorted: std::collections::BTreeMap<&String, String> =
                map.iter().map(|(k, v)| (k, canonical(v))).collect();
            format!("{sorted:?}")
        }
        Value::Array(items) => format!("{:?}", items.iter().map(canonical).collect::<Vec<_>>()),
        other => other.to_string(),
    }
}

fn diff(path: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => diff_maps(path, e, a, out),
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (index, (e, a)) in e.iter().zip(a).enumerate() {
                diff(&format!("{path}[{index}]"), e, a, out);
            }
        }
        (e, a) if e == a => {}
        (e, a) => out.push(format!(
            "  {path}:\n    expected {}\n    actual   {}",
            short(e),
            short(a)
        )),
    }
}

fn diff_maps(
    path: &str,
    expected: &Map<String, Value>,
    actual: &Map<String, Value>,
    out: &mut Vec<String>,
) {
    for (key, e) in expected {
        let here = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        match actual.get(key) {
            Some(a) => diff(&here, e, a, out),
            None => out.push(format!("  {here}: missing (expected {})", short(e))),
        }
    }
    for (key, a) in actual {
        if !expected.contains_key(key) {
            let here = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            out.push(format!("  {here}: unexpected {}", short(a)));
        }
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.len() > 400 {
        format!(
            "{}…",
            &text[..text.char_indices().nth(400).map_or(text.len(), |(i, _)| i)]
        )
    } else {
        text
    }
}
