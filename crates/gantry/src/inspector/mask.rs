//! Masking of credentials in what the inspector shows: `Authorization` values keep only
//! their scheme, and a JWT anywhere (headers, the event, query strings, bodies, log lines)
//! becomes its decoded header and claims with the signature masked, e.g.
//! `Bearer <JWT header {"alg":"RS256"} claims {"sub":"a"} signature masked>`.
//!
//! Not masked: other secrets a request or function may carry (API keys, cookies, binary
//! bodies shown as base64): the inspector is a local tool served to loopback clients.

use base64::Engine;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde_json::Value;

/// What replaces a credential that is not a JWT.
pub(crate) const MASKED: &str = "<masked>";

/// JWT segments are base64url; AWS and most issuers omit padding, some keep it.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Whether a header (or an event field) named `name` carries a credential.
pub(crate) fn is_credential_name(name: &str) -> bool {
    ["authorization", "proxy-authorization", "authorizationtoken"]
        .iter()
        .any(|credential| name.eq_ignore_ascii_case(credential))
}

/// An `Authorization` value: its scheme, then the decoded JWT or [`MASKED`]
/// (`Basic <masked>`, `AWS4-HMAC-SHA256 <masked>`).
pub(crate) fn credential(value: &str) -> String {
    let value = value.trim();
    if value.is_empty() {
        return String::new();
    }
    match value.split_once(char::is_whitespace) {
        Some((scheme, token)) => format!("{scheme} {}", token_or_masked(token.trim())),
        None => token_or_masked(value),
    }
}

fn token_or_masked(token: &str) -> String {
    match Jwt::parse(token) {
        Some(jwt) if jwt.len == token.len() => jwt.shown,
        _ => MASKED.to_owned(),
    }
}

/// `text` with every JWT in it masked (user data: bodies, query strings, log lines).
pub(crate) fn jwts(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("eyJ") {
        let preceded_by_token_char = rest[..start]
            .chars()
            .next_back()
            .is_some_and(is_base64url_char);
        match Jwt::parse(&rest[start..]).filter(|_| !preceded_by_token_char) {
            Some(jwt) => {
                shown.push_str(&rest[..start]);
                shown.push_str(&jwt.shown);
                rest = &rest[start + jwt.len..];
            }
            None => {
                shown.push_str(&rest[..start + 3]);
                rest = &rest[start + 3..];
            }
        }
    }
    shown.push_str(rest);
    shown
}

/// A JSON value (the event) with credentials masked: fields named like
/// `Authorization` or `authorizationToken` as credentials (strings, or lists of them as
/// in `multiValueHeaders`), every other string for JWTs.
pub(crate) fn json(value: &mut Value) {
    match value {
        Value::String(text) => *text = jwts(text),
        Value::Array(items) => items.iter_mut().for_each(json),
        Value::Object(fields) => {
            for (name, field) in fields.iter_mut() {
                if is_credential_name(name) {
                    credential_json(field);
                } else {
                    json(field);
                }
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

fn credential_json(value: &mut Value) {
    match value {
        Value::String(text) => *text = credential(text),
        Value::Array(items) => items.iter_mut().for_each(credential_json),
        other => json(other),
    }
}

fn is_base64url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// A JWT found at the start of a text.
struct Jwt {
    /// How many bytes of the text it spans.
    len: usize,
    /// How it is shown.
    shown: String,
}

impl Jwt {
    /// The JWT (JWS compact form: three base64url segments, the first a JSON object) that
    /// `text` starts with. An encrypted one (five segments) is masked whole.
    fn parse(text: &str) -> Option<Self> {
        let segment = |from: usize| -> usize {
            text[from..]
                .find(|c: char| !is_base64url_char(c) && c != '=')
                .map_or(text.len(), |end| from + end)
        };
        let header_end = segment(0);
        let header = decode_object(&text[..header_end])?;
        let mut ends = vec![header_end];
        while ends.len() < 5 {
            let last = ends.last().copied().unwrap_or(header_end);
            if !text[last..].starts_with('.') {
                break;
            }
            ends.push(segment(last + 1));
        }
        match ends.as_slice() {
            [_, claims_end, signature_end] => {
                let claims = decode_json(&text[header_end + 1..*claims_end])?;
                Some(Self {
                    len: *signature_end,
                    shown: format!("<JWT header {header} claims {claims} signature masked>"),
                })
            }
            [.., end] if ends.len() == 5 => Some(Self {
                len: *end,
                shown: format!("<JWT (encrypted) header {header} masked>"),
            }),
            _ => None,
        }
    }
}

fn decode_json(segment: &str) -> Option<Value> {
    let bytes = BASE64URL.decode(segment).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn decode_object(segment: &str) -> Option<Value> {
    decode_json(segment).filter(Value::is_object)
}

#[cfg(test)]
mod tests;
