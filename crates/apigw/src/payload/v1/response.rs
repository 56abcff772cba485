//! Mapping the function's output to the HTTP response in payload format 1.0 (§5.3,
//! §5.4).
//!
//! The output must be a JSON object with `statusCode`; `headers` and
//! `multiValueHeaders` are merged (every value its own header line, so each
//! `set-cookie` stays one cookie), `body` is a string, base64-decoded when
//! `isBase64Encoded` is true. Unlike 2.0, nothing is inferred: any other output is
//! malformed, which the gateway answers with 500 and explains.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use http::header::{CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, TRANSFER_ENCODING};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde_json::{Map, Value};

use super::proxy_headers::{Reserved, append_proxy_headers};
use crate::payload::v2::{IntegrationResponse, MalformedResponse, ResponseMapping, excerpt};

const STATUS_CODE: &str = "statusCode";
const BODY: &str = "body";
const IS_BASE64_ENCODED: &str = "isBase64Encoded";
/// The content type when the function names none.
// Unconfirmed: REST's documented default for proxy responses; HTTP APIs do not document
// the 1.0 default.
const DEFAULT_CONTENT_TYPE: &str = "application/json";

/// Maps the function's successful output (the invoke response payload).
pub fn map_response(payload: &[u8]) -> ResponseMapping {
    match response(payload) {
        Ok(response) => ResponseMapping::Mapped(response),
        Err(problem) => ResponseMapping::Malformed(problem),
    }
}

fn response(payload: &[u8]) -> Result<IntegrationResponse, MalformedResponse> {
    let value: Value = serde_json::from_slice(payload).map_err(|error| {
        malformed(
            "payload",
            format!(
                "not JSON ({error}): {}",
                excerpt(&String::from_utf8_lossy(payload))
            ),
            "the function to return JSON",
        )
    })?;
    // Unconfirmed: no inference in 1.0 (AWS documents it for 2.0 only; SAM CLI refuses
    // such output for HTTP APIs); unknown keys, `cookies` included, are ignored as in 2.0.
    let Value::Object(mut object) = value else {
        return Err(malformed(
            "payload",
            excerpt(&value.to_string()),
            "an object with statusCode (payload format 1.0 infers nothing; return {\"statusCode\": 200, \"body\": \"...\"})",
        ));
    };
    let status = status_code(object.get(STATUS_CODE))?;
    let mut headers = HeaderMap::new();
    append_proxy_headers(&object, &mut headers, gateway_framed)?;
    if !headers.contains_key(CONTENT_TYPE) {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(DEFAULT_CONTENT_TYPE));
    }
    let body = body(&mut object)?;
    Ok(IntegrationResponse {
        status,
        headers,
        body,
    })
}

/// Framing headers from the function are dropped because the gateway frames the body
/// itself (as in 2.0).
fn gateway_framed(name: &HeaderName) -> Option<Reserved> {
    [CONTENT_LENGTH, TRANSFER_ENCODING, CONNECTION]
        .contains(name)
        .then_some(Reserved::Drop)
}

/// An integer from 100 to 599, or such a number written as a string.
// Unconfirmed: numeric strings are accepted as REST accepts them (`"201"`, observed);
// anything else, a missing statusCode included, is malformed.
fn status_code(value: Option<&Value>) -> Result<StatusCode, MalformedResponse> {
    const EXPECTED: &str = "an integer HTTP status code from 100 to 599";
    let code = match value {
        Some(Value::Number(number)) => number.as_u64(),
        Some(Value::String(text)) => text.parse::<u64>().ok(),
        _ => None,
    };
    code.filter(|code| (100..=599).contains(code))
        .and_then(|code| u16::try_from(code).ok())
        .and_then(|code| StatusCode::from_u16(code).ok())
        .ok_or_else(|| {
            let found = value.map_or_else(|| "missing".to_owned(), |v| excerpt(&v.to_string()));
            malformed(STATUS_CODE, found, EXPECTED)
        })
}

/// `body`, decoded from base64 when `isBase64Encoded` is true.
fn body(object: &mut Map<String, Value>) -> Result<Bytes, MalformedResponse> {
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
    match object.remove(BODY) {
        None | Some(Value::Null) => Ok(Bytes::new()),
        Some(Value::String(text)) if base64 => {
            STANDARD.decode(text.trim()).map(Bytes::from).map_err(|e| {
                malformed(
                    BODY,
                    format!("not valid base64 ({e})"),
                    "base64 text because isBase64Encoded is true",
                )
            })
        }
        Some(Value::String(text)) => Ok(Bytes::from(text)),
        // AWS logs: `Lambda body contains the wrong type for field "body"` (§5.4).
        Some(other) => Err(malformed(BODY, excerpt(&other.to_string()), "a string")),
    }
}

fn malformed(field: &str, found: String, expected: &'static str) -> MalformedResponse {
    MalformedResponse {
        field: field.to_owned(),
        found,
        expected,
    }
}

#[cfg(test)]
mod tests;
