//! Route keys and route selection for HTTP APIs.
//!
//! A [`RouteKey`] is parsed once (at deploy time) and compiled into a [`RouteTable`]; per
//! request the pipeline calls [`RouteTable::select`] with the request method and the
//! decoded path that is left after stage selection ([`crate::stage`]).
//!
//! Behaviour follows §1.1 (syntax), §1.3 (precedence) and §1.5 (trailing slash,
//! decoding). This module does not know about stages, authorizers or integrations: the
//! table maps a route key to whatever the caller attaches to it.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

mod key;
mod table;

pub use key::{DEFAULT_ROUTE_KEY, PathSegment, RouteKey, RouteKeyError, RouteMethod};
pub use table::{PathParameters, RouteMatch, RouteTable, RouteTableError};

/// Percent-decodes a request path once, for stage selection, routing and the event's
/// `rawPath`.
///
/// HTTP APIs deliver the path decoded (§1.5: `/capture/space%20value` arrives as
/// `/capture/space value`) and route on the decoded form.
// Unconfirmed: the whole path is decoded before it is split into segments, so `%2F`
// becomes a separator; AWS is reported not to handle `%2F` at all (§1.5).
// Unconfirmed: bytes that do not decode to UTF-8 become U+FFFD.
pub fn decode_path(raw_path: &str) -> Cow<'_, str> {
    percent_decode_str(raw_path).decode_utf8_lossy()
}

#[cfg(test)]
mod tests;
