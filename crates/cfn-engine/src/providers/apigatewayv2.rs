//! `AWS::ApiGatewayV2::*`: HTTP APIs and their parts.

pub(crate) mod api;
pub(crate) mod authorizer;
pub(crate) mod deployment;
pub(crate) mod integration;
pub(crate) mod managed_overrides;
pub(crate) mod route;
pub(crate) mod stage;

use store::model::AuthorizationType;

use crate::ProviderError;

/// Parses `AuthorizationType` (`NONE`, `JWT`, `CUSTOM`, `AWS_IAM`).
pub(crate) fn authorization_type(
    property: &str,
    value: Option<String>,
) -> Result<AuthorizationType, ProviderError> {
    match value.as_deref() {
        None | Some("NONE") => Ok(AuthorizationType::None),
        Some("JWT") => Ok(AuthorizationType::Jwt),
        Some("CUSTOM") => Ok(AuthorizationType::Custom),
        Some("AWS_IAM") => Ok(AuthorizationType::AwsIam),
        Some(other) => Err(ProviderError::invalid(
            property,
            format!("must be NONE, JWT, CUSTOM or AWS_IAM, found {other:?}"),
        )),
    }
}
