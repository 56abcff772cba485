//! The deploy loop: validate → refuse unsupported types → create/update each resource in
//! dependency order → note deletions → evaluate outputs; on any failure, roll back.
//!
//! Nothing is written while the loop runs. The result is the complete new
//! [`StackRecord`]; the caller stores it and starts serving it in one step. Rolling back
//! therefore means discarding the new resources, reported with CloudFormation's events.

use std::collections::BTreeMap;
use std::path::Path;

use arn::{Arn, Partition};
use cfn_template::{Inputs, ParameterOverride, Plan, Validation};
use serde_json::Value;
use store::{StackRecord, StackStatus};

use crate::events::{EventSink, ResourceStatus};
use crate::provider::{DeployChecks, LocalEndpoints, StackContext};
use crate::providers;
use crate::{IdSource, LocalAssets};

mod nested;
mod run;
mod service_integrations;
mod warning;

use run::Run;
pub use warning::DeployWarning;

/// Everything a deployment needs.
pub struct DeployRequest<'a> {
    /// The stack's name.
    pub stack_name: &'a str,
    /// The template file (for the record and to resolve local code paths).
    pub template_path: &'a Path,
    /// The template text.
    pub template_body: &'a str,
    /// `--parameter-overrides`.
    pub parameter_overrides: Vec<ParameterOverride>,
    /// `AWS::Region`.
    pub region: &'a str,
    /// `AWS::AccountId`.
    pub account_id: &'a str,
    /// The stack as deployed now, if it exists: an update keeps its ids.
    pub previous: Option<&'a StackRecord>,
    /// Exports of the other deployed stacks, for `Fn::ImportValue`.
    pub exports: &'a BTreeMap<String, String>,
    /// Where the S3 objects the template names are locally (CDK assets).
    pub assets: &'a LocalAssets,
    /// The local parameter store, for `AWS::SSM::Parameter::Value<...>` parameters.
    pub ssm_parameters: &'a BTreeMap<String, String>,
    /// Create inert placeholders for types gantry cannot deploy instead of refusing.
    pub allow_unsupported: bool,
    /// How local API endpoints are spelled.
    pub endpoints: LocalEndpoints,
    /// Checks by the serving components.
    pub checks: &'a dyn DeployChecks,
    /// Where new ids come from.
    pub ids: &'a IdSource,
    /// Unix time of the deployment.
    pub now: i64,
}

/// A successful deployment.
#[derive(Debug)]
pub struct Deployed {
    /// The new stack record to store and serve.
    pub record: StackRecord,
    /// Warnings from the template and the providers, each with its template line.
    pub warnings: Vec<DeployWarning>,
}

/// Why a deployment did not happen.
#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    /// The template has errors; nothing was attempted.
    #[error("the template is not valid")]
    Invalid(Box<Validation>),
    /// The stack name, region or account id is malformed.
    #[error(transparent)]
    Inputs(#[from] cfn_template::Error),
    /// The template uses types gantry cannot deploy; nothing was attempted.
    #[error("the template uses resource types gantry cannot deploy: {}", list_unsupported(.0))]
    Unsupported(Vec<(String, String)>),
    /// A resource failed; the deployment was rolled back and the previous one (if any)
    /// is still what is served.
    #[error("{logical_id} ({resource_type}) failed: {reason}")]
    ResourceFailed {
        /// The failing resource (or output).
        logical_id: String,
        /// Its type.
        resource_type: String,
        /// Why, and what to change.
        reason: String,
        /// The 1-based template line at fault (the property the reason names, else the
        /// resource), when known.
        line: Option<u32>,
    },
}

fn list_unsupported(resources: &[(String, String)]) -> String {
    resources
        .iter()
        .map(|(id, ty)| match providers::event_source_note(ty) {
            Some(note) => format!("{id} ({ty}: {note})"),
            None => format!("{id} ({ty})"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Deploys (creates or updates) a stack; see the module docs for the steps.
pub fn deploy(
    request: &DeployRequest<'_>,
    events: &mut dyn EventSink,
) -> Result<Deployed, DeployError> {
    let stack_id = stack_id(request);
    let validation = validate(request, &stack_id)?;
    let mut warnings: Vec<DeployWarning> = validation
        .diagnostics
        .iter()
        .map(|diagnostic| DeployWarning {
            file: None,
            line: Some(diagnostic.position().line),
            logical_id: None,
            message: format!("{}: {}", diagnostic.path, diagnostic.full_message()),
        })
        .collect();
    let Some(plan) = validation.plan else {
        return Err(DeployError::Invalid(Box::new(validation)));
    };
    refuse_unsupported(&plan, request.allow_unsupported)?;
    service_integrations::refuse_service_integrations(&plan, request.allow_unsupported)?;

    let context = stack_context(request, &stack_id);
    let mut run = Run::new(request, &context, events, &plan);
    run.stack_event(run.in_progress_status(), None);
    let outcome = run
        .provision_all(&plan, &mut warnings)
        .and_then(|()| run.delete_removed(&plan))
        .and_then(|()| run.outputs(&plan));
    match outcome {
        Ok(outputs) => {
            let status = if request.previous.is_some() {
                StackStatus::UpdateComplete
            } else {
                StackStatus::CreateComplete
            };
            run.stack_event(
                if request.previous.is_some() {
                    ResourceStatus::UpdateComplete
                } else {
                    ResourceStatus::CreateComplete
                },
                None,
            );
            Ok(Deployed {
                record: StackRecord {
                    name: request.stack_name.to_owned(),
                    stack_id,
                    region: request.region.to_owned(),
                    account_id: request.account_id.to_owned(),
                    partition: Partition::of_region(request.region).id().to_owned(),
                    status,
                    template_path: request.template_path.display().to_string(),
                    template_body: request.template_body.to_owned(),
                    parameters: resolved_parameters(&plan),
                    outputs,
                    resources: run.into_records(&plan),
                    updated_at: request.now,
                },
                warnings,
            })
        }
        Err(failure) => {
            run.roll_back(&failure);
            Err(failure)
        }
    }
}

fn stack_id(request: &DeployRequest<'_>) -> String {
    match request.previous {
        Some(previous) => previous.stack_id.clone(),
        None => Arn::cloudformation_stack(
            Partition::of_region(request.region),
            request.region,
            request.account_id,
            request.stack_name,
            &request.ids.stack_uuid(),
        )
        .to_string(),
    }
}

fn validate(request: &DeployRequest<'_>, stack_id: &str) -> Result<Validation, DeployError> {
    let inputs = Inputs {
        region: request.region.to_owned(),
        account_id: request.account_id.to_owned(),
        stack_name: request.stack_name.to_owned(),
        stack_id: Some(stack_id.to_owned()),
        notification_arns: Vec::new(),
        parameter_overrides: request.parameter_overrides.clone(),
        ssm_parameters: request.ssm_parameters.clone(),
    };
    let validation = cfn_template::validate(request.template_body, &inputs)?;
    if validation.is_valid() {
        Ok(validation)
    } else {
        Err(DeployError::Invalid(Box::new(validation)))
    }
}

fn refuse_unsupported(plan: &Plan, allow_unsupported: bool) -> Result<(), DeployError> {
    let unsupported: Vec<(String, String)> = plan
        .active_resources()
        .filter(|resource| {
            providers::provider(&resource.resource_type).is_none()
                && resource.resource_type != nested::STACK_TYPE
        })
        .map(|resource| (resource.logical_id.clone(), resource.resource_type.clone()))
        .collect();
    if unsupported.is_empty() || allow_unsupported {
        Ok(())
    } else {
        Err(DeployError::Unsupported(unsupported))
    }
}

fn stack_context(request: &DeployRequest<'_>, stack_id: &str) -> StackContext {
    StackContext {
        stack_name: request.stack_name.to_owned(),
        stack_id: stack_id.to_owned(),
        region: request.region.to_owned(),
        account_id: request.account_id.to_owned(),
        partition: Partition::of_region(request.region),
        template_dir: request
            .template_path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        endpoints: request.endpoints.clone(),
    }
}

/// The stack's parameters as CloudFormation records them: a Systems Manager typed
/// parameter keeps the SSM parameter *name* it was given (cdk.md §5), since the value is
/// read from the store again at each deployment; others their value, lists joined with
/// commas.
fn resolved_parameters(plan: &Plan) -> BTreeMap<String, String> {
    plan.parameters()
        .iter()
        .map(|(name, parameter)| {
            let text = match &parameter.ssm_name {
                Some(ssm_name) => ssm_name.clone(),
                None => parameter.value.to_text(),
            };
            (name.clone(), text)
        })
        .collect()
}

pub(super) fn failure_reason(error: &DeployError) -> String {
    match error {
        DeployError::ResourceFailed { reason, .. } => reason.clone(),
        other => other.to_string(),
    }
}

/// CloudFormation output values are strings; a list is joined with commas.
pub(super) fn output_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(output_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}
