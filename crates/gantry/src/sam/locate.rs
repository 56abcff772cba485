//! Finding a template path in the SAM template's tree.

use cfn_template::syntax::{Node, NodeKind, Position};

/// A place in the SAM template: the path that was found and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The part of the path the SAM template spells out, segments joined with `/`.
    pub path: String,
    /// Where that part starts (the key of the deepest mapping entry, or the list item).
    pub position: Position,
}

/// The deepest node along `path` (mapping keys and list indexes) that `root` has; a
/// resource's `Properties` alone does not count (the resource's own line says more).
/// A scalar at the end of the whole path is pointed at itself, as validation does.
pub(super) fn deepest(root: &Node, path: &[&str]) -> Location {
    let mut location = walk(root, path);
    if let ["Resources", logical_id, "Properties", ..] = path
        && location.path == format!("Resources/{logical_id}/Properties")
    {
        location = walk(root, &path[..2]);
    }
    location
}

fn walk(root: &Node, path: &[&str]) -> Location {
    let mut node = root;
    let mut found: Vec<&str> = Vec::new();
    let mut position = root.position;
    for segment in path {
        let next = match &node.kind {
            NodeKind::Mapping(entries) => entries
                .iter()
                .find(|entry| entry.key == *segment)
                .map(|entry| (entry.key_position, &entry.value)),
            NodeKind::Sequence(items) => segment
                .parse::<usize>()
                .ok()
                .and_then(|index| items.get(index))
                .map(|item| (item.position, item)),
            _ => None,
        };
        let Some((at, child)) = next else { break };
        found.push(segment);
        position = at;
        node = child;
    }
    let scalar = !matches!(node.kind, NodeKind::Mapping(_) | NodeKind::Sequence(_));
    if found.len() == path.len() && found.len() > 2 && scalar {
        position = node.position;
    }
    Location {
        path: found.join("/"),
        position,
    }
}
