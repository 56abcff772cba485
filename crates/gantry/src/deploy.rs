//! How the deploy engine's stack events are shown.

use std::collections::HashMap;

use cfn_engine::{EventSink, ResourceStatus, StackEvent};

use crate::console;

/// The construct path suffix of a CDK L1 resource under its L2 construct
/// (`Hello/Resource` is the function `Hello`).
const DEFAULT_CHILD: &str = "/Resource";

/// Prints stack events as they happen, one line each, like CloudFormation's event list: a
/// nested stack's events are indented under its resource in the parent, and a resource's CDK construct
/// path is shown below the stack's own path (cdk.md §1.3).
#[derive(Debug, Default)]
pub(crate) struct ProgressPrinter {
    /// How deep each stack seen so far is nested (the deployed stack is 0).
    depths: HashMap<String, usize>,
    /// The stack of the previous event: a nested stack's first event follows its
    /// parent's `AWS::CloudFormation::Stack` resource event.
    previous: Option<String>,
    /// The stack's construct path (a CDK artifact's `displayName`), cut from paths.
    construct_root: Option<String>,
}

impl ProgressPrinter {
    /// A printer for a CDK stack at `construct_root` (e.g. `Dev/Svc`).
    pub(crate) fn for_construct(construct_root: Option<String>) -> Self {
        Self {
            construct_root,
            ..Self::default()
        }
    }

    /// How deep `stack_name` is nested, learnt from the order of events.
    fn depth(&mut self, stack_name: &str) -> usize {
        if let Some(depth) = self.depths.get(stack_name) {
            return *depth;
        }
        let parent = self.previous.as_ref().and_then(|p| self.depths.get(p));
        let depth = parent.map_or(0, |depth| depth + 1);
        self.depths.insert(stack_name.to_owned(), depth);
        depth
    }

    /// `Dev/Svc/Hello/Resource` as `Hello`.
    fn construct_path<'a>(&self, path: &'a str) -> &'a str {
        let below = self
            .construct_root
            .as_deref()
            .and_then(|root| path.strip_prefix(root)?.strip_prefix('/'))
            .unwrap_or(path);
        below.strip_suffix(DEFAULT_CHILD).unwrap_or(below)
    }
}

impl EventSink for ProgressPrinter {
    fn event(&mut self, event: StackEvent) {
        // A nested stack's events are indented under its resource in the parent; its
        // own stack events name it.
        let indent = "  ".repeat(self.depth(&event.stack_name));
        self.previous = Some(event.stack_name.clone());
        let mut line = format!(
            "{:<28} {:<44} {indent}{}",
            event.status.as_str(),
            event.resource_type,
            event.logical_id
        );
        if let Some(construct_path) = &event.construct_path {
            line.push_str(&format!(" ({})", self.construct_path(construct_path)));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_construct_path_is_shown_below_the_stack() {
        let printer = ProgressPrinter::for_construct(Some("Dev/Svc".into()));
        assert_eq!(printer.construct_path("Dev/Svc/Hello/Resource"), "Hello");
        assert_eq!(
            printer.construct_path("Dev/Svc/Child.NestedStack/Child.NestedStackResource"),
            "Child.NestedStack/Child.NestedStackResource"
        );
        assert_eq!(printer.construct_path("Other/Hello"), "Other/Hello");
        let plain = ProgressPrinter::default();
        assert_eq!(plain.construct_path("Stack/Fn/Resource"), "Stack/Fn");
    }

    #[test]
    fn a_nested_stack_is_one_level_deeper_than_the_stack_of_the_event_before_it() {
        let mut printer = ProgressPrinter::default();
        let mut seen = |stack: &str| {
            let depth = printer.depth(stack);
            printer.previous = Some(stack.to_owned());
            depth
        };
        let depths: Vec<usize> = [
            "Parent",
            "Parent",
            "Parent-Child-X",
            "Parent-Child-X-Grand-Y",
            "Parent-Child-X",
            "Parent",
        ]
        .into_iter()
        .map(&mut seen)
        .collect();
        assert_eq!(depths, [0, 0, 1, 2, 1, 0]);
    }
}
