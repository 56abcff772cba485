//! What the request path keeps of an answered request ([`Captured`]): its text, headers,
//! bodies and event copied one after another into one buffer, so that a kept request is
//! a few allocations (freed together when it is dropped or first shown) and keeps none of
//! the request's buffers alive. A body, event or headers larger than [`MAX_SHOWN_BYTES`]
//! are shown (masked and cut) right away instead, so no capture holds more than a shown
//! record would.

use std::ops::Range;

use apigw::gateway::{AccessLog, AuthorizerKind, AuthorizerOutcome};
use bytes::Bytes;
use http::{HeaderMap, Response};
use serde_json::Value;
use time::OffsetDateTime;

use super::{MAX_SHOWN_BYTES, Message, event};

/// Where a captured piece is in [`Captured::data`].
type Span = Range<u32>;

/// One answered request, not yet masked.
#[derive(Debug)]
pub(in crate::inspector) struct Captured {
    /// When the request was received.
    pub(super) received: OffsetDateTime,
    pub(super) latency: std::time::Duration,
    pub(super) status: u16,
    pub(super) authorizer: Option<(AuthorizerKind, AuthorizerOutcome, Span)>,
    pub(super) id: Span,
    pub(super) method: Span,
    pub(super) path: Span,
    pub(super) route_key: Option<Span>,
    pub(super) api_id: Option<Span>,
    pub(super) stage: Option<Span>,
    pub(super) explanation: Option<Span>,
    /// The function invoked: its name, Lambda's request id, and the event as sent.
    pub(super) function: Option<(Span, Span, CapturedEvent)>,
    pub(super) request: CapturedMessage,
    pub(super) response: CapturedMessage,
    /// Names and values of the headers of `request` and `response`.
    headers: Vec<(Span, Span)>,
    /// Every piece above, one after another.
    data: Vec<u8>,
}

/// The event as sent, or, when larger than [`MAX_SHOWN_BYTES`], as shown.
#[derive(Debug)]
pub(super) enum CapturedEvent {
    Sent(Span),
    Shown(Value),
}

/// A request or response as received or sent (its headers are `headers[headers]`), or,
/// when its headers or body are larger than [`MAX_SHOWN_BYTES`], as shown.
#[derive(Debug)]
pub(super) enum CapturedMessage {
    Sent { headers: Range<usize>, body: Span },
    Shown(Message),
}

impl Captured {
    /// Copies what the record needs from `log`, the request's headers as received and
    /// the response as sent.
    pub(in crate::inspector) fn new(
        request_headers: &HeaderMap,
        log: &AccessLog,
        response: &Response<Bytes>,
    ) -> Self {
        let status = response.status().as_u16();
        let mut data = Data::default();
        let function = log.function.as_ref().map(|call| {
            let event = if call.event.len() <= MAX_SHOWN_BYTES {
                CapturedEvent::Sent(data.put(&call.event))
            } else {
                // A cut event could not be parsed when shown.
                CapturedEvent::Shown(event(&call.event))
            };
            (
                data.put(call.function_name.as_bytes()),
                data.put(call.request_id.as_bytes()),
                event,
            )
        });
        Self {
            received: OffsetDateTime::now_utc() - log.latency,
            latency: log.latency,
            status,
            authorizer: log.authorizer.as_ref().map(|authorizer| {
                let explanation = data.put(authorizer.explanation.as_bytes());
                (authorizer.kind, authorizer.outcome, explanation)
            }),
            id: data.put(log.request_id.as_bytes()),
            method: data.put(log.method.as_bytes()),
            path: data.put(log.path.as_bytes()),
            route_key: data.put_text(log.route_key.as_deref()),
            api_id: data.put_text(log.api_id.as_deref()),
            stage: data.put_text(log.stage.as_deref()),
            explanation: data.put_text(log.explanation.as_deref()),
            function,
            request: data.message(None, request_headers, &log.request_body),
            response: data.message(Some(status), response.headers(), response.body()),
            headers: data.headers,
            data: data.bytes,
        }
    }

    /// The bytes of a captured piece.
    pub(super) fn bytes(&self, span: &Span) -> &[u8] {
        self.data
            .get(span.start as usize..span.end as usize)
            .unwrap_or_default()
    }

    /// The text of a captured piece (captured from a `str`).
    pub(super) fn text(&self, span: &Span) -> String {
        String::from_utf8_lossy(self.bytes(span)).into_owned()
    }

    /// The Lambda request id of the invocation, whose log lines the record claims.
    pub(in crate::inspector) fn lambda_request_id(&self) -> Option<&str> {
        self.function
            .as_ref()
            .and_then(|(_, id, _)| std::str::from_utf8(self.bytes(id)).ok())
    }

    /// The event as shown.
    pub(super) fn event(&self, captured: &CapturedEvent) -> Value {
        match captured {
            CapturedEvent::Sent(sent) => event(self.bytes(sent)),
            CapturedEvent::Shown(shown) => shown.clone(),
        }
    }

    /// A message as shown.
    pub(super) fn message(&self, status: Option<u16>, captured: &CapturedMessage) -> Message {
        match captured {
            CapturedMessage::Sent { headers, body } => {
                let headers = self.headers.get(headers.clone()).unwrap_or_default();
                let headers = headers
                    .iter()
                    .map(|(name, value)| (self.bytes(name), self.bytes(value)));
                Message::new(status, headers, self.bytes(body))
            }
            CapturedMessage::Shown(shown) => shown.clone(),
        }
    }
}

/// A capture's buffer being filled.
#[derive(Default)]
struct Data {
    bytes: Vec<u8>,
    headers: Vec<(Span, Span)>,
}

impl Data {
    fn put(&mut self, piece: &[u8]) -> Span {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(piece);
        // Pieces are bounded (64 KiB bodies and event, 64 KiB heads), far below 4 GiB.
        u32::try_from(start).unwrap_or(u32::MAX)
            ..u32::try_from(self.bytes.len()).unwrap_or(u32::MAX)
    }

    fn put_text(&mut self, text: Option<&str>) -> Option<Span> {
        text.map(|text| self.put(text.as_bytes()))
    }

    fn message(
        &mut self,
        status: Option<u16>,
        headers: &HeaderMap,
        body: &[u8],
    ) -> CapturedMessage {
        let header_bytes: usize = headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len())
            .sum();
        if body.len() > MAX_SHOWN_BYTES || header_bytes > MAX_SHOWN_BYTES {
            let headers = headers
                .iter()
                .map(|(name, value)| (name.as_str().as_bytes(), value.as_bytes()));
            return CapturedMessage::Shown(Message::new(status, headers, body));
        }
        let first = self.headers.len();
        for (name, value) in headers {
            let name = self.put(name.as_str().as_bytes());
            let value = self.put(value.as_bytes());
            self.headers.push((name, value));
        }
        CapturedMessage::Sent {
            headers: first..self.headers.len(),
            body: self.put(body),
        }
    }
}
