//! The 1.0 event's `headers` and `multiValueHeaders` (§4.3).
//!
//! Captured 1.0 events show every value of a repeated header in `multiValueHeaders`,
//! the last one in `headers`, the `Cookie` header as an ordinary header, and the
//! headers API Gateway sets or rewrites spelled in canonical case (`Content-Length`,
//! `Host`, `X-Forwarded-For`, ...) while the client's other headers keep the
//! lower-case names HTTP/2 clients send. Names are in byte order, as in the captures
//! (capitalised names first). API Gateway sets `Content-Length` (`0` without a body),
//! `Host`, `X-Amzn-Trace-Id` and the `X-Forwarded-*` headers.

use std::borrow::Cow;

use http::HeaderMap;
use http::header::{CONTENT_LENGTH, HOST, TRANSFER_ENCODING};

use super::values::MultiValues;
use crate::headers::{X_AMZN_TRACE_ID, X_FORWARDED_FOR, X_FORWARDED_PORT, X_FORWARDED_PROTO};

/// The headers API Gateway spells in canonical case in 1.0 events (lower-case name,
/// name as sent to the function).
const CANONICAL_NAMES: [(&str, &str); 8] = [
    ("content-length", "Content-Length"),
    ("content-type", "Content-Type"),
    ("host", "Host"),
    ("user-agent", "User-Agent"),
    (X_AMZN_TRACE_ID, "X-Amzn-Trace-Id"),
    (X_FORWARDED_FOR, "X-Forwarded-For"),
    (X_FORWARDED_PORT, "X-Forwarded-Port"),
    (X_FORWARDED_PROTO, "X-Forwarded-Proto"),
];

/// Header values API Gateway sets on the integration request.
#[derive(Debug, Clone)]
pub(super) struct AddedHeaders<'a> {
    pub(super) content_length: String,
    pub(super) host: &'a str,
    pub(super) trace_id: &'a str,
    pub(super) source_ip: String,
    pub(super) forwarded_port: String,
    pub(super) forwarded_proto: &'a str,
}

/// The event's headers: the client's, with API Gateway's set or added.
pub(super) fn event_headers<'a>(
    headers: &'a HeaderMap,
    added: &AddedHeaders<'a>,
) -> MultiValues<'a> {
    let mut event = MultiValues::default();
    for name in headers.keys() {
        // Unconfirmed: transfer-encoding is dropped because API Gateway hands the function
        // a complete body with a content-length (as in 2.0).
        if name == TRANSFER_ENCODING {
            continue;
        }
        let values: Vec<Cow<'a, str>> = match name.as_str() {
            n if n == CONTENT_LENGTH.as_str() => vec![Cow::Owned(added.content_length.clone())],
            X_FORWARDED_PORT => vec![Cow::Owned(added.forwarded_port.clone())],
            X_FORWARDED_PROTO => vec![Cow::Borrowed(added.forwarded_proto)],
            // Unconfirmed: the client's x-forwarded-for is kept and the client address
            // appended, as proxies do (as in 2.0).
            X_FORWARDED_FOR => vec![Cow::Owned(format!(
                "{}, {}",
                values_of(headers, name.as_str()).join(","),
                added.source_ip
            ))],
            _ => values_of(headers, name.as_str()),
        };
        event.insert_new(Cow::Borrowed(event_name(name.as_str())), values);
    }
    let mut add = |name: &'static str, value: Cow<'a, str>| {
        let name = event_name(name);
        if !value.is_empty() && !event.contains(name) {
            event.insert_new(Cow::Borrowed(name), vec![value]);
        }
    };
    add(
        CONTENT_LENGTH.as_str(),
        Cow::Owned(added.content_length.clone()),
    );
    add(HOST.as_str(), Cow::Borrowed(added.host));
    // Unconfirmed: a client-supplied trace header is passed on unchanged (as in 2.0).
    add(X_AMZN_TRACE_ID, Cow::Borrowed(added.trace_id));
    add(X_FORWARDED_FOR, Cow::Owned(added.source_ip.clone()));
    add(X_FORWARDED_PORT, Cow::Owned(added.forwarded_port.clone()));
    add(X_FORWARDED_PROTO, Cow::Borrowed(added.forwarded_proto));
    event.sort_by_name();
    event
}

/// The name a header has in the event: canonical case for API Gateway's own, the
/// lower-case name otherwise.
// Deviation from AWS: AWS passes other header names as the client spelled them
// (`Postman-Token` from an HTTP/1.1 client); gantry's HTTP server lower-cases names on
// receipt, so they arrive as HTTP/2 clients send them.
fn event_name(lower: &str) -> &str {
    CANONICAL_NAMES
        .iter()
        .find(|(name, _)| *name == lower)
        .map_or(lower, |(_, canonical)| canonical)
}

/// Every value of a header, in order; borrowed when UTF-8.
fn values_of<'a>(headers: &'a HeaderMap, name: &str) -> Vec<Cow<'a, str>> {
    headers
        .get_all(name)
        .iter()
        .map(|value| String::from_utf8_lossy(value.as_bytes()))
        .collect()
}
