//! 1.0 events for representative requests, snapshotted and checked field by field, then
//! read back with `aws_lambda_events`' REST proxy type (what Rust functions use for 1.0).
//!
//! Where each field's presence and null-ness comes from (§4.3 lists the sources):
//! - [doc] AWS's 1.0 example: every top-level field, `requestContext` with `identity`,
//!   `resourceId` and the unknown `identity` fields `null`, `pathParameters` and
//!   `stageVariables` `null` when empty, `authorizer {claims, scopes}` for JWT.
//! - [cap] captured 1.0 events of HTTP APIs (2021–2024): `resource`/`resourcePath` the
//!   route path and `resourceId` the route key (`$default` for all three on the default
//!   route); `path` and `requestContext.path` with the stage prefix; `cognitoAmr: null`
//!   in `identity`; `extendedRequestId` equal to `requestId`; no `authorizer` key without
//!   authorization; `queryStringParameters`, the multi-value query and `body` `null`
//!   when absent; `Content-Length: 0` on a GET; API Gateway's headers in canonical case,
//!   the client's lower-case; names in byte order.
//! - [rest] REST's proxy event (reference `aws-rest-api.md` §2.1–§2.3): the last of
//!   repeated values in the single-value maps, decoded query names and values.
//! - [4.2] the 2.0 body rule: text only for `text/*`, JSON, XML and JavaScript.

use std::net::{IpAddr, Ipv4Addr};

use aws_lambda_events::apigw::ApiGatewayProxyRequest;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::build_event;
use crate::payload::v2::{AuthorizerContext, EventContext, Forwarded, IncomingRequest};
use crate::request_id::RequestId;
use crate::route::{RouteKey, RouteTable, decode_path};
use crate::stage::StageTable;

const TRACE: &str = "Root=1-6a5145a9-1bae89e2512ec92d5d9438a0";
const HOST: &str = "sjzepsqsu5.execute-api.us-west-2.amazonaws.com";

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
            ("host", HOST),
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

/// Runs the request through stage and route selection and builds its 1.0 event.
fn event(request: &Request<'_>, setup: &Setup<'_>) -> Value {
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
        domain_name: HOST,
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
    let bytes = build_event(&incoming, &context).to_json().unwrap();
    // Every event must be readable by the Rust runtime's REST proxy type.
    let typed: ApiGatewayProxyRequest = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(typed.http_method, request.method);
    assert_eq!(
        typed.request_context.request_id.as_deref(),
        Some("ATfSmjLgPHcESJw=")
    );
    serde_json::from_slice(&bytes).unwrap()
}

fn pretty(event: &Value) -> String {
    serde_json::to_string_pretty(event).unwrap()
}

/// A GET on the `$default` route with repeated headers, a cookie and a repeated query
/// key.
/// - [doc] `version` `"1.0"`; `httpMethod`; `headers` and `multiValueHeaders`;
///   `queryStringParameters` and `multiValueQueryStringParameters`.
/// - [cap] `resource`, `resourcePath`, `resourceId` all `$default`; `Content-Length: 0`
///   on a GET; `Host`, `User-Agent`, `X-Amzn-Trace-Id`, `X-Forwarded-*` capitalised,
///   `accept` and `x-multi` lower-case, `cookie` an ordinary header; `pathParameters`,
///   `stageVariables` and `body` `null`; no `authorizer`; `identity` all `null` except
///   `sourceIp` and `userAgent`; `requestTime` CLF, `requestTimeEpoch` in ms.
/// - [rest] the single-value maps hold the last value; query decoded (`+` → space).
#[test]
fn get_with_repeated_headers_and_query() {
    let mut request = get("/shop");
    request.raw_query = "tag=a&tag=b&q=red+shoes&plus=%2B&empty=";
    request
        .headers
        .push(("cookie", "session=abc123; theme=dark"));
    request.headers.push(("x-multi", "first"));
    request.headers.push(("x-multi", "second"));
    let event = event(&request, &route("$default"));
    insta::assert_snapshot!(pretty(&event));

    assert_eq!(event["version"], "1.0");
    assert_eq!(event["resource"], "$default");
    assert_eq!(event["path"], "/shop");
    assert_eq!(event["httpMethod"], "GET");
    let headers = &event["headers"];
    assert_eq!(headers["x-multi"], "second", "the last value");
    assert_eq!(
        event["multiValueHeaders"]["x-multi"],
        json!(["first", "second"])
    );
    assert_eq!(headers["cookie"], "session=abc123; theme=dark");
    assert_eq!(headers["Content-Length"], "0");
    assert_eq!(headers["Host"], HOST);
    assert_eq!(headers["User-Agent"], "curl/8.7.1");
    assert_eq!(headers["X-Amzn-Trace-Id"], TRACE);
    assert_eq!(headers["X-Forwarded-For"], "68.8.83.18");
    assert_eq!(headers["accept"], "*/*");
    assert!(headers.get("host").is_none() && headers.get("user-agent").is_none());
    let names: Vec<&String> = headers.as_object().unwrap().keys().collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "names in byte order");
    assert_eq!(
        event["queryStringParameters"],
        json!({"tag": "b", "q": "red shoes", "plus": "+", "empty": ""})
    );
    assert_eq!(
        event["multiValueQueryStringParameters"],
        json!({"tag": ["a", "b"], "q": ["red shoes"], "plus": ["+"], "empty": [""]})
    );
    for null in ["pathParameters", "stageVariables", "body"] {
        assert_eq!(event[null], Value::Null, "{null} is null, not absent");
        assert!(event.get(null).is_some(), "{null} is present");
    }
    assert_eq!(event["isBase64Encoded"], false);
    let context = &event["requestContext"];
    assert!(context.get("authorizer").is_none());
    assert_eq!(context["resourceId"], "$default");
    assert_eq!(context["resourcePath"], "$default");
    assert_eq!(context["extendedRequestId"], context["requestId"]);
    assert_eq!(context["requestTime"], "10/Jul/2026:19:19:05 +0000");
    assert_eq!(context["requestTimeEpoch"], 1_783_711_145_766_i64);
    assert_eq!(context["protocol"], "HTTP/1.1");
    assert_eq!(context["domainPrefix"], "sjzepsqsu5");
    let identity = context["identity"].as_object().unwrap();
    assert_eq!(identity.len(), 13);
    for (name, value) in identity {
        match name.as_str() {
            "sourceIp" => assert_eq!(value, "68.8.83.18"),
            "userAgent" => assert_eq!(value, "curl/8.7.1"),
            _ => assert_eq!(*value, Value::Null, "identity.{name}"),
        }
    }
}

/// A GET without a query string: both query maps are `null` [cap].
#[test]
fn get_without_query_has_null_query_maps() {
    let event = event(&get("/"), &route("$default"));
    assert_eq!(event["queryStringParameters"], Value::Null);
    assert_eq!(event["multiValueQueryStringParameters"], Value::Null);
    assert!(event.get("multiValueQueryStringParameters").is_some());
}

/// A POST with a binary body on `POST /upload`.
/// - [4.2] `application/octet-stream` arrives base64, `isBase64Encoded` true.
/// - [cap] `Content-Length` the body's real length, `Content-Type` capitalised;
///   `resource`/`resourcePath` the route path, `resourceId` the route key.
#[test]
fn post_with_a_binary_body_is_base64() {
    let request = Request {
        method: Method::POST,
        raw_path: "/upload",
        raw_query: "",
        headers: vec![
            ("host", HOST),
            ("content-type", "application/octet-stream"),
            ("content-length", "999"),
        ],
        body: &[0, 1, 2, 254, 255],
    };
    let event = event(&request, &route("POST /upload"));
    insta::assert_snapshot!(pretty(&event));
    assert_eq!(event["body"], "AAEC/v8=");
    assert_eq!(event["isBase64Encoded"], true);
    assert_eq!(event["headers"]["Content-Length"], "5");
    assert_eq!(event["headers"]["Content-Type"], "application/octet-stream");
    assert_eq!(event["resource"], "/upload");
    assert_eq!(event["requestContext"]["resourcePath"], "/upload");
    assert_eq!(event["requestContext"]["resourceId"], "POST /upload");
    assert_eq!(event["requestContext"]["identity"]["userAgent"], "");
    assert!(event["headers"].get("User-Agent").is_none());
}

/// A JSON body is text [4.2].
#[test]
fn post_with_a_json_body_is_text() {
    let body = r#"{"name":"Rex"}"#;
    let request = Request {
        method: Method::POST,
        raw_path: "/pets",
        raw_query: "",
        headers: vec![("host", HOST), ("content-type", "application/json")],
        body: body.as_bytes(),
    };
    let event = event(&request, &route("POST /pets"));
    assert_eq!(event["body"], body);
    assert_eq!(event["isBase64Encoded"], false);
}

/// `GET /pets/{petId}/toys/{toyId}` on the named stage `dev` with stage variables.
/// - [cap] `path` and `requestContext.path` keep `/dev`; `stage` `dev`; `resource` the
///   route path with its parameters as written.
/// - [doc] `pathParameters` and `stageVariables` objects when present (decoded values,
///   as in 2.0).
#[test]
fn named_stage_with_path_parameters() {
    let mut setup = route("GET /pets/{petId}/toys/{toyId}");
    setup.stages = &["$default", "dev"];
    setup.stage_variables = vec![("table".into(), "pets-dev".into())];
    let event = event(&get("/dev/pets/7/toys/big%20ball"), &setup);
    insta::assert_snapshot!(pretty(&event));
    assert_eq!(event["path"], "/dev/pets/7/toys/big ball");
    assert_eq!(event["resource"], "/pets/{petId}/toys/{toyId}");
    let context = &event["requestContext"];
    assert_eq!(context["path"], "/dev/pets/7/toys/big ball");
    assert_eq!(context["stage"], "dev");
    assert_eq!(context["resourceId"], "GET /pets/{petId}/toys/{toyId}");
    assert_eq!(
        event["pathParameters"],
        json!({"petId": "7", "toyId": "big ball"})
    );
    assert_eq!(event["stageVariables"], json!({"table": "pets-dev"}));
}

/// A JWT-authorized `GET /pets`.
/// - [doc] `requestContext.authorizer` is `{"claims": {...}, "scopes": [...]}`; claims
///   are rendered as in 2.0 (§2.6); `scopes` `null` when the route has none.
/// - [cap] the `authorization` header is forwarded, lower-case.
#[test]
fn jwt_claims_and_scopes_reach_the_authorizer() {
    let claims = vec![
        ("sub".to_owned(), "user-1".to_owned()),
        ("groups".to_owned(), "[admin poweruser]".to_owned()),
    ];
    let scopes = vec!["read".to_owned(), "write".to_owned()];
    let mut request = get("/pets");
    request.headers.push(("authorization", "Bearer eyJ.x.y"));
    let mut setup = route("GET /pets");
    setup.authorizer = Some(AuthorizerContext::Jwt {
        claims: &claims,
        scopes: Some(&scopes),
    });
    let event = event(&request, &setup);
    insta::assert_snapshot!(pretty(&event));
    assert_eq!(
        event["requestContext"]["authorizer"],
        json!({"claims": {"sub": "user-1", "groups": "[admin poweruser]"}, "scopes": ["read", "write"]})
    );
    assert_eq!(event["headers"]["authorization"], "Bearer eyJ.x.y");

    setup.authorizer = Some(AuthorizerContext::Jwt {
        claims: &claims,
        scopes: None,
    });
    let without_scopes = self::event(&request, &setup);
    assert_eq!(
        without_scopes["requestContext"]["authorizer"]["scopes"],
        Value::Null
    );
}

/// A Lambda authorizer's context in a 1.0 event: REST's flat shape, values as strings,
/// `principalId` and `integrationLatency` (§3.7, Unconfirmed for HTTP APIs).
#[test]
fn lambda_authorizer_context_is_flat_with_string_values() {
    let context = json!({"user": "ann", "n": 1, "admin": true})
        .as_object()
        .cloned()
        .unwrap();
    let request = get("/pets");
    let mut setup = route("GET /pets");
    setup.authorizer = Some(AuthorizerContext::Lambda {
        context: Some(&context),
        principal_id: Some("ann-id"),
        latency_ms: 7,
    });
    let event = event(&request, &setup);
    assert_eq!(
        event["requestContext"]["authorizer"],
        json!({"user": "ann", "n": "1", "admin": "true", "principalId": "ann-id", "integrationLatency": 7})
    );
    setup.authorizer = Some(AuthorizerContext::Lambda {
        context: None,
        principal_id: None,
        latency_ms: 0,
    });
    let bare = self::event(&request, &setup);
    assert_eq!(
        bare["requestContext"]["authorizer"],
        json!({"integrationLatency": 0})
    );
}

/// The client's forwarding headers: `X-Forwarded-For` extended, proto and port set by
/// the gateway, a trace id kept, `transfer-encoding` dropped (as in 2.0, §4.1).
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
    let headers = &event(&request, &route("$default"))["multiValueHeaders"];
    assert_eq!(headers["X-Forwarded-For"], json!(["10.0.0.1, 68.8.83.18"]));
    assert_eq!(headers["X-Forwarded-Proto"], json!(["https"]));
    assert_eq!(headers["X-Forwarded-Port"], json!(["443"]));
    assert_eq!(
        headers["X-Amzn-Trace-Id"],
        json!(["Root=1-00000000-000000000000000000000001"])
    );
    assert!(headers.get("transfer-encoding").is_none());
}

#[test]
fn event_round_trips_through_aws_lambda_events() {
    let mut request = get("/dev/pets/6");
    request.raw_query = "a=1&a=2&b=x+y";
    let claims = vec![("sub".to_owned(), "user-1".to_owned())];
    let mut setup = route("GET /pets/{id}");
    setup.stages = &["dev"];
    setup.stage_variables = vec![("k".into(), "v".into())];
    setup.authorizer = Some(AuthorizerContext::Jwt {
        claims: &claims,
        scopes: None,
    });
    let json = pretty(&event(&request, &setup));
    let typed: ApiGatewayProxyRequest = serde_json::from_str(&json).unwrap();
    assert_eq!(typed.resource.as_deref(), Some("/pets/{id}"));
    assert_eq!(typed.path.as_deref(), Some("/dev/pets/6"));
    assert_eq!(typed.headers.get("user-agent").unwrap(), "curl/8.7.1");
    assert_eq!(typed.query_string_parameters.first("b"), Some("x y"));
    assert_eq!(
        typed.multi_value_query_string_parameters.all("a"),
        Some(vec!["1", "2"])
    );
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
    assert_eq!(context.resource_path.as_deref(), Some("/pets/{id}"));
    assert_eq!(context.identity.source_ip.as_deref(), Some("68.8.83.18"));
    assert_eq!(context.request_time_epoch, 1_783_711_145_766);
    assert!(!typed.is_base64_encoded);
    assert_eq!(typed.body, None);
}
