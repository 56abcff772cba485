//! Headers between the client and the HTTP endpoint (§6.4): hop-by-hop headers stay on
//! their hop, the endpoint's own `Host` is used, incoming `X-Forwarded-*` become one
//! standard `Forwarded` header with the client's address, host and protocol appended.

use std::net::IpAddr;

use http::header::{
    CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, FORWARDED, HOST, PROXY_AUTHENTICATE, TE, TRAILER,
    TRANSFER_ENCODING, UPGRADE,
};
use http::{HeaderMap, HeaderName, HeaderValue};

use super::ProxyRequest;
use crate::headers::{X_AMZN_TRACE_ID, X_FORWARDED_FOR, X_FORWARDED_PORT, X_FORWARDED_PROTO};

/// `x-forwarded-host`, folded into `Forwarded` like the others.
const X_FORWARDED_HOST: &str = "x-forwarded-host";
const KEEP_ALIVE: &str = "keep-alive";
const PROXY_CONNECTION: &str = "proxy-connection";
/// The content type added to a request without a body (§6.4).
// Unconfirmed: AWS documents that it adds a Content-Type to bodiless requests, not which.
const EMPTY_BODY_CONTENT_TYPE: &str = "application/json";

/// Headers that describe one connection, never forwarded in either direction
/// (RFC 9110 §7.6.1); `content-length` is recomputed for the new body.
fn is_hop_by_hop(name: &HeaderName, connection_listed: &[String]) -> bool {
    [
        &CONNECTION,
        &TE,
        &TRAILER,
        &TRANSFER_ENCODING,
        &UPGRADE,
        &PROXY_AUTHENTICATE,
        &CONTENT_LENGTH,
    ]
    .contains(&name)
        || name == KEEP_ALIVE
        || name == PROXY_CONNECTION
        || connection_listed
            .iter()
            .any(|listed| name == listed.as_str())
}

/// Header names the `Connection` header lists as hop-by-hop.
fn connection_listed(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|name| name.trim().to_ascii_lowercase())
        .filter(|name| !name.is_empty())
        .collect()
}

/// The headers sent to the endpoint, before parameter mapping.
pub(super) fn integration_request_headers(request: &ProxyRequest<'_>) -> HeaderMap {
    let listed = connection_listed(request.headers);
    let mut out = HeaderMap::with_capacity(request.headers.len() + 2);
    for (name, value) in request.headers {
        let forwarded_family = name == FORWARDED
            || name == X_FORWARDED_FOR
            || name == X_FORWARDED_HOST
            || name == X_FORWARDED_PROTO
            || name == X_FORWARDED_PORT;
        if name == HOST || forwarded_family || is_hop_by_hop(name, &listed) {
            continue;
        }
        out.append(name.clone(), value.clone());
    }
    if let Ok(value) = HeaderValue::from_str(&forwarded(request)) {
        out.insert(FORWARDED, value);
    }
    // Unconfirmed: AWS documents the trace header for Lambda events (§4.1); gantry adds
    // it to HTTP_PROXY requests too.
    if !out.contains_key(X_AMZN_TRACE_ID)
        && let Ok(value) = HeaderValue::from_str(request.trace_id)
    {
        out.insert(X_AMZN_TRACE_ID, value);
    }
    if request.body.is_empty() && !out.contains_key(CONTENT_TYPE) {
        out.insert(
            CONTENT_TYPE,
            HeaderValue::from_static(EMPTY_BODY_CONTENT_TYPE),
        );
    }
    out
}

/// `Forwarded` (RFC 7239): the client's own `Forwarded` elements, then one per incoming
/// `X-Forwarded-For` address, then the hop API Gateway saw.
// Unconfirmed: AWS documents the translation, not the exact format; this follows RFC
// 7239 with `for`, `host` and `proto` on the appended element.
fn forwarded(request: &ProxyRequest<'_>) -> String {
    let mut elements: Vec<String> = request
        .headers
        .get_all(FORWARDED)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::to_owned)
        .collect();
    elements.extend(
        request
            .headers
            .get_all(X_FORWARDED_FOR)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|address| format!("for={}", node(address))),
    );
    elements.push(format!(
        "for={};host={};proto={}",
        node(&request.client_ip.to_string()),
        quoted_if_needed(request.host),
        request.proto
    ));
    elements.join(", ")
}

/// An RFC 7239 node: IPv6 addresses are bracketed and quoted.
fn node(address: &str) -> String {
    match address.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => format!("\"[{v6}]\""),
        _ => quoted_if_needed(address),
    }
}

fn quoted_if_needed(value: &str) -> String {
    let token = value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if token {
        value.to_owned()
    } else {
        format!("\"{}\"", value.replace('"', "\\\""))
    }
}

/// The endpoint's response headers as the client gets them: passed through, without the
/// hop-by-hop ones (the server frames the body itself).
/// The client's headers as REST APIs' HTTP_PROXY integrations send them
/// (aws-rest-api.md §8.2): all but hop-by-hop ones and `Host` (the endpoint's is used).
pub(super) fn rest_request_headers(client: &HeaderMap) -> HeaderMap {
    let listed = connection_listed(client);
    let mut out = HeaderMap::with_capacity(client.len());
    for (name, value) in client {
        if name != HOST && !is_hop_by_hop(name, &listed) {
            out.append(name.clone(), value.clone());
        }
    }
    out
}

pub(super) fn client_response_headers(upstream: &HeaderMap) -> HeaderMap {
    let listed = connection_listed(upstream);
    let mut out = HeaderMap::with_capacity(upstream.len());
    for (name, value) in upstream {
        if !is_hop_by_hop(name, &listed) {
            out.append(name.clone(), value.clone());
        }
    }
    out
}
