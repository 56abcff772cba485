//! Mapping a Lambda proxy integration's result to the client's response
//! (aws-rest-api.md §3).
//!
//! The result must be a JSON object with only `statusCode` (default 200, a number or a
//! numeric string), `headers`, `multiValueHeaders` (lists), `body` (a string) and
//! `isBase64Encoded`; anything else is a "Malformed Lambda proxy response" (502). The
//! body is decoded from base64 only when `isBase64Encoded` is true and the request's
//! first `Accept` type is a binary media type; undecodable base64 is a configuration
//! error (500). Not here: function errors and timeouts (the invoker's), the headers the
//! gateway adds (`x-amzn-RequestId`, ...).

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use http::header::{CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, DATE, SERVER, TRANSFER_ENCODING};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde_json::{Map, Value};

// A header value as text, as payload format 1.0 reads it: booleans are rendered
// `true`/`false` (aws-rest-api.md §3.1).
// Unconfirmed: numbers are rendered too (LocalStack refuses them; AWS untested).
use crate::payload::v1::{Reserved, append_proxy_headers};
use crate::payload::v2::excerpt;
use crate::rest::binary::BinaryMediaTypes;
use crate::rest::error::RestError;

const STATUS_CODE: &str = "statusCode";
const HEADERS: &str = "headers";
const MULTI_VALUE_HEADERS: &str = "multiValueHeaders";
const BODY: &str = "body";
const IS_BASE64_ENCODED: &str = "isBase64Encoded";
/// Every key a proxy result may have (aws-rest-api.md §3.1).
const KNOWN_KEYS: [&str; 5] = [
    STATUS_CODE,
    HEADERS,
    MULTI_VALUE_HEADERS,
    BODY,
    IS_BASE64_ENCODED,
];
/// The content type when the function names none (aws-rest-api.md §3.2).
const DEFAULT_CONTENT_TYPE: &str = "application/json";
/// Prefix of a reserved header the function set, renamed (aws-rest-api.md §3.2).
const REMAPPED_PREFIX: &str = "x-amzn-remapped-";

/// The response the client receives.
#[derive(Debug, Clone, PartialEq)]
pub struct MappedResponse {
    /// The status.
    pub status: StatusCode,
    /// The function's headers, one line per value, `Content-Type` defaulted.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

/// What is wrong with a function's result: a 502 (malformed) or, for a body that cannot
/// be decoded, a 500 configuration error (aws-rest-api.md §3.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MalformedProxyResponse {
    /// What is wrong and how to fix it (the key, the value).
    pub explanation: String,
    /// A configuration error (500) rather than a malformed response (502).
    pub configuration_error: bool,
}

impl fmt::Display for MalformedProxyResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.explanation)
    }
}

impl std::error::Error for MalformedProxyResponse {}

impl MalformedProxyResponse {
    /// The answer AWS gives: 502 `{"message": "Internal server error"}`, or 500 for a
    /// body that cannot be decoded.
    pub fn to_rest_error(&self) -> RestError {
        if self.configuration_error {
            RestError::configuration(self.explanation.clone())
        } else {
            RestError::bad_gateway(self.explanation.clone())
        }
    }

    fn malformed(key: &str, found: &str, expected: &str) -> Self {
        Self {
            explanation: format!(
                "Malformed Lambda proxy response: `{key}` is {found}; API Gateway expects {expected}, so it answers 502"
            ),
            configuration_error: false,
        }
    }
}

/// Maps the function's `output` (aws-rest-api.md §3.1); `accept` is the request's
/// `Accept` header.
pub fn map_proxy_response(
    output: &[u8],
    accept: Option<&str>,
    binary: &BinaryMediaTypes,
) -> Result<MappedResponse, MalformedProxyResponse> {
    let value: Value = serde_json::from_slice(output).map_err(|error| {
        MalformedProxyResponse::malformed(
            "payload",
            &format!(
                "not JSON ({error}): {}",
                excerpt(&String::from_utf8_lossy(output))
            ),
            "a JSON object like {\"statusCode\": 200, \"body\": \"...\"}",
        )
    })?;
    let Value::Object(object) = value else {
        return Err(MalformedProxyResponse::malformed(
            "payload",
            &excerpt(&value.to_string()),
            "a JSON object like {\"statusCode\": 200, \"body\": \"...\"}",
        ));
    };
    if let Some(unknown) = object.keys().find(|k| !KNOWN_KEYS.contains(&k.as_str())) {
        return Err(MalformedProxyResponse::malformed(
            unknown,
            "not a proxy response key",
            "only statusCode, headers, multiValueHeaders, body and isBase64Encoded; remove it",
        ));
    }
    let status = status_code(object.get(STATUS_CODE))?;
    let mut headers = HeaderMap::new();
    append_proxy_headers(&object, &mut headers, remapped).map_err(|malformed| {
        MalformedProxyResponse::malformed(&malformed.field, &malformed.found, malformed.expected)
    })?;
    if !headers.contains_key(CONTENT_TYPE) {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(DEFAULT_CONTENT_TYPE));
    }
    let body = body(&object, accept, binary)?;
    Ok(MappedResponse {
        status,
        headers,
        body,
    })
}

/// The reserved names the gateway sets itself are renamed `x-amzn-Remapped-<name>`,
/// framing ones dropped.
// Unconfirmed: which names are remapped (Connection, Content-Length, Date, Server) and
// that Transfer-Encoding is dropped; AWS's full table is on its known-issues page.
fn remapped(name: &HeaderName) -> Option<Reserved> {
    if name == TRANSFER_ENCODING {
        Some(Reserved::Drop)
    } else {
        [CONNECTION, CONTENT_LENGTH, DATE, SERVER]
            .contains(name)
            .then_some(Reserved::Rename(REMAPPED_PREFIX))
    }
}

/// `statusCode`: 200 when missing; a number or a numeric string from 100 to 599.
// Unconfirmed: `null` counts as missing, and codes outside 100–599 are malformed.
fn status_code(value: Option<&Value>) -> Result<StatusCode, MalformedProxyResponse> {
    let code = match value {
        None | Some(Value::Null) => return Ok(StatusCode::OK),
        Some(Value::Number(number)) => number.as_u64(),
        Some(Value::String(text)) => text.trim().parse::<u64>().ok(),
        Some(_) => None,
    };
    code.filter(|code| (100..=599).contains(code))
        .and_then(|code| u16::try_from(code).ok())
        .and_then(|code| StatusCode::from_u16(code).ok())
        .ok_or_else(|| {
            let found = value.map_or_else(String::new, |v| excerpt(&v.to_string()));
            MalformedProxyResponse::malformed(
                STATUS_CODE,
                &found,
                "an HTTP status code from 100 to 599 (a number or a numeric string)",
            )
        })
}

/// `body`: text as is, decoded from base64 only when `isBase64Encoded` is true and the
/// first `Accept` type is binary (aws-rest-api.md §3.3).
fn body(
    object: &Map<String, Value>,
    accept: Option<&str>,
    binary: &BinaryMediaTypes,
) -> Result<Bytes, MalformedProxyResponse> {
    let is_base64 = match object.get(IS_BASE64_ENCODED) {
        None | Some(Value::Null) => false,
        Some(Value::Bool(flag)) => *flag,
        Some(other) => {
            return Err(MalformedProxyResponse::malformed(
                IS_BASE64_ENCODED,
                &excerpt(&other.to_string()),
                "a boolean",
            ));
        }
    };
    let text = match object.get(BODY) {
        None | Some(Value::Null) => return Ok(Bytes::new()),
        Some(Value::String(text)) => text,
        Some(other) => {
            return Err(MalformedProxyResponse::malformed(
                BODY,
                &excerpt(&other.to_string()),
                "a string (serialize JSON bodies with JSON.stringify / json.dumps)",
            ));
        }
    };
    if !(is_base64 && binary.matches_accept(accept)) {
        return Ok(Bytes::from(text.clone()));
    }
    STANDARD
        .decode(text.trim())
        .map(Bytes::from)
        .map_err(|error| MalformedProxyResponse {
            explanation: format!(
                "Execution failed due to configuration error: unable to transform the response body: \
                 `body` is not valid base64 ({error}) although isBase64Encoded is true and the Accept \
                 type is binary; encode the body as base64, so API Gateway answers 500"
            ),
            configuration_error: true,
        })
}

#[cfg(test)]
mod tests;
