//! The typed template: sections, parameters, mappings, conditions, resources, outputs.
//!
//! [`Template::from_tree`] checks the template's *shape* (section names, attribute
//! names, value kinds) and reports problems as diagnostics; it does not look across
//! sections (references, types, conditions) — that is [`crate::validate()`]'s job.
//!
//! Reference: AWS CloudFormation User Guide, "Template section structure".

mod parameter;
mod resource;
mod rule;

use indexmap::IndexMap;

pub use parameter::{Parameter, ParameterType};
pub use resource::{Output, Resource};
pub use rule::{Assertion, RULE_FUNCTIONS, Rule, RuleExpression, RuleExpressionKind, RuleFunction};

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::syntax::{Node, NodeKind, Position, Spanned};
use crate::value::{Context, Value, ValueKind, walk};

/// The only template format version CloudFormation has.
pub const FORMAT_VERSION: &str = "2010-09-09";

/// The SAM transform's name.
pub const SAM_TRANSFORM: &str = "AWS::Serverless-2016-10-31";

const SECTIONS: &[&str] = &[
    "AWSTemplateFormatVersion",
    "Description",
    "Metadata",
    "Parameters",
    "Rules",
    "Mappings",
    "Conditions",
    "Transform",
    "Resources",
    "Outputs",
];

/// A parsed CloudFormation template.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Template {
    /// `AWSTemplateFormatVersion`, if given.
    pub format_version: Option<String>,
    /// `Description`, if given.
    pub description: Option<String>,
    /// Template-level `Metadata`, if given.
    pub metadata: Option<Value>,
    /// `Transform`: macro names, in order (a string becomes a one-element list).
    pub transforms: Vec<Spanned<String>>,
    /// Whether the template has a SAM `Globals` section.
    pub has_globals: bool,
    /// `Parameters`, by logical ID.
    pub parameters: IndexMap<String, Parameter>,
    /// `Rules`, by name, in template order.
    pub rules: IndexMap<String, Rule>,
    /// `Mappings`, by name.
    pub mappings: IndexMap<String, Mapping>,
    /// `Conditions`, by name.
    pub conditions: IndexMap<String, Condition>,
    /// `Resources`, by logical ID, in template order.
    pub resources: IndexMap<String, Resource>,
    /// `Outputs`, by logical ID.
    pub outputs: IndexMap<String, Output>,
    /// Where each top-level section's key is.
    pub section_positions: IndexMap<String, Position>,
}

/// One entry of `Mappings`: top-level key → second-level key → value.
#[derive(Clone, Debug, PartialEq)]
pub struct Mapping {
    /// The mapping name.
    pub name: String,
    /// Where the mapping's name is.
    pub position: Position,
    /// The values, by top-level then second-level key.
    pub entries: IndexMap<String, IndexMap<String, Value>>,
}

/// One entry of `Conditions`.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// The condition name.
    pub name: String,
    /// Where the name is.
    pub position: Position,
    /// The condition function (`Fn::Equals`, `Fn::And`, ...).
    pub expression: Value,
}

impl Template {
    /// Parses template text (JSON or YAML) into the model, with every syntax and
    /// shape diagnostic. `None` when the text could not be read at all.
    ///
    /// ```
    /// let (template, diagnostics) = cfn_template::Template::parse("Resources:\n  T: {Type: AWS::SNS::Topic}\n");
    /// assert!(diagnostics.is_empty());
    /// assert_eq!(template.unwrap().resources["T"].resource_type, "AWS::SNS::Topic");
    /// ```
    pub fn parse(source: &str) -> (Option<Self>, Vec<Diagnostic>) {
        let parsed = crate::syntax::parse(source);
        let mut diagnostics = parsed.diagnostics;
        let template = parsed
            .root
            .map(|root| Template::from_tree(&root, &mut diagnostics));
        crate::diagnostic::sort(&mut diagnostics);
        (template, diagnostics)
    }

    /// Builds the model from a parsed tree, reporting shape problems in `diagnostics`.
    ///
    /// ```
    /// use cfn_template::model::Template;
    /// use cfn_template::syntax::parse;
    ///
    /// let tree = parse("Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n").root.unwrap();
    /// let mut diagnostics = Vec::new();
    /// let template = Template::from_tree(&tree, &mut diagnostics);
    /// assert!(diagnostics.is_empty());
    /// assert_eq!(template.resources["Logs"].resource_type, "AWS::Logs::LogGroup");
    /// ```
    pub fn from_tree(root: &Node, diagnostics: &mut Vec<Diagnostic>) -> Self {
        let mut template = Template::default();
        let Some(entries) = root.as_mapping() else {
            diagnostics.push(
                Diagnostic::error(
                    format!(
                        "a template must be a mapping of sections, not {}",
                        root.kind_name()
                    ),
                    "",
                    root.position,
                )
                .with_help("start the template with `Resources:`"),
            );
            return template;
        };
        for entry in entries {
            template
                .section_positions
                .insert(entry.key.clone(), entry.key_position);
            template.read_section(
                entry.key.as_str(),
                &entry.value,
                entry.key_position,
                diagnostics,
            );
        }
        if !template.section_positions.contains_key("Resources") {
            diagnostics.push(
                Diagnostic::error("the template has no `Resources` section", "", root.position)
                    .with_help("declare at least one resource under `Resources:`"),
            );
        }
        template
    }

    fn read_section(
        &mut self,
        name: &str,
        node: &Node,
        key_position: Position,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        match name {
            "AWSTemplateFormatVersion" => {
                let version = node.scalar_text();
                if version.as_deref() != Some(FORMAT_VERSION) {
                    diagnostics.push(
                        Diagnostic::error(
                            format!(
                                "unsupported template format version `{}`",
                                version.as_deref().unwrap_or("")
                            ),
                            name,
                            node.position,
                        )
                        .with_help(format!("write `AWSTemplateFormatVersion: \"{FORMAT_VERSION}\"` (the only version) or leave it out")),
                    );
                }
                self.format_version = version;
            }
            "Description" => match node.scalar_text() {
                Some(text) => self.description = Some(text),
                None => diagnostics.push(expected(name, node, "a string")),
            },
            "Metadata" => {
                self.metadata = Some(Value::from_node(node, Context::Value, name, diagnostics))
            }
            "Rules" => {
                for (id, position, value) in members(name, node, diagnostics) {
                    let rule = Rule::from_node(id, position, value, diagnostics);
                    self.rules.insert(id.to_owned(), rule);
                }
            }
            "Transform" => self.read_transforms(node, diagnostics),
            "Globals" => self.has_globals = true,
            "Parameters" => {
                for (id, position, value) in members(name, node, diagnostics) {
                    check_logical_id("parameter", name, id, position, diagnostics);
                    let parameter = Parameter::from_node(id, position, value, diagnostics);
                    self.parameters.insert(id.to_owned(), parameter);
                }
            }
            "Mappings" => {
                for (id, position, value) in members(name, node, diagnostics) {
                    let mapping = read_mapping(id, position, value, diagnostics);
                    self.mappings.insert(id.to_owned(), mapping);
                }
            }
            "Conditions" => {
                for (id, position, value) in members(name, node, diagnostics) {
                    let path = format!("Conditions/{id}");
                    let expression =
                        Value::from_node(value, Context::Condition, &path, diagnostics);
                    let condition = Condition {
                        name: id.to_owned(),
                        position,
                        expression,
                    };
                    self.conditions.insert(id.to_owned(), condition);
                }
            }
            "Resources" => {
                let resources = members(name, node, diagnostics);
                if resources.is_empty() && node.as_mapping().is_some() {
                    diagnostics.push(
                        Diagnostic::error("the `Resources` section is empty", name, key_position)
                            .with_help("declare at least one resource"),
                    );
                }
                for (id, position, value) in resources {
                    check_logical_id("resource", name, id, position, diagnostics);
                    let resource = Resource::from_node(id, position, value, diagnostics);
                    self.resources.insert(id.to_owned(), resource);
                }
            }
            "Outputs" => {
                for (id, position, value) in members(name, node, diagnostics) {
                    check_logical_id("output", name, id, position, diagnostics);
                    if let Some(output) = Output::from_node(id, position, value, diagnostics) {
                        self.outputs.insert(id.to_owned(), output);
                    }
                }
            }
            unknown => diagnostics.push(
                Diagnostic::error(
                    format!("unknown template section `{unknown}`"),
                    unknown,
                    key_position,
                )
                .with_optional_help(
                    did_you_mean(unknown, SECTIONS.iter().copied())
                        .or_else(|| Some(format!("the sections are: {}", SECTIONS.join(", ")))),
                ),
            ),
        }
    }

    fn read_transforms(&mut self, node: &Node, diagnostics: &mut Vec<Diagnostic>) {
        let items: Vec<&Node> = match &node.kind {
            NodeKind::Sequence(items) => items.iter().collect(),
            _ => vec![node],
        };
        for item in items {
            // `{Name: AWS::Include, Parameters: ...}` is the object form of a transform.
            let name = item
                .as_str()
                .or_else(|| item.get("Name").and_then(Node::as_str));
            match name {
                Some(name) => self
                    .transforms
                    .push(Spanned::new(name.to_owned(), item.position)),
                None => diagnostics.push(expected("Transform", item, "a transform name")),
            }
        }
    }

    /// Whether the template needs the SAM transform: it names it in `Transform`, uses
    /// an `AWS::Serverless::*` resource type, or has SAM's `Globals` section.
    pub fn is_sam(&self) -> bool {
        self.transforms.iter().any(|t| t.value == SAM_TRANSFORM)
            || self.has_globals
            || self
                .resources
                .values()
                .any(|resource| resource.resource_type.starts_with("AWS::Serverless::"))
    }
}

/// The `(name, key position, value)` members of a section that must be a mapping.
fn members<'a>(
    section: &str,
    node: &'a Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(&'a str, Position, &'a Node)> {
    match &node.kind {
        NodeKind::Mapping(entries) => entries
            .iter()
            .map(|entry| (entry.key.as_str(), entry.key_position, &entry.value))
            .collect(),
        NodeKind::Null => Vec::new(),
        _ => {
            diagnostics.push(expected(section, node, "a mapping"));
            Vec::new()
        }
    }
}

fn read_mapping(
    name: &str,
    position: Position,
    node: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Mapping {
    let path = format!("Mappings/{name}");
    let mut entries = IndexMap::new();
    for (top_key, _, second) in members(&path, node, diagnostics) {
        let top_path = format!("{path}/{top_key}");
        let mut values = IndexMap::new();
        for (second_key, _, value) in members(&top_path, second, diagnostics) {
            let value_path = format!("{top_path}/{second_key}");
            let mut literal = Value::from_node(value, Context::Value, &value_path, diagnostics);
            // Mapping values are data: a function here could even look itself up.
            let mut has_function = false;
            walk(&literal, &value_path, &mut |found, _| {
                has_function |= found.as_intrinsic().is_some();
            });
            if has_function {
                diagnostics.push(
                    Diagnostic::error(
                        "mapping values must be literal strings or lists; intrinsic functions are not allowed here",
                        value_path,
                        value.position,
                    )
                    .with_help("compute the value where it is used, around the Fn::FindInMap"),
                );
                literal.kind = ValueKind::Null;
            }
            values.insert(second_key.to_owned(), literal);
        }
        entries.insert(top_key.to_owned(), values);
    }
    Mapping {
        name: name.to_owned(),
        position,
        entries,
    }
}

/// CloudFormation logical IDs are alphanumeric (`A-Za-z0-9`).
fn check_logical_id(
    what: &str,
    section: &str,
    id: &str,
    position: Position,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        diagnostics.push(
            Diagnostic::error(
                format!("the {what} logical ID `{id}` is not alphanumeric"),
                format!("{section}/{id}"),
                position,
            )
            .with_help("logical IDs may contain only A-Z, a-z and 0-9"),
        );
    }
}

/// "`X` must be Y, not Z".
pub(crate) fn expected(path: &str, node: &Node, what: &str) -> Diagnostic {
    Diagnostic::error(
        format!(
            "`{}` must be {what}, not {}",
            last_segment(path),
            node.kind_name()
        ),
        path,
        node.position,
    )
}

fn last_segment(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
mod tests;
