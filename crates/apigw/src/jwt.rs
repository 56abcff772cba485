//! The JWT authorizer of HTTP APIs (§2): read the token from the identity
//! source, verify it against the issuer's JWKS, check its claims and the route's scopes.
//!
//! The pipeline calls [`JwtAuthorizer::authorize`] once per request to a route with
//! `AuthorizationType: JWT`; the outcome is a [`Decision`] value. `Deny` carries a
//! [`DenyReason`] with the status (401/403), the `www-authenticate` value and an
//! explanation naming the offending value and the fix. Only signature verification is
//! delegated (to `jsonwebtoken` with aws-lc-rs); claims are checked here so every failure
//! can say exactly what was wrong. Lambda (`REQUEST`) authorizers are not handled here.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::ser::{Serialize, SerializeMap, Serializer};

mod claims;
mod config;
mod deny;
mod jwks;
mod token;
mod token_cache;
mod verify;

pub use config::{IdentitySource, JwtAuthorizerConfig, JwtConfigError};
pub use deny::{DenyReason, NOT_BEFORE_LEEWAY_SECONDS};
pub use jwks::{HttpClientError, IssuerKeys, JwksSettings, KeyFetchError};
pub use token::IdentityRequest;
pub use token_cache::DEFAULT_TOKEN_CACHE_CAPACITY;

pub(crate) use jwks::IssuerKeySource;
use token_cache::VerifiedTokenCache;

/// The authorizer's verdict for one request.
#[derive(Debug, Clone)]
pub enum Decision {
    /// The token is valid for the route.
    Allow {
        /// The token's claims, rendered for `requestContext.authorizer.jwt.claims`.
        claims: Arc<VerifiedClaims>,
        /// `requestContext.authorizer.jwt.scopes`: `None` (JSON `null`) when the route has
        /// no `AuthorizationScopes`, else the token's full scope list (§2.6).
        scopes: Option<Arc<[String]>>,
    },
    /// The request is refused; the reason says why and how to fix it.
    Deny(DenyReason),
}

/// A verified token's claims, ready for the event, plus what the token cache needs.
#[derive(Debug, PartialEq, Eq)]
pub struct VerifiedClaims {
    rendered: Vec<(String, String)>,
    scopes: Arc<[String]>,
    validity: claims::Validity,
}

impl VerifiedClaims {
    /// The claims as `(name, string value)` pairs in token order (§2.6).
    pub fn rendered(&self) -> &[(String, String)] {
        &self.rendered
    }

    /// The value of one claim as the event carries it.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.rendered
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The token's scopes, from `scope` or `scp`.
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    fn is_valid_at(&self, now: u64) -> bool {
        self.validity.not_before <= now && now < self.validity.expires_at
    }
}

impl Serialize for VerifiedClaims {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.rendered.len()))?;
        for (name, value) in &self.rendered {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// One configured JWT authorizer with its verified-token cache.
#[derive(Debug)]
pub struct JwtAuthorizer {
    config: JwtAuthorizerConfig,
    keys: IssuerKeySource,
    verified: VerifiedTokenCache,
}

impl JwtAuthorizer {
    /// An authorizer using `keys` for its issuer, caching up to
    /// [`DEFAULT_TOKEN_CACHE_CAPACITY`] verified tokens.
    pub fn new(config: JwtAuthorizerConfig, keys: &IssuerKeys) -> Self {
        Self::with_cache_capacity(config, keys, DEFAULT_TOKEN_CACHE_CAPACITY)
    }

    /// Like [`JwtAuthorizer::new`] with an explicit token cache size (0 disables it).
    pub fn with_cache_capacity(
        config: JwtAuthorizerConfig,
        keys: &IssuerKeys,
        capacity: usize,
    ) -> Self {
        Self {
            keys: keys.source(&config.issuer),
            config,
            verified: VerifiedTokenCache::new(capacity),
        }
    }

    /// The configuration this authorizer checks against.
    pub fn config(&self) -> &JwtAuthorizerConfig {
        &self.config
    }

    /// Decides whether the request may use a route with these `AuthorizationScopes`.
    ///
    /// `now` is the time of the request (passed in so tests control the clock).
    pub async fn authorize(
        &self,
        request: IdentityRequest<'_>,
        route_scopes: &[String],
        now: SystemTime,
    ) -> Decision {
        let now = unix_seconds(now);
        let token = match token::extract_token(&self.config.identity_source, &request) {
            Ok(token) => token,
            Err(reason) => return Decision::Deny(reason),
        };
        let verified = match self.verified.get(&token, now) {
            Some(verified) => verified,
            None => match self.verify(&token, now).await {
                Ok(verified) => {
                    self.verified.insert(&token, verified.clone(), now);
                    verified
                }
                Err(reason) => return Decision::Deny(reason),
            },
        };
        check_scopes(verified, route_scopes)
    }

    async fn verify(&self, token: &str, now: u64) -> Result<Arc<VerifiedClaims>, DenyReason> {
        let claims = verify::verify_signature(token, &self.keys).await?;
        let validity = claims::validate(&claims, &self.config, now)?;
        Ok(Arc::new(VerifiedClaims {
            rendered: claims::render(&claims),
            scopes: claims::scopes(&claims).into(),
            validity,
        }))
    }
}

/// Route scopes: any one of them in the token allows; none → 403 (§2.2, §2.4).
fn check_scopes(claims: Arc<VerifiedClaims>, route_scopes: &[String]) -> Decision {
    if route_scopes.is_empty() {
        return Decision::Allow {
            claims,
            scopes: None,
        };
    }
    if claims.scopes.iter().any(|s| route_scopes.contains(s)) {
        let scopes = Some(claims.scopes.clone());
        return Decision::Allow { claims, scopes };
    }
    Decision::Deny(DenyReason::InsufficientScope {
        required: route_scopes.to_vec(),
        found: claims.scopes.to_vec(),
    })
}

/// Verifies a token's signature with `issuer`'s keys and returns its claims unchecked:
/// for authorizers that check claims their own way (REST Cognito authorizers,
/// aws-rest-api.md §4.6).
pub(crate) async fn verify_signature(
    token: &str,
    keys: &IssuerKeySource,
) -> Result<serde_json::Map<String, serde_json::Value>, DenyReason> {
    verify::verify_signature(token, keys).await
}

fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}
