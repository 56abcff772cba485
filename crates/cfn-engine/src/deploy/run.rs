//! One deployment in progress: provision each resource in order, note deletions,
//! evaluate outputs, and report it all as stack events; roll back on failure.

use std::collections::HashMap;

use cfn_template::Plan;
use cfn_template::model::Resource;
use serde_json::Value;
use store::{ResourceRecord, StackOutput};

use super::nested::{self, ChildReport};
use super::warning::property_line;
use super::{DeployError, DeployRequest, DeployWarning, failure_reason, output_text};
use crate::change::{Change, classify};
use crate::dynamic_reference::resolve_ssm;
use crate::events::{EventSink, ResourceStatus, STACK_RESOURCE_TYPE, StackEvent};
use crate::provider::{ProviderRequest, StackContext};
use crate::providers;
use crate::resolver::DeployedSoFar;

mod custom_resources;

/// One deployment in progress: the records made so far and what each step did.
pub(super) struct Run<'r, 'a> {
    request: &'r DeployRequest<'a>,
    context: &'r StackContext,
    events: &'r mut dyn EventSink,
    deployed: DeployedSoFar<'r>,
    /// What was done, in order, for rollback.
    done: Vec<(String, Step)>,
    /// Each resource's CDK construct path (`aws:cdk:path`), shown with its events.
    construct_paths: HashMap<String, String>,
    /// A custom resource whose provider answered `FAILED` to its `Create` with a
    /// physical id: the rollback sends it a `Delete`.
    failed_create: Option<ResourceRecord>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Created,
    Updated,
    Unchanged,
}

impl<'r, 'a> Run<'r, 'a> {
    pub(super) fn new(
        request: &'r DeployRequest<'a>,
        context: &'r StackContext,
        events: &'r mut dyn EventSink,
        plan: &Plan,
    ) -> Self {
        Self {
            construct_paths: construct_paths(plan),
            failed_create: None,
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

    pub(super) fn in_progress_status(&self) -> ResourceStatus {
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

    pub(super) fn provision_all(
        &mut self,
        plan: &Plan,
        warnings: &mut Vec<DeployWarning>,
    ) -> Result<(), DeployError> {
        for logical_id in plan.order() {
            let Some(resource) = plan.resource(logical_id) else {
                continue;
            };
            let resource_type = resource.resource_type.clone();
            // At the property's line when the reason names one, else the resource's.
            let fail_at = |reason: String, property: Option<&str>| DeployError::ResourceFailed {
                logical_id: logical_id.clone(),
                resource_type: resource_type.clone(),
                reason,
                line: property
                    .and_then(|path| property_line(resource, path))
                    .or(Some(resource.position.line)),
            };
            let fail = |reason: String| fail_at(reason, None);
            let properties = plan
                .resolve_properties(logical_id, &self.deployed)
                .map(Value::Object)
                .map_err(|e| fail(e.to_string()))
                .and_then(|properties| {
                    resolve_ssm(properties, self.request.ssm_parameters)
                        .map_err(|e| fail_at(e.to_string(), e.property()))
                });
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
            let record = self.provision(resource, &properties, &metadata, change, warnings)?;
            self.deployed.records.insert(logical_id.clone(), record);
        }
        Ok(())
    }

    fn provision(
        &mut self,
        resource: &Resource,
        properties: &Value,
        metadata: &Value,
        change: Change<'r>,
        warnings: &mut Vec<DeployWarning>,
    ) -> Result<ResourceRecord, DeployError> {
        let (logical_id, resource_type) = (
            resource.logical_id.as_str(),
            resource.resource_type.as_str(),
        );
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
            resource_type,
            properties,
            metadata,
            previous: kept,
            stack: self.context,
            ids: self.request.ids,
            checks: self.request.checks,
            deployed: &self.deployed.records,
            previous_stack: self.request.previous,
            now: self.request.now,
        };
        let mut child = ChildReport::default();
        let provisioned = match providers::provider(resource_type) {
            _ if resource_type == nested::STACK_TYPE => {
                nested::provision(self.request, &provider_request, &mut child)
            }
            Some(provision) => provision(&provider_request),
            None => {
                let has_arn = cfn_template::schema::resource_type(resource_type)
                    .is_some_and(|t| t.has_attribute("Arn"));
                providers::placeholder(&provider_request, resource_type, has_arn)
            }
        };
        let provisioned = match provisioned {
            Ok(provisioned) => {
                provisioned.warnings(providers::unhonoured(resource_type, properties))
            }
            Err(error) => {
                self.failed_create = custom_resources::failed_create(resource, properties, &error);
                let reason = error.to_string();
                let line = error
                    .property()
                    .and_then(|path| property_line(resource, path))
                    .unwrap_or(resource.position.line);
                if unchanged && !child.events.is_empty() {
                    self.resource_event(logical_id, resource_type, in_progress, None, None);
                }
                self.forward(child.events);
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
                    line: Some(line),
                });
            }
        };
        warnings.extend(child.warnings);
        warnings.extend(
            provisioned
                .warnings
                .iter()
                .map(|warning| DeployWarning::from_provider(resource, warning)),
        );
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
            // A nested stack's own events come inside its resource's (cdk.md §3.4).
            self.forward(child.events);
            self.resource_event(
                logical_id,
                resource_type,
                complete,
                Some(record.physical_id.clone()),
                custom_resources::completion_note(&record),
            );
        }
        self.done.push((logical_id.to_owned(), step));
        Ok(record)
    }

    /// Resources of the previous deployment that the new template no longer has.
    pub(super) fn delete_removed(&mut self, plan: &Plan) -> Result<(), DeployError> {
        let Some(previous) = self.request.previous else {
            return Ok(());
        };
        for record in previous.resources.iter().rev() {
            let replaced = self
                .done
                .iter()
                .any(|(id, step)| id == &record.logical_id && *step == Step::Created);
            let replaced = replaced || self.replaced_by_provider(record);
            if (!plan.is_active(&record.logical_id) || replaced)
                && !self.delete_custom_resource(record)
            {
                self.resource_event(
                    &record.logical_id,
                    &record.resource_type,
                    ResourceStatus::DeleteInProgress,
                    Some(record.physical_id.clone()),
                    None,
                );
                self.forward(nested::deletion_events(&record.model));
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

    pub(super) fn outputs(&mut self, plan: &Plan) -> Result<Vec<StackOutput>, DeployError> {
        plan.active_outputs()
            .map(|output| {
                let resolved = plan
                    .resolve_output(&output.logical_id, &self.deployed)
                    .map_err(|e| DeployError::ResourceFailed {
                        logical_id: output.logical_id.clone(),
                        resource_type: "Output".to_owned(),
                        reason: e.to_string(),
                        line: None,
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
    pub(super) fn roll_back(&mut self, failure: &DeployError) {
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
        // The resource that failed is rolled back first: a custom resource whose Create
        // answered FAILED is sent its Delete (cdk.md §7.1).
        if let Some(record) = self.failed_create.take() {
            self.delete_custom_resource(&record);
        }
        let done = std::mem::take(&mut self.done);
        for (logical_id, step) in done.iter().rev() {
            let Some(record) = self.deployed.records.get(logical_id).cloned() else {
                continue;
            };
            match step {
                Step::Created if self.delete_custom_resource(&record) => {}
                Step::Created => {
                    self.forward(nested::deletion_events(&record.model));
                    self.resource_event(
                        logical_id,
                        &record.resource_type,
                        ResourceStatus::DeleteComplete,
                        Some(record.physical_id),
                        None,
                    );
                }
                Step::Updated if self.restore_custom_resource(&record) => {}
                Step::Updated => {
                    self.forward(nested::rollback_events(
                        &record.model,
                        self.previous(logical_id),
                    ));
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

    pub(super) fn into_records(self, plan: &Plan) -> Vec<ResourceRecord> {
        let mut records = self.deployed.records;
        plan.order()
            .iter()
            .filter_map(|logical_id| records.remove(logical_id))
            .collect()
    }

    /// Reports events made elsewhere (a nested stack's) as they are.
    fn forward(&mut self, events: Vec<StackEvent>) {
        for event in events {
            self.events.event(event);
        }
    }

    pub(super) fn stack_event(&mut self, status: ResourceStatus, reason: Option<String>) {
        self.events.event(StackEvent {
            stack_name: self.request.stack_name.to_owned(),
            logical_id: self.request.stack_name.to_owned(),
            construct_path: None,
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
            stack_name: self.request.stack_name.to_owned(),
            logical_id: logical_id.to_owned(),
            construct_path: self.construct_paths.get(logical_id).cloned(),
            resource_type: resource_type.to_owned(),
            status,
            physical_id,
            reason,
        });
    }
}

/// The CDK metadata key naming a resource's construct path.
const CDK_PATH: &str = "aws:cdk:path";

/// Each resource's `aws:cdk:path` metadata, when it is a plain string.
fn construct_paths(plan: &Plan) -> HashMap<String, String> {
    plan.order()
        .iter()
        .filter_map(|logical_id| {
            let metadata = plan.resource(logical_id)?.metadata.as_ref()?;
            let path = metadata.as_map()?.get(CDK_PATH)?.value.as_str()?;
            Some((logical_id.clone(), path.to_owned()))
        })
        .collect()
}
