//! Values as the translator's Python prints them in error messages: `str()` of a
//! template value, where the template's strings are `Py27UniStr`s (their repr has a `u`
//! prefix) and mappings and lists print as Python's repr.

use serde_json::Value;

/// Python's `str(value)` for a value read from an Api's properties or a function's events.
pub(crate) fn python_str(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => python_repr(other),
    }
}

/// Python's `repr(value)`: `{u'Ref': u'X'}`, `[1, True, None]`.
fn python_repr(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Number(number) => crate::ids::python_json(&Value::Number(number.clone())),
        Value::String(text) => unicode_repr(text),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(python_repr).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let entries: Vec<String> = map
                .iter()
                .map(|(key, item)| format!("{}: {}", unicode_repr(key), python_repr(item)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
    }
}

/// A `Py27UniStr`'s repr: `u'text'`, non-ASCII as `\uXXXX`, double quotes when the text
/// has a single quote and no double quote.
fn unicode_repr(text: &str) -> String {
    let double = text.contains('\'') && !text.contains('"');
    let quote = if double { '"' } else { '\'' };
    let mut out = String::from("u");
    out.push(quote);
    for character in text.chars() {
        match character {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\'' if !double => out.push_str("\\'"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if (c as u32) < 0x7f => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn template_values_print_as_the_translator_prints_them() {
        assert_eq!(python_str(&json!({"a": {"b": []}})), "{u'a': {u'b': []}}");
        assert_eq!(
            python_str(&json!(["x", 1, 2.5, true, null])),
            "[u'x', 1, 2.5, True, None]"
        );
        assert_eq!(python_str(&json!("plain")), "plain");
        assert_eq!(python_str(&json!(["it's"])), "[u\"it's\"]");
        assert_eq!(python_str(&json!(false)), "False");
    }
}
