//! Route and stage selection against a realistic table: 40 routes mixing literals,
//! variables, greedy variables, `ANY` and `$default`.

// The fixed route table is known to be valid; a failure is a broken benchmark.
#![allow(clippy::expect_used)]

use std::hint::black_box;

use apigw::route::{RouteKey, RouteTable, decode_path};
use apigw::stage::StageTable;
use criterion::{Criterion, criterion_group, criterion_main};

const ROUTES: &[&str] = &[
    "GET /",
    "GET /health",
    "GET /pets",
    "POST /pets",
    "GET /pets/{petId}",
    "PUT /pets/{petId}",
    "DELETE /pets/{petId}",
    "GET /pets/{petId}/toys",
    "POST /pets/{petId}/toys",
    "GET /pets/{petId}/toys/{toyId}",
    "GET /pets/dog/{id}",
    "GET /pets/dog/1",
    "GET /pets/{proxy+}",
    "GET /owners",
    "POST /owners",
    "GET /owners/{ownerId}",
    "PATCH /owners/{ownerId}",
    "GET /owners/{ownerId}/pets",
    "GET /orders",
    "POST /orders",
    "GET /orders/{orderId}",
    "DELETE /orders/{orderId}",
    "GET /orders/{orderId}/items/{itemId}",
    "GET /users/me",
    "GET /users/{userId}",
    "PUT /users/{userId}/avatar",
    "GET /search",
    "GET /static/{file+}",
    "GET /v1/reports/{year}/{month}",
    "GET /v1/reports/{year}/{month}/{day}",
    "POST /v1/events",
    "GET /v1/events/{eventId}",
    "OPTIONS /{proxy+}",
    "ANY /admin/{proxy+}",
    "ANY /webhooks/{provider}",
    "HEAD /health",
    "GET /metrics",
    "GET /docs/{page}",
    "ANY /{proxy+}",
    "$default",
];

fn routing(c: &mut Criterion) {
    let table = RouteTable::new(
        ROUTES
            .iter()
            .enumerate()
            .map(|(i, k)| (RouteKey::parse(k).expect("valid route key"), i)),
    )
    .expect("valid route table");
    let stages = StageTable::new([("$default".to_owned(), ()), ("prod".to_owned(), ())]);

    let mut group = c.benchmark_group("route_select");
    for (name, method, path) in [
        ("literal", "GET", "/health"),
        ("one_variable", "GET", "/pets/42"),
        ("two_variables", "GET", "/orders/9/items/77"),
        ("greedy", "GET", "/static/css/site/main.css"),
        ("any_fallback", "POST", "/unknown/thing"),
        ("default_route", "GET", "/"),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| black_box(table.select(black_box(method), black_box(path))).is_some())
        });
    }
    group.finish();

    c.bench_function("decode_stage_route/named_stage_encoded_path", |b| {
        b.iter(|| {
            let decoded = decode_path(black_box("/prod/pets/big%20dog/toys"));
            let stage = stages.select(&decoded).expect("stage");
            black_box(table.select("GET", stage.route_path).map(|m| *m.target))
        })
    });
}

criterion_group!(benches, routing);
criterion_main!(benches);
