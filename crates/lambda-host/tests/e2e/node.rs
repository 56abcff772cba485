//! Node.js handlers in each style, through gantry's Node.js bootstrap.

use lambda_host::{CodeSource, InvokeResult};
use serde_json::json;

use crate::support::{fixture, function, host, json, node_function};

#[tokio::test]
async fn async_commonjs_handler_gets_event_and_context() {
    let test = host().await;
    test.deploy(node_function("node-async")).await;
    let outcome = test.invoke("node-async", json!({"hello": "world"})).await;
    assert!(outcome.is_success(), "{}", outcome.explain());
    let body = json(&outcome);
    assert_eq!(body["event"], json!({"hello": "world"}));
    let context = &body["context"];
    assert_eq!(context["awsRequestId"], outcome.request_id.as_str());
    assert_eq!(context["functionName"], "node-async");
    assert_eq!(context["functionVersion"], "$LATEST");
    assert_eq!(context["memoryLimitInMB"], "128");
    assert_eq!(
        context["invokedFunctionArn"],
        "arn:aws:lambda:us-east-1:123456789012:function:node-async"
    );
    assert_eq!(context["logGroupName"], "/aws/lambda/node-async");
    assert!(
        context["logStreamName"]
            .as_str()
            .unwrap()
            .contains("/[$LATEST]")
    );
    assert_eq!(context["callbackWaitsForEmptyEventLoop"], true);
    let remaining = context["remainingTimeInMillis"].as_u64().unwrap();
    assert!(remaining > 0 && remaining <= 3000, "{remaining}");
}

#[tokio::test]
async fn es_module_with_mjs_extension_is_imported() {
    let test = host().await;
    test.deploy(function(
        "node-mjs",
        "nodejs20.x",
        "index.handler",
        CodeSource::Directory(fixture("node/mjs")),
    ))
    .await;
    let body = json(&test.invoke("node-mjs", json!({"n": 1})).await);
    assert_eq!(
        body,
        json!({"style": "esm-mjs", "event": {"n": 1}, "moduleType": "undefined"})
    );
}

#[tokio::test]
async fn js_file_in_a_type_module_package_is_esm_and_nested_handler_paths_resolve() {
    let test = host().await;
    test.deploy(function(
        "node-type-module",
        "nodejs20.x",
        "src/handlers/app.handlers.main",
        CodeSource::Directory(fixture("node/type-module")),
    ))
    .await;
    let body = json(&test.invoke("node-type-module", json!({"n": 2})).await);
    assert_eq!(
        body,
        json!({"style": "esm-type-module", "event": {"n": 2}, "moduleType": "undefined"})
    );
}

#[tokio::test]
async fn commonjs_with_cjs_extension_is_required() {
    let test = host().await;
    test.deploy(function(
        "node-cjs",
        "nodejs20.x",
        "other.handler",
        CodeSource::Directory(fixture("node/cjs")),
    ))
    .await;
    let body = json(&test.invoke("node-cjs", json!({"n": 3})).await);
    assert_eq!(body, json!({"style": "cjs", "event": {"n": 3}}));
}

#[tokio::test]
async fn inline_zip_file_code_is_written_as_index_js() {
    let test = host().await;
    let source = "exports.handler = async (event) => ({ inline: true, event });";
    test.deploy(function(
        "node-inline",
        "nodejs20.x",
        "index.handler",
        CodeSource::Inline(source.into()),
    ))
    .await;
    assert_eq!(
        json(&test.invoke("node-inline", json!(7)).await),
        json!({"inline": true, "event": 7})
    );
}

#[tokio::test]
async fn callback_handler_answers_after_the_event_loop_drains() {
    let test = host().await;
    test.deploy(function(
        "node-callback",
        "nodejs20.x",
        "index.handler",
        CodeSource::Directory(fixture("node/callback")),
    ))
    .await;
    let outcome = test
        .invoke("node-callback", json!({"waits": true, "timerMs": 50}))
        .await;
    assert_eq!(json(&outcome)["style"], "callback");
    let lines = test.request_lines(outcome.request_id.as_str());
    let timer = lines
        .iter()
        .position(|(_, line)| line.ends_with("\tINFO\ttimer fired"));
    let end = lines
        .iter()
        .position(|(_, line)| line.starts_with("END RequestId"));
    assert!(timer.is_some() && timer < end, "{lines:#?}");
}

#[tokio::test]
async fn callback_handler_can_answer_before_the_event_loop_drains() {
    let test = host().await;
    test.deploy(function(
        "node-callback-now",
        "nodejs20.x",
        "index.handler",
        CodeSource::Directory(fixture("node/callback")),
    ))
    .await;
    let outcome = test
        .invoke(
            "node-callback-now",
            json!({"waits": false, "timerMs": 2000}),
        )
        .await;
    assert_eq!(json(&outcome)["style"], "callback");
    assert!(
        !test
            .messages()
            .iter()
            .any(|line| line.ends_with("timer fired")),
        "the answer came before the 2 s timer"
    );
}

#[tokio::test]
async fn callback_error_and_legacy_context_succeed() {
    let test = host().await;
    let code = CodeSource::Directory(fixture("node/callback"));
    test.deploy(function(
        "node-cb-fail",
        "nodejs20.x",
        "index.handler",
        code.clone(),
    ))
    .await;
    test.deploy(function("node-legacy", "nodejs20.x", "index.legacy", code))
        .await;
    let failed = test
        .invoke(
            "node-cb-fail",
            json!({"waits": false, "timerMs": 1, "fail": true}),
        )
        .await;
    let InvokeResult::FunctionError { error_type, .. } = &failed.result else {
        panic!("{failed:?}");
    };
    assert_eq!(error_type, "Error");
    assert_eq!(json(&failed)["errorMessage"], "callback failure");
    assert_eq!(
        json(&test.invoke("node-legacy", json!({})).await),
        json!({"style": "context.succeed"})
    );
}

#[tokio::test]
async fn thrown_error_is_a_function_error_in_the_node_runtime_shape() {
    let test = host().await;
    test.deploy(node_function("node-throw")).await;
    let outcome = test
        .invoke(
            "node-throw",
            json!({"action": "throw", "message": "bad input"}),
        )
        .await;
    let InvokeResult::FunctionError { error_type, .. } = &outcome.result else {
        panic!("{outcome:?}");
    };
    assert_eq!(error_type, "TypeError");
    let body = json(&outcome);
    assert_eq!(body["errorType"], "TypeError");
    assert_eq!(body["errorMessage"], "bad input");
    let trace = body["trace"].as_array().unwrap();
    assert_eq!(trace[0], "TypeError: bad input");
    assert!(trace[1].as_str().unwrap().contains("index.js"), "{trace:?}");
    assert_eq!(outcome.explain(), "function error (TypeError): bad input");
}

#[tokio::test]
async fn uncaught_exception_fails_the_invocation_and_the_next_one_gets_a_fresh_process() {
    let test = host().await;
    test.deploy(function(
        "node-uncaught",
        "nodejs20.x",
        "index.uncaught",
        CodeSource::Directory(fixture("node/callback")),
    ))
    .await;
    let first = test.invoke("node-uncaught", json!({})).await;
    assert_eq!(json(&first)["errorType"], "RangeError");
    let second = test.invoke("node-uncaught", json!({})).await;
    assert_eq!(
        json(&second)["errorType"],
        "RangeError",
        "{}",
        second.explain()
    );
    assert!(
        second.init_duration.is_some(),
        "a new environment served the second invocation"
    );
}

/// Each broken handler fails initialisation with the error type AWS's client reports.
#[tokio::test]
async fn init_failures_have_lambdas_error_types() {
    let test = host().await;
    let broken = CodeSource::Directory(fixture("node/broken"));
    let cases = [
        (
            "missing.handler",
            "Runtime.ImportModuleError",
            "Cannot find module 'missing'",
        ),
        (
            "notfunction.handler",
            "Runtime.HandlerNotFound",
            "notfunction.handler is not a function",
        ),
        (
            "syntax.handler",
            "Runtime.UserCodeSyntaxError",
            "SyntaxError",
        ),
        ("syntax", "Runtime.MalformedHandlerName", "Bad handler"),
        (
            "../escape.handler",
            "Runtime.MalformedHandlerName",
            "not a valid handler name",
        ),
        ("initthrows.handler", "Error", "configuration missing"),
    ];
    for (index, (handler, expected_type, expected_message)) in cases.into_iter().enumerate() {
        let name = format!("node-broken-{index}");
        test.deploy(function(&name, "nodejs20.x", handler, broken.clone()))
            .await;
        let outcome = test.invoke(&name, json!({})).await;
        let InvokeResult::InitError { error_type, .. } = &outcome.result else {
            panic!("{handler}: {outcome:?}");
        };
        assert_eq!(error_type, expected_type, "{handler}");
        let message = json(&outcome)["errorMessage"].as_str().unwrap().to_owned();
        assert!(message.contains(expected_message), "{handler}: {message}");
        assert_eq!(json(&outcome)["errorType"], expected_type);
    }
    // The host is unaffected: a good function still runs.
    test.deploy(crate::support::node_function("node-after-broken"))
        .await;
    assert!(
        test.invoke("node-after-broken", json!({}))
            .await
            .is_success()
    );
    assert_eq!(test.host.running_processes(), 1);
}
