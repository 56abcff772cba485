//! MOCK preflights, stage throttling, gateway responses, binary media types and stage
//! access logs (aws-rest-api.md §3.3, §6, §7, §8.1, §9.1).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::support::{Bed, FUNCTION, FakeFunction, RestStack, get, request};
use crate::{MISSING_AUTHENTICATION_TOKEN, TOO_MANY_REQUESTS};

#[tokio::test]
async fn sam_cors_preflight_is_answered_by_its_mock_without_invoking() {
    let stack = RestStack::new()
        .lambda("GET", "/hello", FUNCTION)
        .sam_cors_options("/hello", "https://example.com")
        .stage("Prod", &[]);
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed
        .send(
            request("OPTIONS", "/Prod/hello")
                .header("Origin", "https://example.com")
                .header("Access-Control-Request-Method", "GET"),
        )
        .await;
    assert_eq!(served.status(), 200, "{}", served.explanation());
    assert_eq!(
        served.header("access-control-allow-origin"),
        Some("https://example.com")
    );
    assert_eq!(
        served.header("access-control-allow-methods"),
        Some("GET,OPTIONS")
    );
    served.assert_ids();
    assert_eq!(served.header("x-amzn-trace-id"), None, "not for MOCK");
    assert_eq!(bed.function.invocations(), 0);
}

#[tokio::test]
async fn method_settings_throttle_answers_429_past_the_burst() {
    let stack = RestStack::hello().method_setting("/*", "*", 0.001, 2);
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    assert_eq!(bed.send(get("/Prod/hello")).await.status(), 200);
    assert_eq!(bed.send(get("/Prod/hello")).await.status(), 200);
    let served = bed.send(get("/Prod/hello")).await;
    served.assert_refused(
        429,
        TOO_MANY_REQUESTS,
        Some("TooManyRequestsException"),
        &["MethodSettings", "burst of 2"],
    );
    assert_eq!(bed.function.invocations(), 2);
}

#[tokio::test]
async fn a_method_own_setting_overrides_the_stage_wide_one() {
    let stack = RestStack::hello()
        .method_setting("/*", "*", 0.001, 1)
        .method_setting("/hello", "GET", 1000.0, 100);
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    for _ in 0..5 {
        assert_eq!(bed.send(get("/Prod/hello")).await.status(), 200);
    }
}

#[tokio::test]
async fn default_4xx_with_a_cors_header_decorates_a_403() {
    let stack =
        RestStack::hello().gateway_response("DEFAULT_4XX", &[("Access-Control-Allow-Origin", "*")]);
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/Prod/nothing")).await;
    served.assert_refused(
        403,
        MISSING_AUTHENTICATION_TOKEN,
        Some("MissingAuthenticationTokenException"),
        &["/nothing"],
    );
    assert_eq!(served.header("access-control-allow-origin"), Some("*"));
}

#[tokio::test]
async fn binary_response_is_decoded_only_when_accept_matches() {
    let png = [0x89_u8, b'P', b'N', b'G', 0, 1, 2];
    let output = serde_json::json!({
        "statusCode": 200,
        "headers": {"Content-Type": "image/png"},
        "body": STANDARD.encode(png),
        "isBase64Encoded": true,
    })
    .to_string();
    let stack = RestStack::hello().binary_media_types(&["image/png"]);
    let bed = Bed::serve(&[stack.record()], FakeFunction::returning(&output));
    let bytes = bed
        .send(get("/Prod/hello").header("Accept", "image/png"))
        .await;
    assert_eq!(bytes.status(), 200, "{}", bytes.explanation());
    assert_eq!(bytes.response.body().as_ref(), png);
    let text = bed.send(get("/Prod/hello").header("Accept", "*/*")).await;
    assert_eq!(text.body(), STANDARD.encode(png));
}

#[tokio::test]
async fn binary_request_body_reaches_the_function_base64_encoded() {
    let stack = RestStack::new()
        .lambda("POST", "/upload", FUNCTION)
        .stage("Prod", &[])
        .binary_media_types(&["application/octet-stream"]);
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed
        .send(
            request("POST", "/Prod/upload")
                .header("Content-Type", "application/octet-stream")
                .body(vec![0_u8, 255, 1]),
        )
        .await;
    assert_eq!(served.status(), 200, "{}", served.explanation());
    let event = bed.function.only_invocation().event;
    assert_eq!(event["isBase64Encoded"], true);
    assert_eq!(event["body"], STANDARD.encode([0_u8, 255, 1]));
}

#[tokio::test]
async fn stage_access_log_renders_the_rest_context_variables() {
    let format = "$context.httpMethod $context.resourcePath $context.status $context.requestId $context.extendedRequestId $context.identity.sourceIp $context.responseLength $context.identity.apiKey";
    let stack = RestStack::new()
        .lambda("GET", "/pets/{id}", FUNCTION)
        .stage("Prod", &[])
        .access_log(format);
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/Prod/pets/1")).await;
    let lines = bed.stage_lines();
    assert_eq!(lines.len(), 1);
    let request_id = served.header("x-amzn-requestid").unwrap();
    let extended = served.header("x-amz-apigw-id").unwrap();
    assert_eq!(
        lines[0],
        format!("GET /pets/{{id}} 200 {request_id} {extended} 127.0.0.1 11 -")
    );
}
