//! Lambda proxy integration payloads: the event sent to the function and the mapping of
//! its response to an HTTP response, in the integration's `PayloadFormatVersion`.
//!
//! [`v2`] is format 2.0 (§4.1, §5.1, §5.2) and [`v1`] format 1.0 (§4.3, §5.3); the
//! pipeline calls [`event_json`] and [`map_response`], which pick the version. Both take
//! the same request and context and give the same [`ResponseMapping`].

pub mod v1;
pub mod v2;

use bytes::Bytes;
use store::model::PayloadFormatVersion;

pub use v2::{
    AuthorizerContext, EventContext, Forwarded, IncomingRequest, IntegrationResponse,
    MalformedResponse, ResponseMapping,
};

/// The event `version` prescribes for a request, as JSON bytes: the invocation payload.
/// Built and serialized in one step, so the event (large, borrowed) never moves.
pub fn event_json<'a>(
    version: PayloadFormatVersion,
    request: &IncomingRequest<'a>,
    context: &EventContext<'a>,
) -> Result<Bytes, serde_json::Error> {
    match version {
        PayloadFormatVersion::V1_0 => v1::build_event(request, context).to_json(),
        PayloadFormatVersion::V2_0 => v2::build_event(request, context).to_json(),
    }
}

/// Maps the function's successful output by the rules of `version`.
pub fn map_response(version: PayloadFormatVersion, payload: &[u8]) -> ResponseMapping {
    match version {
        PayloadFormatVersion::V1_0 => v1::map_response(payload),
        PayloadFormatVersion::V2_0 => v2::map_response(payload),
    }
}
