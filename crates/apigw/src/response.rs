//! The one place a [`GatewayError`] becomes an HTTP response, byte for byte as API
//! Gateway sends it.
//!
//! Bodies are compact JSON (reference: `{"message":"Unauthorized"}` is 26 bytes on the
//! wire) with `content-type: application/json`; 401 adds `www-authenticate`. The pipeline
//! adds `apigw-requestid` to every response, this one included.

use bytes::Bytes;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, WWW_AUTHENTICATE};
use http::{HeaderValue, Response, StatusCode};

use crate::error::{AuthorizerError, ClientError, GatewayError};
use crate::headers::X_AMZN_ERROR_TYPE;

/// 404 body (§1.4).
pub const NOT_FOUND_BODY: &str = r#"{"message":"Not Found"}"#;
/// 400 body.
// Unconfirmed: the body of a 400 for an unreadable request (Appendix A has none).
pub const BAD_REQUEST_BODY: &str = r#"{"message":"Bad Request"}"#;
/// 401 body (§2.4).
pub const UNAUTHORIZED_BODY: &str = r#"{"message":"Unauthorized"}"#;
/// 403 body (§2.4, observed).
pub const FORBIDDEN_BODY: &str = r#"{"message":"Forbidden"}"#;
/// 429 body (§7.2).
// Unconfirmed: the body of a throttled request on HTTP APIs (Appendix A).
pub const TOO_MANY_REQUESTS_BODY: &str = r#"{"message":"Too Many Requests"}"#;
/// 500 body (§5.4, §9.3).
pub const INTERNAL_SERVER_ERROR_BODY: &str = r#"{"message":"Internal Server Error"}"#;
/// 503 body (§6.1).
pub const SERVICE_UNAVAILABLE_BODY: &str = r#"{"message":"Service Unavailable"}"#;
/// The content type of API Gateway's own error bodies.
pub const ERROR_CONTENT_TYPE: &str = "application/json";
/// Content type of the 413 answer.
// Unconfirmed: HTTP APIs' answer to an oversized body is not documented
// (§6.1); this is API Gateway's observed REST API answer: `HTTP content length exceeded
// 10485760 bytes.` with `content-type: text; charset=utf-8`.
pub const PAYLOAD_TOO_LARGE_CONTENT_TYPE: &str = "text; charset=utf-8";

/// AWS's response for `error`. The explanation (`error`'s `Display`) is not sent; the
/// gateway's access log carries it.
pub fn error_response(error: &GatewayError) -> Response<Bytes> {
    let status = error.status();
    let (content_type, body) = match error {
        GatewayError::Client(ClientError::PayloadTooLarge { limit, .. }) => (
            PAYLOAD_TOO_LARGE_CONTENT_TYPE,
            Bytes::from(format!("HTTP content length exceeded {limit} bytes.")),
        ),
        GatewayError::Authorizer(AuthorizerError::Iam(deny)) => (
            ERROR_CONTENT_TYPE,
            Bytes::from(serde_json::json!({ "message": deny.message() }).to_string()),
        ),
        _ => (
            ERROR_CONTENT_TYPE,
            Bytes::from_static(body_for(status).as_bytes()),
        ),
    };
    let length = HeaderValue::from(body.len());
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(CONTENT_LENGTH, length);
    if let GatewayError::Authorizer(AuthorizerError::Jwt(reason)) = error
        && let Ok(challenge) = HeaderValue::from_str(&reason.www_authenticate())
    {
        response.headers_mut().insert(WWW_AUTHENTICATE, challenge);
    }
    if let GatewayError::Authorizer(AuthorizerError::Iam(deny)) = error
        && let Some(error_type) = deny.error_type()
    {
        response
            .headers_mut()
            .insert(X_AMZN_ERROR_TYPE, HeaderValue::from_static(error_type));
    }
    response
}

fn body_for(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => BAD_REQUEST_BODY,
        StatusCode::NOT_FOUND => NOT_FOUND_BODY,
        StatusCode::UNAUTHORIZED => UNAUTHORIZED_BODY,
        StatusCode::FORBIDDEN => FORBIDDEN_BODY,
        StatusCode::TOO_MANY_REQUESTS => TOO_MANY_REQUESTS_BODY,
        StatusCode::SERVICE_UNAVAILABLE => SERVICE_UNAVAILABLE_BODY,
        _ => INTERNAL_SERVER_ERROR_BODY,
    }
}

#[cfg(test)]
mod tests;
