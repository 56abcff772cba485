use http::{Method, StatusCode};

use super::*;
use crate::rest::error::ErrorBody;
use crate::rest::error::INTERNAL_SERVER_ERROR_BODY;
use crate::rest::test_request::{context, headers, integration_response, method, mock, request};

/// SAM's CORS preflight method (`api_with_cors` golden output).
fn sam_preflight() -> store::model::apigateway::Method {
    method(
        "OPTIONS",
        Some(mock(
            &[("application/json", "{\n  \"statusCode\" : 200\n}\n")],
            vec![integration_response(
                "200",
                None,
                &[
                    (
                        "method.response.header.Access-Control-Allow-Credentials",
                        "'true'",
                    ),
                    (
                        "method.response.header.Access-Control-Allow-Headers",
                        "'Content-Type,X-Api-Key'",
                    ),
                    (
                        "method.response.header.Access-Control-Allow-Methods",
                        "'GET,OPTIONS,POST'",
                    ),
                    (
                        "method.response.header.Access-Control-Allow-Origin",
                        "'https://example.com'",
                    ),
                ],
                &[("application/json", "{}\n")],
            )],
        )),
    )
}

fn header<'r>(response: &'r Response<Bytes>, name: &str) -> Option<&'r str> {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().expect("text"))
}

#[test]
fn sams_cors_preflight_answers_200_with_its_headers_and_template() {
    let sent = headers(&[
        ("origin", "https://example.com"),
        ("access-control-request-method", "POST"),
    ]);
    let response = mock_response(
        &sam_preflight(),
        &request(&Method::OPTIONS, &sent, "", b""),
        &context(&[], &[]),
    )
    .expect("mock");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header(&response, "access-control-allow-origin"),
        Some("https://example.com")
    );
    assert_eq!(
        header(&response, "access-control-allow-methods"),
        Some("GET,OPTIONS,POST")
    );
    assert_eq!(
        header(&response, "access-control-allow-headers"),
        Some("Content-Type,X-Api-Key")
    );
    assert_eq!(
        header(&response, "access-control-allow-credentials"),
        Some("true")
    );
    assert_eq!(header(&response, "content-type"), Some("application/json"));
    assert_eq!(response.body(), &Bytes::from_static(b"{}\n"));
    assert!(response.headers().get("x-amzn-trace-id").is_none());
}

#[test]
fn cdks_unquoted_template_selects_by_status_pattern() {
    let integration = mock(
        &[("application/json", "{ statusCode: 404 }")],
        vec![
            integration_response("200", None, &[], &[("application/json", "{\"ok\":true}")]),
            integration_response(
                "404",
                Some("4\\d{2}"),
                &[],
                &[("application/json", "{\"ok\":false}")],
            ),
        ],
    );
    let sent = headers(&[]);
    let response = mock_response(
        &method("GET", Some(integration)),
        &request(&Method::GET, &sent, "", b""),
        &context(&[], &[]),
    )
    .expect("mock");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.body(), &Bytes::from_static(b"{\"ok\":false}"));
}

#[test]
fn the_response_template_follows_the_first_accept_type_then_json() {
    let integration = mock(
        &[("application/json", "{\"statusCode\": 200}")],
        vec![integration_response(
            "200",
            None,
            &[],
            &[("application/json", "{}"), ("text/html", "<p>hi</p>")],
        )],
    );
    let method = method("GET", Some(integration));
    let html = headers(&[("accept", "text/html,application/json")]);
    let response = mock_response(
        &method,
        &request(&Method::GET, &html, "", b""),
        &context(&[], &[]),
    )
    .expect("mock");
    assert_eq!(response.body(), &Bytes::from_static(b"<p>hi</p>"));
    assert_eq!(header(&response, "content-type"), Some("text/html"));
    let other = headers(&[("accept", "image/png")]);
    let response = mock_response(
        &method,
        &request(&Method::GET, &other, "", b""),
        &context(&[], &[]),
    )
    .expect("mock");
    assert_eq!(response.body(), &Bytes::from_static(b"{}"));
}

#[test]
fn no_matching_integration_response_and_no_default_is_a_500() {
    let integration = mock(
        &[("application/json", "{\"statusCode\": 500}")],
        vec![integration_response("200", Some("2\\d{2}"), &[], &[])],
    );
    let sent = headers(&[]);
    let error = mock_response(
        &method("GET", Some(integration)),
        &request(&Method::GET, &sent, "", b""),
        &context(&[], &[]),
    )
    .expect_err("no response");
    assert_eq!(error.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(error.body, ErrorBody::Raw(INTERNAL_SERVER_ERROR_BODY));
    assert!(
        error.explanation.contains("no default"),
        "{}",
        error.explanation
    );
}

#[test]
fn velocity_templates_are_refused_not_evaluated() {
    let integration = mock(
        &[(
            "application/json",
            "{\"statusCode\": $input.params('code')}",
        )],
        vec![integration_response("200", None, &[], &[])],
    );
    let sent = headers(&[]);
    let error = mock_response(
        &method("GET", Some(integration)),
        &request(&Method::GET, &sent, "", b""),
        &context(&[], &[]),
    )
    .expect_err("velocity");
    assert_eq!(error.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        error.explanation.contains("Velocity"),
        "{}",
        error.explanation
    );
}

#[test]
fn a_method_without_a_mock_integration_is_refused() {
    let sent = headers(&[]);
    let error = mock_response(
        &method("GET", None),
        &request(&Method::GET, &sent, "", b""),
        &context(&[], &[]),
    )
    .expect_err("not mock");
    assert!(error.explanation.contains("no MOCK integration"));
}

#[test]
fn a_content_type_without_template_is_415_when_passthrough_is_never() {
    let mut integration = mock(
        &[("application/json", "{\"statusCode\": 200}")],
        vec![integration_response("200", None, &[], &[])],
    );
    let sent = headers(&[("content-type", "text/plain")]);
    let call = |integration: &store::model::apigateway::MethodIntegration| {
        mock_response(
            &method("POST", Some(integration.clone())),
            &request(&Method::POST, &sent, "", b"{\"statusCode\": 200}"),
            &context(&[], &[]),
        )
    };
    // WHEN_NO_MATCH (the default) passes the body through.
    assert_eq!(call(&integration).expect("passed").status(), StatusCode::OK);
    for behavior in ["NEVER", "when_no_templates"] {
        integration.passthrough_behavior = Some(behavior.to_owned());
        let error = call(&integration).expect_err("refused");
        assert_eq!(
            error.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{behavior}"
        );
        assert_eq!(
            error.body,
            ErrorBody::Message("Unsupported Media Type".into())
        );
        assert!(
            error.explanation.contains("text/plain"),
            "{}",
            error.explanation
        );
    }
}
