//! The data plane of API Gateway REST APIs (v1), served beside HTTP APIs on the same
//! server. Fidelity notes cite `docs/aws-rest-api.md` sections (`aws-rest-api.md §n`).
//!
//! A request runs through the gateway's REST pipeline (`gateway::rest`) in AWS's order (aws-rest-api.md §0): the API (host or base path
//! mapping) → the stage (first path segment; 403 `Forbidden`) → the resource and method
//! in the stage's deployment (403 `Missing Authentication Token`) → the resource policy →
//! the authorizer (`AWS_IAM`, Lambda `TOKEN`/`REQUEST`, Cognito) → the API key and usage
//! plan → request validation → stage throttling → the integration (`AWS_PROXY` Lambda,
//! `MOCK`, `HTTP_PROXY`) → the proxy response mapping. Any refusal is a [`RestError`],
//! rendered with the API's gateway responses in [`gateway_response`], the one place REST
//! errors become bytes.

pub mod api_key;
pub mod authorizer;
pub mod binary;
pub(crate) mod compile;
pub mod error;
pub mod event;
pub mod gateway_response;
pub mod iam;
pub mod mock;
pub mod proxy_response;
pub mod request;
pub mod resource_policy;
pub mod resource_tree;
pub mod served;
pub mod validation;

#[cfg(test)]
mod test_request;

pub use compile::RestCompileError;
pub use error::{GatewayResponseType, RestError};
pub use request::{RestIdentity, RestRequest, RestRequestContext};
pub use served::{ServedRestApi, ServedRestStage};
