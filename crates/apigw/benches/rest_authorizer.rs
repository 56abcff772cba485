//! REST authorizers (aws-rest-api.md §4.4, §5): a TOKEN authorizer's cache hit through
//! `authorize` (identity, lookup, the cached policy decided again for the method ARN,
//! `requestContext.authorizer`), a cache miss's bookkeeping (parse the answer, insert),
//! policy evaluation with wildcards (the authorizer's and a resource policy), and an
//! API key admitted through its usage plan (throttle and quota).

use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use apigw::lambda_authorizer::{AuthorizerCache, DEFAULT_AUTHORIZER_CACHE_CAPACITY};
use apigw::payload::Forwarded;
use apigw::permission::{Grant, InvokePermission, StatementRef};
use apigw::rest::api_key::{KeyedMethod, UsagePlans};
use apigw::rest::authorizer::AuthorizeInput;
use apigw::rest::authorizer::answer::LambdaAnswer;
use apigw::rest::authorizer::lambda::{Identity, LambdaRestAuthorizer};
use apigw::rest::resource_policy::{PolicyCaller, ResourcePolicy};
use apigw::rest::{RestIdentity, RestRequest, RestRequestContext};
use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use http::{HeaderMap, HeaderValue, Method};
use lambda_host::{Invoke, InvokeFuture, InvokeOptions};
use serde_json::json;
use store::model::apigateway::{
    ApiKey, QuotaPeriod, QuotaSettings, ThrottleSettings, UsagePlan, UsagePlanApiStage,
    UsagePlanKey,
};
use time::OffsetDateTime;

const METHOD_ARN: &str = "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/pets/6";
const ANSWER: &str = r#"{"principalId":"user-1","policyDocument":{"Version":"2012-10-17","Statement":[
    {"Action":"execute-api:Invoke","Effect":"Deny","Resource":"arn:aws:execute-api:*:*:abc123defg/*/DELETE/*"},
    {"Action":"execute-api:Invoke","Effect":"Allow","Resource":["arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/POST/*","arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/pets/*"]}]},
    "context":{"tenant":"t1","count":3,"admin":true},"usageIdentifierKey":"k"}"#;

/// Never invoked: every benchmarked request is a cache hit.
struct NoFunction;

impl Invoke for NoFunction {
    fn invoke<'a>(&'a self, _: &'a str, _: Bytes, _: InvokeOptions) -> InvokeFuture<'a> {
        Box::pin(async { Err(lambda_host::Error::ShutDown) })
    }
}

fn token_authorizer_cache_hit(c: &mut Criterion) {
    let Ok(answer) = LambdaAnswer::parse(ANSWER.as_bytes()) else {
        return;
    };
    let answer = Arc::new(answer);
    let now = Instant::now();
    let cache = AuthorizerCache::new(Duration::from_secs(300), DEFAULT_AUTHORIZER_CACHE_CAPACITY);
    for caller in 0..1000 {
        cache.insert(vec![format!("Bearer token-{caller}")], answer.clone(), now);
    }
    let authorizer = LambdaRestAuthorizer {
        name: "TokenAuthorizer".into(),
        identity: Identity::Token {
            header: "Authorization".into(),
            validation: None,
        },
        function_name: "auth".into(),
        permission: InvokePermission::Allowed {
            by: Grant::ResourcePolicy(StatementRef {
                policy: "default".into(),
                number: 1,
                sid: None,
            }),
        },
        source_arn: "arn:aws:execute-api:us-east-1:123456789012:abc123defg/authorizers/a1".into(),
        cache,
    };
    let mut headers = HeaderMap::new();
    headers.insert(
        "authorization",
        HeaderValue::from_static("Bearer token-500"),
    );
    let context = RestRequestContext {
        account_id: "123456789012",
        api_id: "abc123defg",
        domain_name: "abc123defg.execute-api.localhost",
        stage: "prod",
        deployment_id: "d1",
        resource_id: "r1",
        resource_path: "/pets/{id}",
        operation_name: None,
        path_parameters: &[],
        stage_variables: &[],
        request_id: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        extended_request_id: "ATfSmjLgPHcESJw=",
        trace_id: "Root=1-5759e988-bd862e3fe1be46a994272793",
        time: OffsetDateTime::UNIX_EPOCH,
        identity: RestIdentity::default(),
        authorizer: None,
        forwarded: Forwarded {
            proto: "http",
            port: 3000,
        },
    };
    let input = AuthorizeInput {
        request: RestRequest {
            method: &Method::GET,
            path: "/pets/6",
            stage_path: "/prod/pets/6",
            raw_query: "",
            headers: &headers,
            body: b"",
            source_ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
        },
        context: &context,
        method_arn: METHOD_ARN,
        scopes: &[],
    };
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread().build() else {
        return;
    };
    c.bench_function("rest_authorizer/token_cache_hit", |b| {
        b.iter(|| {
            black_box(
                runtime
                    .block_on(authorizer.authorize(&input, &NoFunction, now))
                    .is_ok(),
            )
        });
    });

    let mut caller = 0u64;
    c.bench_function("rest_authorizer/token_cache_miss_bookkeeping", |b| {
        b.iter(|| {
            caller += 1;
            let parsed = LambdaAnswer::parse(black_box(ANSWER.as_bytes())).ok();
            if let Some(parsed) = parsed {
                authorizer.cache.insert(
                    vec![format!("Bearer fresh-{caller}")],
                    Arc::new(parsed),
                    now,
                );
            }
        });
    });
}

fn policy_evaluation(c: &mut Criterion) {
    let Ok(answer) = LambdaAnswer::parse(ANSWER.as_bytes()) else {
        return;
    };
    c.bench_function("rest_authorizer/answer_policy_wildcards", |b| {
        b.iter(|| black_box(answer.decide(black_box(METHOD_ARN))));
    });
    let Ok(policy) = ResourcePolicy::compile(&json!({"Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
        {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*/DELETE/*",
         "Condition": {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}}}
    ]})) else {
        return;
    };
    let caller = PolicyCaller {
        source_ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
        principal_arn: None,
    };
    c.bench_function("rest_authorizer/resource_policy_evaluate", |b| {
        b.iter(|| black_box(policy.evaluate(black_box(METHOD_ARN), caller)));
    });
}

fn api_key_admit(c: &mut Criterion) {
    let keys: Vec<ApiKey> = (0..100)
        .map(|i| ApiKey {
            api_key_id: format!("k{i}"),
            name: format!("key{i}"),
            value: format!("key-value-{i:020}"),
            enabled: true,
            stage_keys: Vec::new(),
        })
        .collect();
    let plan = UsagePlan {
        usage_plan_id: "p1".into(),
        name: "Unlimited-ish".into(),
        api_stages: vec![UsagePlanApiStage {
            api_id: "abc123defg".into(),
            stage: "prod".into(),
            throttle: Default::default(),
        }],
        throttle: Some(ThrottleSettings {
            rate_limit: Some(1e12),
            burst_limit: Some(u32::MAX),
        }),
        quota: Some(QuotaSettings {
            limit: u32::MAX,
            offset: 0,
            period: QuotaPeriod::Month,
        }),
    };
    let plan_keys: Vec<UsagePlanKey> = keys
        .iter()
        .map(|k| UsagePlanKey {
            key_id: k.api_key_id.clone(),
            usage_plan_id: "p1".into(),
        })
        .collect();
    let plans = UsagePlans::compile(
        &keys.iter().collect::<Vec<_>>(),
        &[&plan],
        &plan_keys.iter().collect::<Vec<_>>(),
    );
    let method = KeyedMethod {
        rest_api_id: "abc123defg",
        stage: "prod",
        resource_path: "/pets/{id}",
        http_method: "GET",
    };
    let key = format!("key-value-{:020}", 50);
    let calendar = OffsetDateTime::now_utc();
    c.bench_function("rest_authorizer/api_key_admit", |b| {
        b.iter(|| {
            black_box(
                plans
                    .admit_at(Some(black_box(&key)), method, Instant::now(), calendar)
                    .is_ok(),
            )
        });
    });
}

criterion_group!(
    benches,
    token_authorizer_cache_hit,
    policy_evaluation,
    api_key_admit
);
criterion_main!(benches);
