//! The 1.0 response rules (§5.3, §5.4), one rule per test.

use http::header::{CONTENT_TYPE, SET_COOKIE};

use super::*;

fn mapped(payload: &str) -> IntegrationResponse {
    match map_response(payload.as_bytes()) {
        ResponseMapping::Mapped(response) => response,
        ResponseMapping::Malformed(problem) => panic!("expected a response, got: {problem}"),
    }
}

fn problem(payload: &str) -> MalformedResponse {
    match map_response(payload.as_bytes()) {
        ResponseMapping::Malformed(problem) => problem,
        ResponseMapping::Mapped(response) => panic!("expected malformed, got {response:?}"),
    }
}

fn values(response: &IntegrationResponse, name: &str) -> Vec<String> {
    response
        .headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

#[test]
fn status_headers_and_body_are_mapped() {
    let response = mapped(
        r#"{"statusCode": 201, "headers": {"Content-Type": "text/html", "x-one": "1"}, "body": "<p>hi</p>", "isBase64Encoded": false}"#,
    );
    assert_eq!(response.status, StatusCode::CREATED);
    assert_eq!(response.headers[CONTENT_TYPE], "text/html");
    assert_eq!(response.headers["x-one"], "1");
    assert_eq!(response.body, "<p>hi</p>");
}

#[test]
fn multi_value_headers_give_one_header_line_per_value() {
    let response = mapped(
        r#"{"statusCode": 200, "multiValueHeaders": {"Set-Cookie": ["a=1; Path=/", "b=2; Secure"], "x-multi": ["x", "y"]}}"#,
    );
    assert_eq!(
        values(&response, SET_COOKIE.as_str()),
        ["a=1; Path=/", "b=2; Secure"]
    );
    assert_eq!(values(&response, "x-multi"), ["x", "y"]);
}

#[test]
fn headers_merge_into_multi_value_headers_case_insensitively_without_repeating_a_pair() {
    let response = mapped(
        r#"{"statusCode": 200,
            "multiValueHeaders": {"X-Test": ["multi"], "Set-Cookie": ["a=1"], "x-same": ["v"]},
            "headers": {"x-test": "solo", "set-cookie": "b=2", "X-Same": "v"}}"#,
    );
    assert_eq!(
        values(&response, "x-test"),
        ["multi", "solo"],
        "multi first"
    );
    assert_eq!(values(&response, "set-cookie"), ["a=1", "b=2"]);
    assert_eq!(
        values(&response, "x-same"),
        ["v"],
        "a pair in both appears once"
    );
}

#[test]
fn missing_status_code_is_malformed_because_1_0_infers_nothing() {
    for payload in [r#"{"body": "hi"}"#, r#"{"statusCode": null, "body": "hi"}"#] {
        let bad = problem(payload);
        assert_eq!(bad.field, "statusCode", "{payload}");
        assert!(bad.expected.contains("integer HTTP status code"));
    }
    assert_eq!(problem(r#"{"body": "hi"}"#).found, "missing");
}

#[test]
fn output_that_is_not_an_object_is_malformed() {
    for payload in [r#""Hello from Lambda!""#, "[1,2]", "42", "null"] {
        let bad = problem(payload);
        assert_eq!(bad.field, "payload", "{payload}");
        assert!(bad.expected.contains("infers nothing"), "{payload}");
    }
}

#[test]
fn output_that_is_not_json_is_malformed() {
    let bad = problem("{statusCode: 200}");
    assert_eq!(bad.field, "payload");
    assert!(bad.found.starts_with("not JSON"));
}

#[test]
fn status_code_may_be_a_numeric_string_but_nothing_else() {
    assert_eq!(
        mapped(r#"{"statusCode": "202"}"#).status,
        StatusCode::ACCEPTED
    );
    for payload in [
        r#"{"statusCode": "two hundred"}"#,
        r#"{"statusCode": 200.5}"#,
        r#"{"statusCode": 99}"#,
        r#"{"statusCode": 600}"#,
        r#"{"statusCode": -1}"#,
        r#"{"statusCode": true}"#,
    ] {
        assert_eq!(problem(payload).field, "statusCode", "{payload}");
    }
}

#[test]
fn body_must_be_a_string() {
    let bad = problem(r#"{"statusCode": 200, "body": {"ok": true}}"#);
    assert_eq!(bad.field, "body");
    assert_eq!(bad.found, r#"{"ok":true}"#);
    assert_eq!(bad.expected, "a string");
}

#[test]
fn base64_body_is_decoded_and_bad_base64_is_malformed() {
    let response = mapped(r#"{"statusCode": 200, "body": "AAEC/v8=", "isBase64Encoded": true}"#);
    assert_eq!(response.body.as_ref(), [0, 1, 2, 254, 255]);
    let bad = problem(r#"{"statusCode": 200, "body": "***", "isBase64Encoded": true}"#);
    assert_eq!(bad.field, "body");
    assert!(bad.expected.contains("isBase64Encoded is true"));
    let bad = problem(r#"{"statusCode": 200, "body": "x", "isBase64Encoded": "yes"}"#);
    assert_eq!(bad.field, "isBase64Encoded");
}

#[test]
fn multi_value_header_that_is_not_a_list_is_malformed() {
    let bad = problem(r#"{"statusCode": 200, "multiValueHeaders": {"x-a": "1"}}"#);
    assert_eq!(bad.field, "multiValueHeaders.x-a");
    assert_eq!(bad.expected, "a list of strings");
    let bad = problem(r#"{"statusCode": 200, "multiValueHeaders": {"x-a": [{"v": 1}]}}"#);
    assert_eq!(bad.field, "multiValueHeaders.x-a[0]");
    let bad = problem(r#"{"statusCode": 200, "multiValueHeaders": ["x-a"]}"#);
    assert_eq!(bad.field, "multiValueHeaders");
}

#[test]
fn header_values_may_be_numbers_or_booleans_but_not_objects() {
    let response =
        mapped(r#"{"statusCode": 200, "headers": {"x-n": 3, "x-b": true, "x-null": null}}"#);
    assert_eq!(response.headers["x-n"], "3");
    assert_eq!(response.headers["x-b"], "true");
    assert!(response.headers.get("x-null").is_none());
    assert_eq!(
        problem(r#"{"statusCode": 200, "headers": {"x-o": {"a": 1}}}"#).field,
        "headers.x-o"
    );
    assert_eq!(
        problem(r#"{"statusCode": 200, "headers": {"bad name": "v"}}"#).expected,
        "a valid HTTP header name"
    );
}

#[test]
fn content_type_defaults_to_json_and_nothing_else_is_invented() {
    let response = mapped(r#"{"statusCode": 204}"#);
    assert_eq!(response.headers[CONTENT_TYPE], DEFAULT_CONTENT_TYPE);
    assert_eq!(response.headers.len(), 1);
    assert!(response.body.is_empty());
}

#[test]
fn cookies_and_unknown_keys_are_ignored() {
    let response = mapped(r#"{"statusCode": 200, "cookies": ["a=1"], "extra": 1, "body": "x"}"#);
    assert!(response.headers.get(SET_COOKIE).is_none());
    assert_eq!(response.body, "x");
}

#[test]
fn framing_headers_from_the_function_are_dropped() {
    let response = mapped(
        r#"{"statusCode": 200, "headers": {"content-length": "999"}, "multiValueHeaders": {"transfer-encoding": ["chunked"], "connection": ["close"]}, "body": "x"}"#,
    );
    for name in ["content-length", "transfer-encoding", "connection"] {
        assert!(response.headers.get(name).is_none(), "{name}");
    }
}

#[test]
fn the_explanation_names_the_field_and_what_aws_expects() {
    let bad = problem(r#"{"statusCode": 200, "body": 42}"#);
    assert_eq!(
        bad.to_string(),
        "the function's response body is 42; API Gateway expects a string, so it answers 500"
    );
}
