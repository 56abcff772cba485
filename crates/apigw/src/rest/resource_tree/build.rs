//! Building the tree from path templates, with CreateResource's rules
//! (aws-rest-api.md §1.3): one variable child per parent, nothing under a greedy
//! variable, variables as whole segments.

use super::TreeError;

/// One path segment's node.
#[derive(Debug, Clone, Default)]
pub(super) struct Node {
    /// The resource at this node (index into the tree's resources), if one was given.
    pub(super) resource: Option<usize>,
    /// Literal children, sorted by segment for binary search.
    literals: Vec<(Box<str>, usize)>,
    /// The one `{x}` or `{x+}` child.
    pub(super) variable: Option<Variable>,
    /// This node is a greedy variable (`{x+}`): it can have no children.
    greedy: bool,
}

/// A variable child.
#[derive(Debug, Clone)]
pub(super) struct Variable {
    pub(super) name: Box<str>,
    pub(super) greedy: bool,
    pub(super) node: usize,
}

impl Node {
    /// The literal child named `segment`.
    pub(super) fn literal(&self, segment: &str) -> Option<usize> {
        self.literals
            .binary_search_by(|(name, _)| name.as_ref().cmp(segment))
            .ok()
            .and_then(|i| self.literals.get(i))
            .map(|(_, node)| *node)
    }
}

/// One segment of a template.
enum Segment<'a> {
    Literal(&'a str),
    Variable { name: &'a str, greedy: bool },
}

/// The nodes for `paths`, in order; `nodes[0]` is the root.
pub(super) fn nodes<'a>(paths: impl Iterator<Item = &'a str>) -> Result<Vec<Node>, TreeError> {
    let mut nodes = vec![Node::default()];
    for (index, path) in paths.enumerate() {
        let error = |reason: &str| TreeError {
            path: path.to_owned(),
            reason: reason.to_owned(),
        };
        let relative = path
            .strip_prefix('/')
            .ok_or_else(|| error("a resource path starts with `/`"))?;
        let mut node = 0;
        if !relative.is_empty() {
            for text in relative.split('/') {
                node = child(&mut nodes, node, segment(text).map_err(|r| error(&r))?)
                    .map_err(|r| error(&r))?;
            }
        }
        let slot = nodes
            .get_mut(node)
            .map(|n| &mut n.resource)
            .ok_or_else(|| error("internal: node out of range"))?;
        if slot.replace(index).is_some() {
            return Err(error(
                "the path is declared twice; keep one resource per path",
            ));
        }
    }
    Ok(nodes)
}

fn segment(text: &str) -> Result<Segment<'_>, String> {
    if text.is_empty() {
        return Err("empty path segment (`//` or a trailing `/`); remove it".into());
    }
    if let Some(inner) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
        let (name, greedy) = inner
            .strip_suffix('+')
            .map_or((inner, false), |name| (name, true));
        if name.is_empty() || name.contains(['{', '}', '+']) {
            return Err(format!(
                "`{text}` is not a valid path variable; use `{{name}}` or `{{name+}}`"
            ));
        }
        return Ok(Segment::Variable { name, greedy });
    }
    if text.contains(['{', '}']) {
        return Err(format!(
            "`{text}`: a path variable must be a whole segment (`/{{name}}`, not `/a{{name}}`)"
        ));
    }
    Ok(Segment::Literal(text))
}

/// The node for `segment` under `parent`, created if new.
fn child(nodes: &mut Vec<Node>, parent: usize, segment: Segment<'_>) -> Result<usize, String> {
    let next = nodes.len();
    let node = nodes.get_mut(parent).ok_or("internal: node out of range")?;
    if node.greedy {
        return Err(
            "cannot create a child of a resource with a greedy path variable; \
             a `{name+}` segment must be the last"
                .into(),
        );
    }
    match segment {
        Segment::Literal(name) => {
            match node
                .literals
                .binary_search_by(|(n, _)| n.as_ref().cmp(name))
            {
                Ok(i) => {
                    return node
                        .literals
                        .get(i)
                        .map(|(_, n)| *n)
                        .ok_or_else(|| "internal: literal child out of range".into());
                }
                Err(i) => node.literals.insert(i, (name.into(), next)),
            }
        }
        Segment::Variable { name, greedy } => match &node.variable {
            Some(existing) if existing.name.as_ref() == name && existing.greedy == greedy => {
                return Ok(existing.node);
            }
            Some(existing) => {
                return Err(format!(
                    "a sibling ({{{}{}}}) of this resource already has a variable path part -- only one is allowed",
                    existing.name,
                    if existing.greedy { "+" } else { "" }
                ));
            }
            None => {
                node.variable = Some(Variable {
                    name: name.into(),
                    greedy,
                    node: next,
                });
                nodes.push(Node {
                    greedy,
                    ..Node::default()
                });
                return Ok(next);
            }
        },
    }
    nodes.push(Node::default());
    Ok(next)
}
