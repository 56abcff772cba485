//! The resource tree of one deployment and how a request path selects a resource and
//! method (aws-rest-api.md §1.3, aws-rest-api.md §1.5).

use std::fmt;

/// The resources of one deployment, as a tree of path segments.
#[derive(Debug, Clone)]
pub struct ResourceTree<T> {
    // STUB
    resources: Vec<(String, T)>,
}

/// Why a set of resources does not form a tree API Gateway would accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeError {
    /// The resource path at fault.
    pub path: String,
    /// Why.
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
        // STUB
        Ok(Self { resources })
    }

    /// `path`: the request path after the stage, raw (percent-encoded).
    pub fn select(&self, path: &str) -> Option<ResourceMatch<'_, T>> {
        // STUB
        self.resources
            .iter()
            .find(|(p, _)| p == path)
            .map(|(p, v)| ResourceMatch {
                value: v,
                resource_path: p,
                path_parameters: Vec::new(),
            })
    }
}

/// Exact method beats ANY; HEAD is not GET; OPTIONS is not automatic (aws-rest-api.md §1.3, aws-rest-api.md §6).
pub fn select_method<'m, M>(methods: &'m [(String, M)], method: &http::Method) -> Option<&'m M> {
    methods
        .iter()
        .find(|(m, _)| m == method.as_str())
        .or_else(|| methods.iter().find(|(m, _)| m == "ANY"))
        .map(|(_, v)| v)
}
