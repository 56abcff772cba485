//! The Lambda authorizer's result cache (§3.3): a hit (lookup of the identity values and
//! the cached policy decided for the route ARN, what a cached request costs) and a miss
//! followed by the insert of the parsed answer (the cache's share of an invocation).

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use apigw::lambda_authorizer::{AuthorizerCache, DEFAULT_AUTHORIZER_CACHE_CAPACITY, Verdict};
use criterion::{Criterion, criterion_group, criterion_main};

const ROUTE_ARN: &str = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/$default/GET/pets/6";

fn lambda_authorizer_cache(c: &mut Criterion) {
    let policy = br#"{"principalId":"user-1","policyDocument":{"Version":"2012-10-17","Statement":[
        {"Action":"execute-api:Invoke","Effect":"Allow","Resource":"arn:aws:execute-api:*:*:a1b2c3d4e5/*/GET/pets/*"},
        {"Action":"execute-api:Invoke","Effect":"Deny","Resource":"arn:aws:execute-api:*:*:a1b2c3d4e5/*/DELETE/*"}]},
        "context":{"tenant":"t1"}}"#;
    let Ok(verdict) = Verdict::parse(policy, false) else {
        return;
    };
    let verdict = Arc::new(verdict);
    let cache = AuthorizerCache::new(Duration::from_secs(300), DEFAULT_AUTHORIZER_CACHE_CAPACITY);
    let now = Instant::now();
    // A cache holding a thousand callers, as a busy authorizer's would.
    for caller in 0..1000 {
        cache.insert(vec![format!("Bearer token-{caller}")], verdict.clone(), now);
    }
    let key = vec!["Bearer token-500".to_owned()];

    c.bench_function("lambda_authorizer_cache/hit_and_decide", |b| {
        b.iter(|| {
            let cached = cache.get(black_box(&key), now);
            black_box(cached.map(|c| c.verdict.decide(black_box(ROUTE_ARN))))
        });
    });

    let mut caller = 0u64;
    c.bench_function("lambda_authorizer_cache/miss_then_insert", |b| {
        b.iter(|| {
            caller += 1;
            let key = vec![format!("Bearer new-{caller}")];
            if cache.get(black_box(&key), now).is_none() {
                cache.insert(key, verdict.clone(), now);
            }
        });
    });
}

criterion_group!(benches, lambda_authorizer_cache);
criterion_main!(benches);
