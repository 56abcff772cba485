//! The Runtime API's wire behaviour, observed by a runtime that misuses it on purpose
//! (`tests/fixtures/probe/bootstrap`, raw HTTP over sockets).

use lambda_host::{CodeSource, FunctionConfig, InvokeResult};
use serde_json::json;

use crate::support::{fixture, host, json};

#[tokio::test]
async fn out_of_order_calls_chunked_bodies_and_streamed_responses_are_handled_like_rie() {
    let test = host().await;
    test.deploy(FunctionConfig::new(
        "probe",
        "provided.al2".parse().unwrap(),
        None,
        CodeSource::Directory(fixture("probe")),
    ))
    .await;

    // 1. The chunked response carries what the probe observed before it.
    let first = test.invoke("probe", json!({"probe": 1})).await;
    assert!(first.is_success(), "{}", first.explain());
    let observed = json(&first);
    assert_eq!(observed["response_before_next"], 403);
    assert_eq!(observed["response_with_wrong_id"], 400);
    assert_eq!(observed["next_while_running"], 403);
    assert_eq!(observed["init_error_after_init"], 403);
    assert_eq!(observed["event"], json!({"probe": 1}));
    let headers = &observed["next_headers"];
    assert_eq!(
        headers["lambda-runtime-aws-request-id"],
        first.request_id.as_str()
    );
    assert_eq!(headers["content-type"], "application/json");
    assert!(
        headers["lambda-runtime-deadline-ms"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .is_ok()
    );
    assert!(
        headers["lambda-runtime-invoked-function-arn"]
            .as_str()
            .unwrap()
            .ends_with(":function:probe")
    );
    assert!(
        headers["lambda-runtime-trace-id"]
            .as_str()
            .unwrap()
            .starts_with("Root=1-")
    );
    assert!(
        headers.get("lambda-runtime-client-context").is_none(),
        "empty headers are left out"
    );

    // 2. A streamed response that fails reports the error through trailers.
    let second = test.invoke("probe", json!({})).await;
    let InvokeResult::FunctionError { error_type, .. } = &second.result else {
        panic!("{second:?}");
    };
    assert_eq!(error_type, "Stream.Failure");
    assert_eq!(json(&second), json!({"second_response": 403}));

    // 3. An error without a type header is `Unhandled`; its body passes through untouched.
    let third = test.invoke("probe", json!({})).await;
    let InvokeResult::FunctionError {
        error_type,
        payload,
    } = &third.result
    else {
        panic!("{third:?}");
    };
    assert_eq!(error_type, "Unhandled");
    assert_eq!(&payload[..], b"not json at all");

    // 4. A streamed response that succeeds is buffered.
    let fourth = test.invoke("probe", json!({})).await;
    assert_eq!(fourth.payload().as_ref(), b"hello world");
    assert_eq!(
        fourth.init_duration, None,
        "one environment served all four"
    );
}
