//! What every test module uses: REST stacks built in code, the scripted function (shared
//! with the HTTP API pipeline bed) and the bed running requests through the real gateway.

mod access;
mod bed;
#[path = "../pipeline/support/endpoint.rs"]
mod endpoint;
// The HTTP API bed's scripted function; not every helper is used here.
#[allow(dead_code)]
#[path = "../pipeline/support/function.rs"]
mod function;
#[path = "../pipeline/support/records.rs"]
mod records;
#[path = "../pipeline/support/request.rs"]
mod request;
mod stack;

pub(crate) use access::{AUTHORIZER_ID, USER_POOL_CLIENT_ID};
pub(crate) use bed::{Bed, Served, local_credentials};
pub(crate) use endpoint::Endpoint;
pub(crate) use function::{FakeFunction, Script, function_error};
pub(crate) use request::{get, request};
pub(crate) use stack::{
    FUNCTION, REGION, RestStack, function_arn, integration, invocations_uri, source_arn,
};
