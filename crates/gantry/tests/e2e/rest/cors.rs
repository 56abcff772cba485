//! SAM `Cors` on a REST API (`fixtures/rest/cors`): the OPTIONS method SAM adds, a MOCK
//! integration, answers the preflight with the configured `Access-Control-Allow-*` headers
//! without invoking any function (aws-rest-api.md §6, aws-rest-api.md §8.1); a
//! `DEFAULT_4XX` gateway response adds its header to API Gateway's own 403
//! (aws-rest-api.md §7.2).

use reqwest::Method;

use super::{MISSING_AUTHENTICATION_TOKEN, Served};

#[test]
fn sam_cors_preflights_are_answered_by_the_mock_without_invoking_a_function() {
    let served = Served::start("cors");

    let reply = served.send(Method::OPTIONS, "/Prod/items", |r| {
        r.header("Origin", "https://app.example.com")
            .header("Access-Control-Request-Method", "GET")
    });
    assert_eq!(reply.status, 200, "{}\n{}", reply.text(), reply.log);
    for (name, value) in [
        ("access-control-allow-origin", "https://app.example.com"),
        ("access-control-allow-methods", "GET,POST"),
        ("access-control-allow-headers", "Content-Type,X-Custom"),
        ("access-control-max-age", "600"),
    ] {
        assert_eq!(
            reply.header(name),
            Some(value),
            "{name}: {:?}",
            reply.headers
        );
    }
    // SAM's response template, `{}` and a newline.
    assert_eq!(reply.text().trim_end(), "{}");
    // MOCK answers carry no X-Amzn-Trace-Id (aws-rest-api.md §8.1).
    assert_eq!(reply.header("x-amzn-trace-id"), None);
    assert!(
        served.invocations().is_empty(),
        "{:?}",
        served.invocations()
    );

    // The real method: the function answers (and no CORS header is added to it,
    // aws-rest-api.md §6).
    let reply = served.get("/Prod/items", &[("Origin", "https://app.example.com")]);
    assert_eq!(reply.status, 200, "{}", reply.log);
    assert_eq!(reply.header("access-control-allow-origin"), None);
    assert_eq!(served.invocations().len(), 1);
}

#[test]
fn a_default_4xx_gateway_response_adds_its_cors_header_to_a_403() {
    let served = Served::start("cors");
    let reply = served.get("/Prod/nope", &[("Origin", "https://app.example.com")]);
    reply.assert_error(
        403,
        MISSING_AUTHENTICATION_TOKEN,
        Some("MissingAuthenticationTokenException"),
    );
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://app.example.com"),
        "{:?}",
        reply.headers
    );
}
