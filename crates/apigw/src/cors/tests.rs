//! The CORS rules of §8, one behaviour per test.

use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE,
};
use http::{HeaderMap, HeaderValue, Method};
use store::model::CorsConfiguration;

use super::*;

fn policy(origins: &[&str]) -> CorsPolicy {
    CorsPolicy::new(&CorsConfiguration {
        allow_origins: origins.iter().map(|o| (*o).to_owned()).collect(),
        allow_methods: vec!["GET".to_owned(), "POST".to_owned()],
        allow_headers: vec!["Authorization".to_owned(), "Content-Type".to_owned()],
        expose_headers: vec!["x-request-id".to_owned()],
        max_age: Some(300),
        allow_credentials: None,
    })
}

fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    pairs
        .iter()
        .map(|(n, v)| {
            (
                http::HeaderName::from_bytes(n.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            )
        })
        .collect()
}

fn preflight_of(origin: &str, method: &str, request_headers: Option<&str>) -> Preflight<'static> {
    Preflight {
        origin: Box::leak(origin.to_owned().into_boxed_str()),
        method: Box::leak(method.to_owned().into_boxed_str()),
        headers: request_headers.map(|h| &*Box::leak(h.to_owned().into_boxed_str())),
    }
}

#[test]
fn a_preflight_needs_options_origin_and_request_method() {
    let full = headers(&[
        ("origin", "https://a.example"),
        ("access-control-request-method", "POST"),
    ]);
    assert!(preflight(&Method::OPTIONS, &full).is_some());
    assert!(preflight(&Method::GET, &full).is_none());
    let no_method = headers(&[("origin", "https://a.example")]);
    assert!(preflight(&Method::OPTIONS, &no_method).is_none());
    let no_origin = headers(&[("access-control-request-method", "POST")]);
    assert!(preflight(&Method::OPTIONS, &no_origin).is_none());
}

#[test]
fn an_exact_origin_is_echoed_and_others_are_refused() {
    let policy = policy(&["https://example.com"]);
    assert_eq!(
        policy.allow_origin("https://example.com").unwrap(),
        "https://example.com"
    );
    assert!(policy.allow_origin("https://evil.example").is_none());
    assert!(policy.allow_origin("http://example.com").is_none());
    assert!(policy.allow_origin("https://example.com.evil").is_none());
}

#[test]
fn origins_compare_case_insensitively() {
    let policy = policy(&["https://Example.com"]);
    assert_eq!(
        policy.allow_origin("https://EXAMPLE.com").unwrap(),
        "https://EXAMPLE.com"
    );
}

#[test]
fn star_allows_every_origin_and_is_sent_as_star() {
    let policy = policy(&["*"]);
    assert_eq!(
        policy.allow_origin("https://anything.example").unwrap(),
        "*"
    );
    assert_eq!(policy.allow_origin("null").unwrap(), "*");
}

#[test]
fn a_scheme_wildcard_allows_that_scheme_only() {
    let policy = policy(&["https://*"]);
    assert_eq!(
        policy.allow_origin("https://a.example").unwrap(),
        "https://a.example"
    );
    assert!(policy.allow_origin("http://a.example").is_none());
    assert!(policy.allow_origin("https://").is_none());
    let http = self::policy(&["http://*"]);
    assert!(http.allow_origin("http://localhost:3000").is_some());
    assert!(http.allow_origin("https://localhost:3000").is_none());
}

#[test]
fn an_allowed_preflight_gets_every_configured_header() {
    let answer = policy(&["https://example.com"]).answer(&preflight_of(
        "https://example.com",
        "POST",
        Some("content-type, authorization"),
    ));
    let PreflightAnswer::Allowed(headers) = answer else {
        panic!("refused: {answer:?}");
    };
    assert_eq!(headers[ACCESS_CONTROL_ALLOW_ORIGIN], "https://example.com");
    assert_eq!(headers[ACCESS_CONTROL_ALLOW_METHODS], "GET,POST");
    assert_eq!(
        headers[ACCESS_CONTROL_ALLOW_HEADERS],
        "Authorization,Content-Type"
    );
    assert_eq!(headers[ACCESS_CONTROL_MAX_AGE], "300");
    assert!(headers.get(ACCESS_CONTROL_ALLOW_CREDENTIALS).is_none());
    assert!(headers.get(ACCESS_CONTROL_EXPOSE_HEADERS).is_none());
}

#[test]
fn methods_and_headers_match_case_insensitively() {
    let answer = policy(&["*"]).answer(&preflight_of("https://a", "post", Some("AUTHORIZATION")));
    assert!(matches!(answer, PreflightAnswer::Allowed(_)), "{answer:?}");
}

#[test]
fn a_method_not_allowed_refuses_the_preflight_and_says_which() {
    let answer = policy(&["*"]).answer(&preflight_of("https://a", "DELETE", None));
    let PreflightAnswer::Refused(why) = answer else {
        panic!("allowed");
    };
    assert!(
        why.contains("DELETE") && why.contains("AllowMethods"),
        "{why}"
    );
}

#[test]
fn a_header_not_allowed_refuses_the_preflight_and_says_which() {
    let answer = policy(&["*"]).answer(&preflight_of("https://a", "GET", Some("x-custom")));
    let PreflightAnswer::Refused(why) = answer else {
        panic!("allowed");
    };
    assert!(
        why.contains("x-custom") && why.contains("AllowHeaders"),
        "{why}"
    );
}

#[test]
fn a_disallowed_origin_refuses_the_preflight_naming_allow_origins() {
    let answer =
        policy(&["https://example.com"]).answer(&preflight_of("https://evil", "GET", None));
    let PreflightAnswer::Refused(why) = answer else {
        panic!("allowed");
    };
    assert!(
        why.contains("https://evil") && why.contains("https://example.com"),
        "{why}"
    );
}

#[test]
fn star_methods_and_headers_echo_what_was_asked() {
    let policy = CorsPolicy::new(&CorsConfiguration {
        allow_origins: vec!["*".to_owned()],
        allow_methods: vec!["*".to_owned()],
        allow_headers: vec!["*".to_owned()],
        ..CorsConfiguration::default()
    });
    let PreflightAnswer::Allowed(headers) =
        policy.answer(&preflight_of("https://a", "PATCH", Some("x-one,x-two")))
    else {
        panic!("refused");
    };
    assert_eq!(headers[ACCESS_CONTROL_ALLOW_METHODS], "PATCH");
    assert_eq!(headers[ACCESS_CONTROL_ALLOW_HEADERS], "x-one,x-two");
    assert!(headers.get(ACCESS_CONTROL_MAX_AGE).is_none());
}

#[test]
fn credentials_are_announced_when_allowed() {
    let policy = CorsPolicy::new(&CorsConfiguration {
        allow_origins: vec!["https://example.com".to_owned()],
        allow_methods: vec!["GET".to_owned()],
        allow_credentials: Some(true),
        ..CorsConfiguration::default()
    });
    let PreflightAnswer::Allowed(headers) =
        policy.answer(&preflight_of("https://example.com", "GET", None))
    else {
        panic!("refused");
    };
    assert_eq!(headers[ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
    let mut response = HeaderMap::new();
    policy.decorate(Some("https://example.com"), &mut response);
    assert_eq!(response[ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
}

#[test]
fn decorate_replaces_the_integrations_cors_headers() {
    let mut response = headers(&[
        ("access-control-allow-origin", "*"),
        ("access-control-allow-methods", "DELETE"),
        ("access-control-expose-headers", "x-secret"),
        ("content-type", "application/json"),
    ]);
    let outcome =
        policy(&["https://example.com"]).decorate(Some("https://example.com"), &mut response);
    assert_eq!(outcome, Decorated::Allowed);
    assert_eq!(response[ACCESS_CONTROL_ALLOW_ORIGIN], "https://example.com");
    assert_eq!(response[ACCESS_CONTROL_EXPOSE_HEADERS], "x-request-id");
    assert!(response.get(ACCESS_CONTROL_ALLOW_METHODS).is_none());
    assert_eq!(response["content-type"], "application/json");
}

#[test]
fn decorate_sends_nothing_for_a_refused_origin_or_none() {
    let policy = policy(&["https://example.com"]);
    let mut response = headers(&[("access-control-allow-origin", "*")]);
    let outcome = policy.decorate(Some("https://evil.example"), &mut response);
    assert!(matches!(outcome, Decorated::OriginRefused(_)));
    assert!(response.is_empty(), "{response:?}");
    let mut response = headers(&[("access-control-allow-origin", "*")]);
    assert_eq!(policy.decorate(None, &mut response), Decorated::NoOrigin);
    assert!(response.is_empty(), "{response:?}");
}
