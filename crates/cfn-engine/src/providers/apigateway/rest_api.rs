//! `AWS::ApiGateway::RestApi` (aws-rest-api.md §10): the API, its settings, and what
//! importing its `Body`/`BodyS3Location` made. `Ref` is the RestApi id (10 lowercase
//! letters and digits), `GetAtt` gives `RestApiId` and `RootResourceId`; both ids are kept
//! across updates, and so are the ids of imported resources, authorizers and validators.

mod definition;

use serde_json::Value;
use store::model::ResourceModel;
use store::model::apigateway::{ApiKeySourceType, RestApi};

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, ProviderWarning, Provisioned};

/// `EndpointConfiguration.Types` values.
const ENDPOINT_TYPES: &[&str] = &["EDGE", "REGIONAL", "PRIVATE"];
const PRIVATE_ENDPOINT: &str = "PRIVATE";

/// `Mode` values (how an update's definition meets the existing API).
const MODES: &[&str] = &["overwrite", "merge"];

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    if props.value("CloneFrom").is_some() {
        return Err(ProviderError::NotSupported(
            "Properties.CloneFrom: gantry cannot clone a RestApi it does not have; write the API's definition in Body instead".to_owned(),
        ));
    }
    let previous = request.previous.and_then(|record| match &record.model {
        ResourceModel::RestApi(api) => Some(api),
        _ => None,
    });
    let rest_api_id = request.physical_id_or(|| request.ids.api_id());
    // The root resource id is 10 characters like the API's (aws-rest-api.md §2.5).
    let root_resource_id =
        previous.map_or_else(|| request.ids.api_id(), |api| api.root_resource_id.clone());
    let definition = definition::import(
        &props,
        request,
        &rest_api_id,
        &root_resource_id,
        previous.and_then(|api| api.imported.as_ref()),
    )?;
    let (imported, settings, title, mut warnings) = match definition {
        Some(d) => (Some(d.imported), d.settings, d.title, d.warnings),
        None => (None, Default::default(), None, Vec::new()),
    };
    // Without Name, an import names the API after info.title; without a definition Name
    // is required.
    // Unconfirmed: a definition without info.title names the API after its logical id,
    // as gantry's HTTP API import does.
    let name = match props.string("Name")?.or(title) {
        Some(name) => name,
        None if imported.is_some() => request.logical_id.to_owned(),
        None => return Err(ProviderError::missing("Name")),
    };
    // Unconfirmed: CloudFormation applies the RestApi's properties after importing the
    // definition, so a property wins over the extension it stands for; binary media
    // types from both apply.
    let mut binary_media_types = settings.binary_media_types;
    for media_type in props.strings("BinaryMediaTypes")? {
        let media_type = media_type.replace("~1", "/");
        if !binary_media_types.contains(&media_type) {
            binary_media_types.push(media_type);
        }
    }
    let api_key_source_type = props
        .enumerated::<ApiKeySourceType>("ApiKeySourceType")?
        .or(settings.api_key_source)
        .unwrap_or(ApiKeySourceType::Header);
    let policy = match policy(&props)? {
        Some(policy) => Some(policy),
        None => settings.policy,
    };
    let disable_execute_api_endpoint = props
        .bool("DisableExecuteApiEndpoint")?
        .or(settings.disable_execute_api_endpoint)
        .unwrap_or(false);
    endpoint_configuration(&props, &mut warnings)?;
    if let Some(mode) = props.string("Mode")?
        && !MODES.contains(&mode.as_str())
    {
        return Err(ProviderError::invalid(
            "Mode",
            format!("must be overwrite or merge, found {mode:?}"),
        ));
    }
    if props.value("MinimumCompressionSize").is_some() {
        warnings.push(ProviderWarning::property(
            "MinimumCompressionSize",
            "is not applied: gantry does not compress responses",
        ));
    }
    let api_endpoint = request.stack.endpoints.api_endpoint(&rest_api_id);
    let api = RestApi {
        rest_api_id: rest_api_id.clone(),
        root_resource_id: root_resource_id.clone(),
        name,
        api_endpoint,
        binary_media_types,
        api_key_source_type,
        disable_execute_api_endpoint,
        policy,
        imported,
    };
    Ok(
        Provisioned::new(rest_api_id.clone(), ResourceModel::RestApi(api))
            .attribute("RestApiId", rest_api_id)
            .attribute("RootResourceId", root_resource_id)
            .warnings(warnings),
    )
}

/// `Policy`: a policy document, as an object or as its JSON text.
fn policy(props: &Properties<'_>) -> Result<Option<Value>, ProviderError> {
    match props.value("Policy") {
        None => Ok(None),
        Some(Value::String(text)) => serde_json::from_str(text).map(Some).map_err(|e| {
            ProviderError::invalid("Policy", format!("is not a JSON policy document: {e}"))
        }),
        Some(policy @ Value::Object(_)) => Ok(Some(policy.clone())),
        Some(_) => Err(ProviderError::invalid(
            "Policy",
            "must be a policy document (an object or its JSON text)",
        )),
    }
}

/// `EndpointConfiguration`: every endpoint type is served alike, on gantry's listener.
fn endpoint_configuration(
    props: &Properties<'_>,
    warnings: &mut Vec<ProviderWarning>,
) -> Result<(), ProviderError> {
    let Some(configuration) = props.object("EndpointConfiguration")? else {
        return Ok(());
    };
    for endpoint_type in configuration
        .strings("Types")
        .map_err(|e| e.within("EndpointConfiguration"))?
    {
        if !ENDPOINT_TYPES.contains(&endpoint_type.as_str()) {
            return Err(ProviderError::invalid(
                "EndpointConfiguration.Types",
                format!("must be EDGE, REGIONAL or PRIVATE, found {endpoint_type:?}"),
            ));
        }
        if endpoint_type == PRIVATE_ENDPOINT {
            warnings.push(ProviderWarning::property(
                "EndpointConfiguration.Types",
                "is PRIVATE: gantry serves the API on its loopback listener like any other, reachable without a VPC endpoint",
            ));
        }
    }
    if configuration.value("VpcEndpointIds").is_some() {
        warnings.push(ProviderWarning::property(
            "EndpointConfiguration.VpcEndpointIds",
            "is not applied: gantry has no VPC endpoints and serves the API to any local caller",
        ));
    }
    Ok(())
}
