//! HTTP_PROXY integrations (§6.4) against a real endpoint on 127.0.0.1:0 that echoes
//! what it received: the forwarded request, the response passed back, parameter
//! mappings (§6.5), the integration timeout (503, §6.1), an unreachable endpoint and the
//! integrations gantry refuses to serve.

use std::time::Duration;

use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::support::{
    Bed, Endpoint as Echo, FUNCTION, FakeFunction, RouteSpec, Stack, get, request,
};
use crate::{INTERNAL_SERVER_ERROR, SERVICE_UNAVAILABLE};

/// The endpoint's answer: the request echoed as JSON; `/slow` answers after 2 s, `/missing`
/// answers 404 with `x-origin: backend`, `/huge` answers one byte over 10 MB.
async fn echo(request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    if parts.uri.path().ends_with("/huge") {
        return vec![b'x'; 10 * 1024 * 1024 + 1].into_response();
    }
    if parts.uri.path().ends_with("/slow") {
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    let headers: serde_json::Map<String, Value> = parts
        .headers
        .iter()
        .map(|(n, v)| (n.to_string(), json!(v.to_str().unwrap_or(""))))
        .collect();
    let echoed = json!({
        "method": parts.method.as_str(),
        "path": parts.uri.path(),
        "query": parts.uri.query(),
        "headers": headers,
        "body": String::from_utf8_lossy(&body),
    });
    let status = if parts.uri.path().ends_with("/missing") {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    let mut response_headers = HeaderMap::new();
    response_headers.insert("x-origin", "backend".parse().unwrap());
    (status, response_headers, axum::Json(echoed)).into_response()
}

fn bed(routes: Vec<RouteSpec>) -> Bed {
    let stack = routes.into_iter().fold(Stack::new(), Stack::route);
    Bed::serve(&[stack.record()], FakeFunction::ok())
}

fn echoed(served: &crate::support::Served) -> Value {
    serde_json::from_slice(served.response.body()).unwrap()
}

#[tokio::test]
async fn the_request_is_forwarded_with_route_variables_query_headers_and_body() {
    let echo = Echo::start(echo).await;
    let bed = bed(vec![RouteSpec::http_proxy(
        "ANY /pets/{proxy+}",
        &format!("{}/backend/{{proxy}}", echo.base),
    )]);
    let served = bed
        .send(
            request("POST", "/pets/a/b?x=1&y=2")
                .header("x-custom", "kept")
                .header("x-forwarded-for", "10.0.0.1")
                .body("hello"),
        )
        .await;
    assert_eq!(served.status(), 200, "{:?}", served.outcome());
    assert_eq!(served.response.headers()["x-origin"], "backend");
    let seen = echoed(&served);
    assert_eq!(seen["method"], "POST");
    assert_eq!(seen["path"], "/backend/a/b");
    assert_eq!(seen["query"], "x=1&y=2");
    assert_eq!(seen["body"], "hello");
    assert_eq!(seen["headers"]["x-custom"], "kept");
    assert_eq!(
        seen["headers"]["host"],
        echo.base.trim_start_matches("http://")
    );
    assert!(seen["headers"].get("x-forwarded-for").is_none());
    let forwarded = seen["headers"]["forwarded"].as_str().unwrap();
    assert!(
        forwarded.starts_with("for=10.0.0.1, for=127.0.0.1;host="),
        "{forwarded}"
    );
    assert!(forwarded.ends_with(";proto=http"), "{forwarded}");
    assert!(served.log.explanation.is_none());
}

#[tokio::test]
async fn the_default_route_appends_the_full_path_and_integration_method_overrides() {
    let echo = Echo::start(echo).await;
    let bed = bed(vec![
        RouteSpec::http_proxy("$default", &format!("{}/base", echo.base))
            .integration_method("PUT")
            .request_parameter("append:header.x-mapped", "yes"),
    ]);
    let served = bed.send(get("/any/where?q=a%20b&r=+")).await;
    let seen = echoed(&served);
    assert_eq!(seen["path"], "/base/any/where");
    assert_eq!(seen["method"], "PUT");
    assert_eq!(
        seen["query"], "q=a%20b&r=+",
        "a query no mapping touches goes as received"
    );
    assert_eq!(seen["headers"]["x-mapped"], "yes");
}

#[tokio::test]
async fn request_parameters_change_headers_query_and_path() {
    let echo = Echo::start(echo).await;
    let bed = bed(vec![
        RouteSpec::http_proxy("GET /items/{id}", &format!("{}/items/{{id}}", echo.base))
            .request_parameter("append:header.x-request-id", "$context.requestId")
            .request_parameter("overwrite:header.x-custom", "item-${request.path.id}")
            .request_parameter("remove:header.x-secret", "''")
            .request_parameter("append:querystring.source", "gantry")
            .request_parameter("remove:querystring.drop", "''")
            .request_parameter("overwrite:path", "/v2/items/${request.path.id}"),
    ]);
    let served = bed
        .send(
            get("/items/42?keep=1&drop=2")
                .header("x-custom", "original")
                .header("x-secret", "s"),
        )
        .await;
    let seen = echoed(&served);
    assert_eq!(seen["path"], "/v2/items/42");
    assert_eq!(seen["query"], "keep=1&source=gantry");
    assert_eq!(seen["headers"]["x-custom"], "item-42");
    assert_eq!(
        seen["headers"]["x-request-id"],
        served.log.request_id.as_str()
    );
    assert!(seen["headers"].get("x-secret").is_none());
}

#[tokio::test]
async fn response_parameters_apply_to_their_status_code() {
    let echo = Echo::start(echo).await;
    let bed = bed(vec![
        RouteSpec::http_proxy("GET /{name}", &format!("{}/{{name}}", echo.base))
            .response_parameter(404, "overwrite:statuscode", "200")
            .response_parameter(
                404,
                "append:header.x-was",
                "${response.header.x-origin}-404",
            )
            .response_parameter(404, "remove:header.x-origin", "''"),
    ]);
    let mapped = bed.send(get("/missing")).await;
    assert_eq!(mapped.status(), 200);
    assert_eq!(mapped.response.headers()["x-was"], "backend-404");
    assert!(mapped.response.headers().get("x-origin").is_none());
    let untouched = bed.send(get("/found")).await;
    assert_eq!(untouched.status(), 200);
    assert_eq!(untouched.response.headers()["x-origin"], "backend");
    assert!(untouched.response.headers().get("x-was").is_none());
}

#[tokio::test]
async fn a_slow_endpoint_beyond_timeout_in_millis_is_503() {
    let echo = Echo::start(echo).await;
    let bed = bed(vec![
        RouteSpec::http_proxy("GET /slow", &format!("{}/slow", echo.base)).timeout_ms(200),
    ]);
    let served = bed.send(get("/slow")).await;
    served.assert_refused(
        503,
        SERVICE_UNAVAILABLE,
        &[
            "did not get a response from",
            "/slow",
            "200 ms",
            "TimeoutInMillis",
        ],
    );
}

#[tokio::test]
async fn a_response_over_the_payload_quota_is_500_explained() {
    let echo = Echo::start(echo).await;
    let bed = bed(vec![RouteSpec::http_proxy(
        "GET /huge",
        &format!("{}/huge", echo.base),
    )]);
    let served = bed.send(get("/huge")).await;
    served.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        &[
            "HTTP_PROXY integration got no usable response from",
            "the response body is over API Gateway's payload limit of 10485760 bytes",
        ],
    );
}

#[tokio::test]
async fn an_endpoint_closing_without_an_answer_is_500_explained() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hangup", listener.local_addr().unwrap());
    let hangup = tokio::spawn(async move {
        while let Ok((connection, _)) = listener.accept().await {
            drop(connection);
        }
    });
    let bed = bed(vec![RouteSpec::http_proxy("GET /hangup", &url)]);
    let served = bed.send(get("/hangup")).await;
    hangup.abort();
    served.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        &[
            "HTTP_PROXY integration got no usable response from",
            "/hangup",
        ],
    );
}

#[tokio::test]
async fn an_unreachable_endpoint_is_500_explained() {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    let bed = bed(vec![RouteSpec::http_proxy(
        "GET /down",
        "http://127.0.0.1:9/down",
    )]);
    let served = bed.send(get("/down")).await;
    served.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        &["HTTP_PROXY integration could not connect to http://127.0.0.1:9/down"],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn an_aws_service_integration_is_500_explained() {
    let bed = bed(vec![
        RouteSpec::lambda("POST /events", FUNCTION).subtype("EventBridge-PutEvents"),
    ]);
    let served = bed.send(request("POST", "/events")).await;
    served.assert_refused_before_invoking(
        500,
        INTERNAL_SERVER_ERROR,
        &[
            "AWS service integration (IntegrationSubtype EventBridge-PutEvents)",
            "--allow-unsupported",
        ],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn a_lambda_integration_with_mappings_is_500_explained() {
    let bed = bed(vec![
        RouteSpec::lambda("GET /hello", FUNCTION).request_parameter("append:header.x", "y"),
    ]);
    let served = bed.send(get("/hello")).await;
    served.assert_refused_before_invoking(
        500,
        INTERNAL_SERVER_ERROR,
        &["Lambda integration with RequestParameters or ResponseParameters"],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}
