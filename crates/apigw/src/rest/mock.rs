//! `MOCK` integrations (aws-rest-api.md §8.1), including the CORS preflight methods SAM
//! and CDK generate: static templates only.

use bytes::Bytes;
use http::Response;
use store::model::apigateway::Method;

use crate::rest::error::RestError;
use crate::rest::request::{RestRequest, RestRequestContext};

/// The response of `method`'s `MOCK` integration to `request`.
pub fn mock_response(
    method: &Method,
    request: &RestRequest<'_>,
    context: &RestRequestContext<'_>,
) -> Result<Response<Bytes>, RestError> {
    // STUB
    let _ = (method, request, context);
    Ok(Response::new(Bytes::new()))
}
