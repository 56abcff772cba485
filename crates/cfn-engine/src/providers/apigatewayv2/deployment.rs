//! `AWS::ApiGatewayV2::Deployment`.

use store::model::{Deployment, ResourceModel};

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let deployment = Deployment {
        api_id: props.required_string("ApiId")?,
        deployment_id: request.physical_id_or(|| request.ids.short_id()),
        stage_name: props.string("StageName")?,
    };
    let id = deployment.deployment_id.clone();
    Ok(
        Provisioned::new(id.clone(), ResourceModel::Deployment(deployment))
            .attribute("DeploymentId", id),
    )
}
