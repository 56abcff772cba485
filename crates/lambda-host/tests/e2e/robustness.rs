//! Bad input never takes the host down: each case is a clear error, and the next
//! invocation still works.

use std::os::unix::fs::PermissionsExt;

use bytes::Bytes;
use lambda_host::{DeployWarning, Error, HostConfig, InvokeOptions, InvokeResult, LambdaHost};
use serde_json::json;

use crate::support::{host, json, node_function};

#[tokio::test]
async fn payload_that_is_not_json_is_refused_and_the_function_keeps_working() {
    let test = host().await;
    test.deploy(node_function("strict")).await;
    let refused = test
        .host
        .invoke(
            "strict",
            Bytes::from_static(b"{\"unterminated\": "),
            InvokeOptions::default(),
        )
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::InvalidPayload { .. }), "{refused}");
    assert!(
        refused
            .to_string()
            .contains("could not parse request body into json")
    );
    assert!(test.invoke("strict", json!({})).await.is_success());
}

#[tokio::test]
async fn unknown_function_is_an_error() {
    let test = host().await;
    let err = test
        .host
        .invoke("nope", Bytes::from_static(b"{}"), InvokeOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "function nope is not deployed");
}

#[tokio::test]
async fn a_response_over_six_megabytes_is_rejected_and_the_environment_continues() {
    let test = host().await;
    test.deploy(node_function("big")).await;
    let outcome = test
        .invoke("big", json!({"action": "big", "bytes": 7_000_000}))
        .await;
    let InvokeResult::ResponseTooLarge { size, .. } = &outcome.result else {
        panic!("{outcome:?}");
    };
    assert_eq!(*size, 7_000_002, "the JSON string's quotes count");
    assert_eq!(
        json(&outcome),
        json!({
            "errorType": "Function.ResponseSizeTooLarge",
            "errorMessage": "Response payload size (7000002 bytes) exceeded maximum allowed payload size (6291556 bytes)."
        })
    );
    let next = test
        .invoke("big", json!({"action": "big", "bytes": 10}))
        .await;
    assert!(next.is_success());
    assert_eq!(
        next.init_duration, None,
        "the same environment served the next invocation"
    );
}

#[tokio::test]
async fn missing_interpreter_is_a_deploy_error_that_says_what_to_install() {
    let work = tempfile::tempdir().unwrap();
    let empty_path = work.path().join("empty-bin");
    std::fs::create_dir(&empty_path).unwrap();
    let host = LambdaHost::start(HostConfig::new(work.path().join("work"), &empty_path))
        .await
        .unwrap();
    let err = host.deploy(node_function("no-node")).await.unwrap_err();
    let message = err.to_string();
    assert!(
        matches!(err, Error::InterpreterNotFound { .. }),
        "{message}"
    );
    assert!(message.contains("install Node.js 20"), "{message}");
    let err = host
        .deploy(crate::support::python_function("no-python"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("install Python 3.11"), "{err}");
}

#[tokio::test]
async fn interpreter_of_another_major_version_is_a_warning() {
    let work = tempfile::tempdir().unwrap();
    let bin = work.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let fake_node = bin.join("node");
    std::fs::write(&fake_node, "#!/bin/sh\necho v99.1.0\n").unwrap();
    std::fs::set_permissions(&fake_node, std::fs::Permissions::from_mode(0o755)).unwrap();
    let host = LambdaHost::start(HostConfig::new(work.path().join("work"), &bin))
        .await
        .unwrap();
    let warnings = host.deploy(node_function("old-node")).await.unwrap();
    let [DeployWarning::InterpreterVersionMismatch { found, .. }] = warnings.as_slice() else {
        panic!("{warnings:?}");
    };
    assert_eq!(found, "99.1.0");
    assert!(
        warnings[0].to_string().contains("declares nodejs20.x"),
        "{}",
        warnings[0]
    );
}

#[tokio::test]
async fn reserved_environment_variables_are_refused_at_deploy() {
    let test = host().await;
    let mut config = node_function("reserved");
    config
        .environment
        .insert("AWS_REGION".into(), "mars-1".into());
    let err = test.host.deploy(config).await.unwrap_err();
    assert!(err.to_string().contains("AWS_REGION"), "{err}");
}

#[tokio::test]
async fn the_host_serves_through_the_object_safe_invoke_trait_with_caller_options() {
    use std::sync::Arc;

    use lambda_host::{Invoke, RequestId};

    let test = host().await;
    test.deploy(crate::support::python_function("via-trait"))
        .await;
    let host: Arc<dyn Invoke> = Arc::new(test.host);
    let request_id = RequestId::new("gateway-request-1").unwrap();
    let options = InvokeOptions::default()
        .with_request_id(request_id.clone())
        .with_trace_id(
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
        );
    let outcome = host
        .invoke(
            "via-trait",
            Bytes::from_static(b"{\"via\": \"trait\"}"),
            options,
        )
        .await
        .unwrap();
    assert_eq!(outcome.request_id, request_id);
    let body = json(&outcome);
    assert_eq!(body["context"]["aws_request_id"], "gateway-request-1");
    assert_eq!(body["event"], json!({"via": "trait"}));
}
