//! `AWS::ApiGatewayV2::ApiGatewayManagedOverrides`: changes to what quick create made.

use store::model::{ApiGatewayManagedOverrides, ResourceModel, RouteOverrides};

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let api_id = props.required_string("ApiId")?;
    let route = match props.object("Route")? {
        None => None,
        Some(route) => Some(RouteOverrides {
            authorization_type: route.enumerated("AuthorizationType")?,
            authorizer_id: route.string("AuthorizerId")?,
            authorization_scopes: route
                .value("AuthorizationScopes")
                .map(|_| route.strings("AuthorizationScopes"))
                .transpose()?,
        }),
    };
    let integration = props.object("Integration")?;
    let overrides = ApiGatewayManagedOverrides {
        api_id: api_id.clone(),
        route,
        integration_timeout_in_millis: integration
            .map(|i| i.u32("TimeoutInMillis"))
            .transpose()?
            .flatten(),
        integration_payload_format_version: integration
            .map(|i| i.enumerated("PayloadFormatVersion"))
            .transpose()?
            .flatten(),
    };
    let physical_id = request.physical_id_or(|| format!("{api_id}-overrides"));
    Ok(Provisioned::new(
        physical_id,
        ResourceModel::ApiGatewayManagedOverrides(overrides),
    ))
}
