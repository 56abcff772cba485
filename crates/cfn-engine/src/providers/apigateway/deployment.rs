//! `AWS::ApiGateway::Deployment`: a snapshot of a REST API taken when the deployment is
//! created (`deployment/snapshot.rs`), and the stage its `StageName` creates, with the
//! settings of its `StageDescription`.
//!
//! A stage serves the deployment it points to (aws-rest-api.md §1.2, aws-rest-api.md §9.1), and
//! CloudFormation creates a new deployment only when the Deployment resource is replaced
//! (SAM and CDK change its logical id when the API changes). An update in place (its
//! `Description` or `StageName` changed, or nothing) therefore keeps the snapshot taken
//! when it was created; gantry warns when the API has changed since, as the stage goes on
//! serving the old snapshot, exactly as in AWS.

use store::model::ResourceModel;
use store::model::apigateway::{Deployment, Stage};

use super::lookup;
use super::stage::{self, settings};
use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, ProviderWarning, Provisioned};

mod snapshot;

/// `StageDescription` members read into the stage (`stage/settings.rs`), or warned about
/// there (caching, CloudWatch), or descriptive.
const STAGE_DESCRIPTION_KNOWN: &[&str] = &[
    "Variables",
    "MethodSettings",
    "AccessLogSetting",
    "TracingEnabled",
    "ThrottlingRateLimit",
    "ThrottlingBurstLimit",
    "CachingEnabled",
    "CacheTtlInSeconds",
    "CacheDataEncrypted",
    "LoggingLevel",
    "DataTraceEnabled",
    "MetricsEnabled",
    "Description",
    "DocumentationVersion",
    "Tags",
];

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let rest_api_id = props.required_string("RestApiId")?;
    let api = lookup::rest_api(request, &rest_api_id)?;
    let kept = kept(request, &rest_api_id);
    let deployment_id = kept.map_or_else(|| request.ids.short_id(), |d| d.deployment_id.clone());
    let mut warnings = Vec::new();
    let fresh = snapshot::take(request, api)?;
    let snapshot = match kept.map(|d| d.snapshot.clone()) {
        Some(kept) => {
            if kept != fresh {
                warnings.push(ProviderWarning::resource(format!(
                    "the API's resources, methods or settings changed, but deployment \
                     {deployment_id} was made before the change and its stages still serve it; \
                     AWS does the same (a Deployment is only re-created when replaced): change \
                     the Deployment's logical id to deploy the change"
                )));
            }
            kept
        }
        None => fresh,
    };
    warnings.extend(snapshot::without_methods(&snapshot).map(ProviderWarning::resource));
    let stage = stage_of(request, &props, &rest_api_id, &deployment_id, &mut warnings)?;
    let deployment = Deployment {
        rest_api_id,
        deployment_id: deployment_id.clone(),
        stage,
        snapshot,
    };
    Ok(Provisioned::new(
        deployment_id.clone(),
        ResourceModel::RestDeployment(deployment),
    )
    .attribute("DeploymentId", deployment_id)
    .warnings(warnings))
}

/// The deployment as created before, when it is updated in place. `RestApiId` is
/// create-only in AWS: a deployment of another API is a new one.
fn kept<'a>(request: &ProviderRequest<'a>, rest_api_id: &str) -> Option<&'a Deployment> {
    match &request.previous?.model {
        ResourceModel::RestDeployment(previous) if previous.rest_api_id == rest_api_id => {
            Some(previous)
        }
        _ => None,
    }
}

/// The stage `StageName` creates, configured by `StageDescription`.
fn stage_of(
    request: &ProviderRequest<'_>,
    props: &Properties<'_>,
    rest_api_id: &str,
    deployment_id: &str,
    warnings: &mut Vec<ProviderWarning>,
) -> Result<Option<Stage>, ProviderError> {
    let description = props.object("StageDescription")?;
    let Some(stage_name) = props.string("StageName")? else {
        if description.is_some() {
            warnings.push(ProviderWarning::property(
                "StageDescription",
                "has no effect without StageName: no stage is created (AWS ignores it too)",
            ));
        }
        return Ok(None);
    };
    settings::check_stage_name(&stage_name, "StageName")?;
    if let Some(record) = request
        .deployed
        .values()
        .find(|record| match &record.model {
            ResourceModel::RestStage(s) => {
                s.rest_api_id == rest_api_id && s.stage_name == stage_name
            }
            ResourceModel::RestDeployment(d) => {
                d.rest_api_id == rest_api_id
                    && d.stage.as_ref().is_some_and(|s| s.stage_name == stage_name)
            }
            _ => false,
        })
    {
        return Err(stage::stage_exists(
            &stage_name,
            rest_api_id,
            &record.logical_id,
        ));
    }
    let settings = match &description {
        Some(description) => {
            for name in description.names() {
                let differs = match stage::STAGE_NOT_EMULATED.iter().find(|(n, _)| *n == name) {
                    Some((_, differs)) => *differs,
                    None if STAGE_DESCRIPTION_KNOWN.contains(&name) => continue,
                    None => {
                        "gantry does not honour this stage setting; the stage is served as if it were absent"
                    }
                };
                warnings.push(ProviderWarning::property(
                    format!("StageDescription.{name}"),
                    differs,
                ));
            }
            settings::read(description, Some("StageDescription"), warnings)?
        }
        None => settings::StageSettings::default(),
    };
    Ok(Some(Stage {
        rest_api_id: rest_api_id.to_owned(),
        stage_name,
        deployment_id: deployment_id.to_owned(),
        variables: settings.variables,
        method_settings: settings.method_settings,
        access_log_setting: settings.access_log_setting,
        tracing_enabled: settings.tracing_enabled,
    }))
}
