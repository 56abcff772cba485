//! The SAM transform of a large template: 200 functions with 400 events (an HttpApi and an
//! Api event each; half the HttpApi events on an explicit HTTP API with a JWT authorizer as
//! default, the rest on the implicit `ServerlessHttpApi`, every Api event on the implicit
//! `ServerlessRestApi`), with `Globals` for functions and HTTP APIs. Target: under 50 ms.
//!
//! `cargo bench -p sam-transform --bench transform`

// A template the transform refuses is a broken benchmark.
#![allow(clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Map, Value, json};

/// Function `index`: an HttpApi event and an Api event, on paths no other function uses.
fn function(index: usize) -> Value {
    let http_api = if index.is_multiple_of(2) {
        json!({"Path": format!("/orders/{index}/{{id}}"), "Method": "get", "ApiId": {"Ref": "OrdersApi"}})
    } else {
        json!({"Path": format!("/public/{index}"), "Method": "ANY"})
    };
    json!({
        "Type": "AWS::Serverless::Function",
        "Properties": {
            "CodeUri": format!("s3://gantry-bench/function{index}.zip"),
            "Policies": ["AWSLambdaExecute", {"S3ReadPolicy": {"BucketName": "gantry-bench"}}],
            "Events": {
                "Http": {"Type": "HttpApi", "Properties": http_api},
                "Rest": {"Type": "Api", "Properties": {
                    "Path": format!("/items/{index}/{{itemId}}"),
                    "Method": "post"
                }}
            }
        }
    })
}

fn template(functions: usize) -> Value {
    let mut resources = Map::new();
    resources.insert(
        "OrdersApi".to_owned(),
        json!({
            "Type": "AWS::Serverless::HttpApi",
            "Properties": {
                "StageName": "prod",
                "Auth": {
                    "Authorizers": {"Jwt": {
                        "JwtConfiguration": {"issuer": "https://issuer.example.com", "audience": ["orders"]},
                        "IdentitySource": "$request.header.Authorization"
                    }},
                    "DefaultAuthorizer": "Jwt"
                }
            }
        }),
    );
    for index in 0..functions {
        resources.insert(format!("Function{index}"), function(index));
    }
    json!({
        "Transform": "AWS::Serverless-2016-10-31",
        "Globals": {
            "Function": {"Runtime": "python3.13", "Handler": "app.handler", "Timeout": 10, "MemorySize": 256},
            "HttpApi": {"CorsConfiguration": {"AllowOrigins": ["https://example.com"], "AllowMethods": ["GET"]}}
        },
        "Resources": resources
    })
}

fn transform(c: &mut Criterion) {
    let options = sam_transform::Options::default();
    let mut group = c.benchmark_group("transform");
    group.sample_size(20);
    for functions in [50, 200] {
        let sam = template(functions);
        let transformed = sam_transform::transform(&sam, &options)
            .expect("the transform handles the benchmark's template");
        let resources = transformed
            .template
            .get("Resources")
            .and_then(Value::as_object)
            .map_or(0, Map::len);
        assert!(resources > 2 * functions, "{resources} resources generated");
        let name = format!("{functions} functions, {} events", 2 * functions);
        group.bench_function(name, |b| {
            b.iter(|| sam_transform::transform(black_box(&sam), &options))
        });
    }
    group.finish();
}

criterion_group!(benches, transform);
criterion_main!(benches);
