//! `paths` × methods → routes (§11.2): `x-amazon-apigateway-any-method` is `ANY`, the
//! `$default` path (or `isDefaultRoute: true`) the `$default` route; each route's
//! authorization comes from its `security`, else the document's.

use serde_json::Value;
use store::model::{AuthorizationType, Route};

use super::document::{ImportError, NoteKind, Object, error, first_server_path};
use super::{BasePath, Importer};

/// The route key of the `$default` route.
const DEFAULT_ROUTE_KEY: &str = "$default";

/// The path of the `$default` route; SAM also writes it without the slash, which AWS
/// warns about (a path starts with `/`).
const DEFAULT_PATH: &str = "/$default";

/// The operation of any method.
const ANY_METHOD: &str = "x-amazon-apigateway-any-method";

/// OpenAPI's operations on a path item, by the method they stand for.
const METHODS: &[(&str, &str)] = &[
    ("get", "GET"),
    ("put", "PUT"),
    ("post", "POST"),
    ("delete", "DELETE"),
    ("options", "OPTIONS"),
    ("head", "HEAD"),
    ("patch", "PATCH"),
    ("trace", "TRACE"),
    (ANY_METHOD, "ANY"),
];

/// The extensions HTTP APIs read on an operation.
const OPERATION_EXTENSIONS: &[&str] = &["x-amazon-apigateway-integration"];

/// Path item members that describe rather than define a route.
const DESCRIPTIVE: &[&str] = &["summary", "description", "parameters", "servers"];

impl<'a> Importer<'a> {
    pub(super) fn paths(&mut self) -> Result<(), ImportError> {
        let Some(paths) = self.root.object("paths")? else {
            return Ok(());
        };
        let base_path = self.base_path()?;
        for (path, item) in paths.map {
            let item = Object::of(paths.child(path), item)?;
            if !path.starts_with('/') {
                // SAM writes `/$default` instead of `$default` under FailOnWarnings
                // because of this warning (§11.2).
                self.note(
                    NoteKind::Warning,
                    &item.path,
                    format!("path {path:?} does not start with /"),
                );
            }
            for (member, value) in item.map {
                let Some((_, method)) = METHODS.iter().find(|(name, _)| name == member) else {
                    if !DESCRIPTIVE.contains(&member.as_str()) {
                        self.note(
                            NoteKind::NotHonoured,
                            &item.child(member),
                            "is not an operation HTTP APIs import; it is ignored",
                        );
                    }
                    continue;
                };
                let operation = Object::of(item.child(member), value)?;
                let route_key = route_key(path, method, &operation, &base_path)?;
                self.route(route_key, &operation)?;
            }
        }
        Ok(())
    }

    /// One route from one operation.
    fn route(&mut self, route_key: String, operation: &Object<'a>) -> Result<(), ImportError> {
        if self
            .definition
            .routes
            .iter()
            .any(|r| r.route_key == route_key)
        {
            return Err(error(
                &operation.path,
                format!("makes route {route_key:?} a second time; keep one of the operations"),
            ));
        }
        let kept = self
            .request
            .previous
            .and_then(|p| p.routes.iter().find(|r| r.route_key == route_key));
        let route_id = kept.map_or_else(|| self.request.ids.route_id(), |r| r.route_id.clone());
        let integration_id = kept
            .and_then(|r| r.target.as_deref())
            .and_then(|t| t.strip_prefix("integrations/"))
            .map_or_else(|| self.request.ids.route_id(), str::to_owned);
        let integration = match operation.object("x-amazon-apigateway-integration")? {
            Some(extension) => self.integration(&extension, integration_id)?,
            None => {
                self.note(
                    NoteKind::NotHonoured,
                    &operation.path,
                    format!("has no x-amazon-apigateway-integration, so route {route_key:?} has no target and answers 500"),
                );
                None
            }
        };
        let (authorization_type, authorizer_id, authorization_scopes) =
            self.authorization(operation)?;
        for key in operation.map.keys() {
            if key.starts_with("x-amazon-apigateway-")
                && !OPERATION_EXTENSIONS.contains(&key.as_str())
            {
                self.note(
                    NoteKind::NotHonoured,
                    &operation.child(key),
                    "is not an extension HTTP APIs read on an operation; it is ignored",
                );
            }
        }
        let target = integration
            .as_ref()
            .map(|i| format!("integrations/{}", i.integration_id));
        self.definition.integrations.extend(integration);
        self.definition.routes.push(Route {
            api_id: self.request.api_id.to_owned(),
            route_id,
            route_key,
            target,
            authorization_type,
            authorizer_id,
            authorization_scopes,
        });
        Ok(())
    }

    /// The operation's `security`, else the document's (OpenAPI's rule): the first
    /// requirement, naming one scheme, with its scopes.
    fn authorization(
        &mut self,
        operation: &Object<'a>,
    ) -> Result<(AuthorizationType, Option<String>, Vec<String>), ImportError> {
        let (path, requirements) = match operation.get("security") {
            Some(value) => (operation.child("security"), value),
            // Unconfirmed: AWS does not say it applies the document's `security` to
            // operations without one; OpenAPI 3.0 defines it so.
            None => match self.root.get("security") {
                Some(value) => (self.root.child("security"), value),
                None => return Ok((AuthorizationType::None, None, Vec::new())),
            },
        };
        let Value::Array(requirements) = requirements else {
            return Err(error(&path, "must be a list of security requirements"));
        };
        let Some(first) = requirements.first() else {
            return Ok((AuthorizationType::None, None, Vec::new()));
        };
        if requirements.len() > 1 {
            // Unconfirmed: a route has one authorizer; gantry takes the first
            // alternative, which never lets in a caller the first would refuse.
            self.note(
                NoteKind::NotHonoured,
                &path,
                format!(
                    "lists {} alternative requirements; a route has one authorizer, gantry uses the first",
                    requirements.len()
                ),
            );
        }
        let first_path = format!("{path}[0]");
        let requirement = Object::of(first_path.clone(), first)?;
        let mut schemes = requirement.map.iter();
        let Some((scheme, scopes)) = schemes.next() else {
            return Ok((AuthorizationType::None, None, Vec::new()));
        };
        if schemes.next().is_some() {
            return Err(error(
                &first_path,
                "names several security schemes that must all pass; an HTTP API route has one authorizer",
            ));
        }
        let scopes = match scopes {
            Value::Array(items) => items
                .iter()
                .map(|s| match s {
                    Value::String(s) => Ok(s.clone()),
                    _ => Err(error(
                        &requirement.child(scheme),
                        "must be a list of scope names",
                    )),
                })
                .collect::<Result<Vec<_>, _>>()?,
            _ => {
                return Err(error(
                    &requirement.child(scheme),
                    "must be a list of scope names",
                ));
            }
        };
        let (authorization_type, authorizer_id) =
            self.scheme_authorization(scheme, &requirement.child(scheme))?;
        Ok((authorization_type, authorizer_id, scopes))
    }

    /// The base path to prepend, from the first server's URL (`BasePath: prepend`).
    fn base_path(&self) -> Result<String, ImportError> {
        if self.request.base_path == BasePath::Ignore {
            return Ok(String::new());
        }
        let path = first_server_path(&self.root)?;
        Ok(path.trim_end_matches('/').to_owned())
    }
}

/// The route key of an operation.
fn route_key(
    path: &str,
    method: &str,
    operation: &Object<'_>,
    base_path: &str,
) -> Result<String, ImportError> {
    let is_default = operation.bool("isDefaultRoute")?.unwrap_or(false);
    if is_default || path == DEFAULT_PATH || path == DEFAULT_ROUTE_KEY {
        if method != "ANY" {
            return Err(error(
                &operation.path,
                "the $default route is declared with x-amazon-apigateway-any-method",
            ));
        }
        return Ok(DEFAULT_ROUTE_KEY.to_owned());
    }
    Ok(format!("{method} {base_path}{path}"))
}
