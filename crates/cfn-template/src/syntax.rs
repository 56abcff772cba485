//! Source text to a spanned tree: JSON or YAML in, [`Node`]s out, every node with the
//! line and column it starts at.
//!
//! YAML short-form tags (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) become the long form here
//! (`{"Ref": "X"}`, `{"Fn::GetAtt": "A.B"}`), positioned at the tag, so nothing later
//! needs to know which form the author wrote. Scalars keep their text: a YAML `1.0` is
//! [`NodeKind::Number`]`("1.0")`, never a float.
//!
//! Protection against hostile input is applied here, before anything else sees it: a
//! size limit, a nesting limit, and no YAML aliases (CloudFormation rejects them too, so
//! alias bombs cannot happen). The parsers never recurse deeper than the nesting limit.

mod json;
mod scalar;
mod yaml;

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;

// Positions live below the syntax tree (diagnostics use them too); this is their
// public path.
pub use crate::position::{Position, Spanned};

/// The largest template accepted, in bytes.
///
/// Unconfirmed: CloudFormation documents a 1 MB limit for templates read from S3; we
/// read "1 MB" as 1,048,576 bytes.
pub const MAX_SOURCE_BYTES: usize = 1_048_576;

/// The deepest nesting of mappings and sequences accepted.
pub const MAX_DEPTH: usize = 128;

/// One node of the parsed template, positioned where it starts in the source.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where the node starts (for a short-form tag, where the tag starts).
    pub position: Position,
    /// What the node is.
    pub kind: NodeKind,
}

/// The shape of a [`Node`].
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// JSON `null`, YAML `null`/`~`/empty.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written in the source (`1.0` stays `"1.0"`).
    Number(String),
    /// A string.
    String(String),
    /// A JSON array or YAML sequence.
    Sequence(Vec<Node>),
    /// A JSON object or YAML mapping, in source order, keys unique (the last duplicate
    /// wins, as in CloudFormation).
    Mapping(Vec<Entry>),
}

/// One key and value of a mapping.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The key text.
    pub key: String,
    /// Where the key starts.
    pub key_position: Position,
    /// The value.
    pub value: Node,
}

impl Node {
    /// The string value, if this node is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::String(text) => Some(text),
            _ => None,
        }
    }

    /// The text of a scalar (string, number, boolean); `None` for null and collections.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.kind {
            NodeKind::String(text) | NodeKind::Number(text) => Some(text.clone()),
            NodeKind::Bool(value) => Some(value.to_string()),
            _ => None,
        }
    }

    /// The entries, if this node is a mapping.
    pub fn as_mapping(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value under `key`, if this node is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_mapping()?
            .iter()
            .find(|entry| entry.key == key)
            .map(|entry| &entry.value)
    }

    /// The node as plain JSON, positions dropped: what a transform that works on JSON
    /// (the SAM transform) reads. Numbers become JSON numbers when their text is one
    /// (`1.0` stays a float, as YAML loaders read it) and strings otherwise.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            NodeKind::Null => Value::Null,
            NodeKind::Bool(value) => Value::Bool(*value),
            NodeKind::Number(text) => serde_json::from_str::<serde_json::Number>(text)
                .map(Value::Number)
                .unwrap_or_else(|_| Value::String(text.clone())),
            NodeKind::String(text) => Value::String(text.clone()),
            NodeKind::Sequence(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Mapping(entries) => Value::Object(
                entries
                    .iter()
                    .map(|entry| (entry.key.clone(), entry.value.to_json()))
                    .collect(),
            ),
        }
    }

    /// A short description of the node's kind for messages: `a string`, `a list`, ...
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Null => "null",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Number(_) => "a number",
            NodeKind::String(_) => "a string",
            NodeKind::Sequence(_) => "a list",
            NodeKind::Mapping(_) => "a mapping",
        }
    }
}

/// Which syntax the template was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceFormat {
    /// JSON.
    Json,
    /// YAML.
    Yaml,
}

/// The result of [`parse`]: the tree when the text could be read, and what was found
/// on the way (a syntax error, or warnings such as duplicate keys).
#[derive(Clone, Debug)]
pub struct ParsedSource {
    /// The syntax the text was read as.
    pub format: SourceFormat,
    /// The root node; `None` when the text could not be read.
    pub root: Option<Node>,
    /// Syntax errors and warnings, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses a template's text, JSON or YAML.
///
/// Text whose first non-blank character is `{` is read as JSON; if that fails it is
/// read as YAML (JSON is nearly a subset of YAML), and if that fails too the JSON error
/// is reported. Anything else is read as YAML.
///
/// Unconfirmed: that CloudFormation also falls back to YAML for broken JSON (so a
/// trailing comma is accepted); AWS only documents that both formats are accepted.
///
/// Duplicate keys are a warning and the last value wins: CloudFormation accepts them
/// silently (aws-cloudformation/cfn-language-discussion#96).
///
/// ```
/// use cfn_template::syntax::{parse, NodeKind};
///
/// let parsed = parse("Value: !GetAtt Role.Arn\nVersion: 1.0\n");
/// let root = parsed.root.unwrap();
/// let value = root.get("Value").unwrap();
/// assert_eq!(value.get("Fn::GetAtt").unwrap().as_str(), Some("Role.Arn"));
/// assert_eq!(value.position.column, 8);
/// assert_eq!(root.get("Version").unwrap().kind, NodeKind::Number("1.0".into()));
/// ```
pub fn parse(source: &str) -> ParsedSource {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    if source.len() > MAX_SOURCE_BYTES {
        let error = Diagnostic::error(
            format!(
                "the template is {} bytes, more than the {MAX_SOURCE_BYTES} bytes CloudFormation accepts",
                source.len()
            ),
            "",
            Position::START,
        )
        .with_help("split the stack into nested stacks, or move large inline code out of the template");
        return ParsedSource {
            format: SourceFormat::Yaml,
            root: None,
            diagnostics: vec![error],
        };
    }
    if source.trim_start().starts_with('{') {
        let json_error = match json::parse(source) {
            Ok((root, diagnostics)) => {
                return ParsedSource {
                    format: SourceFormat::Json,
                    root: Some(root),
                    diagnostics,
                };
            }
            Err(error) => error,
        };
        return match yaml::parse(source) {
            Ok((root, diagnostics)) => ParsedSource {
                format: SourceFormat::Yaml,
                root: Some(root),
                diagnostics,
            },
            Err(_) => ParsedSource {
                format: SourceFormat::Json,
                root: None,
                diagnostics: vec![json_error],
            },
        };
    }
    match yaml::parse(source) {
        Ok((root, diagnostics)) => ParsedSource {
            format: SourceFormat::Yaml,
            root: Some(root),
            diagnostics,
        },
        Err(error) => ParsedSource {
            format: SourceFormat::Yaml,
            root: None,
            diagnostics: vec![error],
        },
    }
}

/// The error for nesting deeper than [`MAX_DEPTH`]. The path is cut short: listing
/// a hundred `/0` segments helps nobody.
fn too_deep(path: String, position: Position) -> Diagnostic {
    let segments: Vec<&str> = path.split('/').collect();
    let path = if segments.len() > 8 {
        format!("{}/...", segments[..8].join("/"))
    } else {
        path
    };
    Diagnostic::error(
        format!("the template nests mappings and lists more than {MAX_DEPTH} levels deep"),
        path,
        position,
    )
    .with_help("flatten the structure; no CloudFormation resource needs this much nesting")
}

/// Adds `entry` to a mapping being built, `index` locating each key's entry. A key seen
/// before keeps its place and takes the later value, as CloudFormation does; the earlier
/// entry is returned for the `duplicate_key` warning.
fn insert_entry(
    entries: &mut Vec<Entry>,
    index: &mut HashMap<String, usize>,
    entry: Entry,
) -> Option<Entry> {
    match index.get(&entry.key).and_then(|at| entries.get_mut(*at)) {
        Some(earlier) => Some(std::mem::replace(earlier, entry)),
        None => {
            index.insert(entry.key.clone(), entries.len());
            entries.push(entry);
            None
        }
    }
}

/// The warning for a key that appears twice in one mapping.
fn duplicate_key(key: &str, first: Position, path: String, position: Position) -> Diagnostic {
    Diagnostic::warning(
        format!(
            "duplicate key `{key}` (first at line {}); CloudFormation silently uses this last value",
            first.line
        ),
        path,
        position,
    )
    .with_help(format!("remove one of the two `{key}` entries"))
}

/// Joins template path segments with `/`.
fn join_path<'a>(segments: impl IntoIterator<Item = &'a str>) -> String {
    segments.into_iter().collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests;
