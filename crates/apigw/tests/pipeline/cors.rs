//! CORS (§8.2): API Gateway answers preflights no route claims, without authorizer or
//! integration, and puts the API's CORS headers on every other response in place of the
//! integration's.

use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE,
};
use serde::Serialize;
use store::model::CorsConfiguration;

use crate::NOT_FOUND;
use crate::support::{
    Bed, FUNCTION, FakeFunction, RouteSpec, Served, Stack, get, request, source_arn,
};

const ORIGIN: &str = "https://example.com";

fn cors() -> CorsConfiguration {
    CorsConfiguration {
        allow_origins: vec![ORIGIN.to_owned()],
        allow_methods: vec!["GET".to_owned(), "POST".to_owned()],
        allow_headers: vec!["authorization".to_owned(), "content-type".to_owned()],
        expose_headers: vec!["x-request-id".to_owned()],
        max_age: Some(300),
        allow_credentials: Some(true),
    }
}

/// `GET /hello` on an API with [`cors`].
fn hello_with_cors() -> Stack {
    Stack::hello().cors(cors())
}

fn preflight(path: &str, origin: &str, method: &str) -> crate::support::Req {
    request("OPTIONS", path)
        .header("origin", origin)
        .header("access-control-request-method", method)
}

/// The client's view with the CORS headers, for snapshots.
#[derive(Serialize)]
struct CorsView {
    status: u16,
    body: String,
    headers: Vec<(String, String)>,
    explanation: Option<String>,
    invocations: usize,
}

fn view(served: &Served) -> CorsView {
    let mut headers: Vec<(String, String)> = served
        .response
        .headers()
        .iter()
        .filter(|(name, _)| name.as_str().starts_with("access-control-"))
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
        .collect();
    headers.sort();
    CorsView {
        status: served.status().as_u16(),
        body: String::from_utf8_lossy(served.response.body()).into_owned(),
        headers,
        explanation: served.log.explanation.clone(),
        invocations: served.outcome().invocations,
    }
}

fn header(served: &Served, name: http::header::HeaderName) -> Option<&str> {
    served
        .response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn cors_request_to_the_default_route_gets_allow_origin() {
    let stack = Stack::new()
        .route(RouteSpec::lambda("$default", FUNCTION))
        .permission(FUNCTION, Some(&source_arn("*")))
        .cors(CorsConfiguration {
            allow_origins: vec![ORIGIN.to_owned()],
            ..CorsConfiguration::default()
        });
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/anything").header("origin", ORIGIN)).await;
    assert_eq!(served.status().as_u16(), 200);
    assert_eq!(header(&served, ACCESS_CONTROL_ALLOW_ORIGIN), Some(ORIGIN));
    assert_eq!(served.outcome().invocations, 1);
    insta::assert_yaml_snapshot!(view(&served));
}

#[tokio::test]
async fn cors_preflight_without_an_options_route_is_answered_without_invoking() {
    let bed = Bed::serve(&[hello_with_cors().record()], FakeFunction::ok());
    let served = bed
        .send(
            preflight("/hello", ORIGIN, "POST")
                .header("access-control-request-headers", "Content-Type"),
        )
        .await;
    assert_eq!(served.status().as_u16(), 204);
    assert_eq!(served.outcome().invocations, 0, "no integration call");
    assert_eq!(header(&served, ACCESS_CONTROL_ALLOW_ORIGIN), Some(ORIGIN));
    assert_eq!(
        header(&served, ACCESS_CONTROL_ALLOW_METHODS),
        Some("GET,POST")
    );
    assert_eq!(
        header(&served, ACCESS_CONTROL_ALLOW_HEADERS),
        Some("authorization,content-type")
    );
    assert_eq!(header(&served, ACCESS_CONTROL_MAX_AGE), Some("300"));
    assert_eq!(
        header(&served, ACCESS_CONTROL_ALLOW_CREDENTIALS),
        Some("true")
    );
    assert!(
        served
            .explanation()
            .contains("CORS preflight answered by API Gateway")
    );
    assert!(served.response.headers().contains_key("apigw-requestid"));
    insta::assert_yaml_snapshot!(view(&served));
}

#[tokio::test]
async fn cors_preflight_skips_the_authorizer_of_the_routes() {
    let stack = Stack::new()
        .jwt_authorizer("https://issuer.invalid")
        .route(RouteSpec::lambda("GET /hello", FUNCTION).jwt(&[]))
        .permission(FUNCTION, Some(&source_arn("*")))
        .cors(cors());
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(preflight("/hello", ORIGIN, "GET")).await;
    assert_eq!(served.status().as_u16(), 204, "{:?}", served.outcome());
    assert_eq!(header(&served, ACCESS_CONTROL_ALLOW_ORIGIN), Some(ORIGIN));
}

#[tokio::test]
async fn cors_preflight_claimed_by_the_default_route_reaches_the_integration() {
    let stack = Stack::new()
        .route(RouteSpec::lambda("$default", FUNCTION))
        .permission(FUNCTION, Some(&source_arn("*")))
        .cors(cors());
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(preflight("/hello", ORIGIN, "GET")).await;
    assert_eq!(served.status().as_u16(), 200);
    assert_eq!(
        served.outcome().invocations,
        1,
        "the $default route claims OPTIONS"
    );
    assert_eq!(header(&served, ACCESS_CONTROL_ALLOW_ORIGIN), Some(ORIGIN));
    assert_eq!(served.log.route_key.as_deref(), Some("$default"));
}

#[tokio::test]
async fn cors_preflight_from_a_disallowed_origin_gets_no_cors_headers() {
    let bed = Bed::serve(&[hello_with_cors().record()], FakeFunction::ok());
    let served = bed
        .send(preflight("/hello", "https://evil.example", "GET"))
        .await;
    assert_eq!(served.status().as_u16(), 204);
    assert_eq!(served.outcome().invocations, 0);
    assert!(header(&served, ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    let why = served.explanation();
    assert!(
        why.contains("https://evil.example") && why.contains(ORIGIN),
        "{why}"
    );
    insta::assert_yaml_snapshot!(view(&served));
}

#[tokio::test]
async fn cors_preflight_for_a_method_not_allowed_gets_no_cors_headers() {
    let bed = Bed::serve(&[hello_with_cors().record()], FakeFunction::ok());
    let served = bed.send(preflight("/hello", ORIGIN, "DELETE")).await;
    assert_eq!(served.status().as_u16(), 204);
    assert!(header(&served, ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    assert!(served.explanation().contains("AllowMethods"));
}

#[tokio::test]
async fn cors_request_from_a_disallowed_origin_is_served_without_cors_headers() {
    let bed = Bed::serve(&[hello_with_cors().record()], FakeFunction::ok());
    let served = bed
        .send(get("/hello").header("origin", "https://evil.example"))
        .await;
    assert_eq!(served.status().as_u16(), 200);
    assert_eq!(served.outcome().invocations, 1);
    assert!(header(&served, ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    assert!(
        served
            .explanation()
            .contains("is not allowed by the API's CorsConfiguration.AllowOrigins")
    );
}

#[tokio::test]
async fn cors_headers_of_the_integration_are_replaced() {
    let payload = r#"{"statusCode":200,"headers":{"Access-Control-Allow-Origin":"*","Access-Control-Allow-Methods":"DELETE","x-request-id":"1"},"body":"ok"}"#;
    let bed = Bed::serve(
        &[hello_with_cors().record()],
        FakeFunction::returning(payload),
    );
    let served = bed.send(get("/hello").header("origin", ORIGIN)).await;
    assert_eq!(header(&served, ACCESS_CONTROL_ALLOW_ORIGIN), Some(ORIGIN));
    assert!(header(&served, ACCESS_CONTROL_ALLOW_METHODS).is_none());
    assert_eq!(
        header(&served, ACCESS_CONTROL_EXPOSE_HEADERS),
        Some("x-request-id")
    );
    assert_eq!(
        header(&served, ACCESS_CONTROL_ALLOW_CREDENTIALS),
        Some("true")
    );
    insta::assert_yaml_snapshot!(view(&served));
}

#[tokio::test]
async fn cors_headers_reach_api_gateways_own_errors() {
    let bed = Bed::serve(&[hello_with_cors().record()], FakeFunction::ok());
    let served = bed.send(get("/nowhere").header("origin", ORIGIN)).await;
    served.assert_refused_before_invoking(404, NOT_FOUND, &["no route"]);
    assert_eq!(header(&served, ACCESS_CONTROL_ALLOW_ORIGIN), Some(ORIGIN));
}

#[tokio::test]
async fn cors_options_without_request_method_is_not_a_preflight() {
    let bed = Bed::serve(&[hello_with_cors().record()], FakeFunction::ok());
    let served = bed
        .send(request("OPTIONS", "/hello").header("origin", ORIGIN))
        .await;
    served.assert_refused_before_invoking(404, NOT_FOUND, &["no route"]);
}

#[tokio::test]
async fn cors_is_off_without_a_configuration() {
    let bed = Bed::serve(&[Stack::hello().record()], FakeFunction::ok());
    let served = bed.send(preflight("/hello", ORIGIN, "GET")).await;
    served.assert_refused_before_invoking(404, NOT_FOUND, &["no route"]);
    assert!(header(&served, ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}
