//! `COGNITO_USER_POOLS` authorizers (aws-rest-api.md §4.6): the token from the identity-source
//! header (bare or `Bearer `), its signature checked with the keys of gantry's built-in
//! issuer, which stands in for every user pool, then its claims: `iss`, `exp`,
//! `token_use` (an ID token without method scopes, an access token with any one of them),
//! the app client. Every failure is a 401 naming the claim at fault.
//!
//! Deviation from AWS: real pools issue `https://cognito-idp.{region}.amazonaws.com/{poolId}`;
//! gantry accepts tokens of its built-in issuer for every pool in `ProviderARNs`
//! (`gantry token --cognito id|access` mints them).

use std::time::{SystemTime, UNIX_EPOCH};

use regex::Regex;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use time::macros::format_description;

use super::identity;
use super::{AuthorizeInput, Authorized};
use crate::jwt::{DenyReason, IssuerKeySource, verify_signature};
use crate::rest::RestError;

/// `token_use` of an ID token.
pub const ID_TOKEN_USE: &str = "id";
/// `token_use` of an access token.
pub const ACCESS_TOKEN_USE: &str = "access";
const BEARER_PREFIX: &str = "Bearer ";

/// A compiled Cognito authorizer.
#[derive(Debug)]
pub struct CognitoAuthorizer {
    /// `Name`.
    pub name: String,
    /// The identity-source header (`Authorization` by default).
    pub header: String,
    /// `iss` the tokens must carry: the built-in issuer.
    pub issuer: String,
    /// The built-in issuer's keys.
    pub(crate) keys: IssuerKeySource,
    /// The deployed app clients of the `ProviderARNs` pools; empty accepts any.
    pub client_ids: Vec<String>,
    /// `IdentityValidationExpression`, matched against `aud`.
    pub validation: Option<Regex>,
}

impl CognitoAuthorizer {
    /// Decides one request at `now`.
    pub async fn authorize(
        &self,
        input: &AuthorizeInput<'_>,
        now: SystemTime,
    ) -> Result<Authorized, RestError> {
        let refuse = |why: String| {
            RestError::unauthorized(format!("Cognito authorizer {}: {why}", self.name))
        };
        let raw = identity::header(&input.request, &self.header)
            .filter(|value| !value.is_empty())
            .ok_or_else(|| {
                refuse(format!(
                    "the request has no {} header; send `{}: <ID token>` (gantry token --cognito id)",
                    self.header, self.header
                ))
            })?;
        let token = raw.strip_prefix(BEARER_PREFIX).unwrap_or(&raw).trim();
        let claims = verify_signature(token, &self.keys).await.map_err(|deny| {
            let undecided = matches!(deny, DenyReason::KeysUnavailable { .. });
            let refusal = refuse(format!("the token is not valid: {deny}"));
            if undecided {
                refusal.undecided()
            } else {
                refusal
            }
        })?;
        self.check_claims(&claims, input.scopes, now)
            .map_err(refuse)?;
        let username = claim_str(&claims, "cognito:username")
            .or_else(|| claim_str(&claims, "username"))
            .or_else(|| claim_str(&claims, "sub"))
            .unwrap_or_default()
            .to_owned();
        Ok(Authorized {
            context: json!({ "claims": render_claims(&claims) }),
            usage_identifier_key: None,
            invoked_function: None,
            explanation: format!(
                "Cognito authorizer {} accepted the {} token of {username:?}",
                self.name,
                claim_str(&claims, "token_use").unwrap_or_default()
            ),
        })
    }

    fn check_claims(
        &self,
        claims: &Map<String, Value>,
        scopes: &[String],
        now: SystemTime,
    ) -> Result<(), String> {
        let iss = claim_str(claims, "iss").unwrap_or_default();
        if iss != self.issuer {
            return Err(format!(
                "iss is {iss:?}, not gantry's built-in issuer {:?}, which stands in for the user pool; mint the token with `gantry token --cognito id`",
                self.issuer
            ));
        }
        let now = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        match claims.get("exp").and_then(Value::as_u64) {
            Some(exp) if now < exp => {}
            Some(exp) => {
                return Err(format!(
                    "the token expired (exp {exp}, now {now}); get a new one"
                ));
            }
            None => return Err("the token has no numeric exp".to_owned()),
        }
        let token_use = claim_str(claims, "token_use").unwrap_or_default();
        let (wanted, client_claim) = if scopes.is_empty() {
            (ID_TOKEN_USE, "aud")
        } else {
            (ACCESS_TOKEN_USE, "client_id")
        };
        if token_use != wanted {
            return Err(if scopes.is_empty() {
                format!(
                    "token_use is {token_use:?}; a method without AuthorizationScopes needs an ID token (token_use \"id\", gantry token --cognito id)"
                )
            } else {
                format!(
                    "token_use is {token_use:?}; a method with AuthorizationScopes {scopes:?} needs an access token (token_use \"access\", gantry token --cognito access --scope ...)"
                )
            });
        }
        let client = claim_str(claims, client_claim).unwrap_or_default();
        // Unconfirmed: the app client (aud of ID tokens, client_id of access tokens) must
        // be a deployed UserPoolClient of a ProviderARNs pool (aws-rest-api.md §4.6).
        if !self.client_ids.is_empty() && !self.client_ids.iter().any(|id| id == client) {
            return Err(format!(
                "{client_claim} is {client:?}, not an app client of the authorizer's user pools ({})",
                self.client_ids.join(", ")
            ));
        }
        // Unconfirmed: IdentityValidationExpression is matched against aud (aws-rest-api.md §4.6).
        if let Some(expression) = &self.validation {
            let aud = claim_str(claims, "aud").unwrap_or_default();
            if !expression.is_match(aud) {
                return Err(format!(
                    "aud {aud:?} does not match IdentityValidationExpression {}",
                    expression.as_str()
                ));
            }
        }
        if !scopes.is_empty() {
            let granted: Vec<&str> = claim_str(claims, "scope")
                .unwrap_or_default()
                .split_whitespace()
                .collect();
            if !scopes.iter().any(|scope| granted.contains(&scope.as_str())) {
                return Err(format!(
                    "the token's scope {granted:?} has none of the method's AuthorizationScopes {scopes:?}"
                ));
            }
        }
        Ok(())
    }
}

fn claim_str<'a>(claims: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    claims.get(name).and_then(Value::as_str)
}

/// Every claim as a string (aws-rest-api.md §4.6): `exp` and `iat` as Java's `Date.toString` in
/// UTC, other numbers and booleans as written.
// Unconfirmed: an array claim (cognito:groups) is joined with commas; an object is its JSON.
pub fn render_claims(claims: &Map<String, Value>) -> Map<String, Value> {
    claims
        .iter()
        .map(|(name, value)| {
            let rendered = match (name.as_str(), value) {
                ("exp" | "iat", Value::Number(n)) => n
                    .as_i64()
                    .and_then(java_date)
                    .unwrap_or_else(|| n.to_string()),
                (_, Value::String(s)) => s.clone(),
                (_, Value::Array(items)) => items
                    .iter()
                    .map(|item| match item {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(","),
                (_, other) => other.to_string(),
            };
            (name.clone(), Value::String(rendered))
        })
        .collect()
}

/// `Tue Jun 18 15:00:04 UTC 2024`.
fn java_date(seconds: i64) -> Option<String> {
    let format = format_description!(
        "[weekday repr:short] [month repr:short] [day] [hour]:[minute]:[second] UTC [year]"
    );
    OffsetDateTime::from_unix_timestamp(seconds)
        .ok()?
        .format(format)
        .ok()
}
