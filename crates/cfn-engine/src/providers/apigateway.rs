//! `AWS::ApiGateway::*`: REST APIs (API Gateway v1) and their parts, deployed into the
//! store's REST model (`store::model::apigateway`) with AWS's `Ref`/`GetAtt` values
//! (aws-rest-api.md §10).

pub(crate) mod account;
pub(crate) mod api_key;
pub(crate) mod authorizer;
pub(crate) mod base_path_mapping;
pub(crate) mod deployment;
pub(crate) mod domain_name;
pub(crate) mod gateway_response;
mod lookup;
pub(crate) mod method;
pub(crate) mod model;
mod openapi;
pub(crate) mod request_validator;
pub(crate) mod resource;
pub(crate) mod rest_api;
pub(crate) mod stage;
pub(crate) mod usage_plan;
pub(crate) mod usage_plan_key;
