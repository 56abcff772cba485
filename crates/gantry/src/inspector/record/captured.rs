//! What the request path keeps of an answered request ([`Captured`]): moves and
//! reference counts only, for messages and events up to [`MAX_SHOWN_BYTES`]; larger ones
//! are shown (masked and cut) right away, so that no capture holds more than a shown
//! record would and none keeps a large buffer alive.

use apigw::gateway::{AccessLog, LogContext};
use bytes::Bytes;
use http::{HeaderMap, Response};
use serde_json::Value;
use time::OffsetDateTime;

use super::{MAX_SHOWN_BYTES, Message, event};

/// One answered request, not yet masked.
#[derive(Debug)]
pub(in crate::inspector) struct Captured {
    /// When the request was received.
    pub(super) received: OffsetDateTime,
    /// What the gateway did; its request body and event are moved to `request` and
    /// `event`.
    pub(super) log: AccessLog,
    pub(super) status: u16,
    /// The event as sent, when a function was invoked.
    pub(super) event: Option<CapturedEvent>,
    pub(super) request: CapturedMessage,
    pub(super) response: CapturedMessage,
}

/// The event as sent, or, when larger than [`MAX_SHOWN_BYTES`], as shown.
#[derive(Debug)]
pub(super) enum CapturedEvent {
    Sent(Bytes),
    Shown(Value),
}

/// A request or response as received or sent, or, when its headers or body are larger
/// than [`MAX_SHOWN_BYTES`], as shown.
#[derive(Debug)]
pub(super) enum CapturedMessage {
    Sent { headers: HeaderMap, body: Bytes },
    Shown(Message),
}

impl Captured {
    /// Takes what the record needs: `log` by value, the request's headers as received and
    /// the response as sent.
    pub(in crate::inspector) fn new(
        request_headers: HeaderMap,
        mut log: AccessLog,
        response: &Response<Bytes>,
    ) -> Self {
        let received = OffsetDateTime::now_utc() - log.latency;
        let status = response.status().as_u16();
        let request_body = std::mem::take(&mut log.request_body);
        let event = log
            .function
            .as_mut()
            .map(|call| CapturedEvent::new(std::mem::take(&mut call.event)));
        // Not shown; dropped now rather than kept.
        log.context = LogContext::default();
        log.authorization = None;
        Self {
            received,
            log,
            status,
            event,
            request: CapturedMessage::new(None, request_headers, request_body),
            response: CapturedMessage::new(
                Some(status),
                response.headers().clone(),
                response.body().clone(),
            ),
        }
    }

    /// The Lambda request id of the invocation, whose log lines the record claims.
    pub(in crate::inspector) fn lambda_request_id(&self) -> Option<&str> {
        self.log
            .function
            .as_ref()
            .map(|call| call.request_id.as_str())
    }
}

impl CapturedEvent {
    fn new(sent: Bytes) -> Self {
        if sent.len() <= MAX_SHOWN_BYTES {
            Self::Sent(sent)
        } else {
            // A cut event could not be parsed when shown.
            Self::Shown(event(&sent))
        }
    }

    pub(super) fn shown(&self) -> Value {
        match self {
            Self::Sent(sent) => event(sent),
            Self::Shown(shown) => shown.clone(),
        }
    }
}

impl CapturedMessage {
    fn new(status: Option<u16>, headers: HeaderMap, body: Bytes) -> Self {
        let header_bytes: usize = headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len())
            .sum();
        if body.len() <= MAX_SHOWN_BYTES && header_bytes <= MAX_SHOWN_BYTES {
            Self::Sent { headers, body }
        } else {
            Self::Shown(Message::new(status, &headers, &body))
        }
    }

    pub(super) fn shown(&self, status: Option<u16>) -> Message {
        match self {
            Self::Sent { headers, body } => Message::new(status, headers, body),
            Self::Shown(shown) => shown.clone(),
        }
    }
}
