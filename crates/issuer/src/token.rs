//! The issuer: its OIDC documents and the access tokens it mints.

use jsonwebtoken::{Algorithm, Header};
use serde_json::{Map, Value, json};

use crate::{Error, Result, SigningKey};

/// Path of the JWKS below the issuer URL (where Auth0 serves it too).
pub const JWKS_PATH: &str = ".well-known/jwks.json";
/// Path of the OIDC discovery document below the issuer URL.
pub const DISCOVERY_PATH: &str = ".well-known/openid-configuration";
/// Path of the OAuth 2.0 token endpoint below the issuer URL (Auth0's spelling).
pub const TOKEN_PATH: &str = "oauth/token";

/// Lifetime of a token when the request does not say (Auth0's default for APIs is 24 h).
pub const DEFAULT_EXPIRES_IN: u64 = 86_400;

/// An OpenID Connect issuer identified by its URL, signing with one key.
#[derive(Debug)]
pub struct Issuer {
    url: String,
    key: SigningKey,
}

/// What a minted access token should say.
#[derive(Debug, Clone, Default)]
pub struct TokenRequest {
    /// `aud`: one value becomes a string claim, several an array (as Auth0 does).
    pub audience: Vec<String>,
    /// `scope`: joined with spaces; omitted when empty.
    pub scopes: Vec<String>,
    /// `sub`; defaults to `{client_id}@clients` like Auth0's client-credentials tokens.
    pub subject: Option<String>,
    /// The OAuth client the token is for (`azp`); defaults to `gantry`.
    pub client_id: Option<String>,
    /// Seconds until `exp`; [`DEFAULT_EXPIRES_IN`] when `None`. May be negative to mint an
    /// already-expired token for tests.
    pub expires_in: Option<i64>,
    /// Extra claims; they override the standard ones, so any claim can be tested.
    pub extra_claims: Map<String, Value>,
}

impl Issuer {
    /// An issuer whose identifier is `url`. A trailing slash is added when missing, as Auth0
    /// issuers have one and the JWT authorizer compares `iss` exactly.
    pub fn new(url: &str, key: SigningKey) -> Self {
        let mut url = url.to_owned();
        if !url.ends_with('/') {
            url.push('/');
        }
        Self { url, key }
    }

    /// The issuer identifier (the `iss` claim), ending in `/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The signing key.
    pub fn key(&self) -> &SigningKey {
        &self.key
    }

    /// The OIDC discovery document served at `{issuer}.well-known/openid-configuration`.
    pub fn discovery_document(&self) -> Value {
        json!({
            "issuer": self.url,
            "jwks_uri": format!("{}{JWKS_PATH}", self.url),
            "token_endpoint": format!("{}{TOKEN_PATH}", self.url),
            "grant_types_supported": ["client_credentials"],
            "response_types_supported": ["token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        })
    }

    /// The key set served at `jwks_uri`.
    pub fn jwks(&self) -> Value {
        json!({ "keys": [self.key.public_jwk()] })
    }

    /// Signs an RS256 access token. `now` is the current Unix time in seconds.
    pub fn mint(&self, request: &TokenRequest, now: u64) -> Result<String> {
        let claims = self.claims(request, now);
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.key.kid().to_owned());
        jsonwebtoken::encode(&header, &claims, self.key.encoding_key())
            .map_err(|e| Error::Signing(e.to_string()))
    }

    fn claims(&self, request: &TokenRequest, now: u64) -> Map<String, Value> {
        let client_id = request.client_id.as_deref().unwrap_or("gantry");
        let expires_in = request.expires_in.unwrap_or(DEFAULT_EXPIRES_IN as i64);
        let now = i64::try_from(now).unwrap_or(i64::MAX);
        let mut claims = Map::new();
        claims.insert("iss".into(), json!(self.url));
        let subject = match &request.subject {
            Some(subject) => subject.clone(),
            None => format!("{client_id}@clients"),
        };
        claims.insert("sub".into(), json!(subject));
        match request.audience.as_slice() {
            [] => {}
            [one] => {
                claims.insert("aud".into(), json!(one));
            }
            many => {
                claims.insert("aud".into(), json!(many));
            }
        }
        claims.insert("iat".into(), json!(now));
        claims.insert("exp".into(), json!(now.saturating_add(expires_in)));
        if !request.scopes.is_empty() {
            claims.insert("scope".into(), json!(request.scopes.join(" ")));
        }
        claims.insert("gty".into(), json!("client-credentials"));
        claims.insert("azp".into(), json!(client_id));
        for (name, value) in &request.extra_claims {
            claims.insert(name.clone(), value.clone());
        }
        claims
    }
}

#[cfg(test)]
mod tests {
    use jsonwebtoken::{DecodingKey, Validation, decode, decode_header};

    use super::*;

    fn issuer() -> Issuer {
        Issuer::new(
            "http://127.0.0.1:3000/_gantry/issuer",
            SigningKey::generate().unwrap(),
        )
    }

    fn verify(issuer: &Issuer, token: &str, audience: &str) -> Map<String, Value> {
        let jwk: jsonwebtoken::jwk::Jwk =
            serde_json::from_value(issuer.key().public_jwk()).unwrap();
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_audience(&[audience]);
        validation.set_issuer(&[issuer.url()]);
        decode::<Map<String, Value>>(token, &DecodingKey::from_jwk(&jwk).unwrap(), &validation)
            .unwrap()
            .claims
    }

    #[test]
    fn minted_token_verifies_against_the_published_jwk() {
        let issuer = issuer();
        let request = TokenRequest {
            audience: vec!["https://api.example.com".into()],
            scopes: vec!["read:test".into(), "write:test".into()],
            ..TokenRequest::default()
        };
        let now = jsonwebtoken::get_current_timestamp();
        let token = issuer.mint(&request, now).unwrap();
        assert_eq!(
            decode_header(&token).unwrap().kid.as_deref(),
            Some(issuer.key().kid())
        );
        let claims = verify(&issuer, &token, "https://api.example.com");
        assert_eq!(claims["iss"], "http://127.0.0.1:3000/_gantry/issuer/");
        assert_eq!(claims["aud"], "https://api.example.com");
        assert_eq!(claims["scope"], "read:test write:test");
        assert_eq!(claims["sub"], "gantry@clients");
        assert_eq!(claims["exp"], json!(now as i64 + DEFAULT_EXPIRES_IN as i64));
    }

    #[test]
    fn extra_claims_override_standard_ones_and_several_audiences_make_an_array() {
        let issuer = issuer();
        let mut extra = Map::new();
        extra.insert("sub".into(), json!("user-42"));
        extra.insert("roles".into(), json!(["admin", "dev"]));
        let request = TokenRequest {
            audience: vec!["a".into(), "b".into()],
            extra_claims: extra,
            ..TokenRequest::default()
        };
        let claims = issuer.claims(&request, 1_000);
        assert_eq!(claims["aud"], json!(["a", "b"]));
        assert_eq!(claims["sub"], "user-42");
        assert_eq!(claims["roles"], json!(["admin", "dev"]));
        assert!(!claims.contains_key("scope"));
    }

    #[test]
    fn negative_lifetime_mints_an_expired_token() {
        let claims = issuer().claims(
            &TokenRequest {
                expires_in: Some(-120),
                ..TokenRequest::default()
            },
            10_000,
        );
        assert_eq!(claims["exp"], json!(9_880));
    }

    #[test]
    fn discovery_document_points_at_the_jwks_and_token_endpoint_below_the_issuer() {
        let issuer = issuer();
        let doc = issuer.discovery_document();
        assert_eq!(doc["issuer"], "http://127.0.0.1:3000/_gantry/issuer/");
        assert_eq!(
            doc["jwks_uri"],
            "http://127.0.0.1:3000/_gantry/issuer/.well-known/jwks.json"
        );
        assert_eq!(
            doc["token_endpoint"],
            "http://127.0.0.1:3000/_gantry/issuer/oauth/token"
        );
        assert_eq!(issuer.jwks()["keys"][0]["kid"], json!(issuer.key().kid()));
    }
}
