//! Naming the cycles that keep resources out of the deployment order.

use std::collections::{BTreeMap, BTreeSet};

use super::{DependencyGraph, Edge};
use crate::diagnostic::Diagnostic;
use crate::model::Template;
use crate::position::Position;

impl DependencyGraph {
    /// Strongly connected components among `nodes` that form cycles (Kosaraju's
    /// algorithm with explicit stacks, so long chains cannot overflow the call stack).
    pub(super) fn cycles(&self, nodes: &[&str]) -> Vec<Vec<String>> {
        let members: BTreeSet<&str> = nodes.iter().copied().collect();
        let mut forward: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut backward: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for edge in self.edges.keys() {
            let (from, to) = (edge.dependent.as_str(), edge.dependency.as_str());
            if members.contains(from) && members.contains(to) {
                forward.entry(from).or_default().push(to);
                backward.entry(to).or_default().push(from);
            }
        }
        let mut finished = Vec::with_capacity(nodes.len());
        let mut seen = BTreeSet::new();
        for &start in nodes {
            if !seen.insert(start) {
                continue;
            }
            let mut stack = vec![(start, 0usize)];
            while let Some((node, next)) = stack.pop() {
                let children = forward.get(node).map_or(&[][..], Vec::as_slice);
                if let Some(&child) = children.get(next) {
                    stack.push((node, next + 1));
                    if seen.insert(child) {
                        stack.push((child, 0));
                    }
                } else {
                    finished.push(node);
                }
            }
        }
        let mut assigned = BTreeSet::new();
        let mut cycles = Vec::new();
        for &root in finished.iter().rev() {
            if !assigned.insert(root) {
                continue;
            }
            let mut component = vec![root];
            let mut stack = vec![root];
            while let Some(node) = stack.pop() {
                for &parent in backward.get(node).map_or(&[][..], Vec::as_slice) {
                    if assigned.insert(parent) {
                        component.push(parent);
                        stack.push(parent);
                    }
                }
            }
            let self_loop = forward
                .get(root)
                .is_some_and(|children| children.contains(&root));
            if component.len() > 1 || self_loop {
                let mut names: Vec<String> = component.into_iter().map(str::to_owned).collect();
                names.sort();
                cycles.push(names);
            }
        }
        cycles.sort();
        cycles
    }

    /// The diagnostic for one cycle: every member, and every edge between members.
    pub(crate) fn cycle_diagnostic(&self, template: &Template, cycle: &[String]) -> Diagnostic {
        let in_cycle: BTreeSet<&str> = cycle.iter().map(String::as_str).collect();
        // Edges sort by dependent first, so each member's edges are one range.
        let links: Vec<String> = cycle
            .iter()
            .flat_map(|member| {
                let start = Edge {
                    dependent: member.clone(),
                    dependency: String::new(),
                };
                self.edges
                    .range(start..)
                    .take_while(move |(edge, _)| edge.dependent == *member)
            })
            .filter(|(edge, _)| in_cycle.contains(edge.dependency.as_str()))
            .map(|(edge, reference)| {
                format!(
                    "`{}` depends on `{}` ({} at line {})",
                    edge.dependent,
                    edge.dependency,
                    reference.kind.as_str(),
                    reference.position.line
                )
            })
            .collect();
        let first = cycle
            .iter()
            .filter_map(|id| template.resources.get(id))
            .min_by_key(|resource| resource.position);
        let (path, position) = first.map_or((String::new(), Position::START), |resource| {
            (
                format!("Resources/{}", resource.logical_id),
                resource.position,
            )
        });
        Diagnostic::error(
            format!(
                "circular dependency between resources: [{}]",
                cycle.join(", ")
            ),
            path,
            position,
        )
        .with_help(format!(
            "{}; remove one of these references to break the cycle",
            links.join(", ")
        ))
    }
}
