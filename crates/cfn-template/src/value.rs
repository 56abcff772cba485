//! The template value tree: what resource properties, outputs and conditions are made
//! of. Intrinsic function calls are typed [`Intrinsic`] nodes of the tree, so nothing
//! downstream re-inspects `{"Fn::Join": ...}` mappings, and [`walk`] visits every value
//! nested in one.
//!
//! The tree is data only. [`crate::intrinsic`] builds it from syntax nodes
//! ([`Value::from_node`]), recognising and checking the calls; [`crate::eval`]
//! evaluates it.

use indexmap::IndexMap;

use crate::position::{Position, Spanned};

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

/// One intrinsic function call, with its arguments, as [`crate::intrinsic`] parses it.
///
/// Reference: AWS CloudFormation Template Reference, "Intrinsic function reference"
/// and "Condition functions".
#[derive(Clone, Debug, PartialEq)]
pub enum Intrinsic {
    /// `Ref`: a parameter, pseudo parameter or resource.
    Ref(String),
    /// `Fn::GetAtt`: an attribute of a resource. The attribute may be computed
    /// (`Ref` to a parameter) in the list form.
    GetAtt {
        /// The resource.
        logical_id: String,
        /// The attribute name (a string, or a `Ref`).
        attribute: Value,
    },
    /// `Fn::Sub`: string interpolation.
    Sub {
        /// The string, split into literal text and `${...}` variables.
        parts: Vec<SubPart>,
        /// The variable map of the list form (empty for the string form).
        variables: IndexMap<String, Value>,
    },
    /// `Fn::Join`: joins a list of strings with a delimiter.
    Join {
        /// The delimiter.
        delimiter: String,
        /// The list (a literal list or a function returning one).
        values: Value,
    },
    /// `Fn::Select`: one element of a list, by index.
    Select {
        /// The zero-based index.
        index: Value,
        /// The list.
        list: Value,
    },
    /// `Fn::Split`: splits a string on a delimiter.
    Split {
        /// The delimiter.
        delimiter: String,
        /// The string to split.
        source: Value,
    },
    /// `Fn::If`: one of two values depending on a condition.
    If {
        /// The condition name.
        condition: Spanned<String>,
        /// The value when the condition is true.
        if_true: Value,
        /// The value when the condition is false.
        if_false: Value,
    },
    /// `Fn::Equals` (condition function).
    Equals(Value, Value),
    /// `Fn::And` (condition function), 2 to 10 conditions.
    And(Vec<Value>),
    /// `Fn::Or` (condition function), 2 to 10 conditions.
    Or(Vec<Value>),
    /// `Fn::Not` (condition function).
    Not(Value),
    /// `Condition`: another condition, inside condition functions.
    Condition(String),
    /// `Fn::FindInMap`: a value from the `Mappings` section.
    FindInMap {
        /// The mapping name.
        map_name: Value,
        /// The top-level key.
        top_level_key: Value,
        /// The second-level key.
        second_level_key: Value,
    },
    /// `Fn::GetAZs`: the Availability Zones of a region.
    GetAZs(Value),
    /// `Fn::Base64`: base64 of a string.
    Base64(Value),
    /// `Fn::Cidr`: a list of CIDR blocks carved out of one.
    Cidr {
        /// The block to split.
        ip_block: Value,
        /// How many blocks, 1 to 256.
        count: Value,
        /// Host bits of each block.
        cidr_bits: Value,
    },
    /// `Fn::ImportValue`: an export of another stack.
    ImportValue(Value),
    /// `Fn::Transform`: a macro call (recognised; gantry cannot run macros).
    Transform {
        /// The macro name.
        name: String,
        /// The macro parameters.
        parameters: Value,
    },
}

impl Intrinsic {
    /// The long-form name, e.g. `Fn::Join`.
    pub fn name(&self) -> &'static str {
        match self {
            Intrinsic::Ref(_) => "Ref",
            Intrinsic::GetAtt { .. } => "Fn::GetAtt",
            Intrinsic::Sub { .. } => "Fn::Sub",
            Intrinsic::Join { .. } => "Fn::Join",
            Intrinsic::Select { .. } => "Fn::Select",
            Intrinsic::Split { .. } => "Fn::Split",
            Intrinsic::If { .. } => "Fn::If",
            Intrinsic::Equals(..) => "Fn::Equals",
            Intrinsic::And(_) => "Fn::And",
            Intrinsic::Or(_) => "Fn::Or",
            Intrinsic::Not(_) => "Fn::Not",
            Intrinsic::Condition(_) => "Condition",
            Intrinsic::FindInMap { .. } => "Fn::FindInMap",
            Intrinsic::GetAZs(_) => "Fn::GetAZs",
            Intrinsic::Base64(_) => "Fn::Base64",
            Intrinsic::Cidr { .. } => "Fn::Cidr",
            Intrinsic::ImportValue(_) => "Fn::ImportValue",
            Intrinsic::Transform { .. } => "Fn::Transform",
        }
    }
}

impl Intrinsic {
    /// The argument values, each with its template path relative to the call's own
    /// path (e.g. `Fn::Join/1`). Literal-only arguments (a `Ref` target, a delimiter,
    /// an `Fn::If` condition name) are not values and are not listed.
    pub fn arguments(&self) -> Vec<(String, &Value)> {
        let name = self.name();
        let at = |index: usize| format!("{name}/{index}");
        match self {
            Intrinsic::Ref(_) | Intrinsic::Condition(_) => Vec::new(),
            Intrinsic::GetAtt { attribute, .. } => vec![(at(1), attribute)],
            Intrinsic::Sub { variables, .. } => variables
                .iter()
                .map(|(key, value)| (format!("{name}/1/{key}"), value))
                .collect(),
            Intrinsic::Join { values, .. } => vec![(at(1), values)],
            Intrinsic::Select { index, list } => vec![(at(0), index), (at(1), list)],
            Intrinsic::Split { source, .. } => vec![(at(1), source)],
            Intrinsic::If {
                if_true, if_false, ..
            } => vec![(at(1), if_true), (at(2), if_false)],
            Intrinsic::Equals(left, right) => vec![(at(0), left), (at(1), right)],
            Intrinsic::And(items) | Intrinsic::Or(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| (at(i), item))
                .collect(),
            Intrinsic::Not(item) => vec![(at(0), item)],
            Intrinsic::FindInMap {
                map_name,
                top_level_key,
                second_level_key,
            } => vec![
                (at(0), map_name),
                (at(1), top_level_key),
                (at(2), second_level_key),
            ],
            Intrinsic::GetAZs(item) | Intrinsic::Base64(item) | Intrinsic::ImportValue(item) => {
                vec![(name.to_owned(), item)]
            }
            Intrinsic::Cidr {
                ip_block,
                count,
                cidr_bits,
            } => vec![(at(0), ip_block), (at(1), count), (at(2), cidr_bits)],
            Intrinsic::Transform { parameters, .. } => {
                vec![(format!("{name}/Parameters"), parameters)]
            }
        }
    }
}

/// A piece of an `Fn::Sub` string, as [`crate::intrinsic::parse_sub`] splits it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubPart {
    /// Text copied as is (`${!Literal}` has already become `${Literal}`).
    Literal(String),
    /// `${Name}` or `${LogicalId.Attribute}`: the text between the braces.
    Variable(String),
}

/// Calls `visit` on `value` and every value nested in it (list items, map values,
/// function arguments), depth first, with each one's template path.
pub fn walk<'v>(value: &'v Value, path: &str, visit: &mut impl FnMut(&'v Value, &str)) {
    visit(value, path);
    match &value.kind {
        ValueKind::List(items) => {
            for (index, item) in items.iter().enumerate() {
                walk(item, &format!("{path}/{index}"), visit);
            }
        }
        ValueKind::Map(fields) => {
            for (key, field) in fields {
                walk(&field.value, &format!("{path}/{key}"), visit);
            }
        }
        ValueKind::Intrinsic(call) => {
            for (suffix, argument) in call.arguments() {
                walk(argument, &format!("{path}/{suffix}"), visit);
            }
        }
        ValueKind::Null | ValueKind::Bool(_) | ValueKind::Number(_) | ValueKind::String(_) => {}
    }
}
