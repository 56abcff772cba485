//! The resource tree of one deployment and how a request path selects a resource and
//! method (aws-rest-api.md §1.3, aws-rest-api.md §1.5).
//!
//! Matching goes segment by segment: the literal child first, else the one variable
//! child; `{x}` takes one non-empty segment, `{x+}` the rest (at least one segment,
//! interior `//` kept, a trailing slash dropped). A trailing slash is ignored, names are
//! case-sensitive and captures stay percent-encoded. Not here: stages, the root's
//! `/{stage}` form and which methods exist (see [`select_method`]).

mod build;

use std::fmt;

use build::Node;

/// The resources of one deployment, as a tree of path segments.
#[derive(Debug, Clone)]
pub struct ResourceTree<T> {
    /// `nodes[0]` is the root `/`.
    nodes: Vec<Node>,
    /// Each resource's path template and value; nodes point here.
    resources: Vec<(String, T)>,
}

/// Why a set of resources does not form a tree API Gateway would accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeError {
    /// The resource path at fault.
    pub path: String,
    /// Why, and what to change.
    pub reason: String,
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "resource `{}`: {}", self.path, self.reason)
    }
}

impl std::error::Error for TreeError {}

/// The resource a request path selected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceMatch<'t, T> {
    /// The resource's value.
    pub value: &'t T,
    /// The resource's path template (`/pets/{id}`).
    pub resource_path: &'t str,
    /// The captured path parameters, in the template's order, still percent-encoded.
    pub path_parameters: Vec<(String, String)>,
}

impl<T> ResourceTree<T> {
    /// `resources`: (full path template like "/pets/{id}" or "/{proxy+}" or "/", value).
    pub fn build(resources: Vec<(String, T)>) -> Result<Self, TreeError> {
        let nodes = build::nodes(resources.iter().map(|(path, _)| path.as_str()))?;
        Ok(Self { nodes, resources })
    }

    /// `path`: the request path after the stage, raw (percent-encoded).
    pub fn select(&self, path: &str) -> Option<ResourceMatch<'_, T>> {
        let path = path.trim_start_matches('/');
        // A trailing slash is ignored for matching (aws-rest-api.md §1.5).
        let path = path.strip_suffix('/').unwrap_or(path);
        let mut captures: Vec<(&str, &str)> = Vec::new();
        let resource = self.walk(0, path, &mut captures)?;
        let (resource_path, value) = self.resources.get(resource)?;
        Some(ResourceMatch {
            value,
            resource_path,
            path_parameters: captures
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .collect(),
        })
    }

    /// The resource under `node` that `rest` (no leading slash) selects, pushing the
    /// captures on the way. A literal branch that dead-ends falls back to the variable
    /// child.
    // Unconfirmed: AWS backtracks from a dead-ended literal branch (`/a/b` and
    // `/{proxy+}`, request `/a/c` → `/{proxy+}`), as LocalStack does and users rely on.
    fn walk<'t, 'p>(
        &'t self,
        node: usize,
        rest: &'p str,
        captures: &mut Vec<(&'t str, &'p str)>,
    ) -> Option<usize> {
        let node = self.nodes.get(node)?;
        if rest.is_empty() {
            return node.resource;
        }
        let (segment, tail) = rest.split_once('/').unwrap_or((rest, ""));
        if let Some(child) = node.literal(segment)
            && let Some(found) = self.walk(child, tail, captures)
        {
            return Some(found);
        }
        let variable = node.variable.as_ref()?;
        let mark = captures.len();
        let found = if variable.greedy {
            captures.push((&variable.name, rest));
            self.nodes.get(variable.node).and_then(|n| n.resource)
        } else if segment.is_empty() {
            None
        } else {
            captures.push((&variable.name, segment));
            self.walk(variable.node, tail, captures)
        };
        if found.is_none() {
            captures.truncate(mark);
        }
        found
    }
}

/// The method of a resource serving `method`: the exact method beats `ANY`; `HEAD` is
/// not `GET` and `OPTIONS` is not automatic (aws-rest-api.md §1.3, aws-rest-api.md §6).
// Unconfirmed: HEAD is not served by a GET method (LocalStack's reading of AWS).
pub fn select_method<'m, M>(methods: &'m [(String, M)], method: &http::Method) -> Option<&'m M> {
    methods
        .iter()
        .find(|(m, _)| m == method.as_str())
        .or_else(|| methods.iter().find(|(m, _)| m == ANY_METHOD))
        .map(|(_, value)| value)
}

/// The catch-all method.
pub const ANY_METHOD: &str = "ANY";

#[cfg(test)]
mod tests;
