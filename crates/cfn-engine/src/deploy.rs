//! The deploy loop: validate → refuse unsupported types → create/update each resource in
//! dependency order → note deletions → evaluate outputs; on any failure, roll back.
//!
//! Nothing is written while the loop runs. The result is the complete new
//! [`StackRecord`]; the caller stores it and starts serving it in one step. Rolling back
//! therefore means discarding the new resources, reported with CloudFormation's events.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use cfn_template::parameters::ParameterValue;
use cfn_template::{Inputs, ParameterOverride, Plan, Validation};
use serde_json::Value;
use store::{ResourceRecord, StackOutput, StackRecord, StackStatus};

use crate::IdSource;
use crate::change::{Change, classify};
use crate::events::{EventSink, ResourceStatus, STACK_RESOURCE_TYPE, StackEvent};
use crate::provider::{DeployChecks, LocalEndpoints, ProviderRequest, StackContext};
use crate::providers;
use crate::resolver::DeployedSoFar;

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
    /// Warnings from the template and the providers.
    pub warnings: Vec<String>,
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
    },
}

fn list_unsupported(resources: &[(String, String)]) -> String {
    resources
        .iter()
        .map(|(id, ty)| format!("{id} ({ty})"))
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
    let mut warnings: Vec<String> = validation
        .diagnostics
        .iter()
        .map(|diagnostic| format!("{}: {}", diagnostic.path, diagnostic.full_message()))
        .collect();
    let Some(plan) = validation.plan else {
        return Err(DeployError::Invalid(Box::new(validation)));
    };
    refuse_unsupported(&plan, request.allow_unsupported)?;

    let context = stack_context(request, &stack_id);
    let mut run = Run::new(request, &context, events);
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
                    partition: partition(request.region).to_owned(),
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
        None => format!(
            "arn:{}:cloudformation:{}:{}:stack/{}/{}",
            partition(request.region),
            request.region,
            request.account_id,
            request.stack_name,
            request.ids.stack_uuid()
        ),
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
        .filter(|resource| providers::provider(&resource.resource_type).is_none())
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
        partition: partition(request.region).to_owned(),
        template_dir: request
            .template_path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        endpoints: request.endpoints.clone(),
    }
}

/// The partition of a region, as `AWS::Partition` resolves it.
fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

fn resolved_parameters(plan: &Plan) -> BTreeMap<String, String> {
    plan.parameters()
        .iter()
        .map(|(name, parameter)| {
            let text = match &parameter.value {
                ParameterValue::String(text) => text.clone(),
                ParameterValue::List(items) => items.join(","),
            };
            (name.clone(), text)
        })
        .collect()
}

/// One deployment in progress: the records made so far and what each step did.
struct Run<'r, 'a> {
    request: &'r DeployRequest<'a>,
    context: &'r StackContext,
    events: &'r mut dyn EventSink,
    deployed: DeployedSoFar<'r>,
    /// What was done, in order, for rollback.
    done: Vec<(String, Step)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Created,
    Updated,
    Unchanged,
}

impl<'r, 'a> Run<'r, 'a> {
    fn new(
        request: &'r DeployRequest<'a>,
        context: &'r StackContext,
        events: &'r mut dyn EventSink,
    ) -> Self {
        Self {
            request,
            context,
            events,
            deployed: DeployedSoFar {
                records: HashMap::new(),
                exports: Some(request.exports),
            },
            done: Vec::new(),
        }
    }

    fn in_progress_status(&self) -> ResourceStatus {
        if self.request.previous.is_some() {
            ResourceStatus::UpdateInProgress
        } else {
            ResourceStatus::CreateInProgress
        }
    }

    fn previous(&self, logical_id: &str) -> Option<&'r ResourceRecord> {
        self.request
            .previous?
            .resources
            .iter()
            .find(|record| record.logical_id == logical_id)
    }

    fn provision_all(
        &mut self,
        plan: &Plan,
        warnings: &mut Vec<String>,
    ) -> Result<(), DeployError> {
        for logical_id in plan.order() {
            let Some(resource) = plan.resource(logical_id) else {
                continue;
            };
            let resource_type = resource.resource_type.clone();
            let fail = |reason: String| DeployError::ResourceFailed {
                logical_id: logical_id.clone(),
                resource_type: resource_type.clone(),
                reason,
            };
            let properties = plan
                .resolve_properties(logical_id, &self.deployed)
                .map(Value::Object)
                .map_err(|e| fail(e.to_string()));
            let metadata = plan
                .resolve_metadata(logical_id, &self.deployed)
                .map(Option::unwrap_or_default)
                .map_err(|e| fail(e.to_string()));
            let (properties, metadata) = match (properties, metadata) {
                (Ok(p), Ok(m)) => (p, m),
                (Err(e), _) | (_, Err(e)) => {
                    self.resource_event(
                        logical_id,
                        &resource_type,
                        ResourceStatus::CreateFailed,
                        None,
                        Some(failure_reason(&e)),
                    );
                    return Err(e);
                }
            };
            let change = classify(self.previous(logical_id), &resource_type, &properties);
            let record = self.provision(
                logical_id,
                &resource_type,
                &properties,
                &metadata,
                change,
                warnings,
            )?;
            self.deployed.records.insert(logical_id.clone(), record);
        }
        Ok(())
    }

    fn provision(
        &mut self,
        logical_id: &str,
        resource_type: &str,
        properties: &Value,
        metadata: &Value,
        change: Change<'r>,
        warnings: &mut Vec<String>,
    ) -> Result<ResourceRecord, DeployError> {
        let (kept, in_progress, complete, failed, reason) = match change {
            Change::Create => (None, ResourceStatus::CreateInProgress, ResourceStatus::CreateComplete, ResourceStatus::CreateFailed, None),
            Change::Update(previous) => (Some(previous), ResourceStatus::UpdateInProgress, ResourceStatus::UpdateComplete, ResourceStatus::UpdateFailed, None),
            Change::Replace { property, .. } => (
                None,
                ResourceStatus::UpdateInProgress,
                ResourceStatus::UpdateComplete,
                ResourceStatus::UpdateFailed,
                Some(match property {
                    Some(property) => format!("Requested update requires the creation of a new physical resource ({property} changed)"),
                    None => "Requested update requires the creation of a new physical resource (type changed)".to_owned(),
                }),
            ),
        };
        let unchanged = kept.is_some_and(|previous| previous.properties == *properties);
        if !unchanged {
            self.resource_event(logical_id, resource_type, in_progress, None, reason);
        }
        let provider_request = ProviderRequest {
            logical_id,
            properties,
            metadata,
            previous: kept,
            stack: self.context,
            ids: self.request.ids,
            checks: self.request.checks,
        };
        let provisioned = match providers::provider(resource_type) {
            Some(provision) => provision(&provider_request),
            None => {
                let has_arn = cfn_template::schema::resource_type(resource_type)
                    .is_some_and(|t| t.has_attribute("Arn"));
                providers::placeholder(&provider_request, resource_type, has_arn)
            }
        };
        let provisioned = match provisioned {
            Ok(provisioned) => provisioned,
            Err(error) => {
                let reason = error.to_string();
                self.resource_event(
                    logical_id,
                    resource_type,
                    failed,
                    None,
                    Some(reason.clone()),
                );
                return Err(DeployError::ResourceFailed {
                    logical_id: logical_id.to_owned(),
                    resource_type: resource_type.to_owned(),
                    reason,
                });
            }
        };
        for warning in &provisioned.warnings {
            warnings.push(format!("{logical_id}: {warning}"));
        }
        let record = ResourceRecord {
            logical_id: logical_id.to_owned(),
            resource_type: resource_type.to_owned(),
            physical_id: provisioned.physical_id,
            properties: properties.clone(),
            attributes: provisioned.attributes,
            model: provisioned.model,
        };
        // An unchanged resource whose attributes still moved (e.g. the API endpoint on a
        // new port) is reported as updated.
        let step = match kept {
            Some(previous) if unchanged && previous == &record => Step::Unchanged,
            Some(_) => Step::Updated,
            None => Step::Created,
        };
        if step != Step::Unchanged {
            if unchanged {
                self.resource_event(logical_id, resource_type, in_progress, None, None);
            }
            self.resource_event(
                logical_id,
                resource_type,
                complete,
                Some(record.physical_id.clone()),
                None,
            );
        }
        self.done.push((logical_id.to_owned(), step));
        Ok(record)
    }

    /// Resources of the previous deployment that the new template no longer has.
    fn delete_removed(&mut self, plan: &Plan) -> Result<(), DeployError> {
        let Some(previous) = self.request.previous else {
            return Ok(());
        };
        for record in previous.resources.iter().rev() {
            let replaced = self
                .done
                .iter()
                .any(|(id, step)| id == &record.logical_id && *step == Step::Created);
            if !plan.is_active(&record.logical_id) || replaced {
                self.resource_event(
                    &record.logical_id,
                    &record.resource_type,
                    ResourceStatus::DeleteInProgress,
                    Some(record.physical_id.clone()),
                    None,
                );
                self.resource_event(
                    &record.logical_id,
                    &record.resource_type,
                    ResourceStatus::DeleteComplete,
                    Some(record.physical_id.clone()),
                    None,
                );
            }
        }
        Ok(())
    }

    fn outputs(&mut self, plan: &Plan) -> Result<Vec<StackOutput>, DeployError> {
        plan.active_outputs()
            .map(|output| {
                let resolved = plan
                    .resolve_output(&output.logical_id, &self.deployed)
                    .map_err(|e| DeployError::ResourceFailed {
                        logical_id: output.logical_id.clone(),
                        resource_type: "Output".to_owned(),
                        reason: e.to_string(),
                    })?;
                Ok(StackOutput {
                    key: resolved.logical_id,
                    value: output_text(&resolved.value),
                    description: resolved.description,
                    export_name: resolved.export_name,
                })
            })
            .collect()
    }

    /// Discards this run's resources, reporting it as CloudFormation does; the previous
    /// deployment (if any) stays what is stored and served.
    fn roll_back(&mut self, failure: &DeployError) {
        let updating = self.request.previous.is_some();
        let (in_progress, complete) = if updating {
            (
                ResourceStatus::UpdateRollbackInProgress,
                ResourceStatus::UpdateRollbackComplete,
            )
        } else {
            (
                ResourceStatus::RollbackInProgress,
                ResourceStatus::RollbackComplete,
            )
        };
        self.stack_event(in_progress, Some(failure_reason(failure)));
        let done = std::mem::take(&mut self.done);
        for (logical_id, step) in done.iter().rev() {
            let Some(record) = self.deployed.records.get(logical_id).cloned() else {
                continue;
            };
            match step {
                Step::Created => {
                    self.resource_event(
                        logical_id,
                        &record.resource_type,
                        ResourceStatus::DeleteComplete,
                        Some(record.physical_id),
                        None,
                    );
                }
                Step::Updated => {
                    let restored = self.previous(logical_id).map(|p| p.physical_id.clone());
                    self.resource_event(
                        logical_id,
                        &record.resource_type,
                        ResourceStatus::UpdateComplete,
                        restored,
                        Some("restored to the previous deployment".to_owned()),
                    );
                }
                Step::Unchanged => {}
            }
        }
        self.stack_event(complete, None);
    }

    fn into_records(self, plan: &Plan) -> Vec<ResourceRecord> {
        let mut records = self.deployed.records;
        plan.order()
            .iter()
            .filter_map(|logical_id| records.remove(logical_id))
            .collect()
    }

    fn stack_event(&mut self, status: ResourceStatus, reason: Option<String>) {
        self.events.event(StackEvent {
            logical_id: self.request.stack_name.to_owned(),
            resource_type: STACK_RESOURCE_TYPE.to_owned(),
            status,
            physical_id: Some(self.context.stack_id.clone()),
            reason,
        });
    }

    fn resource_event(
        &mut self,
        logical_id: &str,
        resource_type: &str,
        status: ResourceStatus,
        physical_id: Option<String>,
        reason: Option<String>,
    ) {
        self.events.event(StackEvent {
            logical_id: logical_id.to_owned(),
            resource_type: resource_type.to_owned(),
            status,
            physical_id,
            reason,
        });
    }
}

fn failure_reason(error: &DeployError) -> String {
    match error {
        DeployError::ResourceFailed { reason, .. } => reason.clone(),
        other => other.to_string(),
    }
}

/// CloudFormation output values are strings; a list is joined with commas.
fn output_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(output_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}
