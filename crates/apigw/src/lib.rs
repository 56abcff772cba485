//! The data plane of API Gateway HTTP APIs: the pieces the request pipeline calls, in
//! order, to serve a deployed API with AWS's behaviour and to explain its refusals.
//!
//! - [`stage`] and [`route`]: which stage and route a request reaches (404 otherwise);
//! - [`jwt`]: the JWT authorizer (token extraction, OIDC discovery and JWKS, signature
//!   and claim checks, route scopes) deciding `Allow` or `Deny` (401/403);
//! - [`permission`]: may API Gateway invoke the function (resource policy or integration
//!   role), as IAM would decide it (500 otherwise).
//!
//! It deliberately does not serve HTTP, run the pipeline, invoke functions, read
//! CloudFormation or keep deployment state: callers hand it plain values. Fidelity notes
//! cite `reference/aws-http-api.md` sections (§n); choices where AWS is undocumented are
//! marked `Unconfirmed:` or `Deviation from AWS:` in the code.

pub mod jwt;
pub mod permission;
pub mod route;
pub mod stage;

/// A failure of gantry itself (not a refusal of a request, which is a value).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The HTTP client for OIDC discovery and JWKS could not be built.
    #[error("cannot build the HTTP client for OIDC discovery and JWKS: {0}")]
    HttpClient(String),
}
