//! The deploy loop's part in the custom-resource protocol: `Delete` requests for custom
//! resources that leave the template, that their provider replaced, or whose creation is
//! rolled back (cdk.md §7.1), and the note shown when gantry answered for a provider.

use std::collections::BTreeMap;

use cfn_template::model::Resource;
use serde_json::Value;
use store::ResourceRecord;
use store::model::ResourceModel;

use super::Run;
use crate::ProviderError;
use crate::custom_resource::CustomResourceRequest;
use crate::events::ResourceStatus;
use crate::providers;

// Unconfirmed: a failed Delete leaves the resource DELETE_FAILED and the stack operation
// still completes, as in CloudFormation's cleanup phase.
// Deviation from AWS: on rollback, a replacement a provider made in the failed run is not
// deleted, and a custom resource whose Create failed without a FAILED answer naming a
// physical id (a timeout, an invocation error) is not sent a Delete.
impl Run<'_, '_> {
    /// Sends a custom resource's provider its `Delete` request, reported as stack events;
    /// returns `false` (and does nothing) for any other resource, and for one gantry
    /// answered for itself. A failed delete is reported, not fatal: CloudFormation
    /// completes the stack operation and leaves the resource `DELETE_FAILED`.
    pub(super) fn delete_custom_resource(&mut self, record: &ResourceRecord) -> bool {
        let Some(request) = providers::custom_resource_delete(
            record,
            self.provider_candidates(),
            self.context,
            self.request.ids.stack_uuid(),
        ) else {
            return false;
        };
        let (logical_id, resource_type) = (&record.logical_id, &record.resource_type);
        let physical_id = Some(record.physical_id.clone());
        self.resource_event(
            logical_id,
            resource_type,
            ResourceStatus::DeleteInProgress,
            physical_id.clone(),
            None,
        );
        let outcome = request.and_then(|request| self.send(&request));
        let (status, reason) = match outcome {
            Ok(()) => (ResourceStatus::DeleteComplete, None),
            Err(reason) => (ResourceStatus::DeleteFailed, Some(reason)),
        };
        self.resource_event(logical_id, resource_type, status, physical_id, reason);
        true
    }

    /// On rollback, sends a custom resource updated in the failed run an `Update` back to
    /// its previous properties, reported as stack events; returns `false` (and does
    /// nothing) for any other resource. Its previous record is what stays deployed.
    pub(super) fn restore_custom_resource(&mut self, record: &ResourceRecord) -> bool {
        let Some(previous) = self.previous(&record.logical_id) else {
            return false;
        };
        let request = providers::custom_resource_restore(
            record,
            previous,
            self.provider_candidates(),
            self.context,
            self.request.ids.stack_uuid(),
        );
        let Some(request) = request else {
            return false;
        };
        let outcome = request.and_then(|request| self.send(&request));
        let (status, reason) = match outcome {
            Ok(()) => (
                ResourceStatus::UpdateComplete,
                "restored to the previous deployment".to_owned(),
            ),
            Err(reason) => (ResourceStatus::UpdateFailed, reason),
        };
        self.resource_event(
            &record.logical_id,
            &record.resource_type,
            status,
            Some(previous.physical_id.clone()),
            Some(reason),
        );
        true
    }

    /// Where a custom resource's provider may be: this run's resources, then the previous
    /// deployment's.
    /// Sends a request to its provider; `Err` is the reason it failed.
    fn send(&self, request: &CustomResourceRequest) -> Result<(), String> {
        self.request
            .checks
            .invoke_custom_resource(request)
            .map(drop)
            .map_err(|failure| failure.reason)
    }

    fn provider_candidates(&self) -> impl Iterator<Item = &ResourceModel> {
        let previous_models = self
            .request
            .previous
            .into_iter()
            .flat_map(|stack| stack.resources.iter().map(|record| &record.model));
        self.deployed
            .records
            .values()
            .map(|record| &record.model)
            .chain(previous_models)
    }

    /// Whether the provider answered this deployed custom resource's `Update` with a new
    /// `PhysicalResourceId`: a replacement, after which the old one is deleted.
    pub(super) fn replaced_by_provider(&self, previous: &ResourceRecord) -> bool {
        let ResourceModel::CustomResource(_) = previous.model else {
            return false;
        };
        self.deployed
            .records
            .get(&previous.logical_id)
            .is_some_and(|record| {
                matches!(record.model, ResourceModel::CustomResource(_))
                    && record.physical_id != previous.physical_id
            })
    }
}

/// The record of a custom resource whose `Create` its provider answered `FAILED`, naming a
/// physical id, for the rollback's `Delete`; `None` for any other failure.
pub(super) fn failed_create(
    resource: &Resource,
    properties: &Value,
    error: &ProviderError,
) -> Option<ResourceRecord> {
    let ProviderError::CustomResourceCreateFailed {
        physical_id, model, ..
    } = error
    else {
        return None;
    };
    Some(ResourceRecord {
        logical_id: resource.logical_id.clone(),
        resource_type: resource.resource_type.clone(),
        physical_id: physical_id.clone(),
        properties: properties.clone(),
        attributes: BTreeMap::new(),
        model: ResourceModel::CustomResource(model.as_ref().clone()),
    })
}

/// What a completed resource's event says besides its status: how gantry answered for a
/// custom resource's provider (an information, not a warning: cdk.md §7.4).
pub(super) fn completion_note(record: &ResourceRecord) -> Option<String> {
    match &record.model {
        ResourceModel::CustomResource(model) => model.handled_by_gantry.clone(),
        _ => None,
    }
}
