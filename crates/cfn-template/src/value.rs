//! The template value tree: what resource properties, outputs and conditions are made
//! of. Intrinsic functions are parsed once, here, into typed [`Intrinsic`] nodes, so
//! nothing downstream re-inspects `{"Fn::Join": ...}` mappings.

use indexmap::IndexMap;

use crate::diagnostic::Diagnostic;
use crate::intrinsic::{self, Intrinsic};
use crate::syntax::{Node, NodeKind, Position};

/// A template value with the position it starts at.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    /// Where the value starts in the source.
    pub position: Position,
    /// What the value is.
    pub kind: ValueKind,
}

/// The shape of a [`Value`].
#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written in the template.
    Number(String),
    /// A string.
    String(String),
    /// A list.
    List(Vec<Value>),
    /// A mapping, in template order.
    Map(IndexMap<String, Field>),
    /// An intrinsic function call (`Ref`, `Fn::Sub`, ...).
    Intrinsic(Box<Intrinsic>),
}

/// One entry of a [`ValueKind::Map`]: the value and where its key is.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Where the key starts.
    pub key_position: Position,
    /// The value.
    pub value: Value,
}

/// Where a value sits, which decides what a one-key `{"Condition": ...}` mapping means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// Resource properties, outputs, metadata: `{"Condition": X}` is a plain mapping
    /// (IAM policy statements have `Condition` keys).
    Value,
    /// The `Conditions` section and the operands of `Fn::And`/`Fn::Or`/`Fn::Not`, where
    /// `{"Condition": X}` refers to another condition.
    Condition,
}

impl Value {
    /// A string value at `position`.
    pub fn string(text: impl Into<String>, position: Position) -> Self {
        Self {
            position,
            kind: ValueKind::String(text.into()),
        }
    }

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
                    && let Some(parsed) = intrinsic::parse(entry, context, path, diagnostics)
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

    /// The string, if this value is a literal string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::String(text) => Some(text),
            _ => None,
        }
    }

    /// The text of a literal scalar (string, number or boolean).
    pub fn scalar_text(&self) -> Option<String> {
        match &self.kind {
            ValueKind::String(text) | ValueKind::Number(text) => Some(text.clone()),
            ValueKind::Bool(value) => Some(value.to_string()),
            _ => None,
        }
    }

    /// The intrinsic function, if this value is one.
    pub fn as_intrinsic(&self) -> Option<&Intrinsic> {
        match &self.kind {
            ValueKind::Intrinsic(call) => Some(call),
            _ => None,
        }
    }

    /// The fields, if this value is a literal mapping.
    pub fn as_map(&self) -> Option<&IndexMap<String, Field>> {
        match &self.kind {
            ValueKind::Map(fields) => Some(fields),
            _ => None,
        }
    }
}

fn plain_map(
    entries: &[crate::syntax::Entry],
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
