//! The OAuth 2.0 token endpoint (`POST {issuer}oauth/token`), `client_credentials` only,
//! shaped like Auth0's: the same request a backend sends to Auth0 works here unchanged.
//!
//! Deviation from Auth0: there is no client registry. Any `client_id` is accepted, the
//! secret is not checked, and every requested scope is granted: this issuer exists to make
//! tokens for local testing, not to protect anything.

use serde::Deserialize;
use serde_json::{Value, json};

use crate::token::DEFAULT_EXPIRES_IN;
use crate::{Issuer, TokenRequest};

/// The status code and JSON body to answer with.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenEndpointResponse {
    /// 200 with a token, 400 for a bad request (RFC 6749 §5.2), 500 if signing failed.
    pub status: u16,
    /// `{"access_token", "token_type", "expires_in", "scope"?}` or `{"error", "error_description"}`.
    pub body: Value,
}

#[derive(Debug, Default, Deserialize)]
struct Params {
    grant_type: Option<String>,
    client_id: Option<String>,
    audience: Option<String>,
    scope: Option<String>,
}

/// Answers a token request. `content_type` selects JSON or form decoding of `body`
/// (Auth0 accepts both); `now` is the current Unix time in seconds.
pub fn token_endpoint(
    issuer: &Issuer,
    content_type: &str,
    body: &[u8],
    now: u64,
) -> TokenEndpointResponse {
    let params = match decode(content_type, body) {
        Ok(params) => params,
        Err(description) => return error("invalid_request", &description),
    };
    match params.grant_type.as_deref() {
        Some("client_credentials") => {}
        Some(other) => {
            return error(
                "unsupported_grant_type",
                &format!(
                    "grant_type {other:?} is not supported; gantry's issuer only issues client_credentials tokens"
                ),
            );
        }
        None => {
            return error(
                "invalid_request",
                "missing grant_type; send grant_type=client_credentials",
            );
        }
    }
    let Some(audience) = params.audience.filter(|a| !a.is_empty()) else {
        return error(
            "invalid_request",
            "missing audience; send the API identifier your JWT authorizer expects (JwtConfiguration.Audience)",
        );
    };
    let scopes: Vec<String> = params
        .scope
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let request = TokenRequest {
        audience: vec![audience],
        scopes: scopes.clone(),
        client_id: params.client_id,
        ..TokenRequest::default()
    };
    match issuer.mint(&request, now) {
        Ok(token) => {
            let mut body = json!({
                "access_token": token,
                "token_type": "Bearer",
                "expires_in": DEFAULT_EXPIRES_IN,
            });
            if !scopes.is_empty() {
                body["scope"] = json!(scopes.join(" "));
            }
            TokenEndpointResponse { status: 200, body }
        }
        Err(e) => TokenEndpointResponse {
            status: 500,
            body: json!({"error": "server_error", "error_description": e.to_string()}),
        },
    }
}

fn decode(content_type: &str, body: &[u8]) -> Result<Params, String> {
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match media_type.as_str() {
        "application/json" => {
            serde_json::from_slice(body).map_err(|e| format!("the body is not valid JSON: {e}"))
        }
        "application/x-www-form-urlencoded" => {
            let mut params = Params::default();
            for (name, value) in form_urlencoded::parse(body) {
                let value = Some(value.into_owned());
                match name.as_ref() {
                    "grant_type" => params.grant_type = value,
                    "client_id" => params.client_id = value,
                    "audience" => params.audience = value,
                    "scope" => params.scope = value,
                    _ => {}
                }
            }
            Ok(params)
        }
        _ => Err(format!(
            "unsupported content-type {content_type:?}; send application/json or application/x-www-form-urlencoded"
        )),
    }
}

fn error(code: &str, description: &str) -> TokenEndpointResponse {
    TokenEndpointResponse {
        status: 400,
        body: json!({"error": code, "error_description": description}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SigningKey;

    fn issuer() -> Issuer {
        Issuer::new(
            "http://localhost/_gantry/issuer/",
            SigningKey::generate().unwrap(),
        )
    }

    #[test]
    fn json_client_credentials_request_gets_a_bearer_token_like_auth0() {
        let body = br#"{"client_id":"abc","client_secret":"s","audience":"https://api","grant_type":"client_credentials","scope":"read:test"}"#;
        let response = token_endpoint(&issuer(), "application/json", body, 1_000);
        assert_eq!(response.status, 200, "{}", response.body);
        assert_eq!(response.body["token_type"], "Bearer");
        assert_eq!(response.body["expires_in"], 86_400);
        assert_eq!(response.body["scope"], "read:test");
        assert_eq!(
            response.body["access_token"]
                .as_str()
                .unwrap()
                .split('.')
                .count(),
            3
        );
    }

    #[test]
    fn form_encoded_request_is_accepted() {
        let body = b"grant_type=client_credentials&audience=https%3A%2F%2Fapi&client_id=abc";
        let response = token_endpoint(
            &issuer(),
            "application/x-www-form-urlencoded; charset=utf-8",
            body,
            1_000,
        );
        assert_eq!(response.status, 200, "{}", response.body);
        assert!(response.body.get("scope").is_none());
    }

    #[test]
    fn missing_audience_is_invalid_request_saying_what_to_send() {
        let response = token_endpoint(
            &issuer(),
            "application/json",
            br#"{"grant_type":"client_credentials"}"#,
            0,
        );
        assert_eq!(response.status, 400);
        assert_eq!(response.body["error"], "invalid_request");
        assert!(
            response.body["error_description"]
                .as_str()
                .unwrap()
                .contains("audience")
        );
    }

    #[test]
    fn other_grant_types_are_unsupported() {
        let response = token_endpoint(
            &issuer(),
            "application/json",
            br#"{"grant_type":"password","audience":"a"}"#,
            0,
        );
        assert_eq!(response.status, 400);
        assert_eq!(response.body["error"], "unsupported_grant_type");
    }

    #[test]
    fn malformed_bodies_are_invalid_requests_not_panics() {
        for (content_type, body) in [
            ("application/json", &b"{not json"[..]),
            ("application/json", &b"[1,2]"[..]),
            ("text/plain", &b"grant_type=client_credentials"[..]),
            ("application/x-www-form-urlencoded", &b"%ff%fe=\xff"[..]),
        ] {
            let response = token_endpoint(&issuer(), content_type, body, 0);
            assert_eq!(response.status, 400, "{content_type} {body:?}");
        }
    }
}
