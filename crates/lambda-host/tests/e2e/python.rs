//! Python handlers through gantry's Python bootstrap.

use lambda_host::{CodeSource, InvokeResult};
use serde_json::json;

use crate::support::{fixture, function, host, json, python_function};

#[tokio::test]
async fn handler_in_a_package_gets_event_and_context() {
    let test = host().await;
    test.deploy(python_function("py-echo")).await;
    let outcome = test.invoke("py-echo", json!({"hello": ["world"]})).await;
    assert!(outcome.is_success(), "{}", outcome.explain());
    let body = json(&outcome);
    assert_eq!(body["event"], json!({"hello": ["world"]}));
    let context = &body["context"];
    assert_eq!(context["aws_request_id"], outcome.request_id.as_str());
    assert_eq!(context["function_name"], "py-echo");
    assert_eq!(context["function_version"], "$LATEST");
    assert_eq!(context["memory_limit_in_mb"], "128");
    assert_eq!(context["log_group_name"], "/aws/lambda/py-echo");
    assert!(
        context["invoked_function_arn"]
            .as_str()
            .unwrap()
            .ends_with(":function:py-echo")
    );
    let remaining = context["remaining_time_in_millis"].as_u64().unwrap();
    assert!(remaining > 0 && remaining <= 3000, "{remaining}");
}

#[tokio::test]
async fn dotted_module_path_works_like_the_slash_form() {
    let test = host().await;
    test.deploy(function(
        "py-dotted",
        "python3.11",
        "pkg.handlers.handler",
        CodeSource::Directory(fixture("python")),
    ))
    .await;
    assert!(test.invoke("py-dotted", json!({})).await.is_success());
}

#[tokio::test]
async fn raised_exception_is_reported_in_the_python_runtime_shape() {
    let test = host().await;
    test.deploy(python_function("py-raise")).await;
    let outcome = test
        .invoke(
            "py-raise",
            json!({"action": "raise", "message": "no such order"}),
        )
        .await;
    let InvokeResult::FunctionError { error_type, .. } = &outcome.result else {
        panic!("{outcome:?}");
    };
    // Like awslambdaric, no error-type header on invocation errors.
    assert_eq!(error_type, "Unhandled");
    let body = json(&outcome);
    assert_eq!(body["errorType"], "ValueError");
    assert_eq!(body["errorMessage"], "no such order");
    assert_eq!(body["requestId"], outcome.request_id.as_str());
    let stack = body["stackTrace"].as_array().unwrap();
    assert!(
        stack
            .iter()
            .any(|frame| frame.as_str().unwrap().contains("handlers.py")),
        "{stack:?}"
    );
    assert!(
        !stack
            .iter()
            .any(|frame| frame.as_str().unwrap().contains("bootstrap.py")),
        "bootstrap frames are hidden: {stack:?}"
    );
}

#[tokio::test]
async fn unserialisable_result_is_a_marshal_error() {
    let test = host().await;
    test.deploy(python_function("py-marshal")).await;
    let outcome = test
        .invoke("py-marshal", json!({"action": "unserialisable"}))
        .await;
    assert_eq!(json(&outcome)["errorType"], "Runtime.MarshalError");
}

#[tokio::test]
async fn inline_zip_file_code_is_written_as_index_py() {
    let test = host().await;
    let source = "def handler(event, context):\n    return {'inline': event}\n";
    test.deploy(function(
        "py-inline",
        "python3.11",
        "index.handler",
        CodeSource::Inline(source.into()),
    ))
    .await;
    assert_eq!(
        json(&test.invoke("py-inline", json!(5)).await),
        json!({"inline": 5})
    );
}

#[tokio::test]
async fn init_failures_have_lambdas_error_types() {
    let test = host().await;
    let code = CodeSource::Directory(fixture("python"));
    let cases = [
        (
            "missing.handler",
            "Runtime.ImportModuleError",
            "Unable to import module 'missing'",
        ),
        (
            "pkg/handlers.nope",
            "Runtime.HandlerNotFound",
            "Handler 'nope' missing on module 'pkg/handlers'",
        ),
        (
            "broken_syntax.handler",
            "Runtime.UserCodeSyntaxError",
            "Syntax error in module 'broken_syntax'",
        ),
        (
            "handler",
            "Runtime.MalformedHandlerName",
            "Bad handler 'handler'",
        ),
        (
            "sys.handler",
            "Runtime.BuiltInModuleConflict",
            "built-in module sys",
        ),
    ];
    for (index, (handler, expected_type, expected_message)) in cases.into_iter().enumerate() {
        let name = format!("py-broken-{index}");
        test.deploy(function(&name, "python3.11", handler, code.clone()))
            .await;
        let outcome = test.invoke(&name, json!({})).await;
        let InvokeResult::InitError { error_type, .. } = &outcome.result else {
            panic!("{handler}: {outcome:?}");
        };
        assert_eq!(error_type, expected_type, "{handler}");
        let body = json(&outcome);
        assert!(
            body["errorMessage"]
                .as_str()
                .unwrap()
                .contains(expected_message),
            "{handler}: {body}"
        );
        assert_eq!(body["requestId"], "");
    }
}

#[tokio::test]
async fn a_handler_that_is_not_callable_fails_each_invocation_clearly() {
    let test = host().await;
    test.deploy(function(
        "py-not-callable",
        "python3.11",
        "pkg/handlers.not_callable",
        CodeSource::Directory(fixture("python")),
    ))
    .await;
    let outcome = test.invoke("py-not-callable", json!({})).await;
    let body = json(&outcome);
    assert_eq!(body["errorType"], "TypeError");
    assert!(
        body["errorMessage"]
            .as_str()
            .unwrap()
            .contains("not callable"),
        "{body}"
    );
}
