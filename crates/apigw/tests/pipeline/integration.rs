//! After the function is invoked: its errors, failures and malformed responses are 500
//! (§5.4), no answer within `TimeoutInMillis` is 503 (§6.1). The function ran once in
//! every case.

use std::time::{Duration, Instant};

use bytes::Bytes;
use lambda_host::InvokeResult;

use crate::support::{
    Bed, FUNCTION, FakeFunction, RouteSpec, Script, Stack, exit_error, function_error,
    function_timeout, get, init_error, source_arn,
};
use crate::{INTERNAL_SERVER_ERROR, SERVICE_UNAVAILABLE};

async fn call(function: FakeFunction) -> (Bed, crate::support::Served) {
    let bed = Bed::serve(&[Stack::hello().record()], function);
    let served = bed.send(get("/hello")).await;
    assert_eq!(
        bed.function.invocations(),
        1,
        "the function was invoked once"
    );
    (bed, served)
}

#[tokio::test]
async fn function_error_is_500() {
    let (_bed, served) = call(FakeFunction::failing(function_error(
        "TypeError",
        "Cannot read properties of undefined (reading 'id')",
    )))
    .await;
    served.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        &["the function failed with TypeError: Cannot read properties of undefined"],
    );
    assert_eq!(
        served
            .log
            .function
            .as_ref()
            .map(|f| f.function_name.as_str()),
        Some(FUNCTION),
        "the access log names the invocation"
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn function_error_is_explained_with_the_documents_error_type() {
    // The Python bootstrap (and other runtimes) post `/invocation/{id}/error` without
    // `Lambda-Runtime-Function-Error-Type`, so the host reports `Unhandled`; the error
    // document still says what was raised, and `InvokeOutcome::explain` uses it.
    let (_bed, served) = call(FakeFunction::failing(InvokeResult::FunctionError {
        error_type: "Unhandled".to_owned(),
        payload: Bytes::from_static(
            br#"{"errorMessage":"invalid literal for int()","errorType":"ValueError","requestId":"x","stackTrace":[]}"#,
        ),
    }))
    .await;
    served.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        &["ValueError", "invalid literal for int()"],
    );
}

#[tokio::test]
async fn status_code_that_is_not_a_number_is_500() {
    let (_bed, served) = call(FakeFunction::returning(
        r#"{"statusCode":"two hundred","body":"hi"}"#,
    ))
    .await;
    served.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        &[
            "statusCode is \"two hundred\"",
            "an integer HTTP status code",
        ],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn body_that_is_not_a_string_is_500() {
    let (_bed, served) = call(FakeFunction::returning(
        r#"{"statusCode":200,"body":{"ok":true}}"#,
    ))
    .await;
    served.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        &["response body is {\"ok\":true}", "expects a string"],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn response_that_is_not_json_is_500() {
    let (_bed, served) = call(FakeFunction::returning("{statusCode: 200}")).await;
    served.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        &["response payload is not JSON", "{statusCode: 200}"],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn headers_that_are_not_an_object_is_500() {
    let (_bed, served) = call(FakeFunction::returning(
        r#"{"statusCode":200,"headers":["x-a: 1"],"body":""}"#,
    ))
    .await;
    served.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        &[
            "response headers is [\"x-a: 1\"]",
            "an object of header names",
        ],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn runtime_crash_is_500() {
    let (_bed, served) = call(FakeFunction::failing(exit_error())).await;
    served.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        &[
            "the invocation returned no response",
            "Runtime.ExitError",
            "signal: killed",
        ],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn init_error_is_500() {
    let (_bed, served) = call(FakeFunction::failing(init_error())).await;
    served.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        &[
            "failed to initialise (Runtime.ImportModuleError)",
            "Cannot find module 'index'",
        ],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn function_timeout_is_500() {
    // The function's own Timeout (3 s) ends it before the integration's (30 s).
    let (_bed, served) = call(FakeFunction::failing(function_timeout())).await;
    served.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        &["Sandbox.Timedout", "timed out after 3.00 seconds"],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn lambda_host_failure_is_500() {
    let (_bed, served) = call(FakeFunction::new(Script::HostShutDown)).await;
    served.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        &[
            "gantry failed",
            "invoking function hello",
            "the Lambda host has been shut down",
        ],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn no_answer_within_the_integration_timeout_is_503() {
    let stack = Stack::new()
        .route(RouteSpec::lambda("GET /hello", FUNCTION).timeout_ms(50))
        .permission(FUNCTION, Some(&source_arn("*")));
    let bed = Bed::serve(
        &[stack.record()],
        FakeFunction::new(Script::Sleep(Duration::from_secs(2))),
    );
    let started = Instant::now();
    let served = bed.send(get("/hello")).await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the gateway answered without waiting for the function"
    );
    assert_eq!(bed.function.invocations(), 1);
    served.assert_refused(
        503,
        SERVICE_UNAVAILABLE,
        &["integration timeout of 50 ms", "TimeoutInMillis"],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}
