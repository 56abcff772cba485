//! Request and trace ids shaped like API Gateway's.
//!
//! AWS request ids are 16 base64 characters ending in `=` (`ATfSmjLgPHcESJw=`
//! §4.1), i.e. 11 bytes; the same value is `requestContext.requestId` and the
//! `apigw-requestid` response header. Trace ids follow X-Ray's `Root=1-{time}-{96 bits}`.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

const REQUEST_ID_BYTES: usize = 11;

/// One request's id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequestId(String);

impl RequestId {
    /// A fresh random id.
    // Deviation from AWS: AWS ids carry structure (a shared middle part across requests);
    // ours are random bytes of the same length and alphabet.
    pub fn generate() -> Self {
        let mut bytes = [0u8; REQUEST_ID_BYTES];
        fastrand::fill(&mut bytes);
        Self(STANDARD.encode(bytes))
    }

    /// An id chosen by the caller (replays, tests).
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The id as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An X-Ray trace header value for a request received at `now`:
/// `Root=1-{8 hex digits of epoch seconds}-{24 random hex digits}`.
pub fn trace_id(now: SystemTime) -> String {
    let seconds = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    format!(
        "Root=1-{:08x}-{:08x}{:016x}",
        seconds & 0xffff_ffff,
        fastrand::u32(..),
        fastrand::u64(..)
    )
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn request_id_has_aws_shape() {
        let id = RequestId::generate();
        assert_eq!(id.as_str().len(), 16);
        assert!(id.as_str().ends_with('='));
        assert!(!id.as_str().ends_with("=="));
        assert_ne!(id, RequestId::generate());
        assert!(http::HeaderValue::from_str(id.as_str()).is_ok());
    }

    #[test]
    fn trace_id_has_xray_shape() {
        let trace = trace_id(UNIX_EPOCH + Duration::from_secs(0x6a51_45a9));
        assert!(trace.starts_with("Root=1-6a5145a9-"), "{trace}");
        assert_eq!(
            trace.len(),
            "Root=1-6a5145a9-1bae89e2512ec92d5d9438a0".len()
        );
    }
}
