//! The `AWS_IAM` check per request (§12): reading the SigV4 `Authorization` header,
//! re-signing the request with `aws-sigv4` at its `x-amz-date` and comparing, for the
//! default identity (no policy) and for a stack role (one identity policy evaluated).
//! The request is a small JSON POST with a query string, signed once by `aws-sigv4`.

// Fixtures that cannot be set up are a broken benchmark.
#![allow(clippy::expect_used)]

use std::hint::black_box;
use std::time::SystemTime;

use apigw::iam::{
    IamRoles, IamScope, LocalCredentials, RolePrincipal, SignedRequest, SigningCredentials,
    authorize,
};
use criterion::{Criterion, criterion_group, criterion_main};
use http::{HeaderMap, HeaderName, HeaderValue};
use serde_json::json;
use test_support::sigv4::{Keys, Scope, signed_headers};

const HOST: &str = "a1b2c3d4e5.execute-api.localhost:3000";
const PATH: &str = "/pets/6?limit=10&sort=name";
const BODY: &[u8] = br#"{"name":"rex","kind":"dog","tags":["good","boy"]}"#;
const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/Caller";
const ROUTE_ARN: &str =
    "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/$default/POST/pets/6";

fn signed_request(credentials: &SigningCredentials, at: SystemTime) -> HeaderMap {
    let unsigned = [
        ("host", HOST),
        ("content-type", "application/json"),
        ("user-agent", "bench/1.0"),
    ];
    let signature = signed_headers(
        Keys {
            access_key_id: &credentials.access_key_id,
            secret_access_key: &credentials.secret_access_key,
            session_token: credentials.session_token.as_deref(),
        },
        Scope {
            region: "us-east-1",
            service: "execute-api",
            at,
        },
        "POST",
        &format!("http://{HOST}{PATH}"),
        &unsigned,
        BODY,
    );
    let mut headers = HeaderMap::new();
    for (name, value) in unsigned
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .chain(signature)
    {
        headers.insert(
            HeaderName::from_bytes(name.as_bytes()).expect("name"),
            HeaderValue::from_str(&value).expect("value"),
        );
    }
    headers
}

fn sigv4(c: &mut Criterion) {
    let local = LocalCredentials::generate().expect("random");
    let roles = IamRoles::new([RolePrincipal {
        role_arn: ROLE_ARN.to_owned(),
        role_name: "Caller".to_owned(),
        role_id: "AROAEXAMPLEROLEID0001".to_owned(),
        account_id: "123456789012".to_owned(),
        policies: vec![(
            "CallPets".to_owned(),
            json!({"Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke",
                "Resource": "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/POST/pets/*"}]}),
        )],
        managed_policy_arns: Vec::new(),
    }]);
    let scope = IamScope {
        local: Some(&local),
        roles: &roles,
        partition: "aws",
        region: "us-east-1",
        account_id: "123456789012",
    };
    let now = SystemTime::now();
    let mut group = c.benchmark_group("sigv4");
    for (name, credentials) in [
        ("default identity", local.signing()),
        ("stack role + policy", local.for_role(ROLE_ARN)),
    ] {
        let headers = signed_request(&credentials, now);
        let request = SignedRequest {
            method: "POST",
            path_and_query: PATH,
            host: HOST,
            headers: &headers,
            body: BODY,
        };
        authorize(&scope, &request, "limit=10&sort=name", ROUTE_ARN, now).expect("allowed");
        group.bench_function(name, |b| {
            b.iter(|| {
                black_box(authorize(
                    &scope,
                    black_box(&request),
                    "limit=10&sort=name",
                    ROUTE_ARN,
                    now,
                ))
            });
        });
    }
    group.finish();
}

criterion_group!(benches, sigv4);
criterion_main!(benches);
