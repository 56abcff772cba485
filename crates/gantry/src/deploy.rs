//! How the deploy engine's stack events are shown.

use cfn_engine::{EventSink, ResourceStatus, StackEvent};

use crate::console;

/// Prints stack events as they happen, one line each, like CloudFormation's event list.
pub(crate) struct ProgressPrinter;

impl EventSink for ProgressPrinter {
    fn event(&mut self, event: StackEvent) {
        let mut line = format!(
            "{:<28} {:<44} {}",
            event.status.as_str(),
            event.resource_type,
            event.logical_id
        );
        if let Some(construct_path) = &event.construct_path {
            line.push_str(&format!(" ({construct_path})"));
        }
        if let Some(physical_id) = &event.physical_id
            && event.resource_type != cfn_engine::STACK_RESOURCE_TYPE
            && matches!(
                event.status,
                ResourceStatus::CreateComplete | ResourceStatus::UpdateComplete
            )
        {
            line.push_str(&format!("  {physical_id}"));
        }
        if let Some(reason) = &event.reason {
            line.push_str(&format!("  {reason}"));
        }
        console::line(&line);
    }
}

/// Collects events silently (for `gantry invoke`, which only needs values).
pub(crate) struct Quiet;

impl EventSink for Quiet {
    fn event(&mut self, _event: StackEvent) {}
}
