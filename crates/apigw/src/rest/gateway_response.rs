//! Rendering a [`RestError`] with the API's gateway responses (aws-rest-api.md §7.2):
//! the one place REST errors become bytes.

use bytes::Bytes;
use http::{HeaderMap, Response};
use store::model::apigateway::GatewayResponse;

use crate::rest::error::RestError;

/// The API's gateway response overrides, by type.
#[derive(Debug, Clone, Default)]
pub struct GatewayResponses {
    // STUB
    responses: Vec<GatewayResponse>,
}

/// What a gateway response's parameters and templates may refer to.
#[derive(Debug, Clone, Default)]
pub struct ErrorContext<'a> {
    /// `$context.requestId` and `x-amzn-RequestId`.
    pub request_id: &'a str,
    /// `$context.extendedRequestId` and `x-amz-apigw-id`.
    pub extended_request_id: &'a str,
    /// The request's headers (`method.request.header.X`), when known.
    pub headers: Option<&'a HeaderMap>,
    /// The request's query string, undecoded (`method.request.querystring.X`).
    pub raw_query: &'a str,
    /// The path parameters (`method.request.path.X`), when a resource matched.
    pub path_parameters: &'a [(String, String)],
    /// `$stageVariables.x`, when a stage matched.
    pub stage_variables: &'a [(String, String)],
    /// Further `$context.x` values (`apiId`, `stage`, `resourcePath`, `httpMethod`, ...).
    pub context_values: &'a [(&'a str, &'a str)],
}

impl GatewayResponses {
    /// The API's `AWS::ApiGateway::GatewayResponse`s.
    pub fn compile(responses: &[GatewayResponse]) -> Self {
        Self {
            responses: responses.to_vec(),
        }
    }

    /// The response the client receives for `error`.
    pub fn render(&self, error: &RestError, context: &ErrorContext<'_>) -> Response<Bytes> {
        // STUB
        let _ = (&self.responses, context);
        let mut response = Response::new(Bytes::new());
        *response.status_mut() = error.status;
        response
    }
}
