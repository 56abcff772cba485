//! Lambda proxy integration payloads: the event sent to the function and the mapping of
//! its response to an HTTP response, in the integration's `PayloadFormatVersion`.
//!
//! [`v2`] is format 2.0 (§4.1, §5.1, §5.2) and [`v1`] format 1.0 (§4.3, §5.3); the
//! pipeline calls [`build_event`] and [`map_response`], which pick the version. Both take
//! the same request and context and give the same [`ResponseMapping`].

pub mod v1;
pub mod v2;

use bytes::Bytes;
use store::model::PayloadFormatVersion;

pub use v2::{
    AuthorizerContext, EventContext, Forwarded, IncomingRequest, IntegrationResponse,
    MalformedResponse, ResponseMapping,
};

/// The event of either payload format, ready to serialize.
#[derive(Debug, Clone)]
pub enum Event<'a> {
    /// Payload format 1.0.
    V1(v1::Event<'a>),
    /// Payload format 2.0.
    V2(v2::Event<'a>),
}

impl Event<'_> {
    /// The event as JSON bytes, the invocation payload.
    pub fn to_json(&self) -> Result<Bytes, serde_json::Error> {
        match self {
            Self::V1(event) => event.to_json(),
            Self::V2(event) => event.to_json(),
        }
    }
}

/// Builds the event `version` prescribes for a request.
pub fn build_event<'a>(
    version: PayloadFormatVersion,
    request: &IncomingRequest<'a>,
    context: &EventContext<'a>,
) -> Event<'a> {
    match version {
        PayloadFormatVersion::V1_0 => Event::V1(v1::build_event(request, context)),
        PayloadFormatVersion::V2_0 => Event::V2(v2::build_event(request, context)),
    }
}

/// Maps the function's successful output by the rules of `version`.
pub fn map_response(version: PayloadFormatVersion, payload: &[u8]) -> ResponseMapping {
    match version {
        PayloadFormatVersion::V1_0 => v1::map_response(payload),
        PayloadFormatVersion::V2_0 => v2::map_response(payload),
    }
}
