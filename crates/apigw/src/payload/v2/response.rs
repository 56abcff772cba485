//! Mapping the function's output to the HTTP response (§5.1, §5.2, §5.4).
//!
//! - A JSON object with a `statusCode` key is the full form: `statusCode`, `headers`,
//!   `cookies` (one `set-cookie` each), `body`, `isBase64Encoded`; `multiValueHeaders`
//!   and unknown keys are ignored.
//! - Any other valid JSON is inferred: status 200, `content-type: application/json`,
//!   the JSON as the body.
//! - Anything else is malformed: a value naming the field and what AWS expects, which
//!   the gateway answers with 500.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use http::header::{CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, SET_COOKIE, TRANSFER_ENCODING};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde_json::{Map, Value};

const STATUS_CODE: &str = "statusCode";
const HEADERS: &str = "headers";
const COOKIES: &str = "cookies";
const BODY: &str = "body";
const IS_BASE64_ENCODED: &str = "isBase64Encoded";
const INFERRED_CONTENT_TYPE: &str = "application/json";
/// Unconfirmed: AWS's content type when a full-form response names none; clients have
/// reported `text/plain` (§5.1).
const DEFAULT_CONTENT_TYPE: &str = "text/plain; charset=utf-8";

/// The response to send to the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrationResponse {
    /// The status code.
    pub status: StatusCode,
    /// Headers from the function, plus one `set-cookie` per cookie.
    pub headers: HeaderMap,
    /// The body bytes.
    pub body: Bytes,
}

/// A function response API Gateway cannot use: which field, what it was, what AWS expects.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the function's response {field} is {found}; API Gateway expects {expected}, so it answers 500"
)]
pub struct MalformedResponse {
    /// The offending field (`body`, `headers.x-a`, `cookies[0]`, ...), or `payload` when
    /// the output is not JSON at all.
    pub field: String,
    /// What was there (a short JSON excerpt or a description).
    pub found: String,
    /// What the payload format requires.
    pub expected: &'static str,
}

/// The outcome of mapping a function's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseMapping {
    /// A valid response.
    Mapped(IntegrationResponse),
    /// A malformed response; the client gets 500.
    Malformed(MalformedResponse),
}

/// Maps the function's successful output (the invoke response payload).
pub fn map_response(payload: &[u8]) -> ResponseMapping {
    let value: Value = match serde_json::from_slice(payload) {
        Ok(value) => value,
        Err(error) => {
            return ResponseMapping::Malformed(malformed(
                "payload",
                format!(
                    "not JSON ({error}): {}",
                    excerpt(&String::from_utf8_lossy(payload))
                ),
                "the function to return JSON",
            ));
        }
    };
    match value {
        Value::Object(object) if object.contains_key(STATUS_CODE) => match full_form(object) {
            Ok(response) => ResponseMapping::Mapped(response),
            Err(problem) => ResponseMapping::Malformed(problem),
        },
        other => ResponseMapping::Mapped(inferred(other, payload)),
    }
}

/// §5.2: status 200, JSON content type, the output as the body.
// Unconfirmed: a JSON string becomes its contents (`"Hello"` → `Hello`), following AWS's
// documentation table; other values are sent as the bytes the function returned.
fn inferred(value: Value, payload: &[u8]) -> IntegrationResponse {
    let body = match value {
        Value::String(text) => Bytes::from(text),
        _ => Bytes::copy_from_slice(payload),
    };
    let mut headers = HeaderMap::new();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(INFERRED_CONTENT_TYPE),
    );
    IntegrationResponse {
        status: StatusCode::OK,
        headers,
        body,
    }
}

fn full_form(mut object: Map<String, Value>) -> Result<IntegrationResponse, MalformedResponse> {
    let status = status_code(object.get(STATUS_CODE))?;
    let mut headers = response_headers(object.get(HEADERS))?;
    append_cookies(object.get(COOKIES), &mut headers)?;
    if !headers.contains_key(CONTENT_TYPE) {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(DEFAULT_CONTENT_TYPE));
    }
    let base64 = match object.get(IS_BASE64_ENCODED) {
        None | Some(Value::Null) => false,
        Some(Value::Bool(flag)) => *flag,
        Some(other) => {
            return Err(malformed(
                IS_BASE64_ENCODED,
                excerpt(&other.to_string()),
                "a boolean",
            ));
        }
    };
    let body = match object.remove(BODY) {
        None | Some(Value::Null) => Bytes::new(),
        Some(Value::String(text)) if base64 => {
            STANDARD.decode(text.trim()).map(Bytes::from).map_err(|e| {
                malformed(
                    BODY,
                    format!("not valid base64 ({e})"),
                    "base64 text because isBase64Encoded is true",
                )
            })?
        }
        Some(Value::String(text)) => Bytes::from(text),
        // AWS logs: `Lambda body contains the wrong type for field "body"` (§5.4).
        Some(other) => return Err(malformed(BODY, excerpt(&other.to_string()), "a string")),
    };
    Ok(IntegrationResponse {
        status,
        headers,
        body,
    })
}

// Unconfirmed: only integers 100–599 are accepted; a numeric string or a float is
// malformed.
fn status_code(value: Option<&Value>) -> Result<StatusCode, MalformedResponse> {
    const EXPECTED: &str = "an integer HTTP status code from 100 to 599";
    let found = value.map_or_else(|| "null".to_owned(), |v| excerpt(&v.to_string()));
    value
        .and_then(Value::as_u64)
        .filter(|code| (100..=599).contains(code))
        .and_then(|code| u16::try_from(code).ok())
        .and_then(|code| StatusCode::from_u16(code).ok())
        .ok_or_else(|| malformed(STATUS_CODE, found, EXPECTED))
}

/// `headers`: an object of string values (numbers and booleans are written out).
// Unconfirmed: numbers and booleans are accepted as header values. Framing headers from
// the function (content-length, transfer-encoding, connection) are dropped because the
// gateway frames the body itself.
fn response_headers(value: Option<&Value>) -> Result<HeaderMap, MalformedResponse> {
    let mut headers = HeaderMap::new();
    let object = match value {
        None | Some(Value::Null) => return Ok(headers),
        Some(Value::Object(object)) => object,
        Some(other) => {
            return Err(malformed(
                HEADERS,
                excerpt(&other.to_string()),
                "an object of header names to strings",
            ));
        }
    };
    for (name, value) in object {
        let field = format!("{HEADERS}.{name}");
        let text = match value {
            Value::String(text) => text.clone(),
            Value::Number(_) | Value::Bool(_) => value.to_string(),
            Value::Null => continue,
            other => return Err(malformed(&field, excerpt(&other.to_string()), "a string")),
        };
        let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            malformed(
                &field,
                "an invalid header name".to_owned(),
                "a valid HTTP header name",
            )
        })?;
        if header_name == CONTENT_LENGTH
            || header_name == TRANSFER_ENCODING
            || header_name == CONNECTION
        {
            continue;
        }
        let header_value = HeaderValue::from_str(&text).map_err(|_| {
            malformed(
                &field,
                excerpt(&text),
                "a header value without control characters",
            )
        })?;
        headers.append(header_name, header_value);
    }
    Ok(headers)
}

/// Each `cookies` entry becomes its own `set-cookie` header (§5.1).
fn append_cookies(value: Option<&Value>, headers: &mut HeaderMap) -> Result<(), MalformedResponse> {
    let items = match value {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(malformed(
                COOKIES,
                excerpt(&other.to_string()),
                "a list of strings",
            ));
        }
    };
    for (index, item) in items.iter().enumerate() {
        let field = format!("{COOKIES}[{index}]");
        let Some(text) = item.as_str() else {
            return Err(malformed(&field, excerpt(&item.to_string()), "a string"));
        };
        let cookie = HeaderValue::from_str(text)
            .map_err(|_| malformed(&field, excerpt(text), "a cookie without control characters"))?;
        headers.append(SET_COOKIE, cookie);
    }
    Ok(())
}

fn malformed(field: &str, found: String, expected: &'static str) -> MalformedResponse {
    MalformedResponse {
        field: field.to_owned(),
        found,
        expected,
    }
}

/// At most 80 characters of a value, for explanations.
pub(crate) fn excerpt(text: &str) -> String {
    const LIMIT: usize = 80;
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests;
