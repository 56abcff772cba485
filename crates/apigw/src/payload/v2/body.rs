//! Which request bodies reach the function as text and which as base64 (§4.2).
//!
//! HTTP APIs ignore `binaryMediaTypes`: a body is text only for `text/*`,
//! `application/json`, `application/xml` and `application/javascript` (verified against
//! AWS by a third party); everything else, a missing `Content-Type`, forms and multipart
//! included, is base64.

use std::borrow::Cow;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::HeaderMap;
use http::header::CONTENT_TYPE;

const TEXT_MEDIA_TYPES: [&str; 3] = [
    "application/json",
    "application/xml",
    "application/javascript",
];
const TEXT_TOP_LEVEL_TYPE: &str = "text/";

/// The event's `body` (absent when the request has none) and `isBase64Encoded`.
pub(crate) fn encode<'a>(headers: &HeaderMap, body: &'a [u8]) -> (Option<Cow<'a, str>>, bool) {
    if body.is_empty() {
        return (None, false);
    }
    if is_text(headers)
        && let Ok(text) = std::str::from_utf8(body)
    {
        return (Some(Cow::Borrowed(text)), false);
    }
    // Unconfirmed: a text media type whose bytes are not UTF-8 is sent as base64 rather
    // than altered.
    (Some(Cow::Owned(STANDARD.encode(body))), true)
}

/// Media type parameters (`; charset=utf-8`) are ignored and the comparison is
/// case-insensitive.
// Unconfirmed: `+json`/`+xml` suffixes (`application/vnd.api+json`) are not text here,
// reading AWS's list literally (§4.2).
fn is_text(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let media_type = value.split(';').next().unwrap_or_default().trim();
    let starts_text = media_type
        .get(..TEXT_TOP_LEVEL_TYPE.len())
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case(TEXT_TOP_LEVEL_TYPE));
    starts_text
        || TEXT_MEDIA_TYPES
            .iter()
            .any(|t| t.eq_ignore_ascii_case(media_type))
}

#[cfg(test)]
mod tests {
    use http::HeaderValue;

    use super::*;

    fn encoded(content_type: Option<&str>, body: &[u8]) -> (Option<String>, bool) {
        let mut headers = HeaderMap::new();
        if let Some(value) = content_type {
            headers.insert(CONTENT_TYPE, HeaderValue::from_str(value).unwrap());
        }
        let (body, base64) = encode(&headers, body);
        (body.map(Cow::into_owned), base64)
    }

    #[test]
    fn documented_text_types_are_sent_as_text() {
        for content_type in [
            "text/plain",
            "text/html; charset=utf-8",
            "application/json",
            "Application/JSON; charset=UTF-8",
            "application/xml",
            "application/javascript",
        ] {
            assert_eq!(
                encoded(Some(content_type), b"hi"),
                (Some("hi".into()), false),
                "{content_type}"
            );
        }
    }

    #[test]
    fn everything_else_is_base64() {
        for content_type in [
            None,
            Some("application/x-www-form-urlencoded"),
            Some("multipart/form-data; boundary=x"),
            Some("application/octet-stream"),
            Some("application/vnd.api+json"),
            Some("image/png"),
        ] {
            assert_eq!(
                encoded(content_type, b"hi"),
                (Some("aGk=".into()), true),
                "{content_type:?}"
            );
        }
    }

    #[test]
    fn empty_body_is_absent() {
        assert_eq!(encoded(Some("application/json"), b""), (None, false));
    }

    #[test]
    fn invalid_utf8_under_a_text_type_is_base64() {
        assert_eq!(
            encoded(Some("text/plain"), &[0xff, 0xfe]),
            (Some("//4=".into()), true)
        );
    }
}
