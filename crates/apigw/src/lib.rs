//! The data plane of API Gateway HTTP APIs: the pieces the request pipeline calls, in
//! order, to serve a deployed API with AWS's behaviour and to explain its refusals.
//!
//! - [`stage`] and [`route`]: which stage and route a request reaches (404 otherwise),
//!   and what a stage sets: stage variables in URIs, throttling (429), its access-log
//!   `Format`;
//! - [`jwt`]: the JWT authorizer (token extraction, OIDC discovery and JWKS, signature
//!   and claim checks, route scopes) deciding `Allow` or `Deny` (401/403);
//! - [`http_proxy`] and [`parameter_mapping`]: HTTP_PROXY integrations, with their
//!   request and response parameter mappings and timeout;
//! - [`lambda_authorizer`]: Lambda `REQUEST` authorizers (identity sources, 1.0/2.0
//!   events, simple and IAM-policy answers, the result cache) (401/403/500);
//! - [`iam`]: `AWS_IAM` routes: the SigV4 signature check against gantry's local
//!   credentials and the caller's `execute-api:Invoke` permission (403 otherwise);
//! - [`permission`]: may API Gateway invoke the function (resource policy or integration
//!   role), as IAM would decide it (500 otherwise);
//! - [`payload`]: the event sent to the function in the integration's payload format
//!   (1.0 or 2.0), and the mapping of the function's response to an HTTP response (500
//!   when malformed);
//! - [`error`] and [`response`]: every refusal as a [`GatewayError`], turned into AWS's
//!   exact response in one place, with a human explanation for the access log;
//! - [`domain`]: custom domain names and API mappings chosen by `Host` and path;
//! - [`cors`]: an API's `CorsConfiguration` applied to preflights and responses;
//! - [`request_id`] and [`headers`]: request/trace ids and API Gateway's header names.
//!
//! [`gateway`] runs them in AWS's order (§0): the API and stage the host and path reach
//! (a custom domain's mapping, or `{apiId}.execute-api`) → the route (or API Gateway's
//! own CORS preflight answer) → throttling → the authorizer (`AWS_IAM`, JWT or Lambda) →
//! the integration: an HTTP proxy, or the invoke-permission verdict, the event in the
//! integration's payload format, the invocation and the response mapping. Any refusal goes
//! to [`response::error_response`].
//!
//! It deliberately does not serve HTTP, invoke functions itself, read CloudFormation or
//! keep deployment state: callers hand it plain values and an `Invoke` implementation.
//! Fidelity notes cite `docs/aws-http-api.md` sections (§n); choices where AWS is
//! undocumented are marked `Unconfirmed:` or `Deviation from AWS:` in the code.

pub mod cors;
pub mod deployment;
pub mod domain;
pub mod error;
pub mod gateway;
pub mod headers;
pub mod http_proxy;
pub mod iam;
pub mod jwt;
pub mod lambda_authorizer;
pub(crate) mod lambda_target;
pub mod parameter_mapping;
pub mod payload;
pub mod permission;
pub mod request_id;
pub mod response;
pub mod rest;
pub mod route;
pub mod stage;

pub use error::GatewayError;
