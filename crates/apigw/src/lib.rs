//! The data plane of API Gateway HTTP APIs: the pieces the request pipeline calls, in
//! order, to serve a deployed API with AWS's behaviour and to explain its refusals.
//!
//! - [`stage`] and [`route`]: which stage and route a request reaches (404 otherwise).
//!
//! It deliberately does not serve HTTP, run the pipeline, invoke functions, read
//! CloudFormation or keep deployment state: callers hand it plain values. Fidelity notes
//! cite `reference/aws-http-api.md` sections (§n); choices where AWS is undocumented are
//! marked `Unconfirmed:` or `Deviation from AWS:` in the code.

pub mod route;
pub mod stage;
