//! OIDC discovery and JWKS fetching against real HTTP servers on 127.0.0.1:0: limits,
//! failures and caching, observed through the authorizer's decisions.

// Helpers panic on broken fixtures, like the tests that call them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use test_support::issuer;

use std::time::{Duration, Instant, SystemTime};

use apigw::jwt::{
    Decision, DenyReason, IdentityRequest, IssuerKeys, JwksSettings, JwtAuthorizer,
    JwtAuthorizerConfig, KeyFetchError,
};
use http::header::AUTHORIZATION;
use http::{HeaderMap, HeaderValue, StatusCode};
use issuer::{IssuerServer, TestKey, now_seconds};
use serde_json::{Value, json};

fn authorizer(issuer: &str, keys: &IssuerKeys) -> JwtAuthorizer {
    let config = JwtAuthorizerConfig::new(
        issuer,
        vec!["api".to_owned()],
        &["$request.header.Authorization"],
    )
    .unwrap();
    JwtAuthorizer::new(config, keys)
}

fn claims(issuer: &str, sub: &str) -> Value {
    let now = now_seconds();
    json!({"iss": issuer, "aud": "api", "sub": sub, "exp": now + 600})
}

async fn decide(authorizer: &JwtAuthorizer, token: &str) -> Decision {
    let mut headers = HeaderMap::new();
    headers.insert(
        AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
    );
    let request = IdentityRequest {
        headers: &headers,
        raw_query: "",
    };
    authorizer.authorize(request, &[], SystemTime::now()).await
}

fn fetch_error(decision: Decision) -> KeyFetchError {
    match decision {
        Decision::Deny(DenyReason::KeysUnavailable { error, .. }) => *error,
        Decision::Deny(other) => panic!("expected KeysUnavailable, got {other}"),
        Decision::Allow { .. } => panic!("expected a Deny"),
    }
}

async fn serve_one_key() -> (IssuerServer, TestKey) {
    let key = TestKey::generate("k1");
    let server = IssuerServer::start(json!({"keys": [key.jwk(Some("RS256"))]})).await;
    (server, key)
}

#[tokio::test]
async fn keys_are_found_through_discovery_at_a_non_default_jwks_path() {
    let (server, key) = serve_one_key().await;
    let keys = IssuerKeys::new(JwksSettings::default()).unwrap();
    let authorizer = authorizer(&server.issuer, &keys);
    let decision = decide(&authorizer, &key.token(&claims(&server.issuer, "a"))).await;
    assert!(matches!(decision, Decision::Allow { .. }));
    assert_eq!((server.discovery_hits(), server.jwks_hits()), (1, 1));
}

#[tokio::test]
async fn issuer_with_trailing_slash_does_not_double_the_slash() {
    let (server, key) = serve_one_key().await;
    let issuer = format!("{}/", server.issuer);
    let keys = IssuerKeys::new(JwksSettings::default()).unwrap();
    let authorizer = authorizer(&issuer, &keys);
    let decision = decide(&authorizer, &key.token(&claims(&issuer, "a"))).await;
    assert!(matches!(decision, Decision::Allow { .. }));
}

#[tokio::test]
async fn slow_issuer_is_abandoned_after_1500_ms() {
    let (server, key) = serve_one_key().await;
    server.set(|b| b.delay = Duration::from_secs(5));
    let keys = IssuerKeys::new(JwksSettings::default()).unwrap();
    let authorizer = authorizer(&server.issuer, &keys);
    let started = Instant::now();
    let error = fetch_error(decide(&authorizer, &key.token(&claims(&server.issuer, "a"))).await);
    let elapsed = started.elapsed();
    assert!(
        matches!(error, KeyFetchError::Timeout { limit_ms: 1500, .. }),
        "{error}"
    );
    assert!(elapsed >= Duration::from_millis(1450), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(3000), "{elapsed:?}");
}

#[tokio::test]
async fn issuer_that_is_down_is_a_deny_not_a_hang() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let issuer = format!("http://{}/tenant", listener.local_addr().unwrap());
    drop(listener);
    let key = TestKey::generate("k1");
    let keys = IssuerKeys::new(JwksSettings::default()).unwrap();
    let authorizer = authorizer(&issuer, &keys);
    let decision = decide(&authorizer, &key.token(&claims(&issuer, "a"))).await;
    let Decision::Deny(reason) = decision else {
        panic!("expected a Deny")
    };
    assert_eq!(reason.status(), StatusCode::UNAUTHORIZED);
    assert!(matches!(
        &reason,
        DenyReason::KeysUnavailable { error, .. } if matches!(**error, KeyFetchError::Request { .. })
    ));
    assert!(
        reason
            .to_string()
            .contains(".well-known/openid-configuration"),
        "{reason}"
    );
}

#[tokio::test]
async fn malformed_jwks_json_is_reported() {
    let (server, key) = serve_one_key().await;
    server.set(|b| b.jwks_body_override = Some("{\"keys\": [".to_owned()));
    let keys = IssuerKeys::new(JwksSettings::default()).unwrap();
    let authorizer = authorizer(&server.issuer, &keys);
    let error = fetch_error(decide(&authorizer, &key.token(&claims(&server.issuer, "a"))).await);
    assert!(
        matches!(error, KeyFetchError::InvalidJson { .. }),
        "{error}"
    );
}

#[tokio::test]
async fn jwks_over_150000_bytes_is_refused_and_under_it_is_used() {
    let (server, key) = serve_one_key().await;
    let padded = |size: usize| {
        let base = json!({"keys": [key.jwk(Some("RS256"))], "pad": ""}).to_string();
        json!({"keys": [key.jwk(Some("RS256"))], "pad": "x".repeat(size - base.len())}).to_string()
    };
    server.set(|b| b.jwks_body_override = Some(padded(150_001)));
    let settings = JwksSettings {
        min_refetch_interval: Duration::ZERO,
        ..JwksSettings::default()
    };
    let keys = IssuerKeys::new(settings).unwrap();
    let authorizer = authorizer(&server.issuer, &keys);
    let error = fetch_error(decide(&authorizer, &key.token(&claims(&server.issuer, "a"))).await);
    assert!(
        matches!(error, KeyFetchError::TooLarge { limit: 150_000, .. }),
        "{error}"
    );

    server.set(|b| b.jwks_body_override = Some(padded(150_000)));
    let decision = decide(&authorizer, &key.token(&claims(&server.issuer, "b"))).await;
    assert!(matches!(decision, Decision::Allow { .. }));
}

#[tokio::test]
async fn discovery_error_status_is_reported() {
    let (server, key) = serve_one_key().await;
    server.set(|b| b.discovery_status = StatusCode::SERVICE_UNAVAILABLE);
    let keys = IssuerKeys::new(JwksSettings::default()).unwrap();
    let authorizer = authorizer(&server.issuer, &keys);
    let error = fetch_error(decide(&authorizer, &key.token(&claims(&server.issuer, "a"))).await);
    assert!(
        matches!(error, KeyFetchError::Status { status: 503, .. }),
        "{error}"
    );
}

#[tokio::test]
async fn failed_fetch_is_remembered_for_the_minimum_interval_then_retried() {
    let (server, key) = serve_one_key().await;
    server.set(|b| b.discovery_status = StatusCode::INTERNAL_SERVER_ERROR);
    let settings = JwksSettings {
        min_refetch_interval: Duration::from_secs(1),
        ..JwksSettings::default()
    };
    let keys = IssuerKeys::new(settings).unwrap();
    let authorizer = authorizer(&server.issuer, &keys);
    let tokens: Vec<String> = ["a", "b", "c"]
        .iter()
        .map(|sub| key.token(&claims(&server.issuer, sub)))
        .collect();
    fetch_error(decide(&authorizer, &tokens[0]).await);
    server.set(|b| b.discovery_status = StatusCode::OK);
    fetch_error(decide(&authorizer, &tokens[1]).await);
    assert_eq!(server.discovery_hits(), 1, "no retry within the interval");

    tokio::time::sleep(Duration::from_millis(1100)).await;
    let decision = decide(&authorizer, &tokens[2]).await;
    assert!(matches!(decision, Decision::Allow { .. }));
    assert_eq!(server.discovery_hits(), 2);
}

#[tokio::test]
async fn stale_keys_keep_working_when_a_refresh_fails() {
    let (server, key) = serve_one_key().await;
    let settings = JwksSettings {
        key_set_ttl: Duration::from_millis(100),
        min_refetch_interval: Duration::ZERO,
        ..JwksSettings::default()
    };
    let keys = IssuerKeys::new(settings).unwrap();
    let authorizer = authorizer(&server.issuer, &keys);
    let first = decide(&authorizer, &key.token(&claims(&server.issuer, "a"))).await;
    assert!(matches!(first, Decision::Allow { .. }));
    server.set(|b| b.discovery_status = StatusCode::INTERNAL_SERVER_ERROR);
    tokio::time::sleep(Duration::from_millis(150)).await;
    let second = decide(&authorizer, &key.token(&claims(&server.issuer, "b"))).await;
    assert!(matches!(second, Decision::Allow { .. }));
    assert_eq!(
        server.discovery_hits(),
        2,
        "the stale key set was refreshed (and failed)"
    );
}

#[tokio::test]
async fn non_rsa_key_in_the_jwks_is_unusable_but_does_not_spoil_the_others() {
    let key = TestKey::generate("rsa-1");
    let ec = json!({"kty": "EC", "kid": "ec-1", "crv": "P-256", "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"});
    let server = IssuerServer::start(json!({"keys": [ec, key.jwk(Some("RS256"))]})).await;
    let keys = IssuerKeys::new(JwksSettings::default()).unwrap();
    let authorizer = authorizer(&server.issuer, &keys);
    let ok = decide(&authorizer, &key.token(&claims(&server.issuer, "a"))).await;
    assert!(matches!(ok, Decision::Allow { .. }));
    let ec_token = key.sign(
        &json!({"alg": "RS256", "kid": "ec-1"}),
        &claims(&server.issuer, "b"),
    );
    let Decision::Deny(reason) = decide(&authorizer, &ec_token).await else {
        panic!("expected a Deny")
    };
    assert!(matches!(reason, DenyReason::UnusableKey { .. }));
    assert!(reason.to_string().contains("kty is \"EC\""), "{reason}");
}

#[tokio::test]
async fn authorizers_of_one_issuer_share_its_key_cache() {
    let (server, key) = serve_one_key().await;
    let keys = IssuerKeys::new(JwksSettings::default()).unwrap();
    let first = authorizer(&server.issuer, &keys);
    let second = authorizer(&server.issuer, &keys);
    assert!(matches!(
        decide(&first, &key.token(&claims(&server.issuer, "a"))).await,
        Decision::Allow { .. }
    ));
    assert!(matches!(
        decide(&second, &key.token(&claims(&server.issuer, "b"))).await,
        Decision::Allow { .. }
    ));
    assert_eq!(server.jwks_hits(), 1);
}

#[tokio::test]
async fn https_issuer_with_a_broken_tls_peer_is_a_deny() {
    // A peer that answers a TLS ClientHello with plain HTTP exercises the rustls client
    // (aws-lc-rs provider, platform verifier) up to the handshake failure.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("https://{}/tenant", listener.local_addr().unwrap());
    let peer = tokio::spawn(async move {
        use tokio::io::AsyncWriteExt as _;
        if let Ok((mut socket, _)) = listener.accept().await {
            let _ = socket
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
                .await;
        }
    });
    let key = TestKey::generate("k1");
    let keys = IssuerKeys::new(JwksSettings::default()).unwrap();
    let authorizer = authorizer(&issuer, &keys);
    let error = fetch_error(decide(&authorizer, &key.token(&claims(&issuer, "a"))).await);
    assert!(matches!(error, KeyFetchError::Request { .. }), "{error}");
    assert!(
        error.to_string().contains("corrupt message"),
        "rustls rejected the peer: {error}"
    );
    peer.abort();
}
