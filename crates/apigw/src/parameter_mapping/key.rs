//! Mapping keys: `append|overwrite|remove:header.NAME`, `…:querystring.NAME`,
//! `overwrite:path` for requests; `…:header.NAME` and `overwrite:statuscode` for
//! responses; and the headers no mapping may touch (§6.5).

use http::HeaderName;

/// How a mapping changes its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Add the value, keeping what is there.
    Append,
    /// Replace what is there with the value.
    Overwrite,
    /// Remove the target.
    Remove,
}

/// What a request mapping changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestTarget {
    /// A request header (case-insensitive).
    Header(HeaderName),
    /// A query string parameter (case-sensitive).
    QueryString(String),
    /// The request path.
    Path,
}

/// What a response mapping changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseTarget {
    /// A response header.
    Header(HeaderName),
    /// The status code.
    StatusCode,
}

/// Headers no mapping may change (§6.5), lower case; `*` entries are prefixes.
const RESERVED_HEADERS: &[&str] = &[
    "access-control-*",
    "apigw-*",
    "authorization",
    "connection",
    "content-encoding",
    "content-length",
    "content-location",
    "forwarded",
    "keep-alive",
    "origin",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "x-amz-*",
    "x-amzn-*",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-forwarded-proto",
    "via",
];

/// Whether `name` (lower case) is a header parameter mapping may not change (§6.5).
pub fn is_reserved_header(name: &str) -> bool {
    RESERVED_HEADERS
        .iter()
        .any(|reserved| match reserved.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix),
            None => name == *reserved,
        })
}

fn action(text: &str) -> Result<Action, String> {
    // Unconfirmed: AWS documents the actions in lower case only; other spellings are
    // refused.
    match text {
        "append" => Ok(Action::Append),
        "overwrite" => Ok(Action::Overwrite),
        "remove" => Ok(Action::Remove),
        other => Err(format!(
            "{other:?} is not an action; use append, overwrite or remove"
        )),
    }
}

fn header(name: &str) -> Result<HeaderName, String> {
    let parsed = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("{name:?} is not a valid header name"))?;
    if is_reserved_header(parsed.as_str()) {
        return Err(format!(
            "header {name} is reserved and cannot be mapped (§6.5: access-control-*, apigw-*, Authorization, Connection, Content-Encoding, Content-Length, Content-Location, Forwarded, Keep-Alive, Origin, Proxy-Authenticate, Proxy-Authorization, TE, Trailers, Transfer-Encoding, Upgrade, x-amz-*, x-amzn-*, X-Forwarded-For, X-Forwarded-Host, X-Forwarded-Proto, Via)"
        ));
    }
    Ok(parsed)
}

/// A `RequestParameters` key.
pub(super) fn request_key(key: &str) -> Result<(Action, RequestTarget), String> {
    const EXPECTED: &str = "use append|overwrite|remove:header.NAME, append|overwrite|remove:querystring.NAME or overwrite:path";
    let (verb, target) = key
        .split_once(':')
        .ok_or_else(|| format!("is not a mapping key; {EXPECTED}"))?;
    let action = action(verb)?;
    if target == "path" {
        return match action {
            Action::Overwrite => Ok((action, RequestTarget::Path)),
            _ => Err("the path can only be overwritten: use overwrite:path".to_owned()),
        };
    }
    if let Some(name) = target.strip_prefix("header.") {
        return Ok((action, RequestTarget::Header(header(name)?)));
    }
    if let Some(name) = target.strip_prefix("querystring.")
        && !name.is_empty()
    {
        return Ok((action, RequestTarget::QueryString(name.to_owned())));
    }
    Err(format!("{target:?} is not a request parameter; {EXPECTED}"))
}

/// A `ResponseParameters` key.
pub(super) fn response_key(key: &str) -> Result<(Action, ResponseTarget), String> {
    const EXPECTED: &str = "use append|overwrite|remove:header.NAME or overwrite:statuscode";
    let (verb, target) = key
        .split_once(':')
        .ok_or_else(|| format!("is not a mapping key; {EXPECTED}"))?;
    let action = action(verb)?;
    if target == "statuscode" {
        return match action {
            Action::Overwrite => Ok((action, ResponseTarget::StatusCode)),
            _ => {
                Err("the status code can only be overwritten: use overwrite:statuscode".to_owned())
            }
        };
    }
    match target.strip_prefix("header.") {
        Some(name) => Ok((action, ResponseTarget::Header(header(name)?))),
        None => Err(format!(
            "{target:?} is not a response parameter; {EXPECTED}"
        )),
    }
}
