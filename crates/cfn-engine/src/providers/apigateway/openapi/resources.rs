//! `paths` → the resource tree (aws-rest-api.md §1.3): one `Resource` per path prefix,
//! parents first, with API Gateway's path-part rules; ids kept by path across imports.

use store::model::apigateway::Resource;

use super::document::{ImportError, error, first_server_path};
use super::{BasePath, Importer, NoteKind, Version};

/// A `Resource` ready for its methods: its id and full path (`/` for the root).
#[derive(Debug, Clone)]
pub(super) struct Placed {
    pub(super) resource_id: String,
    pub(super) path: String,
}

impl<'a> Importer<'a> {
    /// The resource at `path` (a `paths` key at `at`), made with its missing parents.
    pub(super) fn place(&mut self, path: &str, at: &str) -> Result<Placed, ImportError> {
        let Some(relative) = path.strip_prefix('/') else {
            return Err(error(at, format!("path {path:?} must start with /")));
        };
        let mut parts: Vec<&str> = relative.split('/').collect();
        if parts.len() > 1 && parts.last() == Some(&"") {
            // Unconfirmed: AWS does not document a trailing slash on an import path; the
            // resource tree has no empty path part, so gantry reads `/a/` as `/a`.
            parts.pop();
            self.note(
                NoteKind::Info,
                at,
                format!(
                    "path {path:?} ends with /; it is imported as {:?}",
                    path.trim_end_matches('/')
                ),
            );
        }
        let mut prefix = self.base_path()?;
        let mut parent = Placed {
            resource_id: self.request.root_resource_id.to_owned(),
            path: "/".to_owned(),
        };
        if parts == [""] {
            parts.clear();
        }
        let base_parts: Vec<String> = prefix
            .split('/')
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        prefix.clear();
        for part in base_parts.iter().map(String::as_str).chain(parts) {
            check_path_part(part, path, at)?;
            prefix.push('/');
            prefix.push_str(part);
            parent = self.child(&parent, part, &prefix, at)?;
        }
        Ok(parent)
    }

    /// The child `part` of `parent` at `full_path`, made if new.
    fn child(
        &mut self,
        parent: &Placed,
        part: &str,
        full_path: &str,
        at: &str,
    ) -> Result<Placed, ImportError> {
        if let Some(existing) = self
            .definition
            .resources
            .iter()
            .find(|r| r.path == full_path)
        {
            return Ok(Placed {
                resource_id: existing.resource_id.clone(),
                path: existing.path.clone(),
            });
        }
        let siblings = self
            .definition
            .resources
            .iter()
            .filter(|r| r.parent_id == parent.resource_id);
        for sibling in siblings {
            if is_variable(part) && is_variable(&sibling.path_part) {
                // CreateResource's own refusal (aws-rest-api.md §1.3).
                return Err(error(
                    at,
                    format!(
                        "makes {full_path}, but a sibling ({}) of this resource already has a variable path part -- only one is allowed; name the path parameter the same in every path",
                        sibling.path_part
                    ),
                ));
            }
        }
        if is_greedy(parent.path.rsplit('/').next().unwrap_or_default()) {
            return Err(error(
                at,
                format!(
                    "makes {full_path}: cannot create a child of a resource with a greedy path variable ({})",
                    parent.path
                ),
            ));
        }
        let resource_id = self
            .request
            .previous
            .and_then(|p| p.resources.iter().find(|r| r.path == full_path))
            .map_or_else(|| self.request.ids.short_id(), |r| r.resource_id.clone());
        self.definition.resources.push(Resource {
            rest_api_id: self.request.rest_api_id.to_owned(),
            resource_id: resource_id.clone(),
            parent_id: parent.resource_id.clone(),
            path_part: part.to_owned(),
            path: full_path.to_owned(),
        });
        Ok(Placed {
            resource_id,
            path: full_path.to_owned(),
        })
    }

    /// The path prepended to every resource by the `basepath` parameter
    /// (aws-rest-api.md §9.3).
    fn base_path(&self) -> Result<String, ImportError> {
        let documented = match self.request.base_path {
            BasePath::Ignore => return Ok(String::new()),
            BasePath::Prepend | BasePath::Split => self.documented_base_path()?,
        };
        let trimmed = documented.trim_matches('/');
        Ok(match self.request.base_path {
            BasePath::Split => trimmed
                .split_once('/')
                .map_or_else(String::new, |(_, rest)| rest.to_owned()),
            _ => trimmed.to_owned(),
        })
    }

    /// Swagger's `basePath`, or the path of OpenAPI 3's first server URL (with its
    /// variables' defaults, as AWS's exports write `/{basePath}`).
    fn documented_base_path(&self) -> Result<String, ImportError> {
        if self.version == Version::Swagger2 {
            return Ok(self.root.string("basePath")?.unwrap_or_default());
        }
        first_server_path(&self.root)
    }
}

fn is_variable(part: &str) -> bool {
    part.starts_with('{') && part.ends_with('}')
}

fn is_greedy(part: &str) -> bool {
    part.starts_with('{') && part.ends_with("+}")
}

/// The characters a literal path part (and a variable's name) may have on import
/// (aws-rest-api.md §1.3).
fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ',' | ':')
}

/// A path part is a literal, `{name}` or `{name+}` (a whole segment).
fn check_path_part(part: &str, path: &str, at: &str) -> Result<(), ImportError> {
    let name = part
        .strip_prefix('{')
        .and_then(|p| p.strip_suffix('}'))
        .map(|p| p.strip_suffix('+').unwrap_or(p));
    let valid = match name {
        Some(name) => !name.is_empty() && name.chars().all(allowed),
        None => !part.is_empty() && part.chars().all(allowed),
    };
    if valid {
        return Ok(());
    }
    Err(error(
        at,
        format!(
            "path {path:?} has the path part {part:?}; a path part is letters, digits and _ - . , : only, or a whole-segment variable {{name}} or {{name+}}"
        ),
    ))
}
