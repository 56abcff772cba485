//! A Lambda proxy response's `multiValueHeaders` and `headers` as response header lines,
//! shared by payload format 1.0 and REST APIs (aws-rest-api.md §3.2): each value of
//! `multiValueHeaders` is its own line, then `headers` is merged in, a value already
//! listed for the same name not repeated. What differs between the two gateways is what
//! they do with a header name they set themselves ([`Reserved`]).

use http::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{Map, Value};

use crate::payload::v2::{MalformedResponse, excerpt};

const HEADERS: &str = "headers";
const MULTI_VALUE_HEADERS: &str = "multiValueHeaders";

/// What the gateway does with a header name of the function's that it sets itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reserved {
    /// The line is dropped.
    Drop,
    /// The name gets this prefix (`x-amzn-remapped-`).
    Rename(&'static str),
}

/// Appends the header lines of a proxy response `object` to `headers`; `reserved` says
/// what happens to the names the gateway sets itself (`None`: kept as is).
pub(crate) fn append_proxy_headers(
    object: &Map<String, Value>,
    headers: &mut HeaderMap,
    reserved: fn(&HeaderName) -> Option<Reserved>,
) -> Result<(), MalformedResponse> {
    append_multi_value_headers(object.get(MULTI_VALUE_HEADERS), headers, reserved)?;
    append_headers(object.get(HEADERS), headers, reserved)
}

/// A header value as text; numbers and booleans are written out.
// Unconfirmed: numbers and booleans are accepted (REST renders booleans, observed).
pub(crate) fn header_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(_) | Value::Bool(_) => Some(value.to_string()),
        _ => None,
    }
}

/// `multiValueHeaders`: each name with a list of values, each its own header line.
fn append_multi_value_headers(
    value: Option<&Value>,
    headers: &mut HeaderMap,
    reserved: fn(&HeaderName) -> Option<Reserved>,
) -> Result<(), MalformedResponse> {
    let Some(object) = object_of(MULTI_VALUE_HEADERS, value)? else {
        return Ok(());
    };
    for (name, values) in object {
        let field = format!("{MULTI_VALUE_HEADERS}.{name}");
        let items = match values {
            Value::Null => continue,
            Value::Array(items) => items,
            // REST answers a single string here as malformed (observed).
            other => {
                return Err(malformed(
                    &field,
                    excerpt(&other.to_string()),
                    "a list of strings",
                ));
            }
        };
        for (index, item) in items.iter().enumerate() {
            let Some(text) = header_text(item) else {
                let field = format!("{field}[{index}]");
                return Err(malformed(&field, excerpt(&item.to_string()), "a string"));
            };
            append(headers, &field, name, &text, reserved)?;
        }
    }
    Ok(())
}

/// `headers`: each name with one value; a value already listed by `multiValueHeaders` for
/// the same name is not repeated (AWS's documented merge).
fn append_headers(
    value: Option<&Value>,
    headers: &mut HeaderMap,
    reserved: fn(&HeaderName) -> Option<Reserved>,
) -> Result<(), MalformedResponse> {
    let Some(object) = object_of(HEADERS, value)? else {
        return Ok(());
    };
    for (name, value) in object {
        let field = format!("{HEADERS}.{name}");
        if value.is_null() {
            continue;
        }
        let Some(text) = header_text(value) else {
            return Err(malformed(&field, excerpt(&value.to_string()), "a string"));
        };
        let listed = headers
            .get_all(name.to_ascii_lowercase().as_str())
            .iter()
            .any(|existing| existing.as_bytes() == text.as_bytes());
        if !listed {
            append(headers, &field, name, &text, reserved)?;
        }
    }
    Ok(())
}

/// An object, or `None` when the field is absent or null.
fn object_of<'v>(
    field: &str,
    value: Option<&'v Value>,
) -> Result<Option<&'v Map<String, Value>>, MalformedResponse> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(object)) => Ok(Some(object)),
        Some(other) => Err(malformed(
            field,
            excerpt(&other.to_string()),
            "an object of header names",
        )),
    }
}

/// Appends one header line, unless the gateway drops or renames its name.
fn append(
    headers: &mut HeaderMap,
    field: &str,
    name: &str,
    text: &str,
    reserved: fn(&HeaderName) -> Option<Reserved>,
) -> Result<(), MalformedResponse> {
    let invalid_name = || {
        malformed(
            field,
            "an invalid header name".to_owned(),
            "a valid HTTP header name",
        )
    };
    let mut header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid_name())?;
    match reserved(&header_name) {
        None => {}
        Some(Reserved::Drop) => return Ok(()),
        Some(Reserved::Rename(prefix)) => {
            header_name = HeaderName::from_bytes(format!("{prefix}{header_name}").as_bytes())
                .map_err(|_| invalid_name())?;
        }
    }
    let header_value = HeaderValue::from_str(text).map_err(|_| {
        malformed(
            field,
            excerpt(text),
            "a header value without control characters",
        )
    })?;
    headers.append(header_name, header_value);
    Ok(())
}

fn malformed(field: &str, found: String, expected: &'static str) -> MalformedResponse {
    MalformedResponse {
        field: field.to_owned(),
        found,
        expected,
    }
}
