//! The whole REST pipeline in process (aws-rest-api.md §0): `Gateway::handle` for `sam
//! init`'s hello world (`GET /Prod/hello/` through an `AWS_PROXY` method to an in-process
//! function answering at once) and for an unknown path (403 Missing Authentication
//! Token). What the gateway adds per request, without sockets or a Lambda runtime.

// The stack is built in code and known to compile; a failure is a broken benchmark.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::hint::black_box;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use apigw::deployment::compile;
use apigw::gateway::Gateway;
use apigw::jwt::{IssuerKeys, JwksSettings};
use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use http::Request;
use http_body_util::Full;
use lambda_host::{Invoke, InvokeFuture, InvokeOptions, InvokeOutcome, InvokeResult, RequestId};

// The test bed's stack builder; not every helper is used here.
#[allow(dead_code)]
#[path = "../tests/rest_pipeline/support/stack.rs"]
mod stack;
// The records the stack builder makes.
#[path = "../tests/pipeline/support/records.rs"]
mod records;

/// What the hello world returns.
const HELLO: &str = r#"{"statusCode":200,"body":"{\"message\": \"hello world\"}"}"#;

/// A function that answers at once.
struct Instant;

impl Invoke for Instant {
    fn invoke<'a>(
        &'a self,
        _function_name: &'a str,
        _payload: Bytes,
        options: InvokeOptions,
    ) -> InvokeFuture<'a> {
        Box::pin(async move {
            Ok(InvokeOutcome {
                request_id: options.request_id.unwrap_or_else(RequestId::random),
                result: InvokeResult::Success {
                    payload: Bytes::from_static(HELLO.as_bytes()),
                },
                duration: Duration::ZERO,
                init_duration: None,
            })
        })
    }
}

fn request(path: &str) -> Request<Full<Bytes>> {
    Request::builder()
        .uri(path)
        .header("host", "127.0.0.1:3000")
        .header("user-agent", "bench")
        .body(Full::new(Bytes::new()))
        .unwrap()
}

fn rest_pipeline(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let keys = IssuerKeys::new(JwksSettings::default()).expect("issuer keys");
    let deployment = compile(&[stack::RestStack::hello().record()], &keys).expect("compiles");
    let gateway = Gateway::new(Arc::new(Instant), 3000);
    gateway.publish(deployment);
    let client = SocketAddr::from(([127, 0, 0, 1], 50_000));
    let mut group = c.benchmark_group("rest_pipeline");
    for (name, path, status) in [
        ("hello", "/Prod/hello/", 200),
        ("missing_token", "/Prod/nothing", 403),
    ] {
        let (response, _) = runtime.block_on(gateway.handle(request(path), client));
        assert_eq!(
            response.status().as_u16(),
            status,
            "{name} answers as AWS does"
        );
        group.bench_function(name, |b| {
            b.iter(|| {
                let (response, log) = runtime.block_on(gateway.handle(request(path), client));
                black_box((response, log))
            });
        });
    }
    group.finish();
}

criterion_group!(benches, rest_pipeline);
criterion_main!(benches);
