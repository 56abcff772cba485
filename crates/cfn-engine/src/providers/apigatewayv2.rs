//! `AWS::ApiGatewayV2::*`: HTTP APIs and their parts.

pub(crate) mod api;
pub(crate) mod api_definition;
pub(crate) mod authorizer;
pub(crate) mod deployment;
pub(crate) mod integration;
pub(crate) mod managed_overrides;
pub(crate) mod openapi;
pub(crate) mod route;
pub(crate) mod stage;
