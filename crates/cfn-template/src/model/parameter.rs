//! Template parameters: declaration and constraints.
//!
//! Reference: AWS CloudFormation User Guide, "Parameters template section syntax".

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::syntax::{Node, NodeKind, Position};

use super::expected;

const ATTRIBUTES: &[&str] = &[
    "Type",
    "Default",
    "AllowedValues",
    "AllowedPattern",
    "MinLength",
    "MaxLength",
    "MinValue",
    "MaxValue",
    "NoEcho",
    "Description",
    "ConstraintDescription",
];

/// What kind of value a parameter takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParameterType {
    /// `String`.
    String,
    /// `Number`: validated as a number, used as a string.
    Number,
    /// `List<Number>`: comma-separated numbers.
    NumberList,
    /// `CommaDelimitedList`: comma-separated strings, each trimmed.
    CommaDelimitedList,
    /// An AWS-specific type such as `AWS::EC2::VPC::Id` or `List<AWS::EC2::Subnet::Id>`.
    /// gantry treats the value as a string (or list of strings) without checking that
    /// the AWS resource exists.
    AwsSpecific {
        /// Whether it is a `List<...>` type.
        list: bool,
    },
    /// `AWS::SSM::Parameter::Value<...>`: the value names a Systems Manager parameter
    /// whose stored value `Ref` yields (cdk.md §5).
    SsmValue {
        /// Whether the stored value is a list.
        list: bool,
    },
    /// `AWS::SSM::Parameter::Name`: the name of a Systems Manager parameter that must
    /// exist; `Ref` yields the name (cdk.md §5).
    SsmName,
}

impl ParameterType {
    /// Parses a `Type` string; `None` if CloudFormation has no such parameter type.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "String" => ParameterType::String,
            "Number" => ParameterType::Number,
            "List<Number>" => ParameterType::NumberList,
            "CommaDelimitedList" => ParameterType::CommaDelimitedList,
            "AWS::SSM::Parameter::Name" => ParameterType::SsmName,
            _ => {
                if let Some(inner) = text
                    .strip_prefix("AWS::SSM::Parameter::Value<")
                    .and_then(|rest| rest.strip_suffix('>'))
                {
                    let list = inner.starts_with("List<") || inner == "CommaDelimitedList";
                    ParameterType::SsmValue { list }
                } else if let Some(inner) = text
                    .strip_prefix("List<")
                    .and_then(|rest| rest.strip_suffix('>'))
                {
                    if !inner.starts_with("AWS::") {
                        return None;
                    }
                    ParameterType::AwsSpecific { list: true }
                } else if text.starts_with("AWS::") {
                    // Unconfirmed: any `AWS::` name is accepted; AWS checks it against
                    // its list of AWS-specific parameter types.
                    ParameterType::AwsSpecific { list: false }
                } else {
                    return None;
                }
            }
        })
    }

    /// Whether values of this type are lists.
    pub fn is_list(&self) -> bool {
        match self {
            ParameterType::NumberList | ParameterType::CommaDelimitedList => true,
            ParameterType::AwsSpecific { list } | ParameterType::SsmValue { list } => *list,
            ParameterType::String | ParameterType::Number | ParameterType::SsmName => false,
        }
    }

    /// Whether the value is the name of a Systems Manager parameter.
    pub fn is_ssm(&self) -> bool {
        matches!(
            self,
            ParameterType::SsmValue { .. } | ParameterType::SsmName
        )
    }
}

/// One entry of `Parameters`.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// The parameter's logical ID.
    pub logical_id: String,
    /// Where the logical ID is.
    pub position: Position,
    /// The `Type` as written.
    pub type_name: String,
    /// The parsed type; `None` when `Type` is missing or unknown (already reported).
    pub parameter_type: Option<ParameterType>,
    /// `Default`, as text.
    pub default: Option<String>,
    /// `AllowedValues`, as text.
    pub allowed_values: Vec<String>,
    /// `AllowedPattern`: a regular expression the whole value must match.
    pub allowed_pattern: Option<String>,
    /// `MinLength`.
    pub min_length: Option<u64>,
    /// `MaxLength`.
    pub max_length: Option<u64>,
    /// `MinValue`.
    pub min_value: Option<f64>,
    /// `MaxValue`.
    pub max_value: Option<f64>,
    /// `NoEcho`: the value must not be shown.
    pub no_echo: bool,
    /// `Description`.
    pub description: Option<String>,
    /// `ConstraintDescription`: shown when a constraint fails.
    pub constraint_description: Option<String>,
}

impl Parameter {
    /// Reads a parameter declaration, reporting shape problems.
    pub fn from_node(
        logical_id: &str,
        position: Position,
        node: &Node,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Self {
        let path = format!("Parameters/{logical_id}");
        let mut parameter = Parameter {
            logical_id: logical_id.to_owned(),
            position,
            type_name: String::new(),
            parameter_type: None,
            default: None,
            allowed_values: Vec::new(),
            allowed_pattern: None,
            min_length: None,
            max_length: None,
            min_value: None,
            max_value: None,
            no_echo: false,
            description: None,
            constraint_description: None,
        };
        let Some(entries) = node.as_mapping() else {
            diagnostics.push(expected(&path, node, "a mapping"));
            return parameter;
        };
        for entry in entries {
            let key = entry.key.as_str();
            let child = format!("{path}/{key}");
            let value = &entry.value;
            match key {
                "Type" => {
                    parameter.type_name = text(&child, value, diagnostics).unwrap_or_default()
                }
                "Default" => parameter.default = default_text(&child, value, diagnostics),
                "AllowedValues" => parameter.allowed_values = texts(&child, value, diagnostics),
                "AllowedPattern" => parameter.allowed_pattern = text(&child, value, diagnostics),
                "MinLength" => parameter.min_length = integer(&child, value, diagnostics),
                "MaxLength" => parameter.max_length = integer(&child, value, diagnostics),
                "MinValue" => parameter.min_value = number(&child, value, diagnostics),
                "MaxValue" => parameter.max_value = number(&child, value, diagnostics),
                "NoEcho" => parameter.no_echo = boolean(&child, value, diagnostics),
                "Description" => parameter.description = text(&child, value, diagnostics),
                "ConstraintDescription" => {
                    parameter.constraint_description = text(&child, value, diagnostics);
                }
                unknown => diagnostics.push(
                    Diagnostic::error(
                        format!("`{unknown}` is not a parameter attribute"),
                        child,
                        entry.key_position,
                    )
                    .with_optional_help(did_you_mean(unknown, ATTRIBUTES.iter().copied())),
                ),
            }
        }
        if parameter.type_name.is_empty() {
            diagnostics.push(
                Diagnostic::error(format!("parameter `{logical_id}` has no `Type`"), path, position)
                    .with_help("add `Type: String` (or Number, CommaDelimitedList, List<Number>, an AWS-specific type)"),
            );
        } else {
            parameter.parameter_type = ParameterType::parse(&parameter.type_name);
            if parameter.parameter_type.is_none() {
                let known = ["String", "Number", "List<Number>", "CommaDelimitedList"];
                diagnostics.push(
                    Diagnostic::error(
                        format!("unknown parameter type `{}`", parameter.type_name),
                        format!("{path}/Type"),
                        node.get("Type").map_or(position, |n| n.position),
                    )
                    .with_optional_help(did_you_mean(&parameter.type_name, known).or_else(|| {
                        Some("use String, Number, List<Number>, CommaDelimitedList or an AWS-specific type such as AWS::EC2::VPC::Id".to_owned())
                    })),
                );
            }
        }
        parameter
    }
}

fn text(path: &str, node: &Node, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    let found = node.scalar_text();
    if found.is_none() {
        diagnostics.push(expected(path, node, "a string"));
    }
    found
}

/// `Default` may be a scalar, or (for list types) a list of scalars.
///
/// Unconfirmed: CloudFormation documents list defaults as one comma-separated string;
/// a YAML list is accepted and joined with commas.
fn default_text(path: &str, node: &Node, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    match &node.kind {
        NodeKind::Sequence(items) => {
            let parts: Option<Vec<String>> = items.iter().map(Node::scalar_text).collect();
            if parts.is_none() {
                diagnostics.push(expected(path, node, "a string or a list of strings"));
            }
            parts.map(|parts| parts.join(","))
        }
        _ => text(path, node, diagnostics),
    }
}

fn texts(path: &str, node: &Node, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
    match &node.kind {
        NodeKind::Sequence(items) => items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| text(&format!("{path}/{index}"), item, diagnostics))
            .collect(),
        _ => {
            diagnostics.push(expected(path, node, "a list"));
            Vec::new()
        }
    }
}

fn integer(path: &str, node: &Node, diagnostics: &mut Vec<Diagnostic>) -> Option<u64> {
    let found = node.scalar_text().and_then(|text| text.trim().parse().ok());
    if found.is_none() {
        diagnostics.push(expected(path, node, "a whole number"));
    }
    found
}

fn number(path: &str, node: &Node, diagnostics: &mut Vec<Diagnostic>) -> Option<f64> {
    let found = node
        .scalar_text()
        .and_then(|text| text.trim().parse::<f64>().ok())
        .filter(|value| value.is_finite());
    if found.is_none() {
        diagnostics.push(expected(path, node, "a number"));
    }
    found
}

fn boolean(path: &str, node: &Node, diagnostics: &mut Vec<Diagnostic>) -> bool {
    match node
        .scalar_text()
        .map(|text| text.to_ascii_lowercase())
        .as_deref()
    {
        Some("true") => true,
        Some("false") => false,
        _ => {
            diagnostics.push(expected(path, node, "true or false"));
            false
        }
    }
}
