//! The dependency graph between the resources a deployment creates, and the order to
//! create them in.
//!
//! Edges come from `Ref`, `Fn::GetAtt`, `Fn::Sub` variables (`${Res}`, `${Res.Attr}`)
//! and `DependsOn`, found after conditions are evaluated: resources whose condition is
//! false are not in the graph, and `Fn::If` contributes only the branch it takes.
//!
//! The order is deterministic and independent of the order resources are declared in:
//! among the resources whose dependencies are all created, the alphabetically first
//! comes next. A cycle is reported with every resource in it.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;

use crate::diagnostic::Diagnostic;
use crate::model::Template;
use crate::position::Position;
use crate::value::{Intrinsic, SubPart, Value, ValueKind};

/// How one resource refers to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DependencyKind {
    /// `Ref`.
    Ref,
    /// `Fn::GetAtt`.
    GetAtt,
    /// A variable of `Fn::Sub`.
    Sub,
    /// The `DependsOn` attribute.
    DependsOn,
}

impl DependencyKind {
    /// The template spelling: `Ref`, `Fn::GetAtt`, `Fn::Sub`, `DependsOn`.
    pub fn as_str(self) -> &'static str {
        match self {
            DependencyKind::Ref => "Ref",
            DependencyKind::GetAtt => "Fn::GetAtt",
            DependencyKind::Sub => "Fn::Sub",
            DependencyKind::DependsOn => "DependsOn",
        }
    }
}

/// One place where a value refers to a resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// The resource referred to.
    pub target: String,
    /// How.
    pub kind: DependencyKind,
    /// Template path of the referring value.
    pub path: String,
    /// Where the referring value is.
    pub position: Position,
}

/// "`dependent` must be created after `dependency`".
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edge {
    /// The resource that waits.
    pub dependent: String,
    /// The resource it waits for.
    pub dependency: String,
}

/// The resources of a deployment and what each waits for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DependencyGraph {
    nodes: Vec<String>,
    edges: BTreeMap<Edge, Reference>,
}

/// The resources a value refers to, following only the `Fn::If` branches `conditions`
/// select (both branches when the condition is unknown).
pub fn references(
    value: &Value,
    path: &str,
    template: &Template,
    conditions: &IndexMap<String, bool>,
    out: &mut Vec<Reference>,
) {
    let mut push = |target: &str, kind: DependencyKind| {
        if template.resources.contains_key(target) {
            out.push(Reference {
                target: target.to_owned(),
                kind,
                path: path.to_owned(),
                position: value.position,
            });
        }
    };
    match &value.kind {
        ValueKind::List(items) => {
            for (index, item) in items.iter().enumerate() {
                references(item, &format!("{path}/{index}"), template, conditions, out);
            }
        }
        ValueKind::Map(fields) => {
            for (key, field) in fields {
                references(
                    &field.value,
                    &format!("{path}/{key}"),
                    template,
                    conditions,
                    out,
                );
            }
        }
        ValueKind::Intrinsic(call) => {
            match call.as_ref() {
                Intrinsic::Ref(target) => push(target, DependencyKind::Ref),
                Intrinsic::GetAtt { logical_id, .. } => push(logical_id, DependencyKind::GetAtt),
                Intrinsic::Sub { parts, variables } => {
                    for part in parts {
                        if let SubPart::Variable(name) = part
                            && !variables.contains_key(name)
                        {
                            let logical_id =
                                name.split_once('.').map_or(name.as_str(), |(id, _)| id);
                            push(logical_id, DependencyKind::Sub);
                        }
                    }
                }
                // Unconfirmed: AWS does not say whether the branch Fn::If does not take
                // still orders resources; we follow only the branch taken, so a
                // reference to a resource whose condition is false is allowed there.
                Intrinsic::If {
                    condition,
                    if_true,
                    if_false,
                } => {
                    let base = format!("{path}/Fn::If");
                    let taken = conditions.get(&condition.value).copied();
                    if taken != Some(false) {
                        references(if_true, &format!("{base}/1"), template, conditions, out);
                    }
                    if taken != Some(true) {
                        references(if_false, &format!("{base}/2"), template, conditions, out);
                    }
                    return;
                }
                _ => {}
            }
            for (suffix, argument) in call.arguments() {
                references(
                    argument,
                    &format!("{path}/{suffix}"),
                    template,
                    conditions,
                    out,
                );
            }
        }
        ValueKind::Null | ValueKind::Bool(_) | ValueKind::Number(_) | ValueKind::String(_) => {}
    }
}

impl DependencyGraph {
    /// Builds the graph of the active resources (those not in `inactive`). A reference
    /// from an active resource to an inactive one is reported in `diagnostics`.
    pub(crate) fn build(
        template: &Template,
        conditions: &IndexMap<String, bool>,
        inactive: &BTreeSet<String>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut graph = DependencyGraph::default();
        for (logical_id, resource) in &template.resources {
            if inactive.contains(logical_id) {
                continue;
            }
            graph.nodes.push(logical_id.clone());
            let base = format!("Resources/{logical_id}");
            let mut found = Vec::new();
            for (name, field) in &resource.properties {
                let path = format!("{base}/Properties/{name}");
                references(&field.value, &path, template, conditions, &mut found);
            }
            // Unconfirmed: CloudFormation resolves intrinsics in resource Metadata
            // (cfn-init reads it), so we treat its references as dependencies too.
            if let Some(metadata) = &resource.metadata {
                references(
                    metadata,
                    &format!("{base}/Metadata"),
                    template,
                    conditions,
                    &mut found,
                );
            }
            for (index, target) in resource.depends_on.iter().enumerate() {
                if template.resources.contains_key(&target.value) {
                    let path = if resource.depends_on.len() == 1 {
                        format!("{base}/DependsOn")
                    } else {
                        format!("{base}/DependsOn/{index}")
                    };
                    found.push(Reference {
                        target: target.value.clone(),
                        kind: DependencyKind::DependsOn,
                        path,
                        position: target.position,
                    });
                }
            }
            for reference in found {
                if inactive.contains(&reference.target) {
                    diagnostics.push(inactive_target(template, logical_id, &reference));
                    continue;
                }
                let edge = Edge {
                    dependent: logical_id.clone(),
                    dependency: reference.target.clone(),
                };
                graph.edges.entry(edge).or_insert(reference);
            }
        }
        graph
    }

    /// Every edge.
    pub fn edges(&self) -> impl Iterator<Item = &Edge> {
        self.edges.keys()
    }

    /// Every edge with the first place in the template that creates it.
    pub fn edges_with_references(&self) -> impl Iterator<Item = (&Edge, &Reference)> {
        self.edges.iter()
    }

    /// The resources `logical_id` waits for, sorted.
    pub fn dependencies_of<'a>(&'a self, logical_id: &'a str) -> impl Iterator<Item = &'a str> {
        self.edges
            .keys()
            .filter(move |edge| edge.dependent == logical_id)
            .map(|edge| edge.dependency.as_str())
    }

    /// The resources in the graph, in template order.
    pub fn resources(&self) -> &[String] {
        &self.nodes
    }

    /// The creation order (alphabetical among resources that are ready at the same
    /// time), and the cycles that keep some resources out of it, each sorted.
    pub fn order(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let mut waiting: BTreeMap<&str, BTreeSet<&str>> = self
            .nodes
            .iter()
            .map(|node| (node.as_str(), BTreeSet::new()))
            .collect();
        let mut dependents: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for edge in self.edges.keys() {
            if let Some(set) = waiting.get_mut(edge.dependent.as_str()) {
                set.insert(edge.dependency.as_str());
            }
            dependents
                .entry(edge.dependency.as_str())
                .or_default()
                .push(edge.dependent.as_str());
        }
        let mut ready: BTreeSet<&str> = waiting
            .iter()
            .filter(|(_, deps)| deps.is_empty())
            .map(|(node, _)| *node)
            .collect();
        let mut order = Vec::with_capacity(self.nodes.len());
        while let Some(next) = ready.pop_first() {
            order.push(next.to_owned());
            for dependent in dependents.get(next).into_iter().flatten() {
                if let Some(deps) = waiting.get_mut(dependent) {
                    deps.remove(next);
                    if deps.is_empty() {
                        ready.insert(dependent);
                    }
                }
            }
        }
        let placed: BTreeSet<&str> = order.iter().map(String::as_str).collect();
        let remaining: Vec<&str> = self
            .nodes
            .iter()
            .map(String::as_str)
            .filter(|node| !placed.contains(node))
            .collect();
        (order, self.cycles(&remaining))
    }
}

fn inactive_target(template: &Template, logical_id: &str, reference: &Reference) -> Diagnostic {
    let condition = template
        .resources
        .get(&reference.target)
        .and_then(|target| target.condition.as_ref())
        .map_or_else(String::new, |condition| condition.value.clone());
    Diagnostic::error(
        format!(
            "`{logical_id}` refers to `{}` ({}), which is not created because its condition `{condition}` is false",
            reference.target,
            reference.kind.as_str()
        ),
        reference.path.clone(),
        reference.position,
    )
    .with_help(format!(
        "wrap the reference in `Fn::If [{condition}, ..., !Ref AWS::NoValue]`, or give `{logical_id}` the condition `{condition}` too"
    ))
}

mod cycles;

#[cfg(test)]
mod tests;
