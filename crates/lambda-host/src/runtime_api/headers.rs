//! Header names of the Runtime API (lower case, as HTTP/1.1 headers compare
//! case-insensitively and the `http` crate stores them so).

use http::{HeaderName, HeaderValue};

use crate::invoke::platform_error::UNHANDLED;

/// The invocation's request id (on `/next` responses).
pub(crate) const AWS_REQUEST_ID: HeaderName =
    HeaderName::from_static("lambda-runtime-aws-request-id");
/// The deadline, Unix epoch milliseconds (on `/next` responses).
pub(crate) const DEADLINE_MS: HeaderName = HeaderName::from_static("lambda-runtime-deadline-ms");
/// The invoked function's ARN (on `/next` responses).
pub(crate) const INVOKED_FUNCTION_ARN: HeaderName =
    HeaderName::from_static("lambda-runtime-invoked-function-arn");
/// The X-Ray trace header (on `/next` responses).
pub(crate) const TRACE_ID: HeaderName = HeaderName::from_static("lambda-runtime-trace-id");
/// Client context JSON (on `/next` responses, only when the caller sent one).
pub(crate) const CLIENT_CONTEXT: HeaderName =
    HeaderName::from_static("lambda-runtime-client-context");
/// The error type (on `/error` and `/init/error` requests, or as a streaming trailer).
pub(crate) const FUNCTION_ERROR_TYPE: HeaderName =
    HeaderName::from_static("lambda-runtime-function-error-type");
/// The base64 error document (a streaming trailer).
pub(crate) const FUNCTION_ERROR_BODY: HeaderName =
    HeaderName::from_static("lambda-runtime-function-error-body");
/// `streaming` for a streamed `/response`.
pub(crate) const FUNCTION_RESPONSE_MODE: HeaderName =
    HeaderName::from_static("lambda-runtime-function-response-mode");

/// The only response mode besides the default buffered one.
pub(crate) const RESPONSE_MODE_STREAMING: &str = "streaming";

/// `value` as the HTTP API would send it in a `/next` header: `None` when it would leave
/// the header out, because it is empty (like RIE) or not a valid header value.
pub(crate) fn sent_value(value: &str) -> Option<&str> {
    let valid = value.bytes().all(|b| (b >= 32 && b != 127) || b == b'\t');
    (valid && !value.is_empty()).then_some(value)
}

/// A header value as the HTTP server parses it off the wire: without the spaces and
/// tabs around it; `None` when it holds bytes a header value cannot.
pub(crate) fn received_value(raw: &[u8]) -> Option<HeaderValue> {
    let is_blank = |b: &u8| *b == b' ' || *b == b'\t';
    let start = raw.iter().position(|b| !is_blank(b)).unwrap_or(raw.len());
    let end = raw
        .iter()
        .rposition(|b| !is_blank(b))
        .map_or(start, |last| last + 1);
    HeaderValue::from_bytes(&raw[start..end]).ok()
}

/// `Lambda-Runtime-Function-Error-Type` on `/error` and `/init/error`: `Unhandled` when
/// missing, empty or not visible ASCII.
pub(crate) fn error_type(value: Option<&HeaderValue>) -> String {
    value
        .and_then(|value| value.to_str().ok())
        .filter(|value| !value.is_empty())
        .unwrap_or(UNHANDLED)
        .to_owned()
}

/// The error type trailer of a streamed response; `None` (the stream succeeded) when
/// missing or not visible ASCII.
pub(crate) fn stream_error_type(value: Option<&HeaderValue>) -> Option<String> {
    value
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sent_values_are_exactly_those_the_http_crate_accepts() {
        for byte in 0..=u8::MAX {
            let Ok(text) = std::str::from_utf8(&[byte]).map(str::to_owned) else {
                continue;
            };
            assert_eq!(
                sent_value(&text).is_some(),
                HeaderValue::from_str(&text).is_ok(),
                "byte {byte}"
            );
        }
        assert_eq!(sent_value("caf\u{e9}"), Some("caf\u{e9}"));
        assert_eq!(sent_value(""), None);
    }

    #[test]
    fn received_values_are_trimmed_like_parsed_headers() {
        let value = received_value(b" \t Runtime.Thing \t").unwrap();
        assert_eq!(error_type(Some(&value)), "Runtime.Thing");
        assert_eq!(error_type(received_value(b"   ").as_ref()), "Unhandled");
        assert_eq!(error_type(received_value(b"caf\xe9").as_ref()), "Unhandled");
        assert_eq!(received_value(b"a\nb"), None);
        assert_eq!(error_type(None), "Unhandled");
        assert_eq!(
            stream_error_type(received_value(b"").as_ref()),
            Some(String::new())
        );
    }
}
