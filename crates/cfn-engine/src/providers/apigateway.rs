//! `AWS::ApiGateway::*`: REST APIs (API Gateway v1) and their parts.

mod openapi;
pub(crate) mod rest_api;
