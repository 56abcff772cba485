//! The inspector's endpoints: the page (`/_gantry/`) and its assets, and
//! `GET /_gantry/api/requests[?limit=N]`.

use bytes::Bytes;
use http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, HeaderValue};
use http::{Response, StatusCode};
use serde_json::json;

use super::json_response;
use crate::inspector::{Inspector, page};

/// The page.
pub(crate) const PAGE_PATH: &str = "/_gantry/";
/// The JSON of the last requests.
pub(crate) const REQUESTS_PATH: &str = "/_gantry/api/requests";

/// The page or one of its assets, if `path` names one.
pub(super) fn asset(path: &str) -> Option<Response<Bytes>> {
    let (content_type, body) = match path {
        PAGE_PATH => ("text/html; charset=utf-8", page::HTML),
        page::SCRIPT_PATH => ("text/javascript; charset=utf-8", page::SCRIPT),
        page::STYLE_PATH => ("text/css; charset=utf-8", page::STYLE),
        _ => return None,
    };
    let mut response = Response::new(Bytes::from_static(body.as_bytes()));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        "content-security-policy",
        HeaderValue::from_static(page::CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Some(response)
}

/// `{"requests": [...]}`, newest first; with an `ETag`, and 304 to a poll whose
/// `If-None-Match` names what is still shown (the page polls every second).
pub(super) fn requests(
    inspector: &Inspector,
    query: Option<&str>,
    if_none_match: Option<&HeaderValue>,
) -> Response<Bytes> {
    if !inspector.is_on() {
        return json_response(
            StatusCode::NOT_FOUND,
            &json!({"message": "the request inspector is off: gantry up was started with --inspector-history 0; start it with --inspector-history N (default 1000) to keep the last N requests"}),
        );
    }
    let limit = match limit(query) {
        Ok(limit) => limit.unwrap_or(inspector.history()),
        Err(message) => {
            return json_response(StatusCode::BAD_REQUEST, &json!({"message": message}));
        }
    };
    let tag = |version: &str| format!("\"{version}-{limit}\"");
    let unchanged = if_none_match
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value == tag(&inspector.version()));
    let mut response = if unchanged {
        let mut response = Response::new(Bytes::new());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        if let Ok(etag) = HeaderValue::try_from(tag(&inspector.version())) {
            response.headers_mut().insert(ETAG, etag);
        }
        response
    } else {
        let (version, body) = inspector.requests_json(limit);
        let mut response = Response::new(body);
        if let Ok(etag) = HeaderValue::try_from(tag(&version)) {
            response.headers_mut().insert(ETAG, etag);
        }
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        response
    };
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// The `limit` parameter: a whole number of requests; no other parameter is known.
fn limit(query: Option<&str>) -> Result<Option<usize>, String> {
    let mut limit = None;
    for pair in query
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty())
    {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if name != "limit" {
            return Err(format!(
                "{REQUESTS_PATH} takes one query parameter, limit (how many of the newest requests, e.g. ?limit=20), not {name:?}"
            ));
        }
        match value.parse::<usize>() {
            Ok(n) => limit = Some(n),
            Err(_) => {
                return Err(format!(
                    "limit must be a whole number of requests (e.g. ?limit=20), not {value:?}"
                ));
            }
        }
    }
    Ok(limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_is_optional_and_a_whole_number() {
        assert_eq!(limit(None), Ok(None));
        assert_eq!(limit(Some("")), Ok(None));
        assert_eq!(limit(Some("limit=20")), Ok(Some(20)));
        assert_eq!(limit(Some("limit=0")), Ok(Some(0)));
    }

    #[test]
    fn a_bad_limit_or_another_parameter_says_what_to_send() {
        for query in ["limit=-1", "limit=ten", "limit=", "limit=1.5"] {
            let message = limit(Some(query)).unwrap_err();
            assert!(message.contains("?limit=20"), "{query}: {message}");
        }
        let message = limit(Some("since=x")).unwrap_err();
        assert!(message.contains("\"since\""), "{message}");
    }
}
