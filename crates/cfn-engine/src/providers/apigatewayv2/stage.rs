//! `AWS::ApiGatewayV2::Stage`.

use store::model::{ResourceModel, Stage};

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let stage_name = props.required_string("StageName")?;
    let stage = Stage {
        api_id: props.required_string("ApiId")?,
        stage_name: stage_name.clone(),
        auto_deploy: props.bool("AutoDeploy")?.unwrap_or(false),
        deployment_id: props.string("DeploymentId")?,
        stage_variables: props.string_map("StageVariables")?,
    };
    let mut provisioned = Provisioned::new(stage_name, ResourceModel::Stage(stage.clone()));
    if !stage.auto_deploy && stage.deployment_id.is_none() {
        provisioned = provisioned.warning(format!(
            "stage {:?} has neither AutoDeploy: true nor a DeploymentId, so AWS would serve nothing \
             on it; gantry serves the API's current routes (set AutoDeploy: true to match)",
            stage.stage_name
        ));
    }
    Ok(provisioned)
}
