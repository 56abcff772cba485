//! The gateway's request pipeline in process, outcome by outcome and in AWS's order:
//! `select_api → select_stage → select_route → throttle → authorize → read_body →
//! integration → check_invoke_permission → build_event → invoke → map_response`.
//!
//! Stacks are built in code (`support::stack`), compiled with the real
//! `apigw::deployment::compile` and served by the real `Gateway::handle`; a scripted
//! in-process function (`support::function`) stands in for Lambda, so no Node.js and no
//! Lambda process run. JWT authorizers verify real RSA-signed tokens against a real
//! issuer on 127.0.0.1:0. Each test asserts the essential facts (status, AWS's body,
//! what the explanation says, whether the function ran) and snapshots the client's view
//! with the access log's explanation.

// Helpers panic on broken fixtures, like the tests that call them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod authorizer;
mod body_order;
mod capture;
mod cors;
mod domains;
mod http_proxy;
mod iam;
mod integration;
mod lambda_authorizer;
mod ordering;
mod payload_v1;
mod permission;
mod selection;
mod served;
mod stages;
mod unsupported;

/// AWS's bodies (Appendix A, `apigw::response`).
const NOT_FOUND: &str = r#"{"message":"Not Found"}"#;
const UNAUTHORIZED: &str = r#"{"message":"Unauthorized"}"#;
const FORBIDDEN: &str = r#"{"message":"Forbidden"}"#;
const INTERNAL_SERVER_ERROR: &str = r#"{"message":"Internal Server Error"}"#;
const SERVICE_UNAVAILABLE: &str = r#"{"message":"Service Unavailable"}"#;
const TOO_MANY_REQUESTS: &str = r#"{"message":"Too Many Requests"}"#;
