//! The one pooled HTTP client the proxy integrations share.

use std::sync::OnceLock;

use bytes::{Bytes, BytesMut};
use http::{HeaderMap, Method, StatusCode};
use reqwest::Url;

/// API Gateway's payload quota (§6.1), applied to the endpoint's response too.
// Unconfirmed: AWS does not document its answer to a larger response; gantry answers
// 500 like an endpoint it cannot read.
const MAX_RESPONSE_BODY_BYTES: usize = 10 * 1024 * 1024;

/// The endpoint's answer, read in full.
pub(super) struct Upstream {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
}

/// Built once, on first use; connections are pooled across requests and integrations.
/// Redirects are passed to the client like any response; no proxy from the environment.
fn client() -> Result<&'static reqwest::Client, String> {
    static CLIENT: OnceLock<Result<reqwest::Client, String>> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            reqwest::Client::builder()
                .no_proxy()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| format!("the HTTP client could not be built: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Why there is no response to pass on.
pub(super) enum SendError {
    /// No connection to the endpoint (refused, unresolvable, reset while connecting).
    Unreachable(String),
    /// The endpoint's answer cannot be used (malformed, cut short, too large).
    BadResponse(String),
}

/// Sends one request and reads the whole response.
pub(super) async fn send(
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Upstream, SendError> {
    let client = client().map_err(SendError::Unreachable)?;
    let classify = |e: reqwest::Error| {
        if e.is_connect() {
            SendError::Unreachable(error_chain(&e))
        } else {
            SendError::BadResponse(error_chain(&e))
        }
    };
    let mut response = client
        .request(method, url)
        .headers(headers)
        .body(body)
        .send()
        .await
        .map_err(classify)?;
    let status = response.status();
    let headers = response.headers().clone();
    let mut body = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(classify)? {
        if body.len() + chunk.len() > MAX_RESPONSE_BODY_BYTES {
            return Err(SendError::BadResponse(format!(
                "the response body is over API Gateway's payload limit of {MAX_RESPONSE_BODY_BYTES} bytes"
            )));
        }
        body.extend_from_slice(&chunk);
    }
    let body = body.freeze();
    Ok(Upstream {
        status,
        headers,
        body,
    })
}

/// The error's causes, innermost last (`client error (Connect): tcp connect error:
/// Connection refused`); reqwest's own top line only repeats the URL the caller names.
fn error_chain(error: &reqwest::Error) -> String {
    let top: &dyn std::error::Error = error;
    let Some(first) = top.source() else {
        return error.to_string();
    };
    let mut text = first.to_string();
    let mut source = first.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
