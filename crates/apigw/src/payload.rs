//! Lambda proxy integration payloads: the event sent to the function and the mapping of
//! its response to an HTTP response.
//!
//! Only payload format version 2.0 is implemented ([`v2`]); format 1.0 (§4.3,
//! §5.3) is not.

pub mod v2;
