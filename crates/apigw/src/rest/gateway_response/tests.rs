use std::collections::BTreeMap;

use http::{HeaderMap, HeaderValue, StatusCode};

use super::*;

fn custom(
    kind: &str,
    status: Option<&str>,
    parameters: &[(&str, &str)],
    templates: &[(&str, &str)],
) -> GatewayResponse {
    GatewayResponse {
        rest_api_id: "api".into(),
        response_type: kind.into(),
        status_code: status.map(str::to_owned),
        response_parameters: parameters
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<BTreeMap<_, _>>(),
        response_templates: templates
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<BTreeMap<_, _>>(),
    }
}

fn context() -> ErrorContext<'static> {
    ErrorContext {
        request_id: "e56434a3-0b5d-453c-9183-f07a5e91fbb3",
        extended_request_id: "ZhFduHZrDoEEORQ=",
        ..ErrorContext::default()
    }
}

fn text(response: &Response<Bytes>) -> &str {
    std::str::from_utf8(response.body()).expect("utf-8")
}

fn header<'r>(response: &'r Response<Bytes>, name: &str) -> Option<&'r str> {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().expect("text"))
}

#[test]
fn defaults_are_appendix_a_bytes_with_the_request_ids_and_error_type() {
    let none = GatewayResponses::compile(&[]);
    let mat = none.render(
        &RestError::missing_authentication_token("no route"),
        &context(),
    );
    assert_eq!(mat.status(), StatusCode::FORBIDDEN);
    assert_eq!(text(&mat), r#"{"message":"Missing Authentication Token"}"#);
    assert_eq!(text(&mat).len(), 42);
    assert_eq!(
        header(&mat, "x-amzn-RequestId"),
        Some("e56434a3-0b5d-453c-9183-f07a5e91fbb3")
    );
    assert_eq!(header(&mat, "x-amz-apigw-id"), Some("ZhFduHZrDoEEORQ="));
    assert_eq!(
        header(&mat, "x-amzn-ErrorType"),
        Some("MissingAuthenticationTokenException")
    );
    assert_eq!(header(&mat, "content-type"), Some("application/json"));

    let unauthorized = none.render(&RestError::unauthorized("no token"), &context());
    assert_eq!(text(&unauthorized).len(), 26);
    let deny = none.render(&RestError::explicit_deny("deny"), &context());
    assert_eq!(text(&deny).len(), 82);
    assert_eq!(
        text(&none.render(&RestError::implicit_deny("no allow"), &context())).len(),
        60
    );
    assert_eq!(
        text(&none.render(&RestError::authorizer_configuration("threw"), &context())),
        r#"{"message":null}"#
    );
    let bad_gateway = none.render(&RestError::bad_gateway("malformed"), &context());
    assert_eq!(
        text(&bad_gateway),
        r#"{"message": "Internal server error"}"#
    );
    assert_eq!(header(&bad_gateway, "x-amzn-ErrorType"), None);
}

#[test]
fn the_own_type_beats_the_class_default_which_beats_aws_default() {
    let responses = GatewayResponses::compile(&[
        custom(
            "DEFAULT_4XX",
            Some("418"),
            &[("gatewayresponse.header.Access-Control-Allow-Origin", "'*'")],
            &[],
        ),
        custom(
            "UNAUTHORIZED",
            None,
            &[],
            &[(
                "application/json",
                r#"{"error":$context.error.messageString}"#,
            )],
        ),
    ]);
    let unauthorized = responses.render(&RestError::unauthorized("no token"), &context());
    // UNAUTHORIZED's own response sets no status: UNAUTHORIZED's default applies.
    assert_eq!(unauthorized.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(text(&unauthorized), r#"{"error":"Unauthorized"}"#);
    assert_eq!(header(&unauthorized, "access-control-allow-origin"), None);

    let forbidden = responses.render(
        &RestError::missing_authentication_token("no route"),
        &context(),
    );
    assert_eq!(forbidden.status(), StatusCode::IM_A_TEAPOT);
    assert_eq!(header(&forbidden, "access-control-allow-origin"), Some("*"));
    assert_eq!(
        text(&forbidden),
        r#"{"message":"Missing Authentication Token"}"#
    );

    let server = responses.render(&RestError::bad_gateway("malformed"), &context());
    assert_eq!(server.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(header(&server, "access-control-allow-origin"), None);
}

#[test]
fn a_default_5xx_applies_to_server_errors_with_their_own_status() {
    let responses = GatewayResponses::compile(&[custom(
        "DEFAULT_5XX",
        None,
        &[(
            "gatewayresponse.header.Access-Control-Allow-Origin",
            "'https://example.com'",
        )],
        &[],
    )]);
    let timeout = responses.render(&RestError::integration_timeout("slow"), &context());
    assert_eq!(timeout.status(), StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(
        header(&timeout, "access-control-allow-origin"),
        Some("https://example.com")
    );
    assert_eq!(
        text(&timeout),
        r#"{"message": "Endpoint request timed out"}"#
    );
}

#[test]
fn parameters_come_from_literals_and_the_method_request() {
    let mut request_headers = HeaderMap::new();
    request_headers.insert("origin", HeaderValue::from_static("https://app.example"));
    let path = [("id".to_owned(), "42".to_owned())];
    let variables = [("env".to_owned(), "dev".to_owned())];
    let values = [("stage", "prod")];
    let context = ErrorContext {
        headers: Some(&request_headers),
        raw_query: "q=a+b&q=last",
        path_parameters: &path,
        stage_variables: &variables,
        context_values: &values,
        ..context()
    };
    let responses = GatewayResponses::compile(&[custom(
        "ACCESS_DENIED",
        Some("401"),
        &[
            (
                "gatewayresponse.header.Origin-Was",
                "method.request.header.Origin",
            ),
            ("gatewayresponse.header.Q", "method.request.querystring.q"),
            ("gatewayresponse.header.Id", "method.request.path.id"),
            (
                "gatewayresponse.header.Missing",
                "method.request.header.absent",
            ),
        ],
        &[(
            "application/json",
            r#"{"m":"$context.error.message","t":"$context.error.responseType","r":"$context.requestId","s":"$stageVariables.env","st":"${context.stage}","o":"$method.request.header.origin","x":"$input.body"}"#,
        )],
    )]);
    let denied = responses.render(&RestError::explicit_deny("deny"), &context);
    assert_eq!(denied.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(&denied, "origin-was"), Some("https://app.example"));
    assert_eq!(header(&denied, "q"), Some("last"));
    assert_eq!(header(&denied, "id"), Some("42"));
    assert_eq!(header(&denied, "missing"), None);
    assert_eq!(
        text(&denied),
        r#"{"m":"User is not authorized to access this resource with an explicit deny","t":"ACCESS_DENIED","r":"e56434a3-0b5d-453c-9183-f07a5e91fbb3","s":"dev","st":"prod","o":"https://app.example","x":"$input.body"}"#
    );
}

#[test]
fn the_message_string_of_a_null_message_is_null() {
    let responses = GatewayResponses::compile(&[custom(
        "AUTHORIZER_CONFIGURATION_ERROR",
        None,
        &[],
        &[(
            "application/json",
            "{\"message\":$context.error.messageString}",
        )],
    )]);
    let response = responses.render(&RestError::authorizer_configuration("threw"), &context());
    assert_eq!(text(&response), r#"{"message":null}"#);
}

#[test]
fn request_too_large_is_not_customisable() {
    let responses =
        GatewayResponses::compile(&[custom("REQUEST_TOO_LARGE", Some("400"), &[], &[])]);
    let response = responses.render(&RestError::request_too_large("11 MB"), &context());
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[test]
fn what_cannot_be_honoured_is_listed_with_the_property() {
    let responses = GatewayResponses::compile(&[
        custom("NOT_A_TYPE", None, &[], &[]),
        custom(
            "DEFAULT_4XX",
            Some("abc"),
            &[("gatewayresponse.header.X", "context.requestId")],
            &[],
        ),
    ]);
    let problems = responses.problems().join("\n");
    assert!(problems.contains("ResponseType `NOT_A_TYPE`"), "{problems}");
    assert!(problems.contains("StatusCode `abc`"), "{problems}");
    assert!(
        problems.contains("`gatewayresponse.header.X`"),
        "{problems}"
    );
}
