//! The one pooled HTTP client the proxy integrations share.

use std::sync::OnceLock;

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use reqwest::Url;

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

/// Sends one request and reads the whole response; `Err` says why there is none.
pub(super) async fn send(
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Upstream, String> {
    let client = client()?;
    let response = client
        .request(method, url)
        .headers(headers)
        .body(body)
        .send()
        .await
        .map_err(|e| error_chain(&e))?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(|e| error_chain(&e))?;
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
