//! Header names of the Runtime API (lower case, as HTTP/1.1 headers compare
//! case-insensitively and the `http` crate stores them so).

use http::HeaderName;

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
