//! What a method's requests and responses carry (aws-rest-api.md §9.2): `parameters`
//! (the path item's and the operation's, `$ref`s resolved) → request parameters, a body
//! schema's `$ref` → a request model per content type, `responses` → method responses.

use std::collections::BTreeMap;

use serde_json::Value;

use super::document::{ImportError, Object, error};
use super::{Importer, NoteKind, Version};

/// The content type a Swagger 2.0 body is for when no `consumes` says.
const DEFAULT_CONTENT_TYPE: &str = "application/json";

impl<'a> Importer<'a> {
    /// The path item's and the operation's `parameters` → `method.request.{path|querystring|header}.{name}` → required.
    pub(super) fn request_parameters(
        &mut self,
        item: &Object<'a>,
        operation: &Object<'a>,
    ) -> Result<BTreeMap<String, bool>, ImportError> {
        let mut out = BTreeMap::new();
        for parameter in self
            .parameters(item)?
            .into_iter()
            .chain(self.parameters(operation)?)
        {
            let name = parameter
                .string("name")?
                .ok_or_else(|| error(&parameter.child("name"), "is required"))?;
            let location = parameter.string("in")?.unwrap_or_default();
            let source = match location.as_str() {
                "path" => "path",
                "query" => "querystring",
                "header" => "header",
                "body" => continue,
                _ => {
                    self.note(
                        NoteKind::Info,
                        &parameter.child("in"),
                        format!("is {location:?}: API Gateway makes no request parameter of it"),
                    );
                    continue;
                }
            };
            // A path parameter is always required.
            let required = source == "path" || parameter.bool("required")?.unwrap_or(false);
            out.insert(format!("method.request.{source}.{name}"), required);
        }
        Ok(out)
    }

    /// The `parameters` of `owner`, each `$ref` resolved.
    fn parameters(&self, owner: &Object<'a>) -> Result<Vec<Object<'a>>, ImportError> {
        let Some(value) = owner.get("parameters") else {
            return Ok(Vec::new());
        };
        let Value::Array(items) = value else {
            return Err(error(
                &owner.child("parameters"),
                "must be a list of parameters",
            ));
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let parameter = Object::of(format!("{}[{i}]", owner.child("parameters")), item)?;
                match parameter.string("$ref")? {
                    Some(reference) => self.resolve(
                        &reference,
                        &parameter.child("$ref"),
                        "parameters",
                        "parameters",
                    ),
                    None => Ok(parameter),
                }
            })
            .collect()
    }

    /// A local `$ref` (`#/parameters/x`, `#/components/parameters/x`).
    fn resolve(
        &self,
        reference: &str,
        at: &str,
        swagger: &str,
        openapi: &str,
    ) -> Result<Object<'a>, ImportError> {
        let (prefix, reusable) = match self.version {
            Version::Swagger2 => (format!("#/{swagger}/"), self.reusable(swagger, openapi)?),
            Version::OpenApi3 => (
                format!("#/components/{openapi}/"),
                self.reusable(swagger, openapi)?,
            ),
        };
        let target = reference
            .strip_prefix(&prefix)
            .zip(reusable)
            .and_then(|(name, reusable)| reusable.object(name).transpose());
        match target {
            Some(found) => found,
            None => Err(error(
                at,
                format!("is {reference:?}, which is not a {prefix}NAME this definition has"),
            )),
        }
    }

    /// A body schema's `$ref` → content type → model name.
    pub(super) fn request_models(
        &mut self,
        operation: &Object<'a>,
    ) -> Result<BTreeMap<String, String>, ImportError> {
        let mut out = BTreeMap::new();
        let mut bodies: Vec<(Vec<String>, Object<'a>)> = Vec::new();
        match self.version {
            Version::Swagger2 => {
                let mut types = operation.strings("consumes")?;
                if types.is_empty() {
                    types = self.root.strings("consumes")?;
                }
                if types.is_empty() {
                    types.push(DEFAULT_CONTENT_TYPE.to_owned());
                }
                for parameter in self.parameters(operation)? {
                    if parameter.string("in")?.as_deref() == Some("body")
                        && let Some(schema) = parameter.object("schema")?
                    {
                        bodies.push((types.clone(), schema));
                    }
                }
            }
            Version::OpenApi3 => {
                let body = match operation.object("requestBody")? {
                    Some(body) => match body.string("$ref")? {
                        Some(reference) => self.resolve(
                            &reference,
                            &body.child("$ref"),
                            "requestBodies",
                            "requestBodies",
                        )?,
                        None => body,
                    },
                    None => return Ok(out),
                };
                if let Some(content) = body.object("content")? {
                    for (content_type, media) in content.map {
                        let media = Object::of(content.child(content_type), media)?;
                        if let Some(schema) = media.object("schema")? {
                            bodies.push((vec![content_type.clone()], schema));
                        }
                    }
                }
            }
        }
        let prefix = match self.version {
            Version::Swagger2 => "#/definitions/",
            Version::OpenApi3 => "#/components/schemas/",
        };
        for (types, schema) in bodies {
            let Some(reference) = schema.string("$ref")? else {
                // Unconfirmed: AWS makes a model of an inline body schema; gantry does not,
                // so a request validator does not check such a body.
                self.note(NoteKind::NotHonoured, &schema.path, "is an inline schema: gantry makes no model of it, so no request validator checks the body against it; move it to a named schema and $ref it");
                continue;
            };
            let name = reference
                .strip_prefix(prefix)
                .filter(|name| self.definition.models.iter().any(|m| m.name == *name));
            let Some(name) = name else {
                return Err(error(
                    &schema.child("$ref"),
                    format!("is {reference:?}, which is not a {prefix}NAME this definition has"),
                ));
            };
            for content_type in types {
                out.insert(content_type, name.to_owned());
            }
        }
        Ok(out)
    }

    /// `responses`: status code → `method.response.header.{name}` → required (false).
    pub(super) fn method_responses(
        &self,
        operation: &Object<'a>,
    ) -> Result<BTreeMap<String, BTreeMap<String, bool>>, ImportError> {
        let mut out = BTreeMap::new();
        let Some(responses) = operation.object("responses")? else {
            return Ok(out);
        };
        for (status, response) in responses.map {
            if !status.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            let response = Object::of(responses.child(status), response)?;
            let headers = match response.object("headers")? {
                Some(headers) => headers
                    .map
                    .keys()
                    .map(|name| (format!("method.response.header.{name}"), false))
                    .collect(),
                None => BTreeMap::new(),
            };
            out.insert(status.clone(), headers);
        }
        Ok(out)
    }
}
