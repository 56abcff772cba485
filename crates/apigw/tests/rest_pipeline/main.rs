//! The REST API (v1) pipeline in process, outcome by outcome, against
//! `docs/aws-rest-api.md`: stacks built in code (`support::stack`), compiled with the
//! real `apigw::deployment::compile` and served by the real `Gateway::handle`; a scripted
//! in-process function stands in for Lambda. Each test asserts AWS's status, exact body
//! and headers, what the log line explains, and whether the function ran.

// Helpers panic on broken fixtures, like the tests that call them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod access;
mod capture;
mod compile;
mod features;
mod http_proxy;
mod lambda;
mod selection;

/// AWS's bodies (aws-rest-api.md Appendix A).
const FORBIDDEN: &str = r#"{"message":"Forbidden"}"#;
const MISSING_AUTHENTICATION_TOKEN: &str = r#"{"message":"Missing Authentication Token"}"#;
const INTERNAL_SERVER_ERROR: &str = r#"{"message": "Internal server error"}"#;
const ENDPOINT_TIMED_OUT: &str = r#"{"message": "Endpoint request timed out"}"#;
const TOO_MANY_REQUESTS: &str = r#"{"message":"Too Many Requests"}"#;
