//! The CORS decision (§8.2) per request: recognising a preflight, answering it, and
//! replacing a response's CORS headers; plus choosing a custom domain's API mapping
//! (§7.4).

use std::hint::black_box;

use apigw::cors::{CorsPolicy, preflight};
use apigw::domain::DomainTable;
use criterion::{Criterion, criterion_group, criterion_main};
use http::{HeaderMap, HeaderValue, Method};
use store::model::CorsConfiguration;

fn policy() -> CorsPolicy {
    let list = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect();
    CorsPolicy::new(&CorsConfiguration {
        allow_origins: list(&[
            "https://www.example.com",
            "https://app.example.com",
            "https://admin.example.com",
            "http://localhost:3000",
        ]),
        allow_methods: list(&["GET", "POST", "PUT", "DELETE"]),
        allow_headers: list(&["authorization", "content-type", "x-request-id"]),
        expose_headers: list(&["date", "x-api-id"]),
        max_age: Some(300),
        allow_credentials: Some(true),
    })
}

fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    pairs
        .iter()
        .map(|(n, v)| {
            (
                http::HeaderName::from_static(n),
                HeaderValue::from_static(v),
            )
        })
        .collect()
}

fn cors(c: &mut Criterion) {
    let policy = policy();
    let request = headers(&[
        ("origin", "http://localhost:3000"),
        ("access-control-request-method", "PUT"),
        (
            "access-control-request-headers",
            "content-type, authorization",
        ),
        ("accept", "*/*"),
        ("user-agent", "Mozilla/5.0"),
    ]);
    let mut group = c.benchmark_group("cors");
    group.bench_function("preflight_allowed", |b| {
        b.iter(|| {
            let preflight =
                preflight(&Method::OPTIONS, black_box(&request)).map(|p| policy.answer(&p));
            black_box(preflight)
        })
    });
    group.bench_function("not_a_preflight", |b| {
        b.iter(|| black_box(preflight(&Method::GET, black_box(&request))).is_some())
    });
    let response = headers(&[
        ("content-type", "application/json"),
        ("access-control-allow-origin", "*"),
        ("x-invocations", "1"),
    ]);
    group.bench_function("decorate_allowed_origin", |b| {
        b.iter_batched(
            || response.clone(),
            |mut response| {
                policy.decorate(black_box(Some("https://app.example.com")), &mut response);
                response
            },
            criterion::BatchSize::SmallInput,
        )
    });
    group.bench_function("decorate_refused_origin", |b| {
        b.iter_batched(
            || response.clone(),
            |mut response| {
                policy.decorate(black_box(Some("https://evil.example")), &mut response);
                response
            },
            criterion::BatchSize::SmallInput,
        )
    });
    group.finish();

    let mut domains = DomainTable::default();
    domains.insert(
        "api.example.com",
        [
            (String::new(), 1),
            ("orders".to_owned(), 2),
            ("orders/v1/items".to_owned(), 3),
            ("orders/v2/items".to_owned(), 4),
            ("orders/v2/items/categories".to_owned(), 5),
        ],
    );
    c.bench_function("domain/select_mapping", |b| {
        b.iter(|| {
            let domain = domains.get(black_box("API.example.com:3000"));
            black_box(domain.and_then(|d| d.select(black_box("/orders/v2/items/categories/5"))))
                .map(|s| *s.mapping)
        })
    });
}

criterion_group!(benches, cors);
criterion_main!(benches);
