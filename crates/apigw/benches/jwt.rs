//! JWT authorizer cost per request with warm issuer keys: full verification (RS256,
//! 2048-bit key, aws-lc-rs) with the verified-token cache disabled, and a repeated token
//! served from the cache. Keys come from a real issuer on 127.0.0.1:0.

// Fixtures that cannot be set up are a broken benchmark.
#![allow(clippy::expect_used)]

use test_support::issuer;

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::SystemTime;

use apigw::jwt::{
    Decision, IdentityRequest, IssuerKeys, JwksSettings, JwtAuthorizer, JwtAuthorizerConfig,
};
use criterion::{Criterion, criterion_group, criterion_main};
use http::header::AUTHORIZATION;
use http::{HeaderMap, HeaderValue};
use issuer::{IssuerServer, TestKey, now_seconds};
use serde_json::json;

/// Polls once: with warm keys `authorize` never waits, so this measures CPU work only.
fn ready<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("authorize waited although the issuer keys were warm"),
    }
}

fn jwt(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let key = TestKey::generate("bench-key");
    let server = runtime.block_on(IssuerServer::start(
        json!({"keys": [key.jwk(Some("RS256"))]}),
    ));
    let keys = IssuerKeys::new(JwksSettings::default()).expect("issuer keys");
    let config = JwtAuthorizerConfig::new(
        server.issuer.clone(),
        vec!["api".to_owned()],
        &["$request.header.Authorization"],
    )
    .expect("config");
    let uncached = JwtAuthorizer::with_cache_capacity(config.clone(), &keys, 0);
    let cached = JwtAuthorizer::new(config, &keys);

    let now = now_seconds();
    let token = key.token(&json!({
        "iss": server.issuer, "aud": "api", "sub": "user-1", "iat": now, "exp": now + 3600,
        "scope": "read write", "groups": ["admin", "poweruser"], "email": "user@example.com",
    }));
    let mut headers = HeaderMap::new();
    headers.insert(
        AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {token}")).expect("header"),
    );
    let request = IdentityRequest {
        headers: &headers,
        raw_query: "",
    };
    let scopes = vec!["read".to_owned()];
    // Warm the issuer key cache (discovery + JWKS over HTTP) and the token cache.
    for authorizer in [&uncached, &cached] {
        let decision = runtime.block_on(authorizer.authorize(request, &scopes, SystemTime::now()));
        assert!(matches!(decision, Decision::Allow { .. }));
    }

    let mut group = c.benchmark_group("jwt_authorize");
    group.bench_function("rs256_verified_every_request", |b| {
        b.iter(|| ready(uncached.authorize(black_box(request), &scopes, SystemTime::now())))
    });
    group.bench_function("rs256_from_verified_token_cache", |b| {
        b.iter(|| ready(cached.authorize(black_box(request), &scopes, SystemTime::now())))
    });
    group.finish();
    drop(server);
}

criterion_group!(benches, jwt);
criterion_main!(benches);
