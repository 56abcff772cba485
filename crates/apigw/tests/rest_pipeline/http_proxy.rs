//! `HTTP_PROXY` methods (aws-rest-api.md §8.2) against a real endpoint on 127.0.0.1:0
//! that echoes what it received: `{proxy}` filled from the path mapping, the query and
//! body forwarded, the endpoint's status and headers passed back, the timeout (504).

use std::time::Duration;

use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use store::model::IntegrationType;

use crate::ENDPOINT_TIMED_OUT;
use crate::support::{Bed, Endpoint as Echo, FakeFunction, RestStack, get, integration, request};

/// The endpoint's answer: the request echoed as JSON; `/slow` answers after 2 s.
async fn echo(request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    if parts.uri.path().ends_with("/slow") {
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    let echoed = json!({
        "method": parts.method.as_str(),
        "path": parts.uri.path(),
        "query": parts.uri.query(),
        "body": String::from_utf8_lossy(&body),
    });
    (
        axum::http::StatusCode::CREATED,
        [("x-origin", "backend")],
        axum::Json(echoed),
    )
        .into_response()
}

/// `ANY /{proxy+}` → `{base}/backend/{proxy}` with SAM's usual path mapping.
fn proxied(base: &str, timeout_ms: u32) -> Bed {
    let mut proxy = integration(
        IntegrationType::HttpProxy,
        Some(&format!("{base}/backend/{{proxy}}")),
    );
    proxy.integration_http_method = Some("ANY".to_owned());
    proxy.timeout_in_millis = timeout_ms;
    proxy.request_parameters.insert(
        "integration.request.path.proxy".to_owned(),
        "method.request.path.proxy".to_owned(),
    );
    let stack = RestStack::new()
        .method("ANY", "/{proxy+}", proxy)
        .stage("Prod", &[]);
    Bed::serve(&[stack.record()], FakeFunction::ok())
}

#[tokio::test]
async fn http_proxy_forwards_path_query_and_body_and_passes_the_answer_back() {
    let echo = Echo::start(echo).await;
    let bed = proxied(&echo.base, 29_000);
    let served = bed
        .send(request("POST", "/Prod/pets/7?color=red").body("hello"))
        .await;
    assert_eq!(served.status(), 201, "{}", served.explanation());
    assert_eq!(served.header("x-origin"), Some("backend"));
    served.assert_ids();
    assert_eq!(served.header("x-amzn-trace-id"), None, "not for HTTP_PROXY");
    let echoed: Value = serde_json::from_slice(served.response.body()).unwrap();
    assert_eq!(
        echoed,
        json!({"method": "POST", "path": "/backend/pets/7", "query": "color=red", "body": "hello"})
    );
    assert_eq!(bed.function.invocations(), 0);
}

#[tokio::test]
async fn http_proxy_timeout_is_504() {
    let echo = Echo::start(echo).await;
    let bed = proxied(&echo.base, 100);
    let served = bed.send(get("/Prod/slow")).await;
    served.assert_refused(504, ENDPOINT_TIMED_OUT, None, &["TimeoutInMillis (100 ms)"]);
}
