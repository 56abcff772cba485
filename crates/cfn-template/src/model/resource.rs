//! Resources and outputs.
//!
//! Reference: AWS CloudFormation User Guide, "Resources template section syntax",
//! "Outputs template section syntax" and "Resource attribute reference".

use indexmap::IndexMap;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::syntax::{Node, NodeKind, Position, Spanned};
use crate::value::{Context, Field, Value};

use super::expected;

const RESOURCE_ATTRIBUTES: &[&str] = &[
    "Type",
    "Properties",
    "DependsOn",
    "Condition",
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "Metadata",
    "CreationPolicy",
    "UpdatePolicy",
    "Version",
];

const DELETION_POLICIES: &[&str] = &["Delete", "Retain", "RetainExceptOnCreate", "Snapshot"];
const UPDATE_REPLACE_POLICIES: &[&str] = &["Delete", "Retain", "Snapshot"];
const OUTPUT_ATTRIBUTES: &[&str] = &["Value", "Description", "Condition", "Export"];

/// One entry of `Resources`.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// The resource's logical ID.
    pub logical_id: String,
    /// Where the logical ID is.
    pub position: Position,
    /// `Type`, e.g. `AWS::Lambda::Function` (empty when missing, already reported).
    pub resource_type: String,
    /// Where `Type`'s value is.
    pub type_position: Position,
    /// `Properties`, by name, in template order.
    pub properties: IndexMap<String, Field>,
    /// Where the `Properties` key is (the resource's position when absent).
    pub properties_position: Position,
    /// `DependsOn`, as a list.
    pub depends_on: Vec<Spanned<String>>,
    /// `Condition`: the name of the condition that decides whether it is created.
    pub condition: Option<Spanned<String>>,
    /// `DeletionPolicy`.
    pub deletion_policy: Option<Spanned<String>>,
    /// `UpdateReplacePolicy`.
    pub update_replace_policy: Option<Spanned<String>>,
    /// `Metadata`.
    pub metadata: Option<Value>,
    /// `CreationPolicy` (recognised, not acted on).
    pub creation_policy: Option<Value>,
    /// `UpdatePolicy` (recognised, not acted on).
    pub update_policy: Option<Value>,
}

/// One entry of `Outputs`.
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    /// The output's logical ID.
    pub logical_id: String,
    /// Where the logical ID is.
    pub position: Position,
    /// `Value`.
    pub value: Value,
    /// `Description`.
    pub description: Option<Value>,
    /// `Condition`.
    pub condition: Option<Spanned<String>>,
    /// `Export.Name`.
    pub export_name: Option<Value>,
}

impl Resource {
    /// Reads a resource declaration, reporting shape problems.
    pub fn from_node(
        logical_id: &str,
        position: Position,
        node: &Node,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Self {
        let path = format!("Resources/{logical_id}");
        let mut resource = Resource {
            logical_id: logical_id.to_owned(),
            position,
            resource_type: String::new(),
            type_position: position,
            properties: IndexMap::new(),
            properties_position: position,
            depends_on: Vec::new(),
            condition: None,
            deletion_policy: None,
            update_replace_policy: None,
            metadata: None,
            creation_policy: None,
            update_policy: None,
        };
        let Some(entries) = node.as_mapping() else {
            diagnostics.push(expected(&path, node, "a mapping with a `Type`"));
            return resource;
        };
        for entry in entries {
            let key = entry.key.as_str();
            let child = format!("{path}/{key}");
            let value = &entry.value;
            match key {
                "Type" => match value.as_str() {
                    Some(name) => {
                        resource.resource_type = name.to_owned();
                        resource.type_position = value.position;
                    }
                    None => diagnostics.push(expected(&child, value, "a resource type name")),
                },
                "Properties" => {
                    resource.properties_position = entry.key_position;
                    resource.properties = properties(&child, value, diagnostics);
                }
                "DependsOn" => resource.depends_on = names(&child, value, diagnostics),
                "Condition" => resource.condition = name(&child, value, diagnostics),
                "DeletionPolicy" => {
                    resource.deletion_policy =
                        policy(&child, value, DELETION_POLICIES, diagnostics);
                }
                "UpdateReplacePolicy" => {
                    resource.update_replace_policy =
                        policy(&child, value, UPDATE_REPLACE_POLICIES, diagnostics);
                }
                "Metadata" => {
                    resource.metadata =
                        Some(Value::from_node(value, Context::Value, &child, diagnostics));
                }
                "CreationPolicy" => {
                    resource.creation_policy =
                        Some(Value::from_node(value, Context::Value, &child, diagnostics));
                }
                "UpdatePolicy" => {
                    resource.update_policy =
                        Some(Value::from_node(value, Context::Value, &child, diagnostics));
                }
                // A legacy attribute of custom resources; CloudFormation ignores it.
                "Version" => {}
                unknown => diagnostics.push(
                    Diagnostic::error(
                        format!("`{unknown}` is not a resource attribute"),
                        child,
                        entry.key_position,
                    )
                    .with_optional_help(
                        did_you_mean(unknown, RESOURCE_ATTRIBUTES.iter().copied()).or_else(|| {
                            Some("resource properties go under `Properties:`".to_owned())
                        }),
                    ),
                ),
            }
        }
        if resource.resource_type.is_empty() && node.get("Type").is_none() {
            diagnostics.push(
                Diagnostic::error(
                    format!("resource `{logical_id}` has no `Type`"),
                    path,
                    position,
                )
                .with_help("add e.g. `Type: AWS::Lambda::Function`"),
            );
        }
        resource
    }
}

impl Output {
    /// Reads an output declaration, reporting shape problems. `None` without `Value`.
    pub fn from_node(
        logical_id: &str,
        position: Position,
        node: &Node,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Self> {
        let path = format!("Outputs/{logical_id}");
        let Some(entries) = node.as_mapping() else {
            diagnostics.push(expected(&path, node, "a mapping with a `Value`"));
            return None;
        };
        let mut value = None;
        let mut description = None;
        let mut condition = None;
        let mut export_name = None;
        for entry in entries {
            let key = entry.key.as_str();
            let child = format!("{path}/{key}");
            match key {
                "Value" => {
                    value = Some(Value::from_node(
                        &entry.value,
                        Context::Value,
                        &child,
                        diagnostics,
                    ))
                }
                "Description" => {
                    description = Some(Value::from_node(
                        &entry.value,
                        Context::Value,
                        &child,
                        diagnostics,
                    ));
                }
                "Condition" => condition = name(&child, &entry.value, diagnostics),
                "Export" => match entry.value.get("Name") {
                    Some(name) => {
                        let name_path = format!("{child}/Name");
                        export_name = Some(Value::from_node(
                            name,
                            Context::Value,
                            &name_path,
                            diagnostics,
                        ));
                    }
                    None => diagnostics.push(
                        Diagnostic::error("`Export` needs a `Name`", child, entry.value.position)
                            .with_help("write `Export: {Name: !Sub \"${AWS::StackName}-Thing\"}`"),
                    ),
                },
                unknown => diagnostics.push(
                    Diagnostic::error(
                        format!("`{unknown}` is not an output attribute"),
                        child,
                        entry.key_position,
                    )
                    .with_optional_help(did_you_mean(unknown, OUTPUT_ATTRIBUTES.iter().copied())),
                ),
            }
        }
        let Some(value) = value else {
            diagnostics.push(
                Diagnostic::error(
                    format!("output `{logical_id}` has no `Value`"),
                    path,
                    position,
                )
                .with_help("add `Value:` with what the output returns"),
            );
            return None;
        };
        Some(Output {
            logical_id: logical_id.to_owned(),
            position,
            value,
            description,
            condition,
            export_name,
        })
    }
}

fn properties(
    path: &str,
    node: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> IndexMap<String, Field> {
    match &node.kind {
        NodeKind::Mapping(entries) => entries
            .iter()
            .map(|entry| {
                let child = format!("{path}/{}", entry.key);
                let field = Field {
                    key_position: entry.key_position,
                    value: Value::from_node(&entry.value, Context::Value, &child, diagnostics),
                };
                (entry.key.clone(), field)
            })
            .collect(),
        NodeKind::Null => IndexMap::new(),
        _ => {
            diagnostics.push(expected(path, node, "a mapping"));
            IndexMap::new()
        }
    }
}

fn name(path: &str, node: &Node, diagnostics: &mut Vec<Diagnostic>) -> Option<Spanned<String>> {
    match node.as_str() {
        Some(text) => Some(Spanned::new(text.to_owned(), node.position)),
        None => {
            diagnostics.push(expected(path, node, "a name"));
            None
        }
    }
}

fn names(path: &str, node: &Node, diagnostics: &mut Vec<Diagnostic>) -> Vec<Spanned<String>> {
    match &node.kind {
        NodeKind::Sequence(items) => items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| name(&format!("{path}/{index}"), item, diagnostics))
            .collect(),
        _ => name(path, node, diagnostics).into_iter().collect(),
    }
}

fn policy(
    path: &str,
    node: &Node,
    allowed: &[&str],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Spanned<String>> {
    let found = name(path, node, diagnostics)?;
    if !allowed.contains(&found.value.as_str()) {
        diagnostics.push(
            Diagnostic::error(
                format!("`{}` is not a valid policy", found.value),
                path,
                node.position,
            )
            .with_help(format!("use one of: {}", allowed.join(", "))),
        );
    }
    Some(found)
}
