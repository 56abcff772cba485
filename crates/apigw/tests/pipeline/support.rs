//! What every test module uses: stacks built in code, the fake function, the issuer and
//! the bed that runs requests through the real gateway.

mod bed;
mod endpoint;
mod function;
mod jwt;
mod records;
mod request;
mod route_spec;
mod sigv4;
mod stack;

pub(crate) use bed::{Bed, Served};
pub(crate) use endpoint::Endpoint;
pub(crate) use function::{
    FakeFunction, Script, exit_error, function_error, function_timeout, init_error,
};
pub(crate) use jwt::{Issuer, now};
pub(crate) use request::{GATEWAY_PORT, Req, get, request};
pub(crate) use route_spec::RouteSpec;
pub(crate) use sigv4::{local_credentials, signer};
pub(crate) use stack::{
    ACCOUNT, API_ID, FUNCTION, ROLE_NAME, Stack, api_gateway_trust, function_arn, invoke_policy,
    lambda_only_trust, role_arn, source_arn,
};
