//! `binaryMediaTypes`: which request bodies reach the function base64-encoded and which
//! responses are decoded from base64 (aws-rest-api.md §2.6, aws-rest-api.md §3.3).

/// The API's binary media types.
#[derive(Debug, Clone, Default)]
pub struct BinaryMediaTypes {
    // STUB
    types: Vec<String>,
}

impl BinaryMediaTypes {
    /// The API's `binaryMediaTypes` (`~1` already unescaped to `/`).
    pub fn new(types: &[String]) -> Self {
        Self {
            types: types.to_vec(),
        }
    }

    /// Whether a request body with this `Content-Type` is passed base64-encoded.
    pub fn matches_request(&self, content_type: Option<&str>) -> bool {
        // STUB
        let _ = (content_type, &self.types);
        false
    }

    /// Whether a response is decoded from base64 for this `Accept` (its first type only).
    pub fn matches_accept(&self, accept: Option<&str>) -> bool {
        // STUB
        let _ = accept;
        false
    }
}
