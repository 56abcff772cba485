//! Deployed resources in AWS's resource model: the data the data plane serves.
//!
//! Names follow the AWS APIs (`RouteKey`, `AuthorizationType`, `CredentialsArn`, ...),
//! values are resolved (no intrinsic functions), and ids are the physical ids the deploy
//! engine generated.

pub mod apigateway;
mod apigatewayv2;
mod aws_enum;
pub mod cloudformation;
pub mod cognito;
mod cors;
mod domain;
mod dynamodb;
mod iam;
mod lambda;
pub mod ssm;

use serde::{Deserialize, Serialize};

pub use apigatewayv2::{AccessLogSettings, RouteSettings};
pub use apigatewayv2::{
    Api, ApiGatewayManagedOverrides, AuthorizationType, Authorizer, AuthorizerType, Deployment,
    ImportedDefinition, Integration, IntegrationType, JwtConfiguration, PayloadFormatVersion,
    ProtocolType, QuickCreate, Route, RouteOverrides, Stage,
};
pub use aws_enum::UnknownValue;
pub use cors::CorsConfiguration;
pub use domain::{ApiMapping, DomainName};
pub use dynamodb::Table;
pub use iam::{InlinePolicy, Policy, Role};
pub use lambda::{
    Alias, Architecture, Code, DEFAULT_MEMORY_SIZE_MB, DEFAULT_TIMEOUT_SECONDS, Function,
    FunctionUrl, FunctionUrlAuthType, LayerContent, LayerVersion, LogFormat, LoggingConfig,
    PackageType, Permission, Version,
};

/// A deployed resource of any type gantry deploys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum ResourceModel {
    /// `AWS::ApiGatewayV2::Api`
    Api(Api),
    /// `AWS::ApiGatewayV2::Stage`
    Stage(Stage),
    /// `AWS::ApiGatewayV2::Route`
    Route(Route),
    /// `AWS::ApiGatewayV2::Integration`
    Integration(Integration),
    /// `AWS::ApiGatewayV2::Authorizer`
    Authorizer(Authorizer),
    /// `AWS::ApiGatewayV2::Deployment`
    Deployment(Deployment),
    /// `AWS::ApiGatewayV2::ApiGatewayManagedOverrides`
    ApiGatewayManagedOverrides(ApiGatewayManagedOverrides),
    /// `AWS::ApiGatewayV2::DomainName`
    DomainName(DomainName),
    /// `AWS::ApiGatewayV2::ApiMapping`
    ApiMapping(ApiMapping),
    /// `AWS::ApiGateway::RestApi`
    RestApi(apigateway::RestApi),
    /// `AWS::ApiGateway::Resource`
    RestResource(apigateway::Resource),
    /// `AWS::ApiGateway::Method`
    RestMethod(apigateway::Method),
    /// `AWS::ApiGateway::Deployment`
    RestDeployment(apigateway::Deployment),
    /// `AWS::ApiGateway::Stage`
    RestStage(apigateway::Stage),
    /// `AWS::ApiGateway::Authorizer`
    RestAuthorizer(apigateway::Authorizer),
    /// `AWS::ApiGateway::GatewayResponse`
    GatewayResponse(apigateway::GatewayResponse),
    /// `AWS::ApiGateway::Model`
    RestModel(apigateway::Model),
    /// `AWS::ApiGateway::RequestValidator`
    RequestValidator(apigateway::RequestValidator),
    /// `AWS::ApiGateway::ApiKey`
    ApiKey(apigateway::ApiKey),
    /// `AWS::ApiGateway::UsagePlan`
    UsagePlan(apigateway::UsagePlan),
    /// `AWS::ApiGateway::UsagePlanKey`
    UsagePlanKey(apigateway::UsagePlanKey),
    /// `AWS::ApiGateway::DomainName`
    RestDomainName(DomainName),
    /// `AWS::ApiGateway::BasePathMapping`
    BasePathMapping(apigateway::BasePathMapping),
    /// `AWS::ApiGateway::Account`
    RestAccount(apigateway::Account),
    /// `AWS::Cognito::UserPool`
    UserPool(cognito::UserPool),
    /// `AWS::Cognito::UserPoolClient`
    UserPoolClient(cognito::UserPoolClient),
    /// `AWS::Lambda::Function`
    Function(Function),
    /// `AWS::Lambda::Permission`
    Permission(Permission),
    /// `AWS::Lambda::LayerVersion`
    LayerVersion(LayerVersion),
    /// `AWS::Lambda::Version`
    Version(Version),
    /// `AWS::Lambda::Alias`
    Alias(Alias),
    /// `AWS::Lambda::Url`
    FunctionUrl(FunctionUrl),
    /// `AWS::DynamoDB::Table` (its names only: gantry does not serve DynamoDB)
    Table(Table),
    /// `AWS::IAM::Role`
    Role(Role),
    /// `AWS::IAM::Policy`
    Policy(Policy),
    /// `AWS::Logs::LogGroup`
    LogGroup(LogGroup),
    /// `AWS::CloudFormation::Stack`
    NestedStack(cloudformation::NestedStack),
    /// `AWS::CloudFormation::CustomResource` and `Custom::<Name>`
    CustomResource(cloudformation::CustomResource),
    /// `AWS::CDK::Metadata`: the CDK's usage analytics; nothing to serve.
    CdkMetadata,
    /// `AWS::SSM::Parameter`
    SsmParameter(ssm::SsmParameter),
    /// A resource of a type gantry cannot deploy, created inert because the user passed
    /// `--allow-unsupported`. It has ids so references to it resolve, and nothing else.
    Placeholder {
        /// The CloudFormation type it stands in for.
        resource_type: String,
    },
}

/// `AWS::Logs::LogGroup`: where a function's or an API's logs go.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogGroup {
    /// `LogGroupName`.
    pub log_group_name: String,
    /// `arn:aws:logs:{region}:{account}:log-group:{name}:*`.
    pub arn: String,
    /// `RetentionInDays`, if set.
    pub retention_in_days: Option<u32>,
}
