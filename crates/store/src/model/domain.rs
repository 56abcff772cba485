//! Custom domain names of API Gateway and the API mappings that route them.

use serde::{Deserialize, Serialize};

/// `AWS::ApiGatewayV2::DomainName`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainName {
    /// `DomainName`: the host clients call, lower case.
    pub domain_name: String,
    /// `DomainNameArn`.
    #[serde(default)]
    pub domain_name_arn: String,
    /// `RegionalDomainName`: the API Gateway host a DNS record points at.
    #[serde(default)]
    pub regional_domain_name: String,
}

/// `AWS::ApiGatewayV2::ApiMapping`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiMapping {
    /// `ApiMappingId`.
    pub api_mapping_id: String,
    /// `DomainName` the mapping belongs to.
    pub domain_name: String,
    /// `ApiId`.
    pub api_id: String,
    /// `Stage`: the stage requests reach.
    pub stage: String,
    /// `ApiMappingKey`: the path prefix (`orders/v1`), empty for the domain's root.
    #[serde(default)]
    pub api_mapping_key: String,
}
