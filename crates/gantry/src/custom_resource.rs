//! Custom resources' transport (cdk.md §7): the HTTPS `ResponseURL` their providers PUT
//! to ([`ResponseEndpoint`]) and its locally made certificate. Invoking the provider is
//! [`crate::checks`]' part; the protocol's objects are the engine's
//! ([`cfn_engine::custom_resource`]).

mod certificate;
mod response_url;

pub use response_url::{ResponseBody, ResponseEndpoint};
