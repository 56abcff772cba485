//! Syntax nodes to template values: intrinsic function calls are recognised in their
//! long form (`{"Fn::Join": [...]}`; YAML short forms were already turned into it by
//! [`crate::syntax`]), checked, and parsed once into typed [`Intrinsic`] nodes, with a
//! diagnostic for each malformed call. [`Value::from_node`] is the entry point.
//!
//! The call types ([`Intrinsic`], [`SubPart`]) and [`walk`] belong to the value tree in
//! [`crate::value`] and are re-exported here. Evaluation lives in [`crate::eval`].
//!
//! Reference: AWS CloudFormation Template Reference, "Intrinsic function reference"
//! and "Condition functions".

mod parse;
mod sub;

use parse::parse;

pub use sub::parse_sub;

use crate::diagnostic::Diagnostic;
use crate::syntax::{Entry, Node, NodeKind};
use crate::value::{Context, Field, Value, ValueKind};
pub use crate::value::{Intrinsic, SubPart, walk};

/// Every long-form function key, for suggestions on misspelled ones.
pub const FUNCTION_NAMES: &[&str] = &[
    "Ref",
    "Condition",
    "Fn::And",
    "Fn::Base64",
    "Fn::Cidr",
    "Fn::Equals",
    "Fn::FindInMap",
    "Fn::GetAZs",
    "Fn::GetAtt",
    "Fn::If",
    "Fn::ImportValue",
    "Fn::Join",
    "Fn::Not",
    "Fn::Or",
    "Fn::Select",
    "Fn::Split",
    "Fn::Sub",
    "Fn::Transform",
];

impl Value {
    /// Converts a parsed node, recognising intrinsic functions. Malformed intrinsic
    /// calls are reported in `diagnostics` and kept as plain mappings.
    pub fn from_node(
        node: &Node,
        context: Context,
        path: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Self {
        let kind = match &node.kind {
            NodeKind::Null => ValueKind::Null,
            NodeKind::Bool(value) => ValueKind::Bool(*value),
            NodeKind::Number(text) => ValueKind::Number(text.clone()),
            NodeKind::String(text) => ValueKind::String(text.clone()),
            NodeKind::Sequence(items) => ValueKind::List(
                items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| {
                        Value::from_node(item, context, &format!("{path}/{index}"), diagnostics)
                    })
                    .collect(),
            ),
            NodeKind::Mapping(entries) => {
                if let [entry] = entries.as_slice()
                    && let Some(parsed) = parse(entry, context, path, diagnostics)
                {
                    return Value {
                        position: node.position,
                        kind: parsed.map_or_else(
                            || plain_map(entries, context, path, diagnostics),
                            |call| ValueKind::Intrinsic(Box::new(call)),
                        ),
                    };
                }
                plain_map(entries, context, path, diagnostics)
            }
        };
        Value {
            position: node.position,
            kind,
        }
    }
}

/// The fields of a mapping that is not a function call.
fn plain_map(
    entries: &[Entry],
    context: Context,
    path: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> ValueKind {
    let fields = entries
        .iter()
        .map(|entry| {
            let child = format!("{path}/{}", entry.key);
            let field = Field {
                key_position: entry.key_position,
                value: Value::from_node(&entry.value, context, &child, diagnostics),
            };
            (entry.key.clone(), field)
        })
        .collect();
    ValueKind::Map(fields)
}

#[cfg(test)]
mod tests;
