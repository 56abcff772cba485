//! YAML to [`Node`]s, built from saphyr's event stream with an explicit stack: no
//! recursion, a nesting limit, aliases rejected, short-form tags turned into long form.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, Tag};

use super::scalar::plain_scalar;
use super::{
    Entry, MAX_DEPTH, Node, NodeKind, Position, duplicate_key, insert_entry, join_path, too_deep,
};
use crate::diagnostic::{Diagnostic, closest};

/// YAML short-form tags and the long-form key each stands for.
const SHORT_FORMS: &[(&str, &str)] = &[
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("And", "Fn::And"),
    ("Base64", "Fn::Base64"),
    ("Cidr", "Fn::Cidr"),
    ("Equals", "Fn::Equals"),
    ("FindInMap", "Fn::FindInMap"),
    ("GetAZs", "Fn::GetAZs"),
    ("GetAtt", "Fn::GetAtt"),
    ("If", "Fn::If"),
    ("ImportValue", "Fn::ImportValue"),
    ("Join", "Fn::Join"),
    ("Not", "Fn::Not"),
    ("Or", "Fn::Or"),
    ("Select", "Fn::Select"),
    ("Split", "Fn::Split"),
    ("Sub", "Fn::Sub"),
    ("Transform", "Fn::Transform"),
];

const CORE_SCHEMA: &str = "tag:yaml.org,2002:";

/// What a tag asks for.
enum TagMeaning {
    /// A short-form intrinsic: wrap the node in `{long_key: node}`.
    Intrinsic(&'static str),
    /// A core-schema tag (`!!str`, ...), by name.
    Core(String),
    /// The non-specific tag `!`: a plain string.
    NonSpecific,
}

/// A collection being built, with the long-form key to wrap it in if it was tagged.
struct Frame {
    position: Position,
    wrap: Option<&'static str>,
    body: Body,
}

enum Body {
    Sequence(Vec<Node>),
    Mapping {
        entries: Vec<Entry>,
        /// Entry index by key, so duplicate detection stays linear.
        index: HashMap<String, usize>,
        pending_key: Option<(String, Position)>,
    },
}

struct Builder {
    stack: Vec<Frame>,
    root: Option<Node>,
    warnings: Vec<Diagnostic>,
    documents: usize,
}

/// Parses YAML text into a tree. Returns the syntax error if the text is not readable.
pub(super) fn parse(source: &str) -> Result<(Node, Vec<Diagnostic>), Diagnostic> {
    let mut parser = Parser::new_from_str(source);
    let mut builder = Builder {
        stack: Vec::new(),
        root: None,
        warnings: Vec::new(),
        documents: 0,
    };
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|error| builder.scan_error(&error))?;
        builder.on_event(event, span)?;
    }
    match builder.root {
        Some(root) => Ok((root, builder.warnings)),
        None => Err(
            Diagnostic::error("the template is empty", "", Position::START)
                .with_help("a template needs at least a `Resources` section"),
        ),
    }
}

impl Builder {
    fn on_event(&mut self, event: Event<'_>, span: Span) -> Result<(), Diagnostic> {
        let position = position_of(span);
        match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => Ok(()),
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(Diagnostic::error(
                        "the file holds more than one YAML document",
                        "",
                        position,
                    )
                    .with_help(
                        "a template is a single document; remove the extra `---` sections",
                    ));
                }
                Ok(())
            }
            Event::Alias(_) => Err(Diagnostic::error(
                "YAML aliases are not allowed in CloudFormation templates",
                self.path(),
                position,
            )
            .with_help(
                "write the repeated value out in full; CloudFormation rejects `*alias` references",
            )),
            Event::Scalar(text, style, _anchor, tag) => {
                if self.awaiting_key() {
                    return self.on_key(&text, tag.as_deref(), position);
                }
                let node = self.scalar(text.into_owned(), style, tag.as_deref(), position)?;
                self.complete(node);
                Ok(())
            }
            Event::SequenceStart(_anchor, tag) => {
                self.open(Body::Sequence(Vec::new()), tag.as_deref(), position)
            }
            Event::MappingStart(_anchor, tag) => self.open(
                Body::Mapping {
                    entries: Vec::new(),
                    index: HashMap::new(),
                    pending_key: None,
                },
                tag.as_deref(),
                position,
            ),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let kind = match frame.body {
                        Body::Sequence(items) => NodeKind::Sequence(items),
                        Body::Mapping { entries, .. } => NodeKind::Mapping(entries),
                    };
                    let node = Node {
                        position: frame.position,
                        kind,
                    };
                    self.complete(wrap(node, frame.wrap));
                }
                Ok(())
            }
        }
    }

    fn open(
        &mut self,
        body: Body,
        tag: Option<&Tag>,
        position: Position,
    ) -> Result<(), Diagnostic> {
        if self.awaiting_key() {
            return Err(Diagnostic::error(
                "mapping keys must be plain strings, not lists or mappings",
                self.path(),
                position,
            ));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(too_deep(self.path(), position));
        }
        let wrap = match tag.map(|tag| self.meaning(tag, position)).transpose()? {
            Some(TagMeaning::Intrinsic(key)) => Some(key),
            Some(TagMeaning::Core(name)) if matches!(name.as_str(), "map" | "seq") => None,
            Some(TagMeaning::Core(name)) => return Err(self.unsupported_core_tag(&name, position)),
            Some(TagMeaning::NonSpecific) | None => None,
        };
        self.stack.push(Frame {
            position,
            wrap,
            body,
        });
        Ok(())
    }

    fn on_key(
        &mut self,
        text: &str,
        tag: Option<&Tag>,
        position: Position,
    ) -> Result<(), Diagnostic> {
        if let Some(TagMeaning::Intrinsic(_)) =
            tag.map(|tag| self.meaning(tag, position)).transpose()?
        {
            return Err(Diagnostic::error(
                "a mapping key cannot be an intrinsic function",
                self.path(),
                position,
            ));
        }
        if let Some(Frame {
            body: Body::Mapping { pending_key, .. },
            ..
        }) = self.stack.last_mut()
        {
            *pending_key = Some((text.to_owned(), position));
        }
        Ok(())
    }

    fn scalar(
        &self,
        text: String,
        style: ScalarStyle,
        tag: Option<&Tag>,
        position: Position,
    ) -> Result<Node, Diagnostic> {
        let kind = match tag.map(|tag| self.meaning(tag, position)).transpose()? {
            None if style == ScalarStyle::Plain => plain_scalar(text),
            None | Some(TagMeaning::NonSpecific) => NodeKind::String(text),
            Some(TagMeaning::Intrinsic(key)) => {
                let inner = Node {
                    position,
                    kind: NodeKind::String(text),
                };
                return Ok(wrap(inner, Some(key)));
            }
            Some(TagMeaning::Core(name)) => match (name.as_str(), plain_scalar(text.clone())) {
                ("str", _) => NodeKind::String(text),
                ("int" | "float", NodeKind::Number(number)) => NodeKind::Number(number),
                ("bool", NodeKind::Bool(value)) => NodeKind::Bool(value),
                ("null", NodeKind::Null) => NodeKind::Null,
                ("int" | "float" | "bool" | "null", _) => {
                    return Err(Diagnostic::error(
                        format!("`{text}` is not a valid !!{name}"),
                        self.path(),
                        position,
                    ));
                }
                _ => return Err(self.unsupported_core_tag(&name, position)),
            },
        };
        Ok(Node { position, kind })
    }

    fn meaning(&self, tag: &Tag, position: Position) -> Result<TagMeaning, Diagnostic> {
        let full = format!("{}{}", tag.handle, tag.suffix);
        if let Some(core) = full.strip_prefix(CORE_SCHEMA) {
            return Ok(TagMeaning::Core(core.to_owned()));
        }
        if full == "!" {
            return Ok(TagMeaning::NonSpecific);
        }
        if tag.handle == "!"
            && let Some((_, key)) = SHORT_FORMS.iter().find(|(name, _)| *name == tag.suffix)
        {
            return Ok(TagMeaning::Intrinsic(key));
        }
        let names = SHORT_FORMS.iter().map(|(name, _)| *name);
        let help = closest(&tag.suffix, names)
            .map(|name| format!("did you mean `!{name}`?"))
            .unwrap_or_else(|| {
                "CloudFormation accepts only the intrinsic function tags (!Ref, !Sub, !GetAtt, ...)"
                    .to_owned()
            });
        Err(
            Diagnostic::error(format!("unknown YAML tag `{full}`"), self.path(), position)
                .with_help(help),
        )
    }

    fn unsupported_core_tag(&self, name: &str, position: Position) -> Diagnostic {
        Diagnostic::error(
            format!("the YAML tag `!!{name}` is not supported in CloudFormation templates"),
            self.path(),
            position,
        )
        .with_help("write the value as a plain string, number, list or mapping")
    }

    fn awaiting_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                body: Body::Mapping {
                    pending_key: None,
                    ..
                },
                ..
            })
        )
    }

    /// Adds a finished node to its parent, or makes it the root.
    fn complete(&mut self, node: Node) {
        let duplicate = match self.stack.last() {
            Some(Frame {
                body:
                    Body::Mapping {
                        index,
                        pending_key: Some((key, _)),
                        ..
                    },
                ..
            }) => index.contains_key(key),
            _ => false,
        };
        // Only a duplicate needs the path, so it is not built for every node.
        let path = if duplicate {
            self.path()
        } else {
            String::new()
        };
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        match &mut frame.body {
            Body::Sequence(items) => items.push(node),
            Body::Mapping {
                entries,
                index,
                pending_key,
            } => {
                let Some((key, key_position)) = pending_key.take() else {
                    return;
                };
                let entry = Entry {
                    key,
                    key_position,
                    value: node,
                };
                if let Some(earlier) = insert_entry(entries, index, entry) {
                    self.warnings.push(duplicate_key(
                        &earlier.key,
                        earlier.key_position,
                        path,
                        key_position,
                    ));
                }
            }
        }
    }

    /// The template path of the node being built, for diagnostics.
    fn path(&self) -> String {
        let mut segments = Vec::new();
        for frame in &self.stack {
            if let Some(key) = frame.wrap {
                segments.push(key.to_owned());
            }
            match &frame.body {
                Body::Sequence(items) => segments.push(items.len().to_string()),
                Body::Mapping {
                    pending_key: Some((key, _)),
                    ..
                } => segments.push(key.clone()),
                Body::Mapping { .. } => {}
            }
        }
        join_path(segments.iter().map(String::as_str))
    }

    fn scan_error(&self, error: &ScanError) -> Diagnostic {
        let marker = error.marker();
        let position = Position::new(to_u32(marker.line()), to_u32(marker.col() + 1));
        // saphyr's scanner caps flow nesting (`[[[...`) at 255 and may reach that cap
        // while reading ahead, before our own limit sees the events.
        if error.info() == "recursion limit exceeded" {
            return too_deep(self.path(), position);
        }
        Diagnostic::error(
            format!("invalid YAML: {}", error.info()),
            self.path(),
            Position::new(to_u32(marker.line()), to_u32(marker.col() + 1)),
        )
    }
}

/// `{long_key: node}` positioned at the tag, or the node itself when untagged.
fn wrap(node: Node, long_key: Option<&'static str>) -> Node {
    match long_key {
        None => node,
        Some(key) => Node {
            position: node.position,
            kind: NodeKind::Mapping(vec![Entry {
                key: key.to_owned(),
                key_position: node.position,
                value: node,
            }]),
        },
    }
}

fn position_of(span: Span) -> Position {
    Position::new(to_u32(span.start.line()), to_u32(span.start.col() + 1))
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}
