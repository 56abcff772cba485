//! The events of a nested stack that goes away (removed from the parent, replaced, or
//! rolled back after it was created): its resources deleted, last first, nested stacks
//! within it included, then the child stack itself (cdk.md §3.5).

use store::StackRecord;
use store::model::ResourceModel;

use crate::events::{ResourceStatus, STACK_RESOURCE_TYPE, StackEvent};

/// The events of deleting `model`'s child stack, if it is a nested stack (none else).
pub(in crate::deploy) fn deletion_events(model: &ResourceModel) -> Vec<StackEvent> {
    let ResourceModel::NestedStack(nested) = model else {
        return Vec::new();
    };
    let mut events = Vec::new();
    stack_deletion(&nested.stack, &mut events);
    events
}

fn stack_deletion(stack: &StackRecord, events: &mut Vec<StackEvent>) {
    let stack_event = |status| StackEvent {
        stack_name: stack.name.clone(),
        logical_id: stack.name.clone(),
        construct_path: None,
        resource_type: STACK_RESOURCE_TYPE.to_owned(),
        status,
        physical_id: Some(stack.stack_id.clone()),
        reason: None,
    };
    events.push(stack_event(ResourceStatus::DeleteInProgress));
    for record in stack.resources.iter().rev() {
        let event = |status| StackEvent {
            stack_name: stack.name.clone(),
            logical_id: record.logical_id.clone(),
            construct_path: None,
            resource_type: record.resource_type.clone(),
            status,
            physical_id: Some(record.physical_id.clone()),
            reason: None,
        };
        events.push(event(ResourceStatus::DeleteInProgress));
        if let ResourceModel::NestedStack(nested) = &record.model {
            stack_deletion(&nested.stack, events);
        }
        events.push(event(ResourceStatus::DeleteComplete));
    }
    events.push(stack_event(ResourceStatus::DeleteComplete));
}
