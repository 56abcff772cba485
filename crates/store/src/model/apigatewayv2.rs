//! API Gateway V2 (HTTP API) resources.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::aws_enum::aws_enum;

aws_enum! {
    /// `ProtocolType` of an API.
    pub enum ProtocolType {
        /// An HTTP API.
        Http = "HTTP",
        /// A WebSocket API (gantry does not serve these).
        WebSocket = "WEBSOCKET",
    }
}

aws_enum! {
    /// `AuthorizationType` of a route.
    pub enum AuthorizationType {
        /// Open route.
        None = "NONE",
        /// JWT authorizer.
        Jwt = "JWT",
        /// Lambda authorizer.
        Custom = "CUSTOM",
        /// SigV4-signed callers.
        AwsIam = "AWS_IAM",
    }
}

aws_enum! {
    /// `AuthorizerType` of an authorizer.
    pub enum AuthorizerType {
        /// A JWT authorizer (OIDC / OAuth 2.0 tokens).
        Jwt = "JWT",
        /// A Lambda authorizer.
        Request = "REQUEST",
    }
}

aws_enum! {
    /// `IntegrationType` of an integration.
    pub enum IntegrationType {
        /// An AWS service action (WebSocket APIs).
        Aws = "AWS",
        /// A Lambda proxy integration, or an AWS service integration with a subtype.
        AwsProxy = "AWS_PROXY",
        /// A custom HTTP integration (WebSocket APIs).
        Http = "HTTP",
        /// An HTTP proxy integration.
        HttpProxy = "HTTP_PROXY",
        /// A response from API Gateway itself (WebSocket APIs).
        Mock = "MOCK",
    }
}

aws_enum! {
    /// `PayloadFormatVersion` of a Lambda integration: the shape of the event and of the
    /// response the function returns.
    pub enum PayloadFormatVersion {
        /// The REST-API-compatible format.
        V1_0 = "1.0",
        /// The HTTP API format.
        V2_0 = "2.0",
    }
}

/// `AWS::ApiGatewayV2::Api`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Api {
    /// `ApiId`: 10 lowercase letters and digits, as AWS makes them.
    pub api_id: String,
    /// `Name`.
    pub name: String,
    /// `ProtocolType`.
    pub protocol_type: ProtocolType,
    /// `ApiEndpoint`: the local URL the API is served at.
    pub api_endpoint: String,
    /// `DisableExecuteApiEndpoint`: the default endpoint refuses requests when true.
    pub disable_execute_api_endpoint: bool,
    /// `CorsConfiguration`: API Gateway answers preflights and adds CORS headers (§8).
    #[serde(default)]
    pub cors_configuration: Option<super::CorsConfiguration>,
    /// The route, integration and `$default` stage AWS creates for a quick-create API
    /// (`Target` on the Api).
    pub quick_create: Option<QuickCreate>,
    /// The routes, integrations and authorizers imported from the OpenAPI definition
    /// (`Body` or `BodyS3Location`), when the Api has one.
    #[serde(default)]
    pub imported: Option<ImportedDefinition>,
}

/// What importing an OpenAPI definition makes: the same resources a template's
/// `Route`, `Integration` and `Authorizer` declare, owned by the Api. Their ids are kept
/// across updates (routes and integrations by route key, authorizers by name).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportedDefinition {
    /// One route per path and method (`$default` for the `$default` path).
    pub routes: Vec<Route>,
    /// One integration per route, from `x-amazon-apigateway-integration`.
    pub integrations: Vec<Integration>,
    /// One authorizer per security scheme with `x-amazon-apigateway-authorizer`.
    pub authorizers: Vec<Authorizer>,
}

/// What quick create (`Target`, `RouteKey`, `CredentialsArn` on an Api) makes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuickCreate {
    /// Id of the created route.
    pub route_id: String,
    /// `RouteKey` on the Api, `$default` when absent.
    pub route_key: String,
    /// Id of the created integration.
    pub integration_id: String,
    /// `Target`: a Lambda ARN, a Lambda invocations URI or an HTTP URL.
    pub target: String,
    /// `CredentialsArn` on the Api: the role API Gateway assumes to invoke the target.
    pub credentials_arn: Option<String>,
}

/// `AWS::ApiGatewayV2::Stage`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    /// `ApiId`.
    pub api_id: String,
    /// `StageName`; `$default` is served at the URL root.
    pub stage_name: String,
    /// `AutoDeploy`.
    pub auto_deploy: bool,
    /// `DeploymentId`, if set.
    pub deployment_id: Option<String>,
    /// `StageVariables`, delivered to integrations as `stageVariables`.
    pub stage_variables: BTreeMap<String, String>,
    /// `DefaultRouteSettings`: throttling for every route without its own settings.
    #[serde(default)]
    pub default_route_settings: Option<RouteSettings>,
    /// `RouteSettings`, by route key: throttling that overrides the default for a route.
    #[serde(default)]
    pub route_settings: BTreeMap<String, RouteSettings>,
    /// `AccessLogSettings`: where and in which format access-log lines are written.
    #[serde(default)]
    pub access_log_settings: Option<AccessLogSettings>,
}

/// `RouteSettings` of a stage (`DefaultRouteSettings` or one entry of `RouteSettings`):
/// the throttling parts HTTP APIs honour.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RouteSettings {
    /// `ThrottlingRateLimit`: steady-state requests per second.
    #[serde(default)]
    pub throttling_rate_limit: Option<f64>,
    /// `ThrottlingBurstLimit`: the bucket's capacity.
    #[serde(default)]
    pub throttling_burst_limit: Option<u32>,
}

/// `AccessLogSettings` of a stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessLogSettings {
    /// `DestinationArn`: the CloudWatch Logs log group receiving the lines.
    pub destination_arn: String,
    /// `Format`: one line with `$context` variables.
    pub format: String,
}

/// `AWS::ApiGatewayV2::Route`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    /// `ApiId`.
    pub api_id: String,
    /// `RouteId`.
    pub route_id: String,
    /// `RouteKey`: `$default` or `METHOD /path`.
    pub route_key: String,
    /// `Target`: `integrations/{IntegrationId}`, if set.
    pub target: Option<String>,
    /// `AuthorizationType`.
    pub authorization_type: AuthorizationType,
    /// `AuthorizerId`, if set.
    pub authorizer_id: Option<String>,
    /// `AuthorizationScopes`: the token needs any one of them.
    pub authorization_scopes: Vec<String>,
}

/// `AWS::ApiGatewayV2::Integration`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Integration {
    /// `ApiId`.
    pub api_id: String,
    /// `IntegrationId`.
    pub integration_id: String,
    /// `IntegrationType`.
    pub integration_type: IntegrationType,
    /// `IntegrationSubtype`, for AWS service integrations.
    pub integration_subtype: Option<String>,
    /// `IntegrationUri`: a Lambda ARN or invocations URI, or a URL.
    pub integration_uri: Option<String>,
    /// `IntegrationMethod`, for HTTP integrations.
    pub integration_method: Option<String>,
    /// `PayloadFormatVersion`.
    pub payload_format_version: PayloadFormatVersion,
    /// `CredentialsArn`: the role API Gateway assumes to call the integration.
    pub credentials_arn: Option<String>,
    /// `TimeoutInMillis` (50 to 30000; 30000 when absent).
    pub timeout_in_millis: u32,
    /// `RequestParameters`: parameter mapping of the request, e.g.
    /// `"append:header.x-request-id": "$context.requestId"`.
    #[serde(default)]
    pub request_parameters: BTreeMap<String, String>,
    /// `ResponseParameters`: parameter mappings of the response, by the integration's
    /// status code (`"404": {"overwrite:statuscode": "200"}`).
    #[serde(default)]
    pub response_parameters: BTreeMap<String, BTreeMap<String, String>>,
}

/// `JwtConfiguration` of an authorizer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JwtConfiguration {
    /// `Issuer`: compared with the token's `iss` and used for OIDC discovery.
    pub issuer: String,
    /// `Audience`: the token's `aud` (or `client_id`) must contain one of them.
    pub audience: Vec<String>,
}

/// `AWS::ApiGatewayV2::Authorizer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Authorizer {
    /// `ApiId`.
    pub api_id: String,
    /// `AuthorizerId`.
    pub authorizer_id: String,
    /// `Name`.
    pub name: String,
    /// `AuthorizerType`.
    pub authorizer_type: AuthorizerType,
    /// `IdentitySource`, e.g. `$request.header.Authorization`.
    pub identity_source: Vec<String>,
    /// `JwtConfiguration`, for JWT authorizers.
    pub jwt_configuration: Option<JwtConfiguration>,
    /// `AuthorizerUri`, for Lambda authorizers.
    pub authorizer_uri: Option<String>,
    /// `AuthorizerPayloadFormatVersion`, for Lambda authorizers: the event's shape.
    #[serde(default)]
    pub authorizer_payload_format_version: Option<PayloadFormatVersion>,
    /// `EnableSimpleResponses` (payload 2.0 Lambda authorizers): `isAuthorized` instead
    /// of an IAM policy.
    #[serde(default)]
    pub enable_simple_responses: bool,
    /// `AuthorizerResultTtlInSeconds` as given (0 to 3600; 0 turns caching off).
    #[serde(default)]
    pub authorizer_result_ttl_in_seconds: Option<u32>,
    /// `AuthorizerCredentialsArn`: the role API Gateway assumes to invoke the authorizer
    /// function; without it, the function's resource policy must allow the invoke.
    #[serde(default)]
    pub authorizer_credentials_arn: Option<String>,
}

/// `AWS::ApiGatewayV2::Deployment`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    /// `ApiId`.
    pub api_id: String,
    /// `DeploymentId`.
    pub deployment_id: String,
    /// `StageName`, if the deployment names a stage.
    pub stage_name: Option<String>,
}

/// `AWS::ApiGatewayV2::ApiGatewayManagedOverrides`: changes to what quick create made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiGatewayManagedOverrides {
    /// `ApiId` of the quick-create API.
    pub api_id: String,
    /// `Route` overrides.
    pub route: Option<RouteOverrides>,
    /// `Integration.TimeoutInMillis` override.
    pub integration_timeout_in_millis: Option<u32>,
    /// `Integration.PayloadFormatVersion` override.
    pub integration_payload_format_version: Option<PayloadFormatVersion>,
}

/// The `Route` part of managed overrides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteOverrides {
    /// `AuthorizationType`.
    pub authorization_type: Option<AuthorizationType>,
    /// `AuthorizerId`.
    pub authorizer_id: Option<String>,
    /// `AuthorizationScopes`.
    pub authorization_scopes: Option<Vec<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_stored_before_throttling_and_access_logs_still_reads() {
        let stored = r#"{"api_id":"a1b2c3d4e5","stage_name":"prod","auto_deploy":true,
            "deployment_id":null,"stage_variables":{"fn":"orders"}}"#;
        let stage: Stage = serde_json::from_str(stored).unwrap();
        assert_eq!(stage.stage_variables["fn"], "orders");
        assert_eq!(stage.default_route_settings, None);
        assert!(stage.route_settings.is_empty());
        assert_eq!(stage.access_log_settings, None);
    }
}
