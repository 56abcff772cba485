//! Per-request payload work: building and serializing the 2.0 and 1.0 events for a
//! typical GET with a JWT, and mapping typical function responses in both formats.

// The fixed inputs are known to be valid; a failure is a broken benchmark.
#![allow(clippy::expect_used)]

use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr};

use apigw::payload::v1;
use apigw::payload::v2::{
    AuthorizerContext, EventContext, Forwarded, IncomingRequest, build_event, map_response,
};
use apigw::request_id::RequestId;
use apigw::route::{RouteKey, RouteTable};
use criterion::{Criterion, criterion_group, criterion_main};
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use time::OffsetDateTime;

fn payload(c: &mut Criterion) {
    let mut headers = HeaderMap::new();
    for (name, value) in [
        ("host", "sjzepsqsu5.execute-api.us-west-2.amazonaws.com"),
        (
            "user-agent",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
        ),
        ("accept", "application/json"),
        ("accept-encoding", "gzip, deflate, br"),
        ("accept-language", "en-US,en;q=0.9"),
        (
            "authorization",
            "Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl",
        ),
        ("cookie", "session=abc123; theme=dark"),
        ("x-request-source", "web"),
    ] {
        headers.append(
            HeaderName::from_bytes(name.as_bytes()).expect("name"),
            HeaderValue::from_str(value).expect("value"),
        );
    }
    let table =
        RouteTable::new([(RouteKey::parse("GET /pets/{petId}").expect("key"), ())]).expect("table");
    let matched = table.select("GET", "/pets/42").expect("route");
    let claims: Vec<(String, String)> = [
        ("iss", "https://tenant.auth0.com/"),
        ("sub", "auth0|5f7c8ec7c33c6c004bbafe82"),
        (
            "aud",
            "[https://api.example.com https://tenant.auth0.com/userinfo]",
        ),
        ("iat", "1783711000"),
        ("exp", "1783797400"),
        ("scope", "openid profile read:pets"),
        ("azp", "x6W1nXhkVWLJQ5kGyvW4"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let scopes = vec![
        "openid".to_owned(),
        "profile".to_owned(),
        "read:pets".to_owned(),
    ];
    let request_id = RequestId::generate();
    let method = Method::GET;
    let request = IncomingRequest {
        method: &method,
        path: "/pets/42",
        raw_query: "include=toys&limit=10",
        headers: &headers,
        body: b"",
        source_ip: IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7)),
    };
    let context = EventContext {
        account_id: "123456789012",
        api_id: "sjzepsqsu5",
        domain_name: "sjzepsqsu5.execute-api.us-west-2.amazonaws.com",
        stage: "$default",
        route_key: matched.route_key.as_str(),
        path_parameters: &matched.path_parameters,
        stage_variables: &[],
        authorizer: Some(AuthorizerContext::Jwt {
            claims: &claims,
            scopes: Some(&scopes),
        }),
        request_id: &request_id,
        trace_id: "Root=1-6a5145a9-1bae89e2512ec92d5d9438a0",
        time: OffsetDateTime::now_utc(),
        forwarded: Forwarded {
            proto: "https",
            port: 443,
        },
    };

    c.bench_function("event_build_and_serialize/get_with_jwt", |b| {
        b.iter(|| {
            build_event(black_box(&request), black_box(&context))
                .to_json()
                .expect("serializable")
        })
    });

    c.bench_function("event_build_and_serialize/get_with_jwt_v1", |b| {
        b.iter(|| {
            v1::build_event(black_box(&request), black_box(&context))
                .to_json()
                .expect("serializable")
        })
    });

    let full = br#"{"statusCode":200,"headers":{"content-type":"application/json","cache-control":"no-store"},"cookies":["session=abc; Path=/; HttpOnly"],"body":"{\"id\":42,\"name\":\"Rex\",\"toys\":[\"ball\",\"rope\"]}","isBase64Encoded":false}"#;
    let inferred = br#"{"id":42,"name":"Rex","toys":["ball","rope"]}"#;
    let mut group = c.benchmark_group("map_response");
    group.bench_function("full_form", |b| b.iter(|| map_response(black_box(full))));
    group.bench_function("inferred_json", |b| {
        b.iter(|| map_response(black_box(inferred)))
    });
    let v1_full = br#"{"statusCode":200,"headers":{"content-type":"application/json"},"multiValueHeaders":{"set-cookie":["session=abc; Path=/; HttpOnly","theme=dark"],"cache-control":["no-store"]},"body":"{\"id\":42,\"name\":\"Rex\",\"toys\":[\"ball\",\"rope\"]}","isBase64Encoded":false}"#;
    group.bench_function("v1_full_form", |b| {
        b.iter(|| v1::map_response(black_box(v1_full)))
    });
    group.finish();
}

criterion_group!(benches, payload);
criterion_main!(benches);
