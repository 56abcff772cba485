//! `AWS::ApiGatewayV2::*`: HTTP APIs and their parts.

pub(crate) mod api;
pub(crate) mod api_definition;
pub(crate) mod api_mapping;
pub(crate) mod authorizer;
mod cors;
pub(crate) mod deployment;
pub(crate) mod domain_name;
pub(crate) mod integration;
pub(crate) mod managed_overrides;
pub(crate) mod openapi;
pub(crate) mod route;
pub(crate) mod stage;
