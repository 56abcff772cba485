//! `AWS::ApiGatewayV2::Route`.

use store::model::{AuthorizationType, ResourceModel, Route};

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let route_key = props.required_string("RouteKey")?;
    request
        .checks
        .check_route_key(&route_key)
        .map_err(|note| ProviderError::invalid("RouteKey", note.message))?;
    let target = props.string("Target")?;
    if let Some(target) = &target
        && !target.starts_with("integrations/")
    {
        return Err(ProviderError::invalid(
            "Target",
            format!(
                "must be integrations/{{IntegrationId}}, found {target:?}; e.g. !Sub integrations/${{MyIntegration}}"
            ),
        ));
    }
    let route = Route {
        api_id: props.required_string("ApiId")?,
        route_id: request.physical_id_or(|| request.ids.route_id()),
        route_key,
        target,
        authorization_type: props
            .enumerated("AuthorizationType")?
            .unwrap_or(AuthorizationType::None),
        authorizer_id: props.string("AuthorizerId")?,
        authorization_scopes: props.strings("AuthorizationScopes")?,
    };
    let route_id = route.route_id.clone();
    Ok(
        Provisioned::new(route_id.clone(), ResourceModel::Route(route))
            .attribute("RouteId", route_id),
    )
}
