//! Which properties of each resource type gantry honours, so that every other one present
//! in a template is named in a warning instead of being ignored silently.
//!
//! `AWS::Lambda::Function` keeps its own, finer table (`lambda/function/emulation.rs`).
//! A test checks that every writable property of every type gantry deploys is classified
//! here (or there), against the vendored resource schemas.

use serde_json::Value;

use crate::provider::ProviderWarning;

/// How gantry treats the properties of one resource type.
pub(crate) struct Coverage {
    /// The resource type.
    pub(crate) resource_type: &'static str,
    /// Read by the provider: honoured, or refused with an error when the value is one
    /// gantry cannot serve.
    pub(crate) read: &'static [&'static str],
    /// Properties that change nothing on this machine (descriptive, or ignored by AWS for
    /// HTTP APIs), so no warning.
    pub(crate) no_local_effect: &'static [&'static str],
    /// Properties AWS honours that gantry does not, with what differs here.
    pub(crate) not_emulated: &'static [(&'static str, &'static str)],
}

const API: Coverage = Coverage {
    resource_type: "AWS::ApiGatewayV2::Api",
    read: &[
        "Name",
        "ProtocolType",
        "Target",
        "RouteKey",
        "CredentialsArn",
        "DisableExecuteApiEndpoint",
        "CorsConfiguration",
        "Body",
        "BodyS3Location",
        "BasePath",
        "FailOnWarnings",
        // Warned about by the provider: WebSocket APIs only.
        "DisableSchemaValidation",
    ],
    no_local_effect: &[
        "Description",
        "Tags",
        "Version",
        // HTTP APIs only accept the default, `$request.method $request.path`.
        "RouteSelectionExpression",
        // WebSocket APIs only.
        "ApiKeySelectionExpression",
    ],
    not_emulated: &[(
        "IpAddressType",
        "gantry listens on the address --host names, whatever the API's IP address type",
    )],
};

const AUTHORIZER: Coverage = Coverage {
    resource_type: "AWS::ApiGatewayV2::Authorizer",
    read: &[
        "ApiId",
        "AuthorizerType",
        "IdentitySource",
        "JwtConfiguration",
        "AuthorizerUri",
        "Name",
        "AuthorizerCredentialsArn",
        "AuthorizerPayloadFormatVersion",
        "AuthorizerResultTtlInSeconds",
        "EnableSimpleResponses",
    ],
    // AWS: "This parameter is not used" for HTTP APIs.
    no_local_effect: &["IdentityValidationExpression"],
    not_emulated: &[],
};

const DEPLOYMENT: Coverage = Coverage {
    resource_type: "AWS::ApiGatewayV2::Deployment",
    read: &["ApiId", "StageName"],
    no_local_effect: &["Description"],
    not_emulated: &[],
};

const INTEGRATION: Coverage = Coverage {
    resource_type: "AWS::ApiGatewayV2::Integration",
    read: &[
        "ApiId",
        "IntegrationType",
        "IntegrationSubtype",
        "IntegrationUri",
        "IntegrationMethod",
        "PayloadFormatVersion",
        "CredentialsArn",
        "TimeoutInMillis",
        "RequestParameters",
        "ResponseParameters",
        // VPC_LINK is refused; TlsConfig is warned about by the provider.
        "ConnectionType",
        "TlsConfig",
    ],
    no_local_effect: &[
        "Description",
        // WebSocket APIs only.
        "ContentHandlingStrategy",
        "PassthroughBehavior",
        "RequestTemplates",
        "TemplateSelectionExpression",
    ],
    not_emulated: &[(
        "ConnectionId",
        "private integrations through a VPC link are not reachable from this machine",
    )],
};

const ROUTE: Coverage = Coverage {
    resource_type: "AWS::ApiGatewayV2::Route",
    read: &[
        "ApiId",
        "RouteKey",
        "Target",
        "AuthorizationType",
        "AuthorizerId",
        "AuthorizationScopes",
    ],
    no_local_effect: &[
        "OperationName",
        // WebSocket APIs only.
        "ApiKeyRequired",
        "ModelSelectionExpression",
        "RequestModels",
        "RequestParameters",
        "RouteResponseSelectionExpression",
    ],
    not_emulated: &[],
};

const STAGE: Coverage = Coverage {
    resource_type: "AWS::ApiGatewayV2::Stage",
    read: &[
        "ApiId",
        "StageName",
        "AutoDeploy",
        "DeploymentId",
        "StageVariables",
        "AccessLogSettings",
        "DefaultRouteSettings",
        "RouteSettings",
    ],
    no_local_effect: &["Description", "Tags"],
    not_emulated: &[(
        "ClientCertificateId",
        "gantry does not call integrations with a client certificate",
    )],
};

const MANAGED_OVERRIDES: Coverage = Coverage {
    resource_type: "AWS::ApiGatewayV2::ApiGatewayManagedOverrides",
    read: &["ApiId", "Integration", "Route"],
    no_local_effect: &[],
    not_emulated: &[(
        "Stage",
        "overrides of the quick-created $default stage (access logs, route settings) are not applied",
    )],
};

const DOMAIN_NAME: Coverage = Coverage {
    resource_type: "AWS::ApiGatewayV2::DomainName",
    // The TLS settings are warned about by the provider; mutual TLS is refused.
    read: &[
        "DomainName",
        "DomainNameConfigurations",
        "MutualTlsAuthentication",
        "RoutingMode",
    ],
    no_local_effect: &["Tags"],
    not_emulated: &[],
};

const API_MAPPING: Coverage = Coverage {
    resource_type: "AWS::ApiGatewayV2::ApiMapping",
    read: &["ApiId", "ApiMappingKey", "DomainName", "Stage"],
    no_local_effect: &[],
    not_emulated: &[],
};

const PERMISSION: Coverage = Coverage {
    resource_type: "AWS::Lambda::Permission",
    read: &[
        "Action",
        "FunctionName",
        "Principal",
        "SourceArn",
        "SourceAccount",
        // A statement for function URL invocations only never lets API Gateway invoke.
        "InvokedViaFunctionUrl",
    ],
    no_local_effect: &[
        // Function URLs, Alexa and organizations are not callers of an HTTP API route.
        "EventSourceToken",
        "FunctionUrlAuthType",
    ],
    not_emulated: &[(
        "PrincipalOrgID",
        "the organization condition is not evaluated; gantry has no AWS Organizations",
    )],
};

const ROLE: Coverage = Coverage {
    resource_type: "AWS::IAM::Role",
    read: &[
        "AssumeRolePolicyDocument",
        "ManagedPolicyArns",
        "Policies",
        "RoleName",
        "Path",
    ],
    no_local_effect: &["Description", "Tags", "MaxSessionDuration"],
    not_emulated: &[(
        "PermissionsBoundary",
        "the permissions boundary is not applied when deciding whether API Gateway may invoke",
    )],
};

const POLICY: Coverage = Coverage {
    resource_type: "AWS::IAM::Policy",
    read: &["PolicyDocument", "PolicyName", "Roles"],
    no_local_effect: &[],
    not_emulated: &[
        (
            "Groups",
            "IAM groups are not modelled; only Roles attachments are read",
        ),
        (
            "Users",
            "IAM users are not modelled; only Roles attachments are read",
        ),
    ],
};

const LOG_GROUP: Coverage = Coverage {
    resource_type: "AWS::Logs::LogGroup",
    read: &["LogGroupName", "RetentionInDays"],
    no_local_effect: &[
        "Tags",
        "LogGroupClass",
        "KmsKeyId",
        "DataProtectionPolicy",
        "DeletionProtectionEnabled",
        "FieldIndexPolicies",
        "ResourcePolicyDocument",
        "BearerTokenAuthenticationEnabled",
    ],
    not_emulated: &[],
};

const VERSION: Coverage = Coverage {
    resource_type: "AWS::Lambda::Version",
    // CodeSha256 is warned about by the provider.
    read: &["FunctionName", "CodeSha256"],
    no_local_effect: &["Description"],
    not_emulated: &[
        (
            "ProvisionedConcurrencyConfig",
            "no environments are kept initialised; each starts on demand",
        ),
        (
            "FunctionScalingConfig",
            "the version scales like the function, up to its concurrency",
        ),
        (
            "RuntimePolicy",
            "the runtime is the interpreter found on PATH, whatever version is pinned",
        ),
    ],
};

const ALIAS: Coverage = Coverage {
    resource_type: "AWS::Lambda::Alias",
    // RoutingConfig is warned about by the provider.
    read: &["Name", "FunctionName", "FunctionVersion", "RoutingConfig"],
    no_local_effect: &["Description"],
    not_emulated: &[(
        "ProvisionedConcurrencyConfig",
        "no environments are kept initialised; each starts on demand",
    )],
};

const LAYER_VERSION: Coverage = Coverage {
    resource_type: "AWS::Lambda::LayerVersion",
    read: &[
        "Content",
        "LayerName",
        "CompatibleRuntimes",
        "CompatibleArchitectures",
    ],
    no_local_effect: &["Description", "LicenseInfo"],
    not_emulated: &[],
};

const URL: Coverage = Coverage {
    resource_type: "AWS::Lambda::Url",
    read: &["AuthType", "TargetFunctionArn", "Qualifier"],
    // The URL is not served (the provider's warning says so), so nothing about how it
    // would answer changes anything here.
    no_local_effect: &["Cors", "InvokeMode"],
    not_emulated: &[],
};

const TABLE: Coverage = Coverage {
    resource_type: "AWS::DynamoDB::Table",
    read: &["TableName", "KeySchema", "StreamSpecification"],
    // The table is not served (the provider's warning says so and how to use DynamoDB
    // Local): its keys, capacity and settings change nothing on this machine.
    no_local_effect: &[
        "AttributeDefinitions",
        "BillingMode",
        "ContributorInsightsSpecification",
        "DeletionProtectionEnabled",
        "GlobalSecondaryIndexes",
        "ImportSourceSpecification",
        "KinesisStreamSpecification",
        "LocalSecondaryIndexes",
        "OnDemandThroughput",
        "PointInTimeRecoverySpecification",
        "ProvisionedThroughput",
        "ResourcePolicy",
        "SSESpecification",
        "TableClass",
        "Tags",
        "TimeToLiveSpecification",
        "VectorIndexes",
        "WarmThroughput",
    ],
    not_emulated: &[],
};

mod cdk;
mod cognito;
mod rest;

/// Every table, by type.
pub(crate) const COVERAGE: &[Coverage] = &[
    rest::REST_API,
    rest::RESOURCE,
    rest::METHOD,
    rest::DEPLOYMENT,
    rest::STAGE,
    rest::AUTHORIZER,
    rest::API_KEY,
    rest::USAGE_PLAN,
    rest::USAGE_PLAN_KEY,
    rest::GATEWAY_RESPONSE,
    rest::MODEL,
    rest::REQUEST_VALIDATOR,
    rest::ACCOUNT,
    rest::DOMAIN_NAME,
    rest::BASE_PATH_MAPPING,
    cognito::USER_POOL,
    cognito::USER_POOL_CLIENT,
    API,
    MANAGED_OVERRIDES,
    DOMAIN_NAME,
    API_MAPPING,
    AUTHORIZER,
    DEPLOYMENT,
    INTEGRATION,
    ROUTE,
    STAGE,
    PERMISSION,
    VERSION,
    ALIAS,
    LAYER_VERSION,
    URL,
    TABLE,
    ROLE,
    POLICY,
    LOG_GROUP,
    cdk::STACK,
    cdk::CDK_METADATA,
    cdk::SSM_PARAMETER,
];

/// A warning for each property present in `properties` that gantry does not honour.
pub(crate) fn unhonoured(resource_type: &str, properties: &Value) -> Vec<ProviderWarning> {
    let Some(coverage) = COVERAGE.iter().find(|c| c.resource_type == resource_type) else {
        return Vec::new();
    };
    let Some(properties) = properties.as_object() else {
        return Vec::new();
    };
    properties
        .keys()
        .map(String::as_str)
        .filter(|name| !coverage.read.contains(name) && !coverage.no_local_effect.contains(name))
        .map(|name| {
            let differs = coverage
                .not_emulated
                .iter()
                .find(|(known, _)| *known == name)
                .map_or(
                    "gantry does not honour this property; the resource is served as if it were absent",
                    |(_, differs)| differs,
                );
            ProviderWarning::property(name, differs)
        })
        .collect()
}

#[cfg(test)]
mod tests;
