//! The JWT authorizer end to end: real RSA keys, real signatures, discovery and JWKS over
//! HTTP on 127.0.0.1:0.

// Helpers panic on broken fixtures, like the tests that call them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use test_support::issuer;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use apigw::jwt::{
    Decision, DenyReason, IdentityRequest, IssuerKeys, JwksSettings, JwtAuthorizer,
    JwtAuthorizerConfig, VerifiedClaims,
};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::header::AUTHORIZATION;
use http::{HeaderMap, HeaderValue, StatusCode};
use issuer::{IssuerServer, TestKey, now_seconds, signing_input};
use serde_json::{Value, json};

mod cache;
mod crit;
mod tokens;

struct Setup {
    server: IssuerServer,
    key: TestKey,
    keys: IssuerKeys,
    authorizer: JwtAuthorizer,
}

async fn setup_with(settings: JwksSettings, jwk_alg: Option<&str>, cache: usize) -> Setup {
    let key = TestKey::generate("key-1");
    let server = IssuerServer::start(json!({ "keys": [key.jwk(jwk_alg)] })).await;
    let keys = IssuerKeys::new(settings).unwrap();
    let config = JwtAuthorizerConfig::new(
        server.issuer.clone(),
        vec!["api".to_owned()],
        &["$request.header.Authorization"],
    )
    .unwrap();
    let authorizer = JwtAuthorizer::with_cache_capacity(config, &keys, cache);
    Setup {
        server,
        key,
        keys,
        authorizer,
    }
}

async fn setup() -> Setup {
    setup_with(JwksSettings::default(), Some("RS256"), 100).await
}

fn claims(setup: &Setup) -> Value {
    let now = now_seconds();
    json!({
        "iss": setup.server.issuer,
        "aud": "api",
        "sub": "user-1",
        "iat": now,
        "exp": now + 3600,
    })
}

fn with(mut claims: Value, changes: Value) -> Value {
    for (name, value) in changes.as_object().unwrap() {
        if value.is_null() {
            claims.as_object_mut().unwrap().remove(name);
        } else {
            claims[name] = value.clone();
        }
    }
    claims
}

async fn decide_at(
    authorizer: &JwtAuthorizer,
    header: Option<&str>,
    scopes: &[&str],
    at: SystemTime,
) -> Decision {
    let mut headers = HeaderMap::new();
    if let Some(value) = header {
        headers.insert(AUTHORIZATION, HeaderValue::from_str(value).unwrap());
    }
    let scopes: Vec<String> = scopes.iter().map(|s| (*s).to_owned()).collect();
    let request = IdentityRequest {
        headers: &headers,
        raw_query: "",
    };
    authorizer.authorize(request, &scopes, at).await
}

async fn decide(authorizer: &JwtAuthorizer, header: Option<&str>, scopes: &[&str]) -> Decision {
    decide_at(authorizer, header, scopes, SystemTime::now()).await
}

fn allowed(decision: Decision) -> (Arc<VerifiedClaims>, Option<Arc<[String]>>) {
    match decision {
        Decision::Allow { claims, scopes } => (claims, scopes),
        Decision::Deny(reason) => panic!("expected Allow, got Deny: {reason}"),
    }
}

fn denied(decision: Decision) -> DenyReason {
    match decision {
        Decision::Deny(reason) => reason,
        Decision::Allow { .. } => panic!("expected Deny, got Allow"),
    }
}

fn claims_for(issuer: &str) -> Value {
    let now = now_seconds();
    json!({"iss": issuer, "aud": "api", "iat": now, "exp": now + 3600})
}
