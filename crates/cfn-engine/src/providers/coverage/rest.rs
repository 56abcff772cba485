//! The coverage tables of `AWS::ApiGateway::*` (REST APIs).

use super::Coverage;
use crate::providers::apigateway::stage::STAGE_NOT_EMULATED;

pub(super) const REST_API: Coverage = Coverage {
    resource_type: "AWS::ApiGateway::RestApi",
    read: &[
        "Name",
        "Body",
        "BodyS3Location",
        "Parameters",
        "FailOnWarnings",
        "Mode",
        "BinaryMediaTypes",
        "ApiKeySourceType",
        "DisableExecuteApiEndpoint",
        "Policy",
        // PRIVATE and VpcEndpointIds are warned about by the provider.
        "EndpointConfiguration",
        // Warned about by the provider: nothing is compressed.
        "MinimumCompressionSize",
        // Refused by the provider.
        "CloneFrom",
    ],
    no_local_effect: &["Description", "Tags", "Version"],
    not_emulated: &[
        (
            "EndpointAccessMode",
            "gantry serves plain HTTP on its own listener; the endpoint access mode is not enforced",
        ),
        (
            "SecurityPolicy",
            "gantry serves plain HTTP on its own listener; no TLS security policy applies",
        ),
    ],
};

pub(super) const RESOURCE: Coverage = Coverage {
    resource_type: "AWS::ApiGateway::Resource",
    read: &["RestApiId", "ParentId", "PathPart"],
    no_local_effect: &[],
    not_emulated: &[],
};

pub(super) const METHOD: Coverage = Coverage {
    resource_type: "AWS::ApiGateway::Method",
    read: &[
        "RestApiId",
        "ResourceId",
        "HttpMethod",
        "AuthorizationType",
        "AuthorizerId",
        "AuthorizationScopes",
        "ApiKeyRequired",
        "OperationName",
        "RequestValidatorId",
        "RequestParameters",
        "RequestModels",
        "MethodResponses",
        // Its members are checked by the provider; those not honoured are warned about.
        "Integration",
    ],
    no_local_effect: &[],
    not_emulated: &[],
};

pub(super) const DEPLOYMENT: Coverage = Coverage {
    resource_type: "AWS::ApiGateway::Deployment",
    // StageDescription's members are read or warned about by the provider.
    read: &["RestApiId", "StageName", "StageDescription"],
    no_local_effect: &["Description"],
    not_emulated: &[(
        "DeploymentCanarySettings",
        "canary deployments are not emulated: all traffic goes to the main deployment",
    )],
};

pub(super) const STAGE: Coverage = Coverage {
    resource_type: "AWS::ApiGateway::Stage",
    read: &[
        "RestApiId",
        "StageName",
        "DeploymentId",
        "Variables",
        "MethodSettings",
        "AccessLogSetting",
        // Warned about by the provider when true: accepted, not traced.
        "TracingEnabled",
    ],
    no_local_effect: &["Description", "Tags", "DocumentationVersion"],
    not_emulated: STAGE_NOT_EMULATED,
};

pub(super) const AUTHORIZER: Coverage = Coverage {
    resource_type: "AWS::ApiGateway::Authorizer",
    read: &[
        "RestApiId",
        "Name",
        "Type",
        "AuthorizerUri",
        "AuthorizerCredentials",
        "IdentitySource",
        "IdentityValidationExpression",
        "AuthorizerResultTtlInSeconds",
        "ProviderARNs",
    ],
    // Descriptive: the Swagger `x-amazon-apigateway-authtype`.
    no_local_effect: &["AuthType"],
    not_emulated: &[],
};

pub(super) const API_KEY: Coverage = Coverage {
    resource_type: "AWS::ApiGateway::ApiKey",
    read: &["Name", "Value", "Enabled", "StageKeys"],
    // The key's id is random either way; the customer id is for AWS Marketplace.
    no_local_effect: &["Description", "Tags", "GenerateDistinctId", "CustomerId"],
    not_emulated: &[],
};

pub(super) const USAGE_PLAN: Coverage = Coverage {
    resource_type: "AWS::ApiGateway::UsagePlan",
    read: &["UsagePlanName", "ApiStages", "Throttle", "Quota"],
    no_local_effect: &["Description", "Tags"],
    not_emulated: &[],
};

pub(super) const USAGE_PLAN_KEY: Coverage = Coverage {
    resource_type: "AWS::ApiGateway::UsagePlanKey",
    read: &["KeyId", "KeyType", "UsagePlanId"],
    no_local_effect: &[],
    not_emulated: &[],
};

pub(super) const GATEWAY_RESPONSE: Coverage = Coverage {
    resource_type: "AWS::ApiGateway::GatewayResponse",
    read: &[
        "RestApiId",
        "ResponseType",
        "StatusCode",
        "ResponseParameters",
        "ResponseTemplates",
    ],
    no_local_effect: &[],
    not_emulated: &[],
};

pub(super) const MODEL: Coverage = Coverage {
    resource_type: "AWS::ApiGateway::Model",
    read: &["RestApiId", "Name", "ContentType", "Schema"],
    no_local_effect: &["Description"],
    not_emulated: &[],
};

pub(super) const REQUEST_VALIDATOR: Coverage = Coverage {
    resource_type: "AWS::ApiGateway::RequestValidator",
    read: &[
        "RestApiId",
        "Name",
        "ValidateRequestBody",
        "ValidateRequestParameters",
    ],
    no_local_effect: &[],
    not_emulated: &[],
};

pub(super) const ACCOUNT: Coverage = Coverage {
    resource_type: "AWS::ApiGateway::Account",
    // Nothing is served from it: gantry writes its own logs, whatever the role.
    read: &["CloudWatchRoleArn"],
    no_local_effect: &[],
    not_emulated: &[],
};

pub(super) const DOMAIN_NAME: Coverage = Coverage {
    resource_type: "AWS::ApiGateway::DomainName",
    // The TLS settings are warned about by the provider; mutual TLS is refused.
    read: &[
        "DomainName",
        "CertificateArn",
        "RegionalCertificateArn",
        "SecurityPolicy",
        "OwnershipVerificationCertificateArn",
        "EndpointConfiguration",
        "EndpointAccessMode",
        "RoutingMode",
        "MutualTlsAuthentication",
    ],
    no_local_effect: &["Tags"],
    not_emulated: &[],
};

pub(super) const BASE_PATH_MAPPING: Coverage = Coverage {
    resource_type: "AWS::ApiGateway::BasePathMapping",
    read: &["DomainName", "BasePath", "RestApiId", "Stage"],
    no_local_effect: &[],
    not_emulated: &[],
};
