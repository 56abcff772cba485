//! The events' `headers` and `multiValueHeaders` (aws-rest-api.md §2.2): the client's
//! headers minus the drop list, with the ones API Gateway adds (`Host`,
//! `X-Forwarded-For`, `X-Forwarded-Port`, `X-Forwarded-Proto`, `X-Amzn-Trace-Id`).

use http::header::{CONTENT_LENGTH, HOST};
use serde_json::{Map, Value};

use crate::headers::{X_AMZN_TRACE_ID, X_FORWARDED_FOR, X_FORWARDED_PORT, X_FORWARDED_PROTO};
use crate::rest::request::{RestRequest, RestRequestContext};

/// Headers the client sent that never reach the integration (REGIONAL capture,
/// aws-rest-api.md §2.2); lower-case.
const DROPPED: [&str; 12] = [
    "connection",
    "content-length",
    "content-md5",
    "expect",
    "max-forwards",
    "proxy-authenticate",
    "server",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "www-authenticate",
];

/// Which event the headers are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HeaderRule {
    /// The proxy event: the drop list applies.
    Integration,
    /// The `REQUEST` authorizer's event: `Content-Length` is kept (aws-rest-api.md §4.3).
    // Unconfirmed: the rest of the drop list still applies to the authorizer's event.
    Authorizer,
}

/// Header names (as the event spells them) with every value, in order.
#[derive(Debug, Clone, Default)]
pub(super) struct EventHeaders(Vec<(String, Vec<String>)>);

impl EventHeaders {
    pub(super) fn new(
        request: &RestRequest<'_>,
        context: &RestRequestContext<'_>,
        rule: HeaderRule,
    ) -> Self {
        let mut headers = Self::default();
        let source_ip = request.source_ip.to_string();
        for name in request.headers.keys() {
            let lower = name.as_str();
            let kept_length = rule == HeaderRule::Authorizer && name == CONTENT_LENGTH;
            if DROPPED.contains(&lower) && !kept_length {
                continue;
            }
            let sent = request
                .headers
                .get_all(name)
                .iter()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
            let values: Vec<String> = match lower {
                X_FORWARDED_PORT => vec![context.forwarded.port.to_string()],
                X_FORWARDED_PROTO => vec![context.forwarded.proto.to_owned()],
                // Unconfirmed: the client's X-Forwarded-For is kept and the client address
                // appended, as CloudFront does on EDGE (aws-rest-api.md §2.2).
                X_FORWARDED_FOR => vec![format!(
                    "{}, {source_ip}",
                    sent.collect::<Vec<_>>().join(", ")
                )],
                _ => sent.collect(),
            };
            headers.0.push((event_name(lower), values));
        }
        headers.add(HOST.as_str(), context.domain_name.to_owned());
        // Unconfirmed: a client-supplied X-Amzn-Trace-Id is passed on unchanged.
        headers.add(X_AMZN_TRACE_ID, context.trace_id.to_owned());
        headers.add(X_FORWARDED_FOR, source_ip);
        headers.add(X_FORWARDED_PORT, context.forwarded.port.to_string());
        headers.add(X_FORWARDED_PROTO, context.forwarded.proto.to_owned());
        headers
    }

    /// Adds `name` (lower-case) with `value` unless the client sent it.
    fn add(&mut self, name: &str, value: String) {
        let name = event_name(name);
        if !value.is_empty() && !self.0.iter().any(|(n, _)| *n == name) {
            self.0.push((name, vec![value]));
        }
    }

    /// `headers`: each name with its last value (aws-rest-api.md §2.2).
    // Unconfirmed: the last of repeated values, as REST does for query strings.
    pub(super) fn last_values(&self) -> Map<String, Value> {
        self.0
            .iter()
            .filter_map(|(name, values)| Some((name.clone(), values.last()?.clone().into())))
            .collect()
    }

    /// `multiValueHeaders`: each name with every value.
    pub(super) fn all_values(&self) -> Map<String, Value> {
        self.0
            .iter()
            .map(|(name, values)| (name.clone(), values.clone().into()))
            .collect()
    }
}

/// The name a header has in the event: every word capitalised (`content-type` →
/// `Content-Type`, `x-amzn-trace-id` → `X-Amzn-Trace-Id`).
// Deviation from AWS: AWS passes names as the client spelled them (aws-rest-api.md §2.2);
// gantry's HTTP server lower-cases names on receipt, so gantry title-cases every name,
// which is how HTTP/1.1 clients spell the standard headers and what SAM CLI passes.
fn event_name(lower: &str) -> String {
    let mut name = String::with_capacity(lower.len());
    let mut start_of_word = true;
    for c in lower.chars() {
        name.push(if start_of_word {
            c.to_ascii_uppercase()
        } else {
            c
        });
        start_of_word = c == '-';
    }
    name
}
