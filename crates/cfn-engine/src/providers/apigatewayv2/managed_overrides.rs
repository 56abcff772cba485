//! `AWS::ApiGatewayV2::ApiGatewayManagedOverrides`: changes to what quick create made.

use store::model::{ApiGatewayManagedOverrides, ResourceModel, RouteOverrides};

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, ProviderWarning, Provisioned};

/// The members of `Route` and `Integration` gantry applies to quick create's route and
/// integration; the top-level properties are classified in `providers/coverage.rs`.
const ROUTE_READ: &[&str] = &["AuthorizationType", "AuthorizerId", "AuthorizationScopes"];
const INTEGRATION_READ: &[&str] = &["TimeoutInMillis", "PayloadFormatVersion"];

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
    let mut warnings = unread_members(props.object("Route")?, "Route", ROUTE_READ);
    warnings.extend(unread_members(integration, "Integration", INTEGRATION_READ));
    let physical_id = request.physical_id_or(|| format!("{api_id}-overrides"));
    Ok(Provisioned::new(
        physical_id,
        ResourceModel::ApiGatewayManagedOverrides(overrides),
    )
    .warnings(warnings))
}

/// A warning for each member of an override that gantry does not apply.
fn unread_members(
    object: Option<Properties<'_>>,
    name: &str,
    read: &[&str],
) -> Vec<ProviderWarning> {
    object
        .iter()
        .flat_map(Properties::names)
        .filter(|member| !read.contains(member))
        .map(|member| {
            ProviderWarning::property(
                format!("{name}.{member}"),
                "gantry does not apply this override; quick create's value stays",
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_override_member_gantry_does_not_apply_is_named_in_a_warning() {
        let route = json!({"AuthorizationType": "JWT", "OperationName": "op"});
        let warnings = unread_members(Some(Properties::new(&route)), "Route", ROUTE_READ);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].property.as_deref(), Some("Route.OperationName"));
        assert!(unread_members(None, "Integration", INTEGRATION_READ).is_empty());
    }
}
