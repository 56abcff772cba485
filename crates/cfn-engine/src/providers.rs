//! One provider per CloudFormation resource type gantry deploys. File name = the last
//! part of the type name, in a folder per service.

mod apigateway;
mod apigatewayv2;
mod cdk;
mod cognito;
mod coverage;
mod dynamodb;
mod event_sources;
mod iam;
pub(crate) mod lambda;
mod logs;
mod placeholder;
mod ssm;

use crate::provider::Provision;

pub(crate) use coverage::unhonoured;
pub use event_sources::event_source_note;
pub(crate) use placeholder::provision as placeholder;

/// Every resource type gantry deploys, with its provider.
const PROVIDERS: &[(&str, Provision)] = &[
    ("AWS::ApiGateway::RestApi", apigateway::rest_api::provision),
    ("AWS::ApiGatewayV2::Api", apigatewayv2::api::provision),
    ("AWS::ApiGatewayV2::Stage", apigatewayv2::stage::provision),
    ("AWS::ApiGatewayV2::Route", apigatewayv2::route::provision),
    (
        "AWS::ApiGatewayV2::Integration",
        apigatewayv2::integration::provision,
    ),
    (
        "AWS::ApiGatewayV2::Authorizer",
        apigatewayv2::authorizer::provision,
    ),
    (
        "AWS::ApiGatewayV2::Deployment",
        apigatewayv2::deployment::provision,
    ),
    (
        "AWS::ApiGatewayV2::ApiGatewayManagedOverrides",
        apigatewayv2::managed_overrides::provision,
    ),
    (
        "AWS::ApiGatewayV2::DomainName",
        apigatewayv2::domain_name::provision,
    ),
    (
        "AWS::ApiGatewayV2::ApiMapping",
        apigatewayv2::api_mapping::provision,
    ),
    ("AWS::ApiGateway::Resource", apigateway::resource::provision),
    ("AWS::ApiGateway::Method", apigateway::method::provision),
    (
        "AWS::ApiGateway::Deployment",
        apigateway::deployment::provision,
    ),
    ("AWS::ApiGateway::Stage", apigateway::stage::provision),
    (
        "AWS::ApiGateway::Authorizer",
        apigateway::authorizer::provision,
    ),
    ("AWS::ApiGateway::ApiKey", apigateway::api_key::provision),
    (
        "AWS::ApiGateway::UsagePlan",
        apigateway::usage_plan::provision,
    ),
    (
        "AWS::ApiGateway::UsagePlanKey",
        apigateway::usage_plan_key::provision,
    ),
    (
        "AWS::ApiGateway::GatewayResponse",
        apigateway::gateway_response::provision,
    ),
    ("AWS::ApiGateway::Model", apigateway::model::provision),
    (
        "AWS::ApiGateway::RequestValidator",
        apigateway::request_validator::provision,
    ),
    ("AWS::ApiGateway::Account", apigateway::account::provision),
    (
        "AWS::ApiGateway::DomainName",
        apigateway::domain_name::provision,
    ),
    (
        "AWS::ApiGateway::BasePathMapping",
        apigateway::base_path_mapping::provision,
    ),
    ("AWS::Cognito::UserPool", cognito::user_pool::provision),
    (
        "AWS::Cognito::UserPoolClient",
        cognito::user_pool_client::provision,
    ),
    ("AWS::Lambda::Function", lambda::function::provision),
    ("AWS::Lambda::Permission", lambda::permission::provision),
    ("AWS::Lambda::Version", lambda::version::provision),
    ("AWS::Lambda::Alias", lambda::alias::provision),
    (
        "AWS::Lambda::LayerVersion",
        lambda::layer_version::provision,
    ),
    ("AWS::Lambda::Url", lambda::url::provision),
    ("AWS::DynamoDB::Table", dynamodb::provision),
    ("AWS::IAM::Role", iam::role::provision),
    ("AWS::IAM::Policy", iam::policy::provision),
    ("AWS::Logs::LogGroup", logs::provision),
    ("AWS::CDK::Metadata", cdk::metadata::provision),
    ("AWS::SSM::Parameter", ssm::parameter::provision),
];

/// The provider for `resource_type`, if gantry deploys that type.
pub(crate) fn provider(resource_type: &str) -> Option<Provision> {
    PROVIDERS
        .iter()
        .find(|(name, _)| *name == resource_type)
        .map(|(_, provision)| *provision)
}

/// The resource types gantry deploys.
pub fn supported_types() -> impl Iterator<Item = &'static str> {
    PROVIDERS.iter().map(|(name, _)| *name)
}
