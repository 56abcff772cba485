//! Payload format version 2.0 (§4, §5).
//!
//! The pipeline calls [`build_event`] with the request and what routing and
//! authorization found, serializes the [`Event`] with [`Event::to_json`] and, after the
//! invocation, turns the function's output into a response with [`map_response`].

pub(super) mod body;
mod event;
mod headers;
mod response;

pub use event::{AuthorizerContext, Event, EventContext, Forwarded, IncomingRequest, build_event};
pub use response::{IntegrationResponse, MalformedResponse, ResponseMapping, map_response};

// Shared with payload format 1.0 and REST proxy responses.
pub(crate) use event::clf_time;
pub(crate) use response::excerpt;

#[cfg(test)]
mod tests;
