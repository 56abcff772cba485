//! Events for representative requests, snapshotted and checked field by field against
//! §4.1/§4.2, then read back with `aws_lambda_events` (what Rust functions use).

use std::net::{IpAddr, Ipv4Addr};

use aws_lambda_events::apigw::ApiGatewayV2httpRequest;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde_json::Value;
use time::OffsetDateTime;

use super::*;
use crate::request_id::RequestId;
use crate::route::{RouteKey, RouteTable, decode_path};
use crate::stage::StageTable;

const TRACE: &str = "Root=1-6a5145a9-1bae89e2512ec92d5d9438a0";

struct Request<'a> {
    method: Method,
    raw_path: &'a str,
    raw_query: &'a str,
    headers: Vec<(&'a str, &'a str)>,
    body: &'a [u8],
}

fn get(raw_path: &str) -> Request<'_> {
    Request {
        method: Method::GET,
        raw_path,
        raw_query: "",
        headers: vec![
            ("host", "sjzepsqsu5.execute-api.us-west-2.amazonaws.com"),
            ("user-agent", "curl/8.7.1"),
            ("accept", "*/*"),
        ],
        body: b"",
    }
}

struct Setup<'a> {
    route_key: &'a str,
    stages: &'a [&'a str],
    stage_variables: Vec<(String, String)>,
    authorizer: Option<AuthorizerContext<'a>>,
}

fn route(route_key: &str) -> Setup<'_> {
    Setup {
        route_key,
        stages: &["$default"],
        stage_variables: vec![],
        authorizer: None,
    }
}

/// Runs the request through stage and route selection and builds its event as JSON.
fn event_json(request: &Request<'_>, setup: &Setup<'_>) -> String {
    let mut headers = HeaderMap::new();
    for (name, value) in &request.headers {
        headers.append(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    let path = decode_path(request.raw_path);
    let stages = StageTable::new(setup.stages.iter().map(|s| ((*s).to_owned(), ())));
    let stage = stages.select(&path).expect("stage");
    let table = RouteTable::new([(RouteKey::parse(setup.route_key).unwrap(), ())]).unwrap();
    let matched = table
        .select(request.method.as_str(), stage.route_path)
        .expect("route");
    let request_id = RequestId::new("ATfSmjLgPHcESJw=");
    let incoming = IncomingRequest {
        method: &request.method,
        path: &path,
        raw_query: request.raw_query,
        headers: &headers,
        body: request.body,
        source_ip: IpAddr::V4(Ipv4Addr::new(68, 8, 83, 18)),
    };
    let context = EventContext {
        account_id: "123456789012",
        api_id: "sjzepsqsu5",
        domain_name: "sjzepsqsu5.execute-api.us-west-2.amazonaws.com",
        stage: stage.name,
        route_key: matched.route_key.as_str(),
        path_parameters: &matched.path_parameters,
        stage_variables: &setup.stage_variables,
        authorizer: setup.authorizer,
        request_id: &request_id,
        trace_id: TRACE,
        time: OffsetDateTime::from_unix_timestamp_nanos(1_783_711_145_766_000_000).unwrap(),
        forwarded: Forwarded {
            proto: "https",
            port: 443,
        },
    };
    let event = build_event(&incoming, &context);
    let bytes = event.to_json().unwrap();
    // Every event must be readable by the Rust runtime's types.
    let typed: ApiGatewayV2httpRequest = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(typed.version.as_deref(), Some("2.0"));
    assert_eq!(
        typed.request_context.request_id.as_deref(),
        Some("ATfSmjLgPHcESJw=")
    );
    let value: Value = serde_json::from_slice(&bytes).unwrap();
    serde_json::to_string_pretty(&value).unwrap()
}

fn parsed(json: &str) -> Value {
    serde_json::from_str(json).unwrap()
}

#[test]
fn get_without_query_or_body() {
    let json = event_json(&get("/"), &route("$default"));
    // §4.1: version "2.0"; routeKey "$default"; rawPath "/"; rawQueryString "" (not absent);
    // no cookies, queryStringParameters, pathParameters, stageVariables or body;
    // content-length "0" even for a GET; trace and x-forwarded-* added; isBase64Encoded
    // false; requestContext.time in CLF and timeEpoch in ms; userAgent from the header.
    insta::assert_snapshot!(json);
    let event = parsed(&json);
    for absent in [
        "cookies",
        "queryStringParameters",
        "pathParameters",
        "stageVariables",
        "body",
    ] {
        assert!(event.get(absent).is_none(), "{absent} must be omitted");
    }
    assert_eq!(event["rawQueryString"], "");
    assert_eq!(event["headers"]["content-length"], "0");
    assert_eq!(
        event["requestContext"]["time"],
        "10/Jul/2026:19:19:05 +0000"
    );
    assert_eq!(event["requestContext"]["timeEpoch"], 1_783_711_145_766_i64);
    assert_eq!(event["requestContext"]["domainPrefix"], "sjzepsqsu5");
    assert!(event["requestContext"].get("authorizer").is_none());
}

#[test]
fn query_with_repeated_keys_and_encoded_characters() {
    let mut request = get("/capture/space%20value");
    request.raw_query = "repeat=one&repeat=two&redirect=https%3A%2F%2Fexample.com%2Fa%2Fb&literalPlus=a+b&encodedPlus=a%2Bb&empty=";
    let json = event_json(&request, &route("$default"));
    // §4.1 (live capture): rawQueryString exactly as sent; values decoded (`+` → space,
    // `%2B` → `+`), repeats joined with `,`, empty value kept; rawPath decoded (§1.5).
    insta::assert_snapshot!(json);
    let event = parsed(&json);
    assert_eq!(event["rawQueryString"], request.raw_query);
    let query = &event["queryStringParameters"];
    assert_eq!(query["repeat"], "one,two");
    assert_eq!(query["redirect"], "https://example.com/a/b");
    assert_eq!(query["literalPlus"], "a b");
    assert_eq!(query["encodedPlus"], "a+b");
    assert_eq!(query["empty"], "");
    assert_eq!(event["rawPath"], "/capture/space value");
    assert_eq!(
        event["requestContext"]["http"]["path"],
        "/capture/space value"
    );
}

#[test]
fn cookies_move_out_of_headers() {
    let mut request = get("/");
    request
        .headers
        .push(("cookie", "session=abc123; theme=dark"));
    request.headers.push(("cookie", "lang=en"));
    request.headers.push(("x-multi", "first"));
    request.headers.push(("x-multi", "second"));
    let json = event_json(&request, &route("$default"));
    // §4.1: each cookie its own entry, no `cookie` header; repeated headers joined with
    // `,` and no space.
    insta::assert_snapshot!(json);
    let event = parsed(&json);
    assert_eq!(
        event["cookies"],
        serde_json::json!(["session=abc123", "theme=dark", "lang=en"])
    );
    assert!(event["headers"].get("cookie").is_none());
    assert_eq!(event["headers"]["x-multi"], "first,second");
}

#[test]
fn json_body_is_text() {
    let body = "{\"message\":\"hello\",\"unicode\":\"lambda-λ\"}";
    let request = Request {
        method: Method::POST,
        raw_path: "/pets",
        raw_query: "",
        headers: vec![
            ("content-type", "application/json"),
            ("content-length", "999"),
        ],
        body: body.as_bytes(),
    };
    let json = event_json(&request, &route("POST /pets"));
    // §4.2: application/json is text, isBase64Encoded false; content-length is the real
    // length of the body.
    insta::assert_snapshot!(json);
    let event = parsed(&json);
    assert_eq!(event["body"], body);
    assert_eq!(event["isBase64Encoded"], false);
    assert_eq!(event["headers"]["content-length"], body.len().to_string());
}

#[test]
fn binary_body_is_base64() {
    let request = Request {
        method: Method::PUT,
        raw_path: "/upload",
        raw_query: "",
        headers: vec![("content-type", "application/octet-stream")],
        body: &[0, 1, 2, 254, 255],
    };
    let json = event_json(&request, &route("PUT /upload"));
    // §4.2: octet-stream is base64.
    insta::assert_snapshot!(json);
    let event = parsed(&json);
    assert_eq!(event["body"], "AAEC/v8=");
    assert_eq!(event["isBase64Encoded"], true);
}

#[test]
fn form_body_is_base64() {
    let request = Request {
        method: Method::POST,
        raw_path: "/slack",
        raw_query: "",
        headers: vec![("content-type", "application/x-www-form-urlencoded")],
        body: b"token=abc&text=hi+there",
    };
    let json = event_json(&request, &route("POST /slack"));
    // §4.2: forms arrive base64 (Slack posts, middy PR #603).
    insta::assert_snapshot!(json);
    assert_eq!(parsed(&json)["isBase64Encoded"], true);
}

#[test]
fn path_parameters_are_decoded() {
    let json = event_json(
        &get("/pets/7/toys/big%20ball"),
        &route("GET /pets/{petId}/toys/{toyId}"),
    );
    // §4.1: pathParameters decoded; routeKey is the template.
    insta::assert_snapshot!(json);
    let event = parsed(&json);
    assert_eq!(
        event["pathParameters"],
        serde_json::json!({"petId": "7", "toyId": "big ball"})
    );
    assert_eq!(event["routeKey"], "GET /pets/{petId}/toys/{toyId}");
}

#[test]
fn greedy_parameter_captures_the_rest() {
    let json = event_json(&get("/a/b/c.txt"), &route("ANY /{proxy+}"));
    // §4.1: greedy capture gives {"proxy": "a/b/c.txt"}.
    insta::assert_snapshot!(json);
    assert_eq!(parsed(&json)["pathParameters"]["proxy"], "a/b/c.txt");
}

#[test]
fn named_stage_keeps_its_prefix_in_raw_path() {
    let mut setup = route("GET /pets/{id}");
    setup.stages = &["$default", "dev"];
    setup.stage_variables = vec![("table".into(), "pets-dev".into())];
    let json = event_json(&get("/dev/pets/6"), &setup);
    // §4.1: rawPath and http.path keep `/dev`, routeKey does not; stage "dev";
    // stageVariables present when the stage has some.
    insta::assert_snapshot!(json);
    let event = parsed(&json);
    assert_eq!(event["rawPath"], "/dev/pets/6");
    assert_eq!(event["requestContext"]["http"]["path"], "/dev/pets/6");
    assert_eq!(event["requestContext"]["stage"], "dev");
    assert_eq!(event["pathParameters"]["id"], "6");
    assert_eq!(event["stageVariables"]["table"], "pets-dev");
}

#[test]
fn jwt_claims_and_scopes_reach_the_request_context() {
    let claims = vec![
        ("sub".to_owned(), "user-1".to_owned()),
        ("groups".to_owned(), "[admin poweruser]".to_owned()),
        ("exp".to_owned(), "1785675600".to_owned()),
    ];
    let scopes = vec!["read".to_owned(), "write".to_owned()];
    let mut request = get("/pets");
    request.headers.push(("authorization", "Bearer eyJ.x.y"));
    let mut setup = route("GET /pets");
    setup.authorizer = Some(AuthorizerContext::Jwt {
        claims: &claims,
        scopes: Some(&scopes),
    });
    let json = event_json(&request, &setup);
    // §2.6: requestContext.authorizer.jwt.{claims,scopes}; every claim a string; the
    // Authorization header is still forwarded (§2.3).
    insta::assert_snapshot!(json);
    let event = parsed(&json);
    let jwt = &event["requestContext"]["authorizer"]["jwt"];
    assert_eq!(jwt["claims"]["groups"], "[admin poweruser]");
    assert_eq!(jwt["scopes"], serde_json::json!(["read", "write"]));
    assert_eq!(event["headers"]["authorization"], "Bearer eyJ.x.y");

    setup.authorizer = Some(AuthorizerContext::Jwt {
        claims: &claims,
        scopes: None,
    });
    let without_scopes = parsed(&event_json(&request, &setup));
    assert_eq!(
        without_scopes["requestContext"]["authorizer"]["jwt"]["scopes"],
        Value::Null
    );
}

#[test]
fn client_forwarding_headers_are_overridden_or_extended() {
    let mut request = get("/");
    request.headers.push(("x-forwarded-for", "10.0.0.1"));
    request.headers.push(("x-forwarded-proto", "http"));
    request.headers.push((
        "x-amzn-trace-id",
        "Root=1-00000000-000000000000000000000001",
    ));
    request.headers.push(("transfer-encoding", "chunked"));
    let event = parsed(&event_json(&request, &route("$default")));
    let headers = &event["headers"];
    assert_eq!(headers["x-forwarded-for"], "10.0.0.1, 68.8.83.18");
    assert_eq!(headers["x-forwarded-proto"], "https");
    assert_eq!(
        headers["x-amzn-trace-id"],
        "Root=1-00000000-000000000000000000000001"
    );
    assert!(headers.get("transfer-encoding").is_none());
}

#[test]
fn event_round_trips_through_aws_lambda_events() {
    let mut request = get("/dev/pets/6");
    request.raw_query = "a=1&a=2&b=x+y";
    request.headers.push(("cookie", "c=1"));
    let claims = vec![("sub".to_owned(), "user-1".to_owned())];
    let mut setup = route("GET /pets/{id}");
    setup.stages = &["dev"];
    setup.stage_variables = vec![("k".into(), "v".into())];
    setup.authorizer = Some(AuthorizerContext::Jwt {
        claims: &claims,
        scopes: None,
    });
    let json = event_json(&request, &setup);
    let typed: ApiGatewayV2httpRequest = serde_json::from_str(&json).unwrap();
    assert_eq!(typed.route_key.as_deref(), Some("GET /pets/{id}"));
    assert_eq!(typed.raw_path.as_deref(), Some("/dev/pets/6"));
    assert_eq!(typed.raw_query_string.as_deref(), Some("a=1&a=2&b=x+y"));
    assert_eq!(typed.cookies, Some(vec!["c=1".to_owned()]));
    assert_eq!(typed.headers.get("user-agent").unwrap(), "curl/8.7.1");
    assert_eq!(typed.query_string_parameters.first("b"), Some("x y"));
    assert_eq!(
        typed.path_parameters.get("id").map(String::as_str),
        Some("6")
    );
    assert_eq!(
        typed.stage_variables.get("k").map(String::as_str),
        Some("v")
    );
    let context = &typed.request_context;
    assert_eq!(context.stage.as_deref(), Some("dev"));
    assert_eq!(context.http.method, Method::GET);
    assert_eq!(context.http.source_ip.as_deref(), Some("68.8.83.18"));
    assert_eq!(context.time_epoch, 1_783_711_145_766);
    let jwt = context
        .authorizer
        .as_ref()
        .and_then(|a| a.jwt.as_ref())
        .unwrap();
    assert_eq!(jwt.claims.get("sub").map(String::as_str), Some("user-1"));
    assert_eq!(jwt.scopes, None);
    assert!(!typed.is_base64_encoded);
    assert_eq!(typed.body, None);
}
