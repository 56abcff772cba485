//! `binaryMediaTypes`: which request bodies reach the function base64-encoded and which
//! responses are decoded from base64 (aws-rest-api.md §2.6, aws-rest-api.md §3.3).
//!
//! An entry matches a media type exactly or as `type/*`; `*/*` matches everything; a
//! left wildcard (`*/test`) matches nothing. Not here: where the body or `Accept` comes
//! from, or the conversion itself.

/// The API's binary media types.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BinaryMediaTypes {
    /// Lower-cased entries, `~1` unescaped.
    types: Vec<String>,
}

impl BinaryMediaTypes {
    /// The API's `binaryMediaTypes` (`image~1png` and `image/png` both accepted).
    pub fn new(types: &[String]) -> Self {
        Self {
            types: types
                .iter()
                .map(|t| t.trim().replace("~1", "/").to_ascii_lowercase())
                .collect(),
        }
    }

    /// Whether a request body with this `Content-Type` is passed base64-encoded.
    pub fn matches_request(&self, content_type: Option<&str>) -> bool {
        content_type.is_some_and(|c| self.matches(c))
    }

    /// Whether a response is decoded from base64 for this `Accept` (its first type only).
    pub fn matches_accept(&self, accept: Option<&str>) -> bool {
        accept
            .and_then(|a| a.split(',').next())
            .is_some_and(|first| self.matches(first))
    }

    /// Whether one media type (parameters ignored) matches an entry.
    // Unconfirmed: matching ignores case and `; charset=` parameters (aws-rest-api.md §2.6).
    fn matches(&self, media_type: &str) -> bool {
        let essence = media_type.split(';').next().unwrap_or_default().trim();
        let Some((kind, _)) = essence.split_once('/') else {
            return false;
        };
        self.types.iter().any(|entry| {
            if entry == "*/*" {
                return true;
            }
            // A left wildcard (`*/test`) matches nothing, not even itself (aws-rest-api.md §3.3).
            if entry.starts_with("*/") {
                return false;
            }
            entry.eq_ignore_ascii_case(essence)
                || entry
                    .strip_suffix("/*")
                    .is_some_and(|t| t != "*" && t.eq_ignore_ascii_case(kind))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(list: &[&str]) -> BinaryMediaTypes {
        BinaryMediaTypes::new(&list.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn accept_matching_follows_the_section_3_3_observations() {
        let binary = types(&["image/png", "*/test"]);
        assert!(binary.matches_accept(Some("image/png")));
        assert!(binary.matches_accept(Some("image/png,image/*")));
        for text in [
            "image/jpg",
            "image/*",
            "*/*",
            "*/test",
            "random/test",
            "image/webp,image/png,*/*;q=0.8",
        ] {
            assert!(!binary.matches_accept(Some(text)), "{text}");
        }
        assert!(!binary.matches_accept(None));
        assert!(!types(&[]).matches_accept(Some("image/png")));
    }

    #[test]
    fn request_matching_uses_exact_types_wildcards_and_match_all() {
        let binary = types(&["application/octet-stream", "image/*"]);
        assert!(binary.matches_request(Some("application/octet-stream")));
        assert!(binary.matches_request(Some("image/png")));
        assert!(!binary.matches_request(Some("application/json")));
        assert!(!binary.matches_request(Some("text/plain")));
        assert!(!binary.matches_request(None));
        let all = types(&["*/*"]);
        assert!(all.matches_request(Some("application/json")));
        assert!(all.matches_accept(Some("text/html")));
    }

    #[test]
    fn the_escaped_slash_and_parameters_are_understood() {
        let binary = types(&["image~1png"]);
        assert!(binary.matches_request(Some("image/png; charset=binary")));
        assert!(binary.matches_request(Some("Image/PNG")));
    }
}
