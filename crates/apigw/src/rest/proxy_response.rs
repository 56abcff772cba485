//! Mapping a Lambda proxy integration's result to the client's response (aws-rest-api.md §3).

use std::fmt;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

use crate::rest::binary::BinaryMediaTypes;

/// The response the client receives.
#[derive(Debug, Clone, PartialEq)]
pub struct MappedResponse {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

/// What is wrong with a function's result (the client receives a 502, or a 500 for a
/// body that cannot be decoded, aws-rest-api.md §3.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MalformedProxyResponse {
    /// What is wrong and how to fix it (the key, the value).
    pub explanation: String,
    /// A configuration error (500) rather than a malformed response (502).
    pub configuration_error: bool,
}

impl fmt::Display for MalformedProxyResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.explanation)
    }
}

impl std::error::Error for MalformedProxyResponse {}

/// Maps the function's `output` (aws-rest-api.md §3.1).
pub fn map_proxy_response(
    output: &[u8],
    accept: Option<&str>,
    binary: &BinaryMediaTypes,
) -> Result<MappedResponse, MalformedProxyResponse> {
    // STUB
    let _ = (accept, binary);
    Ok(MappedResponse {
        status: StatusCode::OK,
        headers: HeaderMap::new(),
        body: Bytes::copy_from_slice(output),
    })
}
