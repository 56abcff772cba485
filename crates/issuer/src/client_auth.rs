//! OAuth 2.0 client authentication for the token endpoint (RFC 6749 section 2.3.1): the client
//! id and secret gantry generates, and whether a token request carries them, as HTTP
//! Basic `client_id:client_secret` or as `client_id`/`client_secret` body fields
//! (form-encoded or JSON). Who must authenticate (only callers from other machines) is
//! the server's decision, not this module's.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

use crate::{Error, Result};

/// The `WWW-Authenticate` challenge of a 401 `invalid_client` (RFC 6749 section 5.2).
pub const CLIENT_AUTH_CHALLENGE: &str = "Basic realm=\"gantry issuer\"";

/// A client id and secret that may use the token endpoint.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ClientCredentials {
    /// `client_id`.
    pub client_id: String,
    /// `client_secret`.
    pub client_secret: String,
}

impl std::fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

impl ClientCredentials {
    /// New random credentials (96 bits of id, 256 bits of secret).
    pub fn generate() -> Result<Self> {
        let mut bytes = [0u8; 44];
        aws_lc_rs::rand::fill(&mut bytes)
            .map_err(|_| Error::KeyGeneration("the random source failed".to_owned()))?;
        let (id, secret) = bytes.split_at(12);
        Ok(Self {
            client_id: format!("gantry-{}", URL_SAFE_NO_PAD.encode(id)),
            client_secret: URL_SAFE_NO_PAD.encode(secret),
        })
    }

    /// Whether the request carries these credentials: an `Authorization: Basic` header,
    /// else `client_id` and `client_secret` in the body.
    pub fn authenticates(
        &self,
        authorization: Option<&str>,
        content_type: &str,
        body: &[u8],
    ) -> bool {
        let presented = match authorization {
            Some(header) => basic(header),
            None => body_fields(content_type, body),
        };
        presented.is_some_and(|(id, secret)| {
            constant_time_eq(id.as_bytes(), self.client_id.as_bytes())
                & constant_time_eq(secret.as_bytes(), self.client_secret.as_bytes())
        })
    }
}

/// `Basic base64(id:secret)`; the id and secret are form-encoded inside (RFC 6749 section 2.3.1).
fn basic(header: &str) -> Option<(String, String)> {
    let (scheme, encoded) = header.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    let unescape = |s: &str| {
        form_urlencoded::parse(format!("v={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
    };
    Some((unescape(id)?, unescape(secret)?))
}

/// `client_id` and `client_secret` from a form-encoded or JSON body.
fn body_fields(content_type: &str, body: &[u8]) -> Option<(String, String)> {
    let media_type = content_type.split(';').next().unwrap_or("").trim();
    if media_type.eq_ignore_ascii_case("application/json") {
        let value: serde_json::Value = serde_json::from_slice(body).ok()?;
        let field = |name: &str| value.get(name)?.as_str().map(str::to_owned);
        return Some((field("client_id")?, field("client_secret")?));
    }
    let (mut id, mut secret) = (None, None);
    for (name, value) in form_urlencoded::parse(body) {
        match name.as_ref() {
            "client_id" => id = Some(value.into_owned()),
            "client_secret" => secret = Some(value.into_owned()),
            _ => {}
        }
    }
    Some((id?, secret?))
}

/// Compares without returning early, so the time taken says nothing about the secret.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials() -> ClientCredentials {
        ClientCredentials {
            client_id: "gantry-id".to_owned(),
            client_secret: "s3cret".to_owned(),
        }
    }

    const FORM: &str = "application/x-www-form-urlencoded";

    #[test]
    fn basic_authentication_with_the_right_pair_passes() {
        let header = format!("Basic {}", STANDARD.encode("gantry-id:s3cret"));
        assert!(credentials().authenticates(Some(&header), FORM, b""));
    }

    #[test]
    fn body_fields_pass_in_a_form_and_in_json() {
        let form = b"grant_type=client_credentials&client_id=gantry-id&client_secret=s3cret";
        assert!(credentials().authenticates(None, FORM, form));
        let json = br#"{"client_id":"gantry-id","client_secret":"s3cret"}"#;
        assert!(credentials().authenticates(None, "application/json", json));
    }

    #[test]
    fn wrong_or_missing_credentials_fail() {
        let wrong = format!("Basic {}", STANDARD.encode("gantry-id:guess"));
        assert!(!credentials().authenticates(Some(&wrong), FORM, b""));
        assert!(!credentials().authenticates(Some("Bearer x"), FORM, b""));
        assert!(!credentials().authenticates(None, FORM, b"client_id=gantry-id"));
        assert!(!credentials().authenticates(None, FORM, b"grant_type=client_credentials"));
        let secret_only = b"client_id=other&client_secret=s3cret";
        assert!(!credentials().authenticates(None, FORM, secret_only));
    }

    #[test]
    fn generated_credentials_differ_and_authenticate() {
        let a = ClientCredentials::generate().unwrap();
        let b = ClientCredentials::generate().unwrap();
        assert_ne!(a, b);
        let header = format!(
            "Basic {}",
            STANDARD.encode(format!("{}:{}", a.client_id, a.client_secret))
        );
        assert!(a.authenticates(Some(&header), FORM, b""));
    }
}
