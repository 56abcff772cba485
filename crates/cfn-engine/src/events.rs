//! Stack events: what the deploy loop reports as it goes, one per resource step, in
//! CloudFormation's vocabulary so the output reads like `aws cloudformation
//! describe-stack-events`.

/// The type name CloudFormation uses for the stack itself in its events.
pub const STACK_RESOURCE_TYPE: &str = "AWS::CloudFormation::Stack";

/// CloudFormation's resource and stack statuses that gantry reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)] // the names are CloudFormation's own
pub enum ResourceStatus {
    CreateInProgress,
    CreateComplete,
    CreateFailed,
    UpdateInProgress,
    UpdateComplete,
    UpdateFailed,
    DeleteInProgress,
    DeleteComplete,
    DeleteFailed,
    RollbackInProgress,
    RollbackComplete,
    UpdateRollbackInProgress,
    UpdateRollbackComplete,
}

impl ResourceStatus {
    /// The status as CloudFormation spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CreateInProgress => "CREATE_IN_PROGRESS",
            Self::CreateComplete => "CREATE_COMPLETE",
            Self::CreateFailed => "CREATE_FAILED",
            Self::UpdateInProgress => "UPDATE_IN_PROGRESS",
            Self::UpdateComplete => "UPDATE_COMPLETE",
            Self::UpdateFailed => "UPDATE_FAILED",
            Self::DeleteInProgress => "DELETE_IN_PROGRESS",
            Self::DeleteComplete => "DELETE_COMPLETE",
            Self::DeleteFailed => "DELETE_FAILED",
            Self::RollbackInProgress => "ROLLBACK_IN_PROGRESS",
            Self::RollbackComplete => "ROLLBACK_COMPLETE",
            Self::UpdateRollbackInProgress => "UPDATE_ROLLBACK_IN_PROGRESS",
            Self::UpdateRollbackComplete => "UPDATE_ROLLBACK_COMPLETE",
        }
    }

    /// Whether this status reports a failure.
    pub fn is_failure(self) -> bool {
        matches!(
            self,
            Self::CreateFailed | Self::UpdateFailed | Self::DeleteFailed
        )
    }
}

/// One step of a deployment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackEvent {
    /// The stack the event is about (a nested stack's own name for its events).
    pub stack_name: String,
    /// The resource's logical id, or the stack name for stack-level events.
    pub logical_id: String,
    /// The CDK construct path (`aws:cdk:path` metadata) of the resource, if it has one,
    /// so a CDK user recognises their construct behind a hashed logical id.
    pub construct_path: Option<String>,
    /// The resource type, or [`STACK_RESOURCE_TYPE`].
    pub resource_type: String,
    /// What happened.
    pub status: ResourceStatus,
    /// The physical id, once known.
    pub physical_id: Option<String>,
    /// Why (failures, replacements, warnings).
    pub reason: Option<String>,
}

impl StackEvent {
    /// An event about `stack` itself (its status as a whole).
    pub(crate) fn of_stack(stack: &store::StackRecord, status: ResourceStatus) -> Self {
        Self {
            stack_name: stack.name.clone(),
            logical_id: stack.name.clone(),
            construct_path: None,
            resource_type: STACK_RESOURCE_TYPE.to_owned(),
            status,
            physical_id: Some(stack.stack_id.clone()),
            reason: None,
        }
    }

    /// An event about one of `stack_name`'s recorded resources, under `physical_id`.
    pub(crate) fn of_record(
        stack_name: &str,
        record: &store::ResourceRecord,
        status: ResourceStatus,
        physical_id: String,
        reason: Option<String>,
    ) -> Self {
        Self {
            stack_name: stack_name.to_owned(),
            logical_id: record.logical_id.clone(),
            construct_path: None,
            resource_type: record.resource_type.clone(),
            status,
            physical_id: Some(physical_id),
            reason,
        }
    }
}

/// Receives events as they happen (the CLI prints them; tests collect them).
pub trait EventSink {
    /// Called once per event, in order.
    fn event(&mut self, event: StackEvent);
}

impl EventSink for Vec<StackEvent> {
    fn event(&mut self, event: StackEvent) {
        self.push(event);
    }
}
