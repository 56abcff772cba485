//! `AWS_PROXY` Lambda integrations end to end through the bed (aws-rest-api.md §2, §3):
//! the event the function receives, field by field against §2.1, and the answers for a
//! function error, a malformed response, a timeout and a missing invoke permission.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{
    Bed, FUNCTION, FakeFunction, RestStack, Script, function_arn, function_error, get,
    invocations_uri, request, source_arn,
};
use crate::{ENDPOINT_TIMED_OUT, INTERNAL_SERVER_ERROR};

#[tokio::test]
async fn hello_world_event_reaches_the_function_as_aws_sends_it() {
    let bed = Bed::serve(&[RestStack::hello().record()], FakeFunction::ok());
    let served = bed
        .send(get("/Prod/hello?name=a&name=b&x=1").header("User-Agent", "curl/8.5.0"))
        .await;
    assert_eq!(served.status(), 200, "{}", served.explanation());
    assert_eq!(served.body(), r#"{"ok":true}"#);
    served.assert_ids();
    let invocation = bed.function.only_invocation();
    assert_eq!(invocation.function_name, FUNCTION);
    let trace = served
        .header("x-amzn-trace-id")
        .expect("X-Amzn-Trace-Id for Lambda");
    assert_eq!(invocation.trace_id.as_deref(), Some(trace));

    let event = invocation.event;
    assert_eq!(
        event.get("version"),
        None,
        "REST events have no version key"
    );
    assert_eq!(event["resource"], "/hello");
    assert_eq!(event["path"], "/hello");
    assert_eq!(event["httpMethod"], "GET");
    assert_eq!(event["headers"]["User-Agent"], "curl/8.5.0");
    assert_eq!(
        event["multiValueHeaders"]["User-Agent"],
        json!(["curl/8.5.0"])
    );
    assert_eq!(event["headers"]["X-Amzn-Trace-Id"], trace);
    assert_eq!(
        event["queryStringParameters"],
        json!({"name": "b", "x": "1"})
    );
    assert_eq!(
        event["multiValueQueryStringParameters"],
        json!({"name": ["a", "b"], "x": ["1"]})
    );
    assert_eq!(event["pathParameters"], Value::Null);
    assert_eq!(event["stageVariables"], Value::Null);
    assert_eq!(event["body"], Value::Null);
    assert_eq!(event["isBase64Encoded"], false);

    let context = &event["requestContext"];
    assert_eq!(context["resourcePath"], "/hello");
    assert_eq!(context["httpMethod"], "GET");
    assert_eq!(context["path"], "/Prod/hello");
    assert_eq!(context["accountId"], "123456789012");
    assert_eq!(context["apiId"], "r1e2s3t4a5");
    assert_eq!(context["stage"], "Prod");
    assert_eq!(context["deploymentId"], "dep001");
    assert_eq!(context["protocol"], "HTTP/1.1");
    assert_eq!(context["requestId"], served.log.request_id.as_str());
    assert_eq!(
        context["extendedRequestId"],
        served.header("x-amz-apigw-id").unwrap()
    );
    assert!(context["requestTimeEpoch"].is_i64());
    assert_eq!(context["identity"]["sourceIp"], "127.0.0.1");
    assert_eq!(context["identity"]["userAgent"], "curl/8.5.0");
    assert_eq!(context["identity"]["user"], Value::Null);
    assert_eq!(
        context.get("authorizer"),
        None,
        "no authorizer key for NONE"
    );
}

#[tokio::test]
async fn function_error_is_502_internal_server_error() {
    let function = FakeFunction::failing(function_error("TypeError", "boom"));
    let bed = Bed::serve(&[RestStack::hello().record()], function);
    let served = bed.send(get("/Prod/hello")).await;
    served.assert_refused(
        502,
        INTERNAL_SERVER_ERROR,
        None,
        &["function hello failed", "boom"],
    );
    assert!(served.log.function.is_some());
    assert_eq!(
        served.header("x-amzn-trace-id"),
        None,
        "not on gateway errors"
    );
}

#[tokio::test]
async fn malformed_response_is_502_with_the_malformation_explained() {
    for output in [
        r#"{"statusCode":200,"wrongValue":"value"}"#,
        r#""justAString""#,
        "null",
    ] {
        let bed = Bed::serve(
            &[RestStack::hello().record()],
            FakeFunction::returning(output),
        );
        let served = bed.send(get("/Prod/hello")).await;
        served.assert_refused(
            502,
            INTERNAL_SERVER_ERROR,
            None,
            &["Malformed Lambda proxy response"],
        );
    }
}

#[tokio::test]
async fn integration_timeout_is_504() {
    let stack = RestStack::new()
        .lambda("GET", "/slow", FUNCTION)
        .timeout_ms(50)
        .stage("Prod", &[]);
    let function = FakeFunction::new(Script::Sleep(Duration::from_millis(500)));
    let bed = Bed::serve(&[stack.record()], function);
    let served = bed.send(get("/Prod/slow")).await;
    served.assert_refused(504, ENDPOINT_TIMED_OUT, None, &["TimeoutInMillis (50 ms)"]);
}

#[tokio::test]
async fn missing_invoke_permission_is_500_naming_the_source_arn() {
    let stack = RestStack::hello()
        .without_permissions()
        .permission(FUNCTION, Some(&source_arn("*/POST/hello")));
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/Prod/hello")).await;
    served.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        Some("InternalServerErrorException"),
        &["may not invoke function hello", "r1e2s3t4a5/Prod/GET/hello"],
    );
    assert_eq!(bed.function.invocations(), 0);
}

#[tokio::test]
async fn permission_for_the_configured_method_any_covers_every_verb() {
    let stack = RestStack::new()
        .without_permissions()
        .permission(FUNCTION, Some(&source_arn("Prod/ANY/items")))
        .lambda("ANY", "/items", FUNCTION)
        .stage("Prod", &[]);
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(request("DELETE", "/Prod/items")).await;
    assert_eq!(served.status(), 200, "{}", served.explanation());
}

#[tokio::test]
async fn stage_variables_reach_the_event_and_choose_the_function() {
    let uri = invocations_uri(&function_arn("${stageVariables.fn}"));
    let stack = RestStack::new()
        .function("blue")
        .permission("blue", None)
        .lambda_uri("GET", "/hello", &uri)
        .stage("Prod", &[("fn", "blue"), ("color", "blue")])
        .stage("Bare", &[]);
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/Prod/hello")).await;
    assert_eq!(served.status(), 200, "{}", served.explanation());
    let invocation = bed.function.only_invocation();
    assert_eq!(invocation.function_name, "blue");
    assert_eq!(
        invocation.event["stageVariables"],
        json!({"fn": "blue", "color": "blue"})
    );
    let bare = bed.send(get("/Bare/hello")).await;
    bare.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        Some("InternalServerErrorException"),
        &["${stageVariables.fn}", "stage Bare does not define"],
    );
}
