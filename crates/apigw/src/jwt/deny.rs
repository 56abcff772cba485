//! Why a JWT authorizer refused a request: the status, the `www-authenticate` value and a
//! human explanation with the offending value and the fix.
//!
//! Only the status and `www-authenticate` reach the client; the explanation is for the
//! log line (§2.4: AWS itself only publishes `$context.authorizer.error`).

use std::fmt::Write as _;

use http::StatusCode;

use super::jwks::KeyFetchError;

/// Leeway in seconds granted to `nbf` and `iat` against this machine's clock.
// Unconfirmed: AWS's leeway is not published (§2.2). `exp` gets none, so a
// token is refused the second AWS would refuse it; `nbf`/`iat` get a minute because a
// laptop's clock may lag a remote issuer's, which AWS's servers do not.
pub const NOT_BEFORE_LEEWAY_SECONDS: u64 = 60;

/// Why the token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DenyReason {
    /// No token at the identity source.
    #[error(
        "no token at {identity_source}; send `Authorization: Bearer <token>` (or the bare token) where the authorizer's IdentitySource points"
    )]
    MissingToken {
        /// The identity source expression.
        identity_source: String,
    },
    /// The identity source appears more than once.
    // Unconfirmed: AWS would join the values with a comma, which no JWT survives.
    #[error("{identity_source} was sent {count} times; send the token once")]
    AmbiguousToken {
        /// The identity source expression.
        identity_source: String,
        /// How many values were sent.
        count: usize,
    },
    /// A scheme other than `Bearer`, like `Basic`.
    #[error(
        "{identity_source} uses the {scheme:?} scheme; a JWT authorizer accepts only the bare token or `Bearer <token>`"
    )]
    UnsupportedScheme {
        /// The identity source expression.
        identity_source: String,
        /// The scheme word the client sent.
        scheme: String,
    },
    /// Not a decodable JWS compact token.
    #[error("the token is not a well-formed JWT: {detail}")]
    Malformed {
        /// What is wrong with it.
        detail: String,
    },
    /// The header's `crit` lists an extension gantry does not understand, or is not a
    /// well-formed `crit` (RFC 7515 §4.1.11: either makes the JWS invalid).
    #[error(
        "the token header's \"crit\" {detail}; a token whose crit the recipient does not fully understand is invalid (RFC 7515 §4.1.11), and no JWS extension is understood here: have the issuer sign without \"crit\""
    )]
    CriticalHeader {
        /// What `crit` says and why it is refused.
        detail: String,
    },
    /// `alg` is not an RSA PKCS#1 algorithm (§2.2: only RSA-based algorithms).
    #[error(
        "the token is signed with {alg:?}; API Gateway accepts only RSA signatures (RS256, RS384, RS512); have the issuer sign with RS256"
    )]
    UnsupportedAlgorithm {
        /// The token header's `alg`.
        alg: String,
    },
    /// No `kid` in the token header, so no key can be chosen.
    #[error(
        "the token header has no \"kid\"; API Gateway picks the verification key by kid from the issuer's JWKS"
    )]
    MissingKeyId,
    /// The `kid` names no key of the issuer.
    #[error("{}", unknown_kid_explanation(.kid, .known, .jwks_uri, .refresh_error.as_deref()))]
    UnknownKeyId {
        /// The token's `kid`.
        kid: String,
        /// The kids the JWKS has.
        known: Vec<String>,
        /// Where the keys came from.
        jwks_uri: String,
        /// Why refreshing the key set failed, if it did.
        refresh_error: Option<Box<KeyFetchError>>,
    },
    /// The JWK's `alg` differs from the token's.
    #[error(
        "the token says alg {token_alg:?} but JWKS key {kid:?} is for {key_alg:?}; the algorithm comes from the key, not the token"
    )]
    AlgorithmMismatch {
        /// The key id.
        kid: String,
        /// The token header's `alg`.
        token_alg: String,
        /// The JWK's `alg`.
        key_alg: String,
    },
    /// The JWK cannot verify RSA signatures.
    #[error("JWKS key {kid:?} cannot verify the token: {reason}")]
    UnusableKey {
        /// The key id.
        kid: String,
        /// What is wrong with the key.
        reason: String,
    },
    /// The signature does not verify with the issuer's key.
    #[error(
        "the token's signature does not verify with JWKS key {kid:?}; the token was not signed by this issuer's key or was altered"
    )]
    InvalidSignature {
        /// The key id.
        kid: String,
    },
    /// `iss` differs from `JwtConfiguration.Issuer` (exact comparison).
    #[error("{}", issuer_explanation(.found.as_deref(), .expected))]
    IssuerMismatch {
        /// The token's `iss`, if it has one.
        found: Option<String>,
        /// The configured issuer.
        expected: String,
    },
    /// `aud` names none of the configured audiences.
    #[error("token audience {found:?} is not one of the authorizer's audiences {expected:?}; {}", audience_fix(.found, .expected))]
    AudienceMismatch {
        /// The token's `aud` values.
        found: Vec<String>,
        /// `JwtConfiguration.Audience`.
        expected: Vec<String>,
    },
    /// No `aud`, and `client_id` names none of the configured audiences.
    #[error(
        "token has no \"aud\" and its client_id {found:?} is not one of the authorizer's audiences {expected:?}; add {found:?} to JwtConfiguration.Audience"
    )]
    ClientIdMismatch {
        /// The token's `client_id`.
        found: String,
        /// `JwtConfiguration.Audience`.
        expected: Vec<String>,
    },
    /// Neither `aud` nor `client_id`.
    #[error(
        "token has neither \"aud\" nor \"client_id\"; API Gateway requires one of them to name an audience in {expected:?}"
    )]
    MissingAudience {
        /// `JwtConfiguration.Audience`.
        expected: Vec<String>,
    },
    /// No `exp` claim.
    // Unconfirmed: whether AWS accepts tokens without `exp` is not published (§2.2).
    #[error("token has no \"exp\" claim; API Gateway checks that exp is in the future")]
    MissingExpiry,
    /// A time claim that is not a number of seconds.
    #[error("token claim {claim:?} is {value}, not a number of seconds since the epoch")]
    InvalidTimeClaim {
        /// `exp`, `nbf` or `iat`.
        claim: &'static str,
        /// The claim as JSON.
        value: String,
    },
    /// `exp` is not after now.
    #[error("token expired: exp is {exp} ({} s ago, now is {now}); get a new token", .now.saturating_sub(*.exp))]
    Expired {
        /// The token's `exp`.
        exp: u64,
        /// The time of the check.
        now: u64,
    },
    /// `nbf` is in the future.
    #[error("token is not valid yet: nbf is {nbf} ({} s from now, now is {now}); check this machine's clock", .nbf.saturating_sub(*.now))]
    NotYetValid {
        /// The token's `nbf`.
        nbf: u64,
        /// The time of the check.
        now: u64,
    },
    /// `iat` is in the future.
    #[error("token was issued in the future: iat is {iat}, {} s from now (now is {now}); check this machine's clock", .iat.saturating_sub(*.now))]
    IssuedInFuture {
        /// The token's `iat`.
        iat: u64,
        /// The time of the check.
        now: u64,
    },
    /// The issuer's keys could not be fetched.
    // Unconfirmed: AWS's answer when discovery or JWKS fails at request time is not
    // published (§2.5); a token that cannot be verified is refused with 401.
    #[error(
        "cannot verify the token because the issuer's keys are unavailable: {error}; make {issuer}/.well-known/openid-configuration and its jwks_uri reachable"
    )]
    KeysUnavailable {
        /// The configured issuer.
        issuer: String,
        /// What went wrong.
        error: Box<KeyFetchError>,
    },
    /// The token is valid but has none of the route's scopes (403).
    #[error(
        "token scopes {found:?} include none of the route's AuthorizationScopes {required:?}; request a token with one of them or change the route's AuthorizationScopes"
    )]
    InsufficientScope {
        /// The route's `AuthorizationScopes`.
        required: Vec<String>,
        /// The token's `scope`/`scp` values.
        found: Vec<String>,
    },
}

impl DenyReason {
    /// 403 when the token is valid but lacks a route scope, 401 otherwise (§2.4).
    pub fn status(&self) -> StatusCode {
        match self {
            Self::InsufficientScope { .. } => StatusCode::FORBIDDEN,
            _ => StatusCode::UNAUTHORIZED,
        }
    }

    /// The `www-authenticate` header value for the refusal.
    ///
    /// Documented (§2.4): `Bearer scope="" error="invalid_token"
    /// error_description="the token does not have a valid audience"`.
    // Unconfirmed: every other description below is chosen by analogy with the documented
    // one; a missing token gets the bare `Bearer` challenge (RFC 6750 §3.1), and a scope
    // failure names the route's scopes with `insufficient_scope` (RFC 6750 §3.1).
    pub fn www_authenticate(&self) -> String {
        let description = match self {
            Self::MissingToken { .. } => return "Bearer".to_owned(),
            Self::InsufficientScope { required, .. } => {
                return format!(
                    "Bearer scope=\"{}\" error=\"insufficient_scope\" error_description=\"the token does not have the required scope\"",
                    required.join(" ")
                );
            }
            Self::AudienceMismatch { .. }
            | Self::ClientIdMismatch { .. }
            | Self::MissingAudience { .. } => "the token does not have a valid audience",
            Self::IssuerMismatch { .. } => "the token does not have a valid issuer",
            Self::Expired { .. } => "the token has expired",
            Self::NotYetValid { .. } | Self::IssuedInFuture { .. } => "the token is not valid yet",
            Self::MissingExpiry | Self::InvalidTimeClaim { .. } => {
                "the token does not have a valid expiration"
            }
            Self::InvalidSignature { .. } => "the token signature is invalid",
            Self::UnsupportedAlgorithm { .. } | Self::AlgorithmMismatch { .. } => {
                "the token signing algorithm is not supported"
            }
            Self::MissingKeyId
            | Self::UnknownKeyId { .. }
            | Self::UnusableKey { .. }
            | Self::KeysUnavailable { .. } => "the token signing key could not be found",
            Self::AmbiguousToken { .. }
            | Self::UnsupportedScheme { .. }
            | Self::Malformed { .. }
            | Self::CriticalHeader { .. } => "the token is malformed",
        };
        format!("Bearer scope=\"\" error=\"invalid_token\" error_description=\"{description}\"")
    }
}

fn unknown_kid_explanation(
    kid: &str,
    known: &[String],
    jwks_uri: &str,
    refresh_error: Option<&KeyFetchError>,
) -> String {
    let mut text = format!(
        "token key id {kid:?} is not in the issuer's key set at {jwks_uri} (it has {known:?})"
    );
    if let Some(error) = refresh_error {
        let _ = write!(text, "; refreshing the key set failed: {error}");
    }
    text.push_str(
        "; the token was signed by another issuer or with a key the issuer no longer publishes",
    );
    text
}

fn issuer_explanation(found: Option<&str>, expected: &str) -> String {
    match found {
        None => format!(
            "token has no \"iss\" claim; API Gateway requires iss to equal JwtConfiguration.Issuer {expected:?}"
        ),
        Some(found) if found.trim_end_matches('/') == expected.trim_end_matches('/') => format!(
            "token issuer {found:?} differs from JwtConfiguration.Issuer {expected:?} only by a trailing slash; API Gateway compares them exactly, so set Issuer to {found:?}"
        ),
        Some(found) => format!(
            "token issuer {found:?} is not the authorizer's issuer {expected:?}; request a token from {expected} or set JwtConfiguration.Issuer to {found:?}"
        ),
    }
}

fn audience_fix(found: &[String], expected: &[String]) -> String {
    let request = match expected.first() {
        Some(audience) => format!("request a token for audience {audience}"),
        None => "set JwtConfiguration.Audience".to_owned(),
    };
    match found.first() {
        // Quoted: the value is the token's, and may hold a line break or an escape code.
        Some(audience) => format!("{request} or add {audience:?} to JwtConfiguration.Audience"),
        None => request,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_insufficient_scope_is_forbidden() {
        let scope = DenyReason::InsufficientScope {
            required: vec!["admin".into()],
            found: vec![],
        };
        assert_eq!(scope.status(), StatusCode::FORBIDDEN);
        assert_eq!(DenyReason::MissingKeyId.status(), StatusCode::UNAUTHORIZED);
    }

    #[test]
    fn insufficient_scope_challenge_names_the_route_scopes() {
        let scope = DenyReason::InsufficientScope {
            required: vec!["admin".into(), "ops".into()],
            found: vec!["read".into()],
        };
        assert_eq!(
            scope.www_authenticate(),
            "Bearer scope=\"admin ops\" error=\"insufficient_scope\" error_description=\"the token does not have the required scope\""
        );
    }

    #[test]
    fn expiry_explanation_says_how_long_ago() {
        let reason = DenyReason::Expired { exp: 100, now: 220 };
        assert_eq!(
            reason.to_string(),
            "token expired: exp is 100 (120 s ago, now is 220); get a new token"
        );
    }

    #[test]
    fn unknown_kid_explanation_lists_known_kids_and_refresh_failure() {
        let reason = DenyReason::UnknownKeyId {
            kid: "k9".into(),
            known: vec!["k1".into()],
            jwks_uri: "https://i/jwks".into(),
            refresh_error: Some(Box::new(KeyFetchError::Status {
                url: "https://i/jwks".into(),
                status: 500,
            })),
        };
        let text = reason.to_string();
        assert!(text.contains("\"k9\""), "{text}");
        assert!(text.contains("[\"k1\"]"), "{text}");
        assert!(text.contains("answered HTTP 500"), "{text}");
    }
}
