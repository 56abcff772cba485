//! The events of a nested stack that goes away (removed from the parent, replaced, or
//! rolled back after it was created): its resources deleted, last first, nested stacks
//! within it included, then the child stack itself; and of one rolled back after an
//! update: what it created deleted, what it updated restored (cdk.md §3.5).

use store::model::ResourceModel;
use store::{ResourceRecord, StackRecord};

use crate::events::{ResourceStatus, StackEvent};

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
    let stack_event = |status| StackEvent::of_stack(stack, status);
    events.push(stack_event(ResourceStatus::DeleteInProgress));
    for record in stack.resources.iter().rev() {
        let event = |status| {
            StackEvent::of_record(
                &stack.name,
                record,
                status,
                record.physical_id.clone(),
                None,
            )
        };
        events.push(event(ResourceStatus::DeleteInProgress));
        if let ResourceModel::NestedStack(nested) = &record.model {
            stack_deletion(&nested.stack, events);
        }
        events.push(event(ResourceStatus::DeleteComplete));
    }
    events.push(stack_event(ResourceStatus::DeleteComplete));
}

/// The events of rolling back `model`'s child stack to the one `previous` recorded, if
/// both are nested stacks (none else).
pub(in crate::deploy) fn rollback_events(
    model: &ResourceModel,
    previous: Option<&ResourceRecord>,
) -> Vec<StackEvent> {
    let (ResourceModel::NestedStack(updated), Some(ResourceModel::NestedStack(before))) =
        (model, previous.map(|record| &record.model))
    else {
        return Vec::new();
    };
    let (stack, before) = (&updated.stack, &before.stack);
    let stack_event = |status| StackEvent::of_stack(stack, status);
    let mut events = vec![stack_event(ResourceStatus::UpdateRollbackInProgress)];
    for record in stack.resources.iter().rev() {
        let earlier = before
            .resources
            .iter()
            .find(|earlier| earlier.logical_id == record.logical_id);
        let (status, physical_id, reason) = match earlier {
            Some(earlier) if earlier == record => continue,
            Some(earlier) => (
                ResourceStatus::UpdateComplete,
                earlier.physical_id.clone(),
                Some("restored to the previous deployment".to_owned()),
            ),
            None => (
                ResourceStatus::DeleteComplete,
                record.physical_id.clone(),
                None,
            ),
        };
        events.push(StackEvent::of_record(
            &stack.name,
            record,
            status,
            physical_id,
            reason,
        ));
    }
    events.push(stack_event(ResourceStatus::UpdateRollbackComplete));
    events
}
