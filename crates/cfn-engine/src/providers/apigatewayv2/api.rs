//! `AWS::ApiGatewayV2::Api`, including quick create.

use arn::Arn;
use store::model::{Api, ProtocolType, QuickCreate, ResourceModel};

use super::api_definition;
use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let previous = request.previous.and_then(|record| match &record.model {
        ResourceModel::Api(api) => Some(api),
        _ => None,
    });
    let api_id = request.physical_id_or(|| request.ids.api_id());
    let definition = api_definition::import(
        &props,
        request,
        &api_id,
        previous.and_then(|api| api.imported.as_ref()),
    )?;
    // An imported definition makes an HTTP API: ProtocolType may be left out (§11.5).
    let protocol_type: ProtocolType = match definition {
        Some(_) => props
            .enumerated("ProtocolType")?
            .unwrap_or(ProtocolType::Http),
        None => props.required_enum("ProtocolType")?,
    };
    if protocol_type != ProtocolType::Http {
        return Err(ProviderError::NotSupported(format!(
            "ProtocolType {protocol_type} is not supported; gantry serves HTTP APIs only"
        )));
    }
    let quick_create = quick_create(&props, request, previous)?;
    let api_endpoint = request.stack.endpoints.api_endpoint(&api_id);
    let execute_api_arn = Arn::execute_api(
        request.stack.partition,
        &request.stack.region,
        &request.stack.account_id,
        &api_id,
        "",
    )
    .to_string();
    let (imported, imported_cors, title, warnings) = match definition {
        Some(d) => (Some(d.imported), d.cors, d.title, d.warnings),
        None => (None, None, None, Vec::new()),
    };
    let api = Api {
        api_id: api_id.clone(),
        // Without Name, an import names the API after info.title (§11.5).
        name: props
            .string("Name")?
            .or(title)
            .unwrap_or_else(|| request.logical_id.to_owned()),
        protocol_type,
        api_endpoint: api_endpoint.clone(),
        disable_execute_api_endpoint: props.bool("DisableExecuteApiEndpoint")?.unwrap_or(false),
        // Unconfirmed: CorsConfiguration on the Api wins over x-amazon-apigateway-cors.
        cors_configuration: match super::cors::cors_configuration(&props)? {
            Some(cors) => Some(cors),
            None => imported_cors
                .as_ref()
                .map(super::cors::imported)
                .transpose()?,
        },
        quick_create,
        imported,
    };
    Ok(Provisioned::new(api_id.clone(), ResourceModel::Api(api))
        .attribute("ApiId", api_id)
        .attribute("ApiEndpoint", api_endpoint)
        .attribute("ExecuteApiArn", execute_api_arn)
        .warnings(warnings))
}

/// Quick create: with `Target`, AWS makes a route (`RouteKey` or `$default`), an
/// integration and an auto-deploying `$default` stage. Their ids are kept across updates.
fn quick_create(
    props: &Properties<'_>,
    request: &ProviderRequest<'_>,
    previous: Option<&Api>,
) -> Result<Option<QuickCreate>, ProviderError> {
    let Some(target) = props.string("Target")? else {
        for orphan in ["RouteKey", "CredentialsArn"] {
            if props.value(orphan).is_some() {
                return Err(ProviderError::invalid(
                    orphan,
                    "is only allowed together with Target (quick create)",
                ));
            }
        }
        return Ok(None);
    };
    let route_key = props
        .string("RouteKey")?
        .unwrap_or_else(|| "$default".to_owned());
    request
        .checks
        .check_route_key(&route_key)
        .map_err(|note| ProviderError::invalid("RouteKey", note.message))?;
    let kept = previous.and_then(|api| api.quick_create.as_ref());
    Ok(Some(QuickCreate {
        route_id: kept.map_or_else(|| request.ids.route_id(), |q| q.route_id.clone()),
        integration_id: kept.map_or_else(|| request.ids.route_id(), |q| q.integration_id.clone()),
        route_key,
        target,
        credentials_arn: props.string("CredentialsArn")?,
    }))
}
