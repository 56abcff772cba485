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

#[tokio::test]
async fn valid_token_is_allowed_with_claims_rendered_as_aws_does() {
    let s = setup().await;
    let token = s.key.token(&with(
        claims(&s),
        json!({"groups": ["admin", "poweruser"], "n": 7, "flag": true, "gone": null, "meta": {"b": 1, "a": "x"}}),
    ));
    let (claims, scopes) = allowed(decide(&s.authorizer, Some(&token), &[]).await);
    assert_eq!(claims.get("groups"), Some("[admin poweruser]"));
    assert_eq!(claims.get("n"), Some("7"));
    assert_eq!(claims.get("flag"), Some("true"));
    assert_eq!(
        claims.get("exp"),
        Some((now_seconds() + 3600).to_string().as_str())
    );
    assert_eq!(claims.get("gone"), None, "null claims are omitted");
    assert_eq!(claims.get("meta"), Some("map[a:x b:1]"));
    assert_eq!(
        scopes, None,
        "scopes are null when the route has no AuthorizationScopes"
    );
}

#[tokio::test]
async fn bare_and_bearer_prefixed_tokens_are_both_allowed() {
    let s = setup().await;
    let token = s.key.token(&claims(&s));
    allowed(decide(&s.authorizer, Some(&token), &[]).await);
    allowed(decide(&s.authorizer, Some(&format!("Bearer {token}")), &[]).await);
}

#[tokio::test]
async fn missing_token_is_401_with_a_bare_bearer_challenge() {
    let s = setup().await;
    let reason = denied(decide(&s.authorizer, None, &[]).await);
    assert!(matches!(reason, DenyReason::MissingToken { .. }));
    assert_eq!(reason.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(reason.www_authenticate(), "Bearer");
}

#[tokio::test]
async fn basic_credentials_are_denied_naming_the_scheme() {
    let s = setup().await;
    let reason = denied(decide(&s.authorizer, Some("Basic dXNlcjpwYXNz"), &[]).await);
    assert!(
        matches!(reason, DenyReason::UnsupportedScheme { ref scheme, .. } if scheme == "Basic")
    );
}

#[tokio::test]
async fn wrong_audience_is_denied_with_the_documented_www_authenticate() {
    let s = setup().await;
    let token = s.key.token(&with(claims(&s), json!({"aud": ["x"]})));
    let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
    assert_eq!(
        reason.to_string(),
        "token audience [\"x\"] is not one of the authorizer's audiences [\"api\"]; request a token for audience api or add x to JwtConfiguration.Audience"
    );
    assert_eq!(
        reason.www_authenticate(),
        "Bearer scope=\"\" error=\"invalid_token\" error_description=\"the token does not have a valid audience\""
    );
}

#[tokio::test]
async fn audience_array_with_any_overlap_is_allowed() {
    let s = setup().await;
    let token = s
        .key
        .token(&with(claims(&s), json!({"aud": ["other", "api"]})));
    allowed(decide(&s.authorizer, Some(&token), &[]).await);
}

#[tokio::test]
async fn client_id_is_checked_only_when_aud_is_absent() {
    let s = setup().await;
    let without_aud = s
        .key
        .token(&with(claims(&s), json!({"aud": null, "client_id": "api"})));
    allowed(decide(&s.authorizer, Some(&without_aud), &[]).await);
    let wrong_aud = s
        .key
        .token(&with(claims(&s), json!({"aud": "web", "client_id": "api"})));
    let reason = denied(decide(&s.authorizer, Some(&wrong_aud), &[]).await);
    assert!(matches!(reason, DenyReason::AudienceMismatch { .. }));
}

#[tokio::test]
async fn issuer_differing_by_a_trailing_slash_is_denied_and_explained() {
    let s = setup().await;
    let iss = format!("{}/", s.server.issuer);
    let token = s.key.token(&with(claims(&s), json!({"iss": iss})));
    let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
    assert!(
        reason.to_string().contains("only by a trailing slash"),
        "{reason}"
    );
}

#[tokio::test]
async fn expired_token_is_denied_with_its_exp() {
    let s = setup().await;
    let exp = now_seconds() - 120;
    let token = s.key.token(&with(claims(&s), json!({"exp": exp})));
    let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
    assert!(matches!(reason, DenyReason::Expired { exp: e, .. } if e == exp));
    assert!(reason.to_string().contains(&format!("exp is {exp}")));
}

#[tokio::test]
async fn unsigned_alg_none_token_is_denied() {
    let s = setup().await;
    let token = format!(
        "{}.",
        signing_input(&json!({"alg": "none", "kid": "key-1"}), &claims(&s))
    );
    let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
    assert_eq!(
        reason,
        DenyReason::UnsupportedAlgorithm { alg: "none".into() }
    );
}

#[tokio::test]
async fn hmac_token_keyed_with_the_public_key_is_denied() {
    let s = setup().await;
    let input = signing_input(&json!({"alg": "HS256", "kid": "key-1"}), &claims(&s));
    let secret = s.key.jwk(None)["n"].as_str().unwrap().to_owned();
    let tag = aws_lc_rs::hmac::sign(
        &aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret.as_bytes()),
        input.as_bytes(),
    );
    let token = format!("{input}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()));
    let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
    assert_eq!(
        reason,
        DenyReason::UnsupportedAlgorithm {
            alg: "HS256".into()
        }
    );
}

#[tokio::test]
async fn pss_signed_token_is_denied() {
    let s = setup_with(JwksSettings::default(), None, 100).await;
    let token = s
        .key
        .sign(&json!({"alg": "PS256", "kid": "key-1"}), &claims(&s));
    let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
    assert_eq!(
        reason,
        DenyReason::UnsupportedAlgorithm {
            alg: "PS256".into()
        }
    );
}

#[tokio::test]
async fn signature_from_another_key_with_the_same_kid_is_denied() {
    let s = setup().await;
    let impostor = TestKey::generate("key-1");
    let token = impostor.token(&claims(&s));
    let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
    assert_eq!(
        reason,
        DenyReason::InvalidSignature {
            kid: "key-1".into()
        }
    );
}

#[tokio::test]
async fn tampered_payload_is_denied() {
    let s = setup().await;
    let token = s.key.token(&claims(&s));
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    parts[1] = URL_SAFE_NO_PAD.encode(with(claims(&s), json!({"sub": "admin"})).to_string());
    let reason = denied(decide(&s.authorizer, Some(&parts.join(".")), &[]).await);
    assert!(matches!(reason, DenyReason::InvalidSignature { .. }));
}

#[tokio::test]
async fn algorithm_comes_from_the_jwk_not_the_token() {
    let s = setup().await; // JWK says RS256
    let token = s
        .key
        .sign(&json!({"alg": "RS512", "kid": "key-1"}), &claims(&s));
    let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
    assert!(
        matches!(reason, DenyReason::AlgorithmMismatch { .. }),
        "{reason}"
    );
}

#[tokio::test]
async fn jwk_without_alg_accepts_any_rsa_pkcs1_algorithm() {
    let s = setup_with(JwksSettings::default(), None, 100).await;
    let token = s
        .key
        .sign(&json!({"alg": "RS384", "kid": "key-1"}), &claims(&s));
    allowed(decide(&s.authorizer, Some(&token), &[]).await);
}

#[tokio::test]
async fn token_without_kid_is_denied() {
    let s = setup().await;
    let token = s.key.sign(&json!({"alg": "RS256"}), &claims(&s));
    assert_eq!(
        denied(decide(&s.authorizer, Some(&token), &[]).await),
        DenyReason::MissingKeyId
    );
}

#[tokio::test]
async fn garbage_tokens_are_denied_as_malformed() {
    let s = setup().await;
    for token in [
        "abc.def.ghi",
        "a.b",
        "x",
        "e30.e30.e30.e30",
        "eyJhbGciOiJSUzI1NiJ9",
    ] {
        let reason = denied(decide(&s.authorizer, Some(token), &[]).await);
        assert!(
            matches!(reason, DenyReason::Malformed { .. }),
            "{token}: {reason}"
        );
    }
}

#[tokio::test]
async fn route_scope_missing_from_token_is_403() {
    let s = setup().await;
    let token = s
        .key
        .token(&with(claims(&s), json!({"scope": "read write"})));
    let reason = denied(decide(&s.authorizer, Some(&token), &["admin"]).await);
    assert_eq!(reason.status(), StatusCode::FORBIDDEN);
    assert!(matches!(reason, DenyReason::InsufficientScope { .. }));
}

#[tokio::test]
async fn any_one_route_scope_allows_and_the_event_gets_all_token_scopes() {
    let s = setup().await;
    let token = s
        .key
        .token(&with(claims(&s), json!({"scp": ["read", "write"]})));
    let (_, scopes) = allowed(decide(&s.authorizer, Some(&token), &["admin", "write"]).await);
    assert_eq!(
        scopes.as_deref(),
        Some(&["read".to_owned(), "write".to_owned()][..])
    );
}

#[tokio::test]
async fn repeated_token_is_served_from_the_verified_token_cache() {
    let s = setup().await;
    let token = s.key.token(&claims(&s));
    let (first, _) = allowed(decide(&s.authorizer, Some(&token), &[]).await);
    let (second, _) = allowed(decide(&s.authorizer, Some(&token), &[]).await);
    assert!(
        Arc::ptr_eq(&first, &second),
        "the second request reused the first verification"
    );
}

#[tokio::test]
async fn disabled_cache_verifies_every_request() {
    let s = setup_with(JwksSettings::default(), Some("RS256"), 0).await;
    let token = s.key.token(&claims(&s));
    let (first, _) = allowed(decide(&s.authorizer, Some(&token), &[]).await);
    let (second, _) = allowed(decide(&s.authorizer, Some(&token), &[]).await);
    assert!(!Arc::ptr_eq(&first, &second));
}

#[tokio::test]
async fn cached_token_is_refused_once_it_expires() {
    let s = setup().await;
    let exp = now_seconds() + 30;
    let token = s.key.token(&with(claims(&s), json!({"exp": exp})));
    allowed(decide(&s.authorizer, Some(&token), &[]).await);
    let later = UNIX_EPOCH + Duration::from_secs(exp + 1);
    let reason = denied(decide_at(&s.authorizer, Some(&token), &[], later).await);
    assert!(matches!(reason, DenyReason::Expired { .. }));
}

#[tokio::test]
async fn scopes_are_checked_per_route_after_the_cache() {
    let s = setup().await;
    let token = s.key.token(&with(claims(&s), json!({"scope": "read"})));
    allowed(decide(&s.authorizer, Some(&token), &["read"]).await);
    let reason = denied(decide(&s.authorizer, Some(&token), &["write"]).await);
    assert!(matches!(reason, DenyReason::InsufficientScope { .. }));
}

#[tokio::test]
async fn unknown_kid_refetches_the_key_set_once_rotation_is_published() {
    let settings = JwksSettings {
        min_refetch_interval: Duration::from_secs(1),
        ..JwksSettings::default()
    };
    let s = setup_with(settings, Some("RS256"), 100).await;
    // Everything slow (key generation, signing) happens before the first fetch, so the
    // second request surely falls inside the minimum interval.
    let rotated = TestKey::generate("key-2");
    let first = s.key.token(&claims(&s));
    let token = rotated.token(&claims(&s));
    let both = json!({"keys": [s.key.jwk(Some("RS256")), rotated.jwk(Some("RS256"))]});

    allowed(decide(&s.authorizer, Some(&first), &[]).await);
    assert_eq!(s.server.jwks_hits(), 1);
    s.server.set(|b| b.jwks = both);
    // Within the minimum interval the issuer is not asked again.
    let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
    assert!(matches!(reason, DenyReason::UnknownKeyId { ref known, .. } if known == &["key-1"]));
    assert_eq!(s.server.jwks_hits(), 1);

    tokio::time::sleep(Duration::from_millis(1100)).await;
    allowed(decide(&s.authorizer, Some(&token), &[]).await);
    assert_eq!(s.server.jwks_hits(), 2);
}

#[tokio::test]
async fn random_kids_cannot_make_the_gateway_hammer_the_issuer() {
    let s = setup().await;
    allowed(decide(&s.authorizer, Some(&s.key.token(&claims(&s))), &[]).await);
    for n in 0..50 {
        let kid = format!("random-{n}");
        let token = s
            .key
            .sign(&json!({"alg": "RS256", "kid": kid}), &claims(&s));
        let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
        assert!(matches!(reason, DenyReason::UnknownKeyId { .. }));
    }
    assert_eq!(
        s.server.jwks_hits(),
        1,
        "one fetch, none per random kid within the interval"
    );
}

#[tokio::test]
async fn concurrent_first_requests_share_one_fetch() {
    let s = setup().await;
    s.server.set(|b| b.delay = Duration::from_millis(200));
    let authorizer = Arc::new(s.authorizer);
    let mut tasks = Vec::new();
    for n in 0..20 {
        let token = s.key.token(&with(
            claims_for(&s.server.issuer),
            json!({"sub": format!("u{n}")}),
        ));
        let authorizer = authorizer.clone();
        tasks.push(tokio::spawn(async move {
            matches!(
                decide(&authorizer, Some(&token), &[]).await,
                Decision::Allow { .. }
            )
        }));
    }
    for task in tasks {
        assert!(task.await.unwrap());
    }
    assert_eq!(s.server.discovery_hits(), 1);
    assert_eq!(s.server.jwks_hits(), 1);
    drop(s.keys);
}

fn claims_for(issuer: &str) -> Value {
    let now = now_seconds();
    json!({"iss": issuer, "aud": "api", "iat": now, "exp": now + 3600})
}
