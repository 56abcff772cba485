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

#[test]
fn full_form_maps_status_headers_cookies_and_body() {
    let response = mapped(
        r#"{"statusCode": 201, "headers": {"Content-Type": "text/html", "x-multi": "a,b"},
            "cookies": ["a=1; Path=/", "b=2"], "body": "<p>hi</p>", "isBase64Encoded": false}"#,
    );
    assert_eq!(response.status, StatusCode::CREATED);
    assert_eq!(response.headers[CONTENT_TYPE], "text/html");
    assert_eq!(response.headers["x-multi"], "a,b");
    let cookies: Vec<_> = response.headers.get_all(SET_COOKIE).iter().collect();
    assert_eq!(cookies, ["a=1; Path=/", "b=2"]);
    assert_eq!(response.body, "<p>hi</p>");
}

#[test]
fn multi_value_headers_and_unknown_keys_are_ignored() {
    let response =
        mapped(r#"{"statusCode": 200, "multiValueHeaders": {"x-a": ["1", "2"]}, "extra": 1}"#);
    assert!(response.headers.get("x-a").is_none());
}

#[test]
fn base64_body_is_decoded_to_bytes() {
    let response = mapped(r#"{"statusCode": 200, "body": "AAEC/v8=", "isBase64Encoded": true}"#);
    assert_eq!(response.body.as_ref(), [0, 1, 2, 254, 255]);
}

#[test]
fn full_form_without_content_type_gets_the_default() {
    let response = mapped(r#"{"statusCode": 204}"#);
    assert_eq!(response.headers[CONTENT_TYPE], DEFAULT_CONTENT_TYPE);
    assert!(response.body.is_empty());
}

#[test]
fn framing_headers_from_the_function_are_dropped() {
    let response = mapped(
        r#"{"statusCode": 200, "headers": {"content-length": "999", "transfer-encoding": "chunked"}, "body": "x"}"#,
    );
    assert!(response.headers.get("content-length").is_none());
    assert!(response.headers.get("transfer-encoding").is_none());
}

#[test]
fn json_without_status_code_is_a_200_json_body() {
    let object = r#"{"message": "Hello", "body": "not used"}"#;
    let response = mapped(object);
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.headers[CONTENT_TYPE], "application/json");
    assert_eq!(response.body, object);
    assert_eq!(mapped("[1, 2]").body, "[1, 2]");
    assert_eq!(mapped("42").body, "42");
}

#[test]
fn json_string_without_status_code_becomes_its_contents() {
    assert_eq!(mapped(r#""Hello from Lambda!""#).body, "Hello from Lambda!");
}

#[test]
fn non_string_body_is_malformed() {
    let problem = problem(r#"{"statusCode": 200, "body": {"a": 1}}"#);
    assert_eq!(problem.field, "body");
    assert_eq!(problem.expected, "a string");
    assert_eq!(
        problem.to_string(),
        "the function's response body is {\"a\":1}; API Gateway expects a string, so it answers 500"
    );
}

#[test]
fn bad_status_codes_are_malformed() {
    for status in ["\"200\"", "200.5", "99", "600", "-1", "null", "true"] {
        let problem = problem(&format!(r#"{{"statusCode": {status}}}"#));
        assert_eq!(problem.field, "statusCode", "{status}");
    }
}

#[test]
fn headers_that_are_not_an_object_of_strings_are_malformed() {
    assert_eq!(
        problem(r#"{"statusCode": 200, "headers": ["a"]}"#).field,
        "headers"
    );
    assert_eq!(
        problem(r#"{"statusCode": 200, "headers": {"x-a": {"b": 1}}}"#).field,
        "headers.x-a"
    );
    assert_eq!(
        problem(r#"{"statusCode": 200, "headers": {"bad name": "v"}}"#).field,
        "headers.bad name"
    );
    assert_eq!(
        problem(r#"{"statusCode": 200, "headers": {"x": "a\nb"}}"#).field,
        "headers.x"
    );
    let numbers = mapped(r#"{"statusCode": 200, "headers": {"x-n": 5, "x-b": true}}"#);
    assert_eq!(numbers.headers["x-n"], "5");
    assert_eq!(numbers.headers["x-b"], "true");
}

#[test]
fn cookies_must_be_a_list_of_strings() {
    assert_eq!(
        problem(r#"{"statusCode": 200, "cookies": "a=1"}"#).field,
        "cookies"
    );
    assert_eq!(
        problem(r#"{"statusCode": 200, "cookies": ["a=1", 2]}"#).field,
        "cookies[1]"
    );
}

#[test]
fn invalid_base64_and_non_boolean_flag_are_malformed() {
    let problem_b64 = problem(r#"{"statusCode": 200, "body": "%%%", "isBase64Encoded": true}"#);
    assert_eq!(problem_b64.field, "body");
    assert!(
        problem_b64.found.starts_with("not valid base64"),
        "{}",
        problem_b64.found
    );
    assert_eq!(
        problem(r#"{"statusCode": 200, "isBase64Encoded": "true"}"#).field,
        "isBase64Encoded"
    );
}

#[test]
fn output_that_is_not_json_is_malformed() {
    let not_json = problem("Hello, not JSON");
    assert_eq!(not_json.field, "payload");
    assert!(
        not_json.found.contains("Hello, not JSON"),
        "{}",
        not_json.found
    );
    assert_eq!(problem("").field, "payload");
}

#[test]
fn long_values_are_shortened_in_explanations() {
    let long = "x".repeat(500);
    let problem = problem(&format!(r#"{{"statusCode": 200, "body": ["{long}"]}}"#));
    assert!(
        problem.found.chars().count() <= 81,
        "{}",
        problem.found.len()
    );
}
