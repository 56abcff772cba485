//! Logical ids the translator derives from data: a prefix and the first 10 hex digits
//! of a SHA-1 over the data, serialised as Python's
//! `json.dumps(data, separators=(",", ":"), sort_keys=True)` (ASCII only, keys sorted),
//! so that gantry's ids are AWS's ids (`../shared/reference/sam-cdk.md` A.15).

use serde_json::Value;
use sha1::{Digest, Sha1};

/// `prefix` followed by the first 10 hex digits of the SHA-1 of `data`; just `prefix`
/// when the data is empty (`""`, `null`, `{}`, `[]`, `false`, `0`), as in the translator.
pub(crate) fn logical_id(prefix: &str, data: &Value) -> String {
    let mut id = prefix.to_owned();
    id.push_str(&hash(data, 10));
    id
}

/// The first `length` hex digits of the SHA-1 of `data` (a string as itself, anything
/// else as Python's sorted compact JSON), or `""` for empty data.
pub(crate) fn hash(data: &Value, length: usize) -> String {
    // Python's truthiness decides whether the translator hashes at all.
    if crate::python::is_falsy(data) {
        return String::new();
    }
    let text = match data {
        Value::String(text) => text.clone(),
        other => python_json(other),
    };
    let mut hex = sha1_hex(text.as_bytes());
    hex.truncate(length);
    hex
}

/// The SHA-1 of `bytes` in lower-case hex.
pub(crate) fn sha1_hex(bytes: &[u8]) -> String {
    let digest = Sha1::digest(bytes);
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// `json.dumps(value, separators=(",", ":"), sort_keys=True)`: compact, keys in code
/// point order, every non-ASCII character escaped as `\uXXXX` (UTF-16 surrogate pairs
/// above the BMP).
pub(crate) fn python_json(value: &Value) -> String {
    let mut out = String::new();
    write_value(value, &mut out);
    out
}

fn write_value(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => out.push_str(&python_number(number)),
        Value::String(text) => write_string(text, out),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            // Python sorts str keys by code point; UTF-8 byte order is the same order.
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (index, key) in keys.into_iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                if let Some(item) = map.get(key) {
                    write_value(item, out);
                }
            }
            out.push('}');
        }
    }
}

/// Python prints floats with `repr`: `1.0`, `0.5`, `1e+16`; integers as written.
fn python_number(number: &serde_json::Number) -> String {
    if number.is_f64()
        && let Some(float) = number.as_f64()
        && float.fract() == 0.0
        && float.abs() < 1e16
    {
        return format!("{float:.1}");
    }
    number.to_string()
}

fn write_string(text: &str, out: &mut String) {
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7f => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_layer_id_is_the_one_the_translator_gives() {
        // Observed with aws-sam-translator 1.110 (../shared/reference/sam-cdk.md A.7).
        let data = json!({"MyLayer": {"Properties": {"CompatibleRuntimes": ["python3.12"],
            "ContentUri": "s3://bucket/layer.zip"}, "Type": "AWS::Serverless::LayerVersion"}});
        assert_eq!(logical_id("MyLayer", &data), "MyLayer70c41bafd9");
    }

    #[test]
    fn a_version_id_is_the_one_the_translator_gives() {
        // ../shared/reference/sam-cdk.md A.5: FnVersiond3232b1cfa.
        let data =
            json!({"S3Bucket": "b", "S3Key": "v2.zip", "Variables": {"X": "1"}, "MemorySize": 256});
        assert_eq!(logical_id("FnVersion", &data), "FnVersiond3232b1cfa");
    }

    #[test]
    fn python_json_sorts_keys_and_escapes_non_ascii() {
        let data = json!({"b": [1, 2.0, true, null], "a": "é😀\n\"", "": {}});
        assert_eq!(
            python_json(&data),
            r#"{"":{},"a":"\u00e9\ud83d\ude00\n\"","b":[1,2.0,true,null]}"#
        );
    }

    #[test]
    fn empty_data_gives_the_bare_prefix() {
        assert_eq!(logical_id("Api", &json!("")), "Api");
        assert_eq!(logical_id("Api", &json!({})), "Api");
        assert_eq!(logical_id("Stage", &json!("my-stage")), "Stagea9d64949ee");
    }
}
