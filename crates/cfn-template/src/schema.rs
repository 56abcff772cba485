//! What gantry knows about AWS resource types, from AWS's published resource provider
//! schemas (vendored under `schemas/`, see its README for provenance).
//!
//! Two levels of knowledge:
//! - every resource type that exists in some AWS region ([`resource_type`]): its
//!   `Fn::GetAtt` attributes, settable top-level properties and required properties;
//! - the full provider schema of each type gantry deploys ([`provider_schema`]),
//!   including nested property definitions and what `Ref` returns.
//!
//! The data is compiled in with `include_str!` and parsed once, on first use.

use std::sync::LazyLock;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::diagnostic::closest;

/// The resource types gantry can deploy.
pub const DEPLOYABLE_TYPES: &[&str] = &[
    "AWS::ApiGatewayV2::Api",
    "AWS::ApiGatewayV2::Authorizer",
    "AWS::ApiGatewayV2::Deployment",
    "AWS::ApiGatewayV2::Integration",
    "AWS::ApiGatewayV2::Route",
    "AWS::ApiGatewayV2::Stage",
    "AWS::IAM::Policy",
    "AWS::IAM::Role",
    "AWS::Lambda::Function",
    "AWS::Lambda::Permission",
    "AWS::Logs::LogGroup",
];

const ALL_TYPES: &str = include_str!("../schemas/all-types.json");

/// Full provider schemas, with the property whose value `Ref` returns.
///
/// For a compound `primaryIdentifier` (`[ApiId, RouteId]`), `Ref` returns the
/// resource's own identifier, not its parent's (AWS resource reference, "Return
/// values" of each type).
const PROVIDER_SCHEMAS: &[(&str, &str, &str)] = &[
    (
        "AWS::ApiGatewayV2::Api",
        "ApiId",
        include_str!("../schemas/providers/aws-apigatewayv2-api.json"),
    ),
    (
        "AWS::ApiGatewayV2::Authorizer",
        "AuthorizerId",
        include_str!("../schemas/providers/aws-apigatewayv2-authorizer.json"),
    ),
    (
        "AWS::ApiGatewayV2::Deployment",
        "DeploymentId",
        include_str!("../schemas/providers/aws-apigatewayv2-deployment.json"),
    ),
    (
        "AWS::ApiGatewayV2::Integration",
        "IntegrationId",
        include_str!("../schemas/providers/aws-apigatewayv2-integration.json"),
    ),
    (
        "AWS::ApiGatewayV2::Route",
        "RouteId",
        include_str!("../schemas/providers/aws-apigatewayv2-route.json"),
    ),
    (
        "AWS::ApiGatewayV2::Stage",
        "StageName",
        include_str!("../schemas/providers/aws-apigatewayv2-stage.json"),
    ),
    // Unconfirmed: the schema's identifier is `Id`; older documentation says Ref
    // returns the policy's physical name.
    (
        "AWS::IAM::Policy",
        "Id",
        include_str!("../schemas/providers/aws-iam-policy.json"),
    ),
    (
        "AWS::IAM::Role",
        "RoleName",
        include_str!("../schemas/providers/aws-iam-role.json"),
    ),
    (
        "AWS::Lambda::Function",
        "FunctionName",
        include_str!("../schemas/providers/aws-lambda-function.json"),
    ),
    // Unconfirmed: the identifier is `[FunctionName, Id]`; we take `Id`.
    (
        "AWS::Lambda::Permission",
        "Id",
        include_str!("../schemas/providers/aws-lambda-permission.json"),
    ),
    (
        "AWS::Logs::LogGroup",
        "LogGroupName",
        include_str!("../schemas/providers/aws-logs-loggroup.json"),
    ),
];

/// Where the vendored data came from.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct SchemaSource {
    /// The PyPI package, `cfn-lint`.
    pub package: String,
    /// Its version.
    pub version: String,
    /// The date of the schema snapshot inside it.
    pub schema_date: String,
}

/// What is known about one resource type.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct ResourceType {
    /// Attributes `Fn::GetAtt` accepts. `Outputs.*` stands for any `Outputs.Name`.
    pub attributes: Vec<String>,
    /// Settable top-level properties.
    pub properties: Vec<String>,
    /// Required top-level properties.
    pub required: Vec<String>,
    /// Whether properties not in `properties` are accepted.
    #[serde(default)]
    pub open: bool,
}

impl ResourceType {
    /// Whether `Fn::GetAtt` accepts `attribute` for this type.
    pub fn has_attribute(&self, attribute: &str) -> bool {
        self.attributes
            .iter()
            .any(|known| match known.strip_suffix('*') {
                Some(prefix) => attribute.len() > prefix.len() && attribute.starts_with(prefix),
                None => known == attribute,
            })
    }

    /// Whether `name` is a settable property of this type.
    pub fn has_property(&self, name: &str) -> bool {
        self.open || self.properties.iter().any(|known| known == name)
    }
}

#[derive(Debug, Default, Deserialize)]
struct Catalog {
    source: SchemaSource,
    types: IndexMap<String, ResourceType>,
}

// The data is ours and compiled in; a unit test proves it parses, so falling back to
// an empty catalog can only happen if that test is failing.
static CATALOG: LazyLock<Catalog> =
    LazyLock::new(|| serde_json::from_str(ALL_TYPES).unwrap_or_default());

/// The full provider schema of a type gantry deploys.
#[derive(Clone, Debug, PartialEq)]
pub struct ProviderSchema {
    /// The type name, e.g. `AWS::Lambda::Function`.
    pub type_name: &'static str,
    /// The property whose value `Ref` returns, e.g. `FunctionName`.
    pub ref_returns: &'static str,
    /// The schema's `primaryIdentifier`, as property names.
    pub primary_identifier: Vec<String>,
    /// The schema's `readOnlyProperties`, dotted (`SnapStartResponse.ApplyOn`).
    pub read_only_properties: Vec<String>,
    /// The whole schema document.
    pub document: serde_json::Value,
}

static PROVIDERS: LazyLock<Vec<ProviderSchema>> = LazyLock::new(|| {
    PROVIDER_SCHEMAS
        .iter()
        .map(|(type_name, ref_returns, text)| {
            let document: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
            let pointers = |key: &str| -> Vec<String> {
                document
                    .get(key)
                    .and_then(serde_json::Value::as_array)
                    .map(|items| {
                        items
                            .iter()
                            .filter_map(serde_json::Value::as_str)
                            .map(|pointer| {
                                pointer.trim_start_matches("/properties/").replace('/', ".")
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            };
            ProviderSchema {
                type_name,
                ref_returns,
                primary_identifier: pointers("primaryIdentifier"),
                read_only_properties: pointers("readOnlyProperties"),
                document,
            }
        })
        .collect()
});

/// What is known about `type_name`, if it is an AWS resource type in any region.
///
/// ```
/// let role = cfn_template::schema::resource_type("AWS::IAM::Role").unwrap();
/// assert!(role.has_attribute("Arn"));
/// assert!(role.required.contains(&"AssumeRolePolicyDocument".to_owned()));
/// assert!(cfn_template::schema::resource_type("AWS::Lambda::Functoin").is_none());
/// ```
pub fn resource_type(type_name: &str) -> Option<&'static ResourceType> {
    CATALOG.types.get(type_name)
}

/// Every known resource type name, sorted.
pub fn type_names() -> impl Iterator<Item = &'static str> {
    CATALOG.types.keys().map(String::as_str)
}

/// The known type name closest to a misspelled one.
pub fn closest_type(type_name: &str) -> Option<&'static str> {
    closest(type_name, type_names())
}

/// Custom resources: any attribute, any property, provided by the template's author.
pub fn is_custom(type_name: &str) -> bool {
    type_name.starts_with("Custom::") || type_name == "AWS::CloudFormation::CustomResource"
}

/// The full schema of a deployable type ([`DEPLOYABLE_TYPES`]).
pub fn provider_schema(type_name: &str) -> Option<&'static ProviderSchema> {
    PROVIDERS
        .iter()
        .find(|schema| schema.type_name == type_name)
}

/// The cfn-lint version and schema date the data came from.
pub fn source() -> &'static SchemaSource {
    &CATALOG.source
}

#[cfg(test)]
mod tests;
