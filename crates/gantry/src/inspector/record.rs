//! One answered API request as the inspector keeps it. On the request path only a
//! [`Captured`] is built (a copy of what the record needs, in one buffer); it is masked
//! ([`super::mask`]) and cut ([`MAX_SHOWN_BYTES`]) into a [`Record`] when it is first
//! shown. A body, event or headers too large to keep whole are shown at capture time
//! instead, so every capture is bounded.

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use indexmap::IndexMap;
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;

use super::{logs, mask};

mod captured;

pub(super) use captured::Captured;

/// Most bytes shown of a body, of an event, and of a message's headers.
pub(crate) const MAX_SHOWN_BYTES: usize = 64 * 1024;

/// One request, masked and cut.
#[derive(Debug)]
pub(super) struct Record {
    /// The `apigw-requestid`.
    id: String,
    time: String,
    method: String,
    path: String,
    status: u16,
    duration_ms: f64,
    api_id: Option<String>,
    stage: Option<String>,
    route_key: Option<String>,
    authorizer: Option<Authorizer>,
    integration: Option<Integration>,
    request: Message,
    response: Message,
    explanation: Option<String>,
}

/// The authorizer's decision.
#[derive(Debug, Serialize)]
struct Authorizer {
    #[serde(rename = "type")]
    kind: &'static str,
    outcome: &'static str,
    explanation: String,
}

/// The function invoked for the request.
#[derive(Debug)]
struct Integration {
    function: String,
    /// Lambda's request id, which the function's log lines carry.
    lambda_request_id: Arc<str>,
    /// The event as sent, parsed; a string when it was cut.
    event: Value,
}

/// A request or response as shown: headers (repeated ones joined with `, `) and body.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Message {
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    headers: IndexMap<String, String>,
    body: String,
    is_base64_encoded: bool,
    /// Whether the body (or headers beyond [`MAX_SHOWN_BYTES`]) were cut.
    truncated: bool,
}

impl Record {
    /// The record of a captured request: does the masking and cutting.
    pub(super) fn new(captured: &Captured) -> Self {
        let c = captured;
        let text = |span: &Option<std::ops::Range<u32>>| span.as_ref().map(|span| c.text(span));
        Self {
            id: c.text(&c.id),
            time: c.received.format(&Rfc3339).unwrap_or_default(),
            method: c.text(&c.method),
            path: mask::jwts(&c.text(&c.path)),
            status: c.status,
            duration_ms: (c.latency.as_secs_f64() * 1_000_000.0).round() / 1000.0,
            api_id: text(&c.api_id),
            stage: text(&c.stage),
            route_key: text(&c.route_key),
            authorizer: c
                .authorizer
                .as_ref()
                .map(|(kind, outcome, explanation)| Authorizer {
                    kind: kind.as_str(),
                    outcome: outcome.as_str(),
                    explanation: mask::jwts(&c.text(explanation)),
                }),
            integration: c
                .function
                .as_ref()
                .map(|(function, lambda_request_id, event)| Integration {
                    function: c.text(function),
                    lambda_request_id: Arc::from(c.text(lambda_request_id)),
                    event: c.event(event),
                }),
            request: c.message(None, &c.request),
            response: c.message(Some(c.status), &c.response),
            explanation: text(&c.explanation).as_deref().map(mask::jwts),
        }
    }

    /// The record as JSON, with its invocation's `logs`, in the order the issue shows.
    pub(super) fn with_logs<'a>(&'a self, logs: &'a [Arc<str>]) -> impl Serialize + 'a {
        Shown { record: self, logs }
    }
}

struct Shown<'a> {
    record: &'a Record,
    logs: &'a [Arc<str>],
}

impl Serialize for Shown<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = self.record;
        let mut s = serializer.serialize_struct("Request", 14)?;
        s.serialize_field("id", &r.id)?;
        s.serialize_field("time", &r.time)?;
        s.serialize_field("method", &r.method)?;
        s.serialize_field("path", &r.path)?;
        s.serialize_field("status", &r.status)?;
        s.serialize_field("durationMs", &r.duration_ms)?;
        s.serialize_field("apiId", &r.api_id)?;
        s.serialize_field("stage", &r.stage)?;
        s.serialize_field("routeKey", &r.route_key)?;
        s.serialize_field("authorizer", &r.authorizer)?;
        s.serialize_field(
            "integration",
            &r.integration.as_ref().map(|integration| IntegrationShown {
                function: &integration.function,
                lambda_request_id: &integration.lambda_request_id,
                event: &integration.event,
                logs: LinesShown(self.logs),
            }),
        )?;
        s.serialize_field("request", &r.request)?;
        s.serialize_field("response", &r.response)?;
        s.serialize_field("explanation", &r.explanation)?;
        s.end()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IntegrationShown<'a> {
    function: &'a str,
    lambda_request_id: &'a str,
    event: &'a Value,
    logs: LinesShown<'a>,
}

struct LinesShown<'a>(&'a [Arc<str>]);

impl Serialize for LinesShown<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|line| logs::shown(line)))
    }
}

impl Message {
    fn new<'a>(
        status: Option<u16>,
        headers: impl Iterator<Item = (&'a [u8], &'a [u8])>,
        body: &[u8],
    ) -> Self {
        let (headers, headers_cut) = shown_headers(headers);
        let (body, is_base64_encoded, body_cut) = shown_body(body);
        Self {
            status,
            headers,
            body,
            is_base64_encoded,
            truncated: headers_cut || body_cut,
        }
    }
}

/// Headers by name, repeated ones joined with `, `, credentials masked; those past
/// [`MAX_SHOWN_BYTES`] are left out. Returns whether some were left out.
fn shown_headers<'a>(
    headers: impl Iterator<Item = (&'a [u8], &'a [u8])>,
) -> (IndexMap<String, String>, bool) {
    let mut shown: IndexMap<String, String> = IndexMap::new();
    let mut bytes = 0;
    for (name, value) in headers {
        // Names come from `HeaderName`s, which are ASCII.
        let name = String::from_utf8_lossy(name);
        let value = String::from_utf8_lossy(value);
        let value = if mask::is_credential_name(&name) {
            mask::credential(&value)
        } else {
            mask::jwts(&value)
        };
        bytes += name.len() + value.len();
        if bytes > MAX_SHOWN_BYTES {
            return (shown, true);
        }
        shown
            .entry(name.into_owned())
            .and_modify(|joined| {
                joined.push_str(", ");
                joined.push_str(&value);
            })
            .or_insert(value);
    }
    (shown, false)
}

/// A body as shown: UTF-8 text with JWTs masked, cut on a character boundary; anything
/// else as base64 of its first [`MAX_SHOWN_BYTES`]. Returns (body, base64, cut).
fn shown_body(body: &[u8]) -> (String, bool, bool) {
    match std::str::from_utf8(body) {
        Ok(text) => {
            // Masked with some text beyond the cut, so that a token across it is still
            // recognised; the rest of a large body is never scanned.
            let scanned = &text[..text.floor_char_boundary(2 * MAX_SHOWN_BYTES)];
            let (shown, cut) = cut(mask::jwts(scanned));
            (shown, false, cut || scanned.len() < text.len())
        }
        Err(_) => {
            let shown = body.get(..MAX_SHOWN_BYTES).unwrap_or(body);
            (STANDARD.encode(shown), true, shown.len() < body.len())
        }
    }
}

/// The event as sent, parsed, with credentials masked; when it is larger than
/// [`MAX_SHOWN_BYTES`] once masked, its text cut, as a string.
fn event(sent: &[u8]) -> Value {
    match serde_json::from_slice::<Value>(sent) {
        Ok(mut event) => {
            mask::json(&mut event);
            let text = event.to_string();
            if text.len() <= MAX_SHOWN_BYTES {
                event
            } else {
                Value::String(cut(text).0)
            }
        }
        // Events are gantry's own JSON; should one not parse, it is shown as text.
        Err(_) => Value::String(shown_body(sent).0),
    }
}

/// `text` cut to at most [`MAX_SHOWN_BYTES`] on a character boundary, and whether it was.
fn cut(text: String) -> (String, bool) {
    if text.len() <= MAX_SHOWN_BYTES {
        return (text, false);
    }
    // A copy, not `truncate`: a truncated String keeps its allocation (and an allocator
    // may shrink one in place), so the record would hold the whole text.
    let kept = text[..text.floor_char_boundary(MAX_SHOWN_BYTES)].to_owned();
    (kept, true)
}

#[cfg(test)]
mod tests;
