//! The snapshot a deployment takes of its REST API (aws-rest-api.md §1.2, aws-rest-api.md §9.1): the
//! RestApi's imported definition, root id, binary media types and API key source, and
//! every `Resource`, `Method`, `Authorizer`, `GatewayResponse`, `Model` and
//! `RequestValidator` of the API deployed so far in this run. A Deployment that does not
//! depend on a method (`DependsOn`, as AWS's examples show) may be created before it, and
//! then does not contain it, as in AWS.

use store::model::ResourceModel;
use store::model::apigateway::{DeploymentSnapshot, RestApi};

use super::super::lookup;
use crate::ProviderError;
use crate::provider::ProviderRequest;

/// What the deployment's warning says when the API has no method yet.
pub(super) fn without_methods(snapshot: &DeploymentSnapshot) -> Option<String> {
    // Deviation from AWS: AWS refuses to create a deployment of an API without methods
    // ("The REST API doesn't contain any methods"); gantry deploys it, serving 403 Missing
    // Authentication Token on every path, and says so (SAM APIs without events have none).
    snapshot.methods.is_empty().then(|| {
        "The REST API doesn't contain any methods: AWS refuses this deployment; gantry deploys \
         it and every request answers 403 Missing Authentication Token. Declare the API's \
         Methods before the Deployment (DependsOn naming them), or give the API events"
            .to_owned()
    })
}

pub(super) fn take(
    request: &ProviderRequest<'_>,
    api: &RestApi,
) -> Result<DeploymentSnapshot, ProviderError> {
    let mut snapshot = api
        .imported
        .clone()
        .map_or_else(DeploymentSnapshot::default, |imported| DeploymentSnapshot {
            resources: imported.resources,
            methods: imported.methods,
            authorizers: imported.authorizers,
            gateway_responses: imported.gateway_responses,
            models: imported.models,
            request_validators: imported.request_validators,
            ..DeploymentSnapshot::default()
        });
    snapshot.root_resource_id = api.root_resource_id.clone();
    snapshot.binary_media_types = api.binary_media_types.clone();
    snapshot.api_key_source_type = Some(api.api_key_source_type);
    let of_api = |id: &str| id == api.rest_api_id;
    for model in request.deployed_models() {
        match model {
            ResourceModel::RestResource(r) if of_api(&r.rest_api_id) => {
                snapshot.resources.push(r.clone())
            }
            ResourceModel::RestMethod(m) if of_api(&m.rest_api_id) => {
                snapshot.methods.push(m.clone())
            }
            ResourceModel::RestAuthorizer(a) if of_api(&a.rest_api_id) => {
                snapshot.authorizers.push(a.clone());
            }
            ResourceModel::GatewayResponse(g) if of_api(&g.rest_api_id) => {
                snapshot.gateway_responses.push(g.clone());
            }
            ResourceModel::RestModel(m) if of_api(&m.rest_api_id) => {
                snapshot.models.push(m.clone())
            }
            ResourceModel::RequestValidator(v) if of_api(&v.rest_api_id) => {
                snapshot.request_validators.push(v.clone());
            }
            _ => {}
        }
    }
    // `deployed` is unordered: parents before children, then by path, as AWS lists them.
    snapshot.resources.sort_by(|a, b| {
        depth(&a.path)
            .cmp(&depth(&b.path))
            .then_with(|| a.path.cmp(&b.path))
    });
    snapshot.methods.sort_by(|a, b| {
        (&a.resource_path, &a.http_method).cmp(&(&b.resource_path, &b.http_method))
    });
    snapshot.authorizers.sort_by(|a, b| a.name.cmp(&b.name));
    snapshot
        .gateway_responses
        .sort_by(|a, b| a.response_type.cmp(&b.response_type));
    snapshot.models.sort_by(|a, b| a.name.cmp(&b.name));
    snapshot
        .request_validators
        .sort_by(|a, b| a.name.cmp(&b.name));
    check_integrations(&snapshot)?;
    Ok(snapshot)
}

fn depth(path: &str) -> usize {
    path.matches('/').count()
}

/// AWS refuses to create a deployment of an API with a method without integration.
fn check_integrations(snapshot: &DeploymentSnapshot) -> Result<(), ProviderError> {
    match snapshot.methods.iter().find(|m| m.integration.is_none()) {
        Some(method) => Err(ProviderError::NotSupported(format!(
            "No integration defined for method {} (AWS refuses the deployment): give the method \
             an Integration",
            lookup::method_label(&method.http_method, &method.resource_path)
        ))),
        None => Ok(()),
    }
}
