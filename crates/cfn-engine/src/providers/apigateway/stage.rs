//! `AWS::ApiGateway::Stage`: a REST API stage serving the deployment it points to
//! (aws-rest-api.md §1.2, aws-rest-api.md §9.1), with its variables, method settings (throttling) and
//! access logs. The same settings, read from a Deployment's `StageDescription`, make the
//! stage a Deployment's `StageName` creates (`stage/settings.rs`).
//!
//! Caching, canaries and client certificates are named in warnings (answers are always
//! fresh, all traffic goes to the main deployment, integrations are called without a
//! certificate); X-Ray tracing is accepted and not traced.

use store::model::ResourceModel;
use store::model::apigateway::Stage;

use super::lookup;
use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, ProviderWarning, Provisioned};

pub(crate) mod settings;

/// Stage properties gantry accepts but does not honour, with how it differs: a Stage's
/// and a Deployment's `StageDescription` alike.
pub(crate) const STAGE_NOT_EMULATED: &[(&str, &str)] = &[
    (
        "CacheClusterEnabled",
        "gantry does not cache responses: every answer is fresh from the integration",
    ),
    (
        "CacheClusterSize",
        "gantry does not cache responses: every answer is fresh from the integration",
    ),
    (
        "CanarySetting",
        "canary deployments are not emulated: all traffic goes to the main deployment",
    ),
    (
        "ClientCertificateId",
        "gantry does not call integrations with a client certificate",
    ),
];

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let rest_api_id = props.required_string("RestApiId")?;
    let stage_name = props.required_string("StageName")?;
    settings::check_stage_name(&stage_name, "StageName")?;
    let deployment_id = props.required_string("DeploymentId")?;
    lookup::rest_api(request, &rest_api_id)?;
    check_deployment(request, &rest_api_id, &deployment_id)?;
    check_not_declared_by_a_deployment(request, &rest_api_id, &stage_name)?;
    let mut warnings = Vec::new();
    let settings = settings::read(&props, None, &mut warnings)?;
    let stage = Stage {
        rest_api_id,
        stage_name: stage_name.clone(),
        deployment_id,
        variables: settings.variables,
        method_settings: settings.method_settings,
        access_log_setting: settings.access_log_setting,
        tracing_enabled: settings.tracing_enabled,
    };
    Ok(Provisioned::new(stage_name, ResourceModel::RestStage(stage)).warnings(warnings))
}

/// The stage serves a deployment of its own API, deployed before it (`!Ref` of the
/// Deployment orders them); a stage serving nothing is refused rather than deployed empty.
fn check_deployment(
    request: &ProviderRequest<'_>,
    rest_api_id: &str,
    deployment_id: &str,
) -> Result<(), ProviderError> {
    let deployment = request.deployed_models().find_map(|model| match model {
        ResourceModel::RestDeployment(d) if d.deployment_id == deployment_id => Some(d),
        _ => None,
    });
    match deployment {
        Some(deployment) if deployment.rest_api_id == rest_api_id => Ok(()),
        Some(deployment) => Err(ProviderError::invalid(
            "DeploymentId",
            format!(
                "names deployment {deployment_id} of RestApi {}, not of this stage's RestApi {rest_api_id}",
                deployment.rest_api_id
            ),
        )),
        None => Err(ProviderError::invalid(
            "DeploymentId",
            format!(
                "names no AWS::ApiGateway::Deployment of this stack ({deployment_id:?}); use !Ref \
                 of the Deployment the stage serves"
            ),
        )),
    }
}

/// AWS fails to create a stage that a Deployment's `StageName` already made (aws-rest-api.md §9.1).
fn check_not_declared_by_a_deployment(
    request: &ProviderRequest<'_>,
    rest_api_id: &str,
    stage_name: &str,
) -> Result<(), ProviderError> {
    let clash = request
        .deployed
        .values()
        .find(|record| match &record.model {
            ResourceModel::RestDeployment(d) => {
                d.rest_api_id == rest_api_id
                    && d.stage.as_ref().is_some_and(|s| s.stage_name == stage_name)
            }
            _ => false,
        });
    match clash {
        Some(record) => Err(stage_exists(stage_name, rest_api_id, &record.logical_id)),
        None => Ok(()),
    }
}

/// The refusal of a stage declared twice for one API (aws-rest-api.md §9.1).
pub(crate) fn stage_exists(stage_name: &str, rest_api_id: &str, other: &str) -> ProviderError {
    // Unconfirmed: AWS's exact wording for a stage declared twice (aws-rest-api.md §9.1).
    ProviderError::NotSupported(format!(
        "Stage already exists: stage {stage_name} of RestApi {rest_api_id} is also declared by \
         {other}; AWS fails the second one. Declare it once: either an AWS::ApiGateway::Stage or \
         the Deployment's StageName"
    ))
}

/// What a stage's warnings say for the stage-level settings gantry does not honour;
/// shared with a Deployment's `StageDescription`.
pub(crate) fn tracing_warning(path: &str) -> ProviderWarning {
    ProviderWarning::property(
        path,
        "accepted, not traced: gantry has no X-Ray; requests carry no trace segments",
    )
}
