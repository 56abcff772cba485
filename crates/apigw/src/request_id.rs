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

    /// A fresh random UUID (version 4), the shape of REST APIs' request ids
    /// (aws-rest-api.md §2.9).
    pub fn uuid() -> Self {
        let mut bytes = fastrand::u128(..).to_be_bytes();
        // Version 4, variant 10xx (RFC 9562).
        if let Some(byte) = bytes.get_mut(6) {
            *byte = (*byte & 0x0f) | 0x40;
        }
        if let Some(byte) = bytes.get_mut(8) {
            *byte = (*byte & 0x3f) | 0x80;
        }
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Self(format!(
            "{}-{}-{}-{}-{}",
            hex.get(0..8).unwrap_or_default(),
            hex.get(8..12).unwrap_or_default(),
            hex.get(12..16).unwrap_or_default(),
            hex.get(16..20).unwrap_or_default(),
            hex.get(20..32).unwrap_or_default()
        ))
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
    fn request_id_uuid_is_version_4() {
        let id = RequestId::uuid();
        let text = id.as_str();
        assert_eq!(text.len(), 36, "{text}");
        assert_eq!(text.as_bytes()[14], b'4', "{text}");
        assert!(
            matches!(text.as_bytes()[19], b'8' | b'9' | b'a' | b'b'),
            "{text}"
        );
        assert_ne!(id, RequestId::uuid());
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
