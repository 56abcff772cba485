//! API Gateway (v1) REST API resources: `AWS::ApiGateway::*`.
//!
//! A REST API is a tree of [`Resource`]s with [`Method`]s on them; a [`Deployment`] is a
//! snapshot of that tree (and of the API's authorizers, gateway responses and binary media
//! types) taken when the deployment is created, and a [`Stage`] serves the deployment it
//! points to. Names follow the API Gateway API (`RestApiId`, `ResourceId`, `HttpMethod`,
//! `AuthorizerUri`, ...); values are resolved.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::aws_enum::aws_enum;
use super::{AccessLogSettings, IntegrationType};

aws_enum! {
    /// `AuthorizationType` of a REST method.
    pub enum MethodAuthorizationType {
        /// Open method.
        None = "NONE",
        /// SigV4-signed callers with `execute-api:Invoke`.
        AwsIam = "AWS_IAM",
        /// A Lambda `TOKEN` or `REQUEST` authorizer.
        Custom = "CUSTOM",
        /// A Cognito user pool authorizer.
        CognitoUserPools = "COGNITO_USER_POOLS",
    }
}

aws_enum! {
    /// `Type` of a REST authorizer.
    pub enum RestAuthorizerType {
        /// A Lambda authorizer given one header's value.
        Token = "TOKEN",
        /// A Lambda authorizer given the request's identity sources.
        Request = "REQUEST",
        /// A Cognito user pool's ID or access tokens.
        CognitoUserPools = "COGNITO_USER_POOLS",
    }
}

aws_enum! {
    /// `ApiKeySourceType` of a REST API: where a method's API key comes from.
    pub enum ApiKeySourceType {
        /// The `x-api-key` header.
        Header = "HEADER",
        /// The Lambda authorizer's `usageIdentifierKey`.
        Authorizer = "AUTHORIZER",
    }
}

aws_enum! {
    /// `Period` of a usage plan's quota.
    pub enum QuotaPeriod {
        /// Per day.
        Day = "DAY",
        /// Per week.
        Week = "WEEK",
        /// Per month.
        Month = "MONTH",
    }
}

/// `AWS::ApiGateway::RestApi`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RestApi {
    /// `RestApiId`: 10 lowercase letters and digits.
    pub rest_api_id: String,
    /// `RootResourceId`: the id of the `/` resource.
    pub root_resource_id: String,
    /// `Name` (or the definition's `info.title`).
    pub name: String,
    /// The local URL of the default endpoint, without a stage.
    pub api_endpoint: String,
    /// `BinaryMediaTypes`, with SAM's `~1` already turned into `/`.
    pub binary_media_types: Vec<String>,
    /// `ApiKeySourceType` (`HEADER` when absent).
    pub api_key_source_type: ApiKeySourceType,
    /// `DisableExecuteApiEndpoint`: the default endpoint answers 403 when true.
    pub disable_execute_api_endpoint: bool,
    /// `Policy` (or `x-amazon-apigateway-policy`): the API's resource policy.
    pub policy: Option<serde_json::Value>,
    /// What importing `Body` or `BodyS3Location` made, when the API has a definition.
    pub imported: Option<ImportedRestDefinition>,
}

/// What importing a Swagger 2.0 or OpenAPI 3 definition makes: the resources a template
/// would declare as `Resource`, `Method`, `Authorizer`, `GatewayResponse`, `Model` and
/// `RequestValidator`, owned by the RestApi. Ids are kept across updates (resources by
/// path, authorizers by name).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportedRestDefinition {
    /// Every resource but the root, parents before children.
    pub resources: Vec<Resource>,
    /// One method per path and operation (`x-amazon-apigateway-any-method` is `ANY`).
    pub methods: Vec<Method>,
    /// `securityDefinitions`/`securitySchemes` with `x-amazon-apigateway-authorizer`.
    pub authorizers: Vec<Authorizer>,
    /// `x-amazon-apigateway-gateway-responses`.
    pub gateway_responses: Vec<GatewayResponse>,
    /// `definitions`/`components.schemas`.
    pub models: Vec<Model>,
    /// `x-amazon-apigateway-request-validators`.
    pub request_validators: Vec<RequestValidator>,
}

/// `AWS::ApiGateway::Resource`: one path part of the tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    /// `RestApiId`.
    pub rest_api_id: String,
    /// `ResourceId`: 6 lowercase letters and digits.
    pub resource_id: String,
    /// `ParentId`.
    pub parent_id: String,
    /// `PathPart`: a literal, `{name}` or `{name+}`.
    pub path_part: String,
    /// The full path (`/pets/{petId}`), as AWS reports it.
    pub path: String,
}

/// `AWS::ApiGateway::Method`, with its integration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Method {
    /// `RestApiId`.
    pub rest_api_id: String,
    /// `ResourceId`.
    pub resource_id: String,
    /// The resource's full path (`/pets/{petId}`, `/` for the root).
    pub resource_path: String,
    /// `HttpMethod`, upper case; `ANY` matches every method.
    pub http_method: String,
    /// `AuthorizationType`.
    pub authorization_type: MethodAuthorizationType,
    /// `AuthorizerId`, for `CUSTOM` and `COGNITO_USER_POOLS`.
    pub authorizer_id: Option<String>,
    /// `AuthorizationScopes` (Cognito): an access token with any one of them is needed.
    pub authorization_scopes: Vec<String>,
    /// `ApiKeyRequired`.
    pub api_key_required: bool,
    /// `OperationName` (or `operationId`): `requestContext.operationName`.
    pub operation_name: Option<String>,
    /// `RequestValidatorId`.
    pub request_validator_id: Option<String>,
    /// `RequestParameters`: `method.request.{header|querystring|path}.{name}` → required.
    pub request_parameters: BTreeMap<String, bool>,
    /// `RequestModels`: content type → model name.
    pub request_models: BTreeMap<String, String>,
    /// `MethodResponses`: status code → `method.response.header.{name}` → required.
    pub method_responses: BTreeMap<String, BTreeMap<String, bool>>,
    /// `Integration`; a method without one cannot be deployed in AWS.
    pub integration: Option<MethodIntegration>,
}

/// The `Integration` of a method (or `x-amazon-apigateway-integration`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MethodIntegration {
    /// `Type`.
    pub integration_type: IntegrationType,
    /// `Uri`: a Lambda invocations URI, or a URL; may hold `${stageVariables.x}`.
    pub uri: Option<String>,
    /// `IntegrationHttpMethod` (`POST` for Lambda).
    pub integration_http_method: Option<String>,
    /// `Credentials`: the role API Gateway assumes to call the integration.
    pub credentials: Option<String>,
    /// `TimeoutInMillis` (50 to 29000; 29000 when absent).
    pub timeout_in_millis: u32,
    /// `RequestTemplates`: content type → template.
    pub request_templates: BTreeMap<String, String>,
    /// `RequestParameters`: `integration.request.*` → `method.request.*` or `'literal'`.
    pub request_parameters: BTreeMap<String, String>,
    /// `PassthroughBehavior`.
    pub passthrough_behavior: Option<String>,
    /// `ContentHandling`.
    pub content_handling: Option<String>,
    /// `CacheKeyParameters`.
    pub cache_key_parameters: Vec<String>,
    /// `IntegrationResponses`.
    pub integration_responses: Vec<IntegrationResponse>,
}

/// One of an integration's `IntegrationResponses`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntegrationResponse {
    /// `StatusCode` of the method response it maps to.
    pub status_code: String,
    /// `SelectionPattern`: a regex on the integration's status (or error); `None` is the
    /// default response.
    pub selection_pattern: Option<String>,
    /// `ResponseParameters`: `method.response.header.{name}` → `'literal'` or
    /// `integration.response.header.{name}`.
    pub response_parameters: BTreeMap<String, String>,
    /// `ResponseTemplates`: content type → template.
    pub response_templates: BTreeMap<String, String>,
    /// `ContentHandling`.
    pub content_handling: Option<String>,
}

/// `AWS::ApiGateway::Authorizer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Authorizer {
    /// `RestApiId`.
    pub rest_api_id: String,
    /// `AuthorizerId`.
    pub authorizer_id: String,
    /// `Name`.
    pub name: String,
    /// `Type`.
    pub authorizer_type: RestAuthorizerType,
    /// `AuthorizerUri`: the Lambda invocations URI (TOKEN, REQUEST).
    pub authorizer_uri: Option<String>,
    /// `AuthorizerCredentials`: the role API Gateway assumes to invoke the function.
    pub authorizer_credentials: Option<String>,
    /// `IdentitySource`: `method.request.header.Authorization`, comma-separated for REQUEST.
    pub identity_source: Option<String>,
    /// `IdentityValidationExpression` (TOKEN, Cognito).
    pub identity_validation_expression: Option<String>,
    /// `AuthorizerResultTtlInSeconds` as given (300 when absent; 0 turns caching off).
    pub authorizer_result_ttl_in_seconds: Option<u32>,
    /// `ProviderARNs` (Cognito user pools).
    pub provider_arns: Vec<String>,
}

/// `AWS::ApiGateway::GatewayResponse` (or an `x-amazon-apigateway-gateway-responses` entry).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GatewayResponse {
    /// `RestApiId`.
    pub rest_api_id: String,
    /// `ResponseType`: `DEFAULT_4XX`, `UNAUTHORIZED`, ...
    pub response_type: String,
    /// `StatusCode`, if it overrides the type's.
    pub status_code: Option<String>,
    /// `ResponseParameters`: `gatewayresponse.header.{name}` → `'literal'` or
    /// `method.request.*`.
    pub response_parameters: BTreeMap<String, String>,
    /// `ResponseTemplates`: content type → template.
    pub response_templates: BTreeMap<String, String>,
}

/// `AWS::ApiGateway::Model`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// `RestApiId`.
    pub rest_api_id: String,
    /// `Name`.
    pub name: String,
    /// `ContentType`.
    pub content_type: Option<String>,
    /// `Schema`: a JSON Schema (draft 4).
    pub schema: Option<serde_json::Value>,
}

/// `AWS::ApiGateway::RequestValidator`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestValidator {
    /// `RestApiId`.
    pub rest_api_id: String,
    /// `RequestValidatorId`.
    pub request_validator_id: String,
    /// `Name`.
    pub name: String,
    /// `ValidateRequestBody`.
    pub validate_request_body: bool,
    /// `ValidateRequestParameters`.
    pub validate_request_parameters: bool,
}

/// What a deployment captured of its API when it was created: what its stages serve.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeploymentSnapshot {
    /// The root resource's id.
    pub root_resource_id: String,
    /// Every resource but the root, parents before children.
    pub resources: Vec<Resource>,
    /// Every method.
    pub methods: Vec<Method>,
    /// Every authorizer.
    pub authorizers: Vec<Authorizer>,
    /// Every gateway response.
    pub gateway_responses: Vec<GatewayResponse>,
    /// Every model.
    pub models: Vec<Model>,
    /// Every request validator.
    pub request_validators: Vec<RequestValidator>,
    /// `BinaryMediaTypes`.
    pub binary_media_types: Vec<String>,
    /// `ApiKeySourceType`.
    pub api_key_source_type: Option<ApiKeySourceType>,
}

/// `AWS::ApiGateway::Deployment`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    /// `RestApiId`.
    pub rest_api_id: String,
    /// `DeploymentId`: 6 lowercase letters and digits.
    pub deployment_id: String,
    /// The stage `StageName` (with `StageDescription`) creates, if any.
    pub stage: Option<Stage>,
    /// The API as it was when the deployment was created.
    pub snapshot: DeploymentSnapshot,
}

/// `MethodSettings` entry of a stage: throttling for some methods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MethodSetting {
    /// `ResourcePath` with `~1` turned into `/`: `/*` for every resource.
    pub resource_path: String,
    /// `HttpMethod`: `*` for every method.
    pub http_method: String,
    /// `ThrottlingRateLimit`.
    pub throttling_rate_limit: Option<f64>,
    /// `ThrottlingBurstLimit`.
    pub throttling_burst_limit: Option<u32>,
}

/// `AWS::ApiGateway::Stage` (or the stage a Deployment's `StageName` creates).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    /// `RestApiId`.
    pub rest_api_id: String,
    /// `StageName`.
    pub stage_name: String,
    /// `DeploymentId`: the deployment the stage serves.
    pub deployment_id: String,
    /// `Variables`: `stageVariables` in events and `${stageVariables.x}` in URIs.
    pub variables: BTreeMap<String, String>,
    /// `MethodSettings`.
    pub method_settings: Vec<MethodSetting>,
    /// `AccessLogSetting`.
    pub access_log_setting: Option<AccessLogSettings>,
    /// `TracingEnabled` (accepted, not traced: gantry has no X-Ray).
    pub tracing_enabled: bool,
}

/// `AWS::ApiGateway::ApiKey`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiKey {
    /// The key's id (`Ref`, `APIKeyId`).
    pub api_key_id: String,
    /// `Name`.
    pub name: String,
    /// `Value`: what clients send in `x-api-key`; generated when not given.
    pub value: String,
    /// `Enabled` (false when absent, as in CloudFormation).
    pub enabled: bool,
    /// `StageKeys`: `(RestApiId, StageName)` pairs.
    pub stage_keys: Vec<(String, String)>,
}

/// Throttle settings of a usage plan, or of one of its methods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThrottleSettings {
    /// `RateLimit`: steady-state requests per second.
    pub rate_limit: Option<f64>,
    /// `BurstLimit`: the bucket's capacity.
    pub burst_limit: Option<u32>,
}

/// `Quota` of a usage plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuotaSettings {
    /// `Limit`: requests per period.
    pub limit: u32,
    /// `Offset`: requests subtracted from the first period's limit.
    pub offset: u32,
    /// `Period`.
    pub period: QuotaPeriod,
}

/// One entry of a usage plan's `ApiStages`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsagePlanApiStage {
    /// `ApiId`.
    pub api_id: String,
    /// `Stage`.
    pub stage: String,
    /// `Throttle`: `/{resource path}/{METHOD}` → settings.
    pub throttle: BTreeMap<String, ThrottleSettings>,
}

/// `AWS::ApiGateway::UsagePlan`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsagePlan {
    /// The plan's id.
    pub usage_plan_id: String,
    /// `UsagePlanName`.
    pub name: String,
    /// `ApiStages`.
    pub api_stages: Vec<UsagePlanApiStage>,
    /// `Throttle`.
    pub throttle: Option<ThrottleSettings>,
    /// `Quota`.
    pub quota: Option<QuotaSettings>,
}

/// `AWS::ApiGateway::UsagePlanKey`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsagePlanKey {
    /// `KeyId`: the API key's id.
    pub key_id: String,
    /// `UsagePlanId`.
    pub usage_plan_id: String,
}

/// `AWS::ApiGateway::BasePathMapping`: a custom domain's path leading to a REST API stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BasePathMapping {
    /// `DomainName`, lower case.
    pub domain_name: String,
    /// `BasePath`: empty for the domain's root.
    pub base_path: String,
    /// `RestApiId`.
    pub rest_api_id: String,
    /// `Stage`; `None` leaves the stage to the path's next segment.
    pub stage: Option<String>,
}

/// `AWS::ApiGateway::Account`: the account's CloudWatch role (nothing served).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// `CloudWatchRoleArn`.
    pub cloud_watch_role_arn: Option<String>,
}
