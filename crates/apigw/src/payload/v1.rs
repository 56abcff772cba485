//! Payload format version 1.0 (§4.3, §5.3): the REST-shaped event and response.
//!
//! The pipeline calls [`build_event`] with the same request and context as for 2.0
//! ([`crate::payload::v2::IncomingRequest`], [`crate::payload::v2::EventContext`]),
//! serializes the [`Event`] with [`Event::to_json`] and maps the function's output with
//! [`map_response`] into the same [`crate::payload::v2::ResponseMapping`]; malformed
//! output is explained with the same [`crate::payload::v2::MalformedResponse`].

mod event;
mod headers;
mod proxy_headers;
mod response;
mod values;

pub use event::{Event, build_event};
pub(crate) use proxy_headers::{Reserved, append_proxy_headers};
pub use response::map_response;

#[cfg(test)]
mod tests;
