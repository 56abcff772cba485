//! Unit tests of the Lambda authorizer's pieces: identity sources, both events
//! (snapshotted field by field against §3.4 and read back with `aws_lambda_events`),
//! response parsing, policy decisions and the cache.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_lambda_events::apigw::{
    ApiGatewayV2CustomAuthorizerV1Request, ApiGatewayV2CustomAuthorizerV2Request,
};
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde_json::{Value, json};
use store::model::PayloadFormatVersion;
use time::OffsetDateTime;

use super::*;
use crate::payload::v2::Forwarded;
use crate::request_id::RequestId;
use crate::route::{RouteKey, RouteTable};

const ROUTE_ARN: &str = "arn:aws:execute-api:us-west-2:123456789012:sjzepsqsu5/dev/GET/pets/6";

/// `GET /dev/pets/6?a=1&a=2&token=abc` on stage `dev`, route `GET /pets/{id}`, with a
/// body (which authorizers never see), cookies and a repeated header; `with` receives
/// the [`AuthorizerRequest`].
fn with_request<T>(with: impl FnOnce(&AuthorizerRequest<'_>) -> T) -> T {
    let mut headers = HeaderMap::new();
    for (name, value) in [
        ("host", "sjzepsqsu5.execute-api.us-west-2.amazonaws.com"),
        ("user-agent", "curl/8.7.1"),
        ("authorization", "secret-token"),
        ("cookie", "session=abc123; theme=dark"),
        ("x-multi", "first"),
        ("x-multi", "second"),
        ("content-type", "application/json"),
    ] {
        headers.append(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    let table = RouteTable::new([(RouteKey::parse("GET /pets/{id}").unwrap(), ())]).unwrap();
    let matched = table.select("GET", "/pets/6").unwrap();
    let request_id = RequestId::new("ATfSmjLgPHcESJw=");
    let variables = vec![("tenant".to_owned(), "acme".to_owned())];
    let request = AuthorizerRequest {
        request: IncomingRequest {
            method: &Method::GET,
            path: "/dev/pets/6",
            raw_query: "a=1&a=2&token=abc",
            headers: &headers,
            body: br#"{"never":"sent"}"#,
            source_ip: IpAddr::V4(Ipv4Addr::new(68, 8, 83, 18)),
        },
        context: EventContext {
            account_id: "123456789012",
            api_id: "sjzepsqsu5",
            domain_name: "sjzepsqsu5.execute-api.us-west-2.amazonaws.com",
            stage: "dev",
            route_key: "GET /pets/{id}",
            path_parameters: &matched.path_parameters,
            stage_variables: &variables,
            authorizer: None,
            request_id: &request_id,
            trace_id: "Root=1-6a5145a9-1bae89e2512ec92d5d9438a0",
            time: OffsetDateTime::from_unix_timestamp(1_783_711_145).unwrap(),
            forwarded: Forwarded {
                proto: "https",
                port: 443,
            },
        },
        route_id: "r1b2c3d",
        route_arn: ROUTE_ARN,
        trace_id: "Root=1-6a5145a9-1bae89e2512ec92d5d9438a0",
    };
    with(&request)
}

fn sources(expressions: &[&str]) -> Vec<IdentitySource> {
    expressions
        .iter()
        .map(|e| IdentitySource::parse(e).unwrap())
        .collect()
}

fn values(expressions: &[&str]) -> Result<Vec<String>, String> {
    let sources = sources(expressions);
    with_request(|request| {
        identity::identity_values(&sources, request).map_err(IdentitySource::expression)
    })
}

#[test]
fn identity_sources_read_headers_query_strings_context_and_stage_variables() {
    assert_eq!(
        values(&[
            "$request.header.AUTHORIZATION",
            "$request.querystring.token",
            "$context.routeKey",
            "$context.stage",
            "$context.identity.sourceIp",
            "$stageVariables.tenant",
        ]),
        Ok(vec![
            "secret-token".to_owned(),
            "abc".to_owned(),
            "GET /pets/{id}".to_owned(),
            "dev".to_owned(),
            "68.8.83.18".to_owned(),
            "acme".to_owned(),
        ])
    );
    // Repeated headers and parameters are joined with commas.
    assert_eq!(
        values(&["$request.header.x-multi", "$request.querystring.a"]),
        Ok(vec!["first,second".to_owned(), "1,2".to_owned()])
    );
}

#[test]
fn a_missing_identity_source_is_named() {
    assert_eq!(
        values(&[
            "$request.header.authorization",
            "$request.querystring.TOKEN"
        ]),
        Err("$request.querystring.TOKEN".to_owned()),
        "query string names are case-sensitive"
    );
    assert_eq!(
        values(&["$stageVariables.missing"]),
        Err("$stageVariables.missing".to_owned())
    );
    assert_eq!(values(&[]), Ok(vec![]));
}

#[test]
fn unknown_identity_sources_are_refused_with_the_accepted_forms() {
    let error = IdentitySource::parse("$context.authorizer.claims").unwrap_err();
    assert!(error.contains("$context.routeKey"), "{error}");
    let error = IdentitySource::parse("$request.body.token").unwrap_err();
    assert!(error.contains("$request.header.NAME"), "{error}");
}

fn event(version: PayloadFormatVersion, identity: Option<&[String]>) -> Value {
    let bytes = with_request(|request| {
        event::authorizer_event(version, request, identity, ROUTE_ARN).unwrap()
    });
    serde_json::from_slice(&bytes).unwrap()
}

/// The 2.0 event, against AWS's example (§3.4, http-api-lambda-authorizer): `version`,
/// `type` and `routeArn` lead; `identitySource` is the list of values in configured
/// order; the rest is the integration's 2.0 event (§4.1) — `routeKey`, `rawPath` with the
/// stage prefix, `rawQueryString` as sent, `cookies` split out of `headers`, lower-cased
/// headers with repeats comma-joined and the added `x-forwarded-*`/trace headers (as a
/// captured authorizer event shows), decoded `queryStringParameters`, `requestContext`,
/// `pathParameters`, `stageVariables` — without `body` and `isBase64Encoded`.
#[test]
fn v2_event_matches_the_reference() {
    let identity = vec!["secret-token".to_owned(), "abc".to_owned()];
    let event = event(PayloadFormatVersion::V2_0, Some(&identity));
    assert_eq!(event["version"], "2.0");
    assert_eq!(event["type"], "REQUEST");
    assert_eq!(event["routeArn"], ROUTE_ARN);
    assert_eq!(event["identitySource"], json!(["secret-token", "abc"]));
    assert!(event.get("body").is_none() && event.get("isBase64Encoded").is_none());
    let keys: Vec<&str> = event
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        &keys[..4],
        ["version", "type", "routeArn", "identitySource"]
    );
    let parsed: ApiGatewayV2CustomAuthorizerV2Request =
        serde_json::from_value(event.clone()).unwrap();
    assert_eq!(parsed.route_arn.as_deref(), Some(ROUTE_ARN));
    insta::assert_json_snapshot!(event);
}

#[test]
fn v2_event_without_identity_sources_has_a_null_identity_source() {
    let event = event(PayloadFormatVersion::V2_0, None);
    assert_eq!(event["identitySource"], Value::Null);
}

/// The 1.0 event, against AWS's example (§3.4): `methodArn`, `identitySource` and
/// `authorizationToken` as the comma-joined values, `resource`/`resourcePath` the route's
/// path template, `path` with the stage prefix, single-value `headers` and
/// `queryStringParameters`, `pathParameters`, `stageVariables`, and the REST-style
/// `requestContext` (`resourceId` is the route id).
#[test]
fn v1_event_matches_the_reference() {
    let identity = vec!["secret-token".to_owned(), "abc".to_owned()];
    let event = event(PayloadFormatVersion::V1_0, Some(&identity));
    assert_eq!(event["methodArn"], ROUTE_ARN);
    assert_eq!(event["identitySource"], "secret-token,abc");
    assert_eq!(event["authorizationToken"], "secret-token,abc");
    assert_eq!(event["resource"], "/pets/{id}");
    assert_eq!(event["path"], "/dev/pets/6");
    assert_eq!(
        event["queryStringParameters"],
        json!({"a": "1", "token": "abc"})
    );
    assert_eq!(event["headers"]["x-multi"], "second");
    let parsed: ApiGatewayV2CustomAuthorizerV1Request =
        serde_json::from_value(event.clone()).unwrap();
    assert_eq!(parsed.method_arn.as_deref(), Some(ROUTE_ARN));
    insta::assert_json_snapshot!(event);
}

fn parse(response: Value, simple: bool) -> Result<Verdict, String> {
    Verdict::parse(response.to_string().as_bytes(), simple)
}

#[test]
fn simple_responses_need_a_boolean_is_authorized() {
    let verdict = parse(json!({"isAuthorized": true, "context": {"n": 1}}), true).unwrap();
    assert_eq!(verdict.decide(ROUTE_ARN), Decision::Allow);
    assert_eq!(
        verdict.context(),
        Some(&json!({"n": 1}).as_object().unwrap().clone())
    );
    let denied = parse(json!({"isAuthorized": false}), true).unwrap();
    assert_eq!(
        denied.decide(ROUTE_ARN),
        Decision::Deny("isAuthorized is false".to_owned())
    );
    assert!(
        parse(json!({"isAuthorized": "true"}), true)
            .unwrap_err()
            .contains("a string")
    );
    assert!(
        parse(json!({"isAuthorized": true, "context": "x"}), true)
            .unwrap_err()
            .contains("context is a string")
    );
    assert!(
        Verdict::parse(b"not json", true)
            .unwrap_err()
            .contains("not JSON")
    );
}

fn policy(statements: Value) -> Verdict {
    parse(
        json!({"principalId": "me", "policyDocument": {"Version": "2012-10-17", "Statement": statements}}),
        false,
    )
    .unwrap()
}

#[test]
fn policies_are_matched_with_wildcards_and_explicit_deny_wins() {
    let allow_all = policy(
        json!([{"Effect": "Allow", "Action": "execute-api:*", "Resource": "arn:aws:execute-api:*:*:sjzepsqsu5/*"}]),
    );
    assert_eq!(allow_all.decide(ROUTE_ARN), Decision::Allow);
    assert_eq!(allow_all.principal_id(), Some("me"));
    let single = policy(
        json!({"Effect": "Allow", "Action": ["execute-api:Invoke"], "Resource": ["arn:aws:execute-api:us-west-2:123456789012:sjzepsqsu5/dev/GET/pets/?"]}),
    );
    assert_eq!(single.decide(ROUTE_ARN), Decision::Allow);
    let elsewhere = policy(
        json!([{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-west-2:123456789012:sjzepsqsu5/dev/POST/*"}]),
    );
    assert!(
        matches!(elsewhere.decide(ROUTE_ARN), Decision::Deny(reason) if reason.starts_with("no statement"))
    );
    let denied = policy(json!([
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:*:*:*/dev/GET/pets/*"}
    ]));
    assert!(
        matches!(denied.decide(ROUTE_ARN), Decision::Deny(reason) if reason.contains("statement #2"))
    );
    let other_action = policy(
        json!([{"Effect": "Allow", "Action": "execute-api:ManageConnections", "Resource": "*"}]),
    );
    assert!(matches!(other_action.decide(ROUTE_ARN), Decision::Deny(_)));
}

#[test]
fn policy_elements_gantry_does_not_evaluate_make_the_response_invalid() {
    for element in ["Condition", "NotResource", "NotAction"] {
        let mut statement = json!({"Effect": "Allow", "Action": "*", "Resource": "*"});
        statement[element] = json!({});
        let error =
            parse(json!({"policyDocument": {"Statement": [statement]}}), false).unwrap_err();
        assert!(error.contains(element), "{error}");
    }
    assert!(parse(json!({"policyDocument": {"Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]}}), false).unwrap_err().contains("Effect"));
    assert!(
        parse(json!({"principalId": 7, "policyDocument": {}}), false)
            .unwrap_err()
            .contains("principalId")
    );
}

#[test]
fn the_cache_keeps_answers_for_the_ttl_only() {
    let cache = AuthorizerCache::new(Duration::from_secs(60), 10);
    let start = Instant::now();
    let verdict = Arc::new(parse(json!({"isAuthorized": true}), true).unwrap());
    let key = vec!["token".to_owned()];
    assert!(cache.get(&key, start).is_none());
    cache.insert(key.clone(), verdict.clone(), start);
    let hit = cache.get(&key, start + Duration::from_secs(59)).unwrap();
    assert_eq!(hit.age, Duration::from_secs(59));
    assert!(cache.get(&key, start + Duration::from_secs(60)).is_none());
    assert!(cache.get(&["other".to_owned()], start).is_none());
}

#[test]
fn a_zero_ttl_caches_nothing_and_the_cache_stays_bounded() {
    let verdict = Arc::new(parse(json!({"isAuthorized": true}), true).unwrap());
    let off = AuthorizerCache::new(Duration::ZERO, 10);
    off.insert(vec!["a".to_owned()], verdict.clone(), Instant::now());
    assert!(off.is_empty());
    let small = AuthorizerCache::new(Duration::from_secs(60), 8);
    let now = Instant::now();
    for i in 0..20 {
        small.insert(vec![i.to_string()], verdict.clone(), now);
    }
    assert!(small.len() <= 8);
}
