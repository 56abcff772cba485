//! Each path's operations → `Method`s on its resource (aws-rest-api.md §9.2):
//! `x-amazon-apigateway-any-method` is `ANY`; `parameters` become the method's request
//! parameters, a body schema `$ref` its request model, `responses` its method responses,
//! `operationId` its operation name.

use std::collections::BTreeMap;

use serde_json::Value;
use store::model::apigateway::{Method, MethodAuthorizationType};

use super::document::{ImportError, Object, error};
use super::resources::Placed;
use super::security::MethodSecurity;
use super::{Importer, NoteKind, Version};

const INTEGRATION: &str = "x-amazon-apigateway-integration";
pub(super) const REQUEST_VALIDATOR: &str = "x-amazon-apigateway-request-validator";
/// `{type: aws_iam | none}`: the older way to make a method `AWS_IAM`.
const AUTH: &str = "x-amazon-apigateway-auth";

/// OpenAPI's operations REST APIs import, by the method they stand for.
const METHODS: &[(&str, &str)] = &[
    ("get", "GET"),
    ("put", "PUT"),
    ("post", "POST"),
    ("delete", "DELETE"),
    ("options", "OPTIONS"),
    ("head", "HEAD"),
    ("patch", "PATCH"),
    ("x-amazon-apigateway-any-method", "ANY"),
];

/// Path item members that describe rather than define methods.
const PATH_ITEM_DESCRIPTIVE: &[&str] = &["summary", "description", "parameters", "servers"];

/// Operation members read here or in the modules it calls.
const OPERATION_READ: &[&str] = &[
    INTEGRATION,
    REQUEST_VALIDATOR,
    AUTH,
    "security",
    "parameters",
    "requestBody",
    "responses",
    "operationId",
    "consumes",
];

/// Operation members that only describe.
const OPERATION_DESCRIPTIVE: &[&str] = &[
    "summary",
    "description",
    "tags",
    "produces",
    "deprecated",
    "externalDocs",
    "schemes",
    "callbacks",
    "servers",
];

/// The content type a Swagger 2.0 body is for when no `consumes` says.
const DEFAULT_CONTENT_TYPE: &str = "application/json";

impl<'a> Importer<'a> {
    pub(super) fn paths(&mut self) -> Result<(), ImportError> {
        let Some(paths) = self.root.object("paths")? else {
            return Ok(());
        };
        for (path, item) in paths.map {
            let item = Object::of(paths.child(path), item)?;
            let resource = self.place(path, &item.path)?;
            for (member, value) in item.map {
                let Some((_, http_method)) = METHODS.iter().find(|(name, _)| name == member) else {
                    if !PATH_ITEM_DESCRIPTIVE.contains(&member.as_str()) {
                        self.note(
                            NoteKind::NotHonoured,
                            &item.child(member),
                            "is not an operation REST APIs import (get, put, post, delete, options, head, patch, x-amazon-apigateway-any-method); it is ignored",
                        );
                    }
                    continue;
                };
                let operation = Object::of(item.child(member), value)?;
                self.method(&resource, http_method, &operation, &item)?;
            }
        }
        Ok(())
    }

    fn method(
        &mut self,
        resource: &Placed,
        http_method: &str,
        operation: &Object<'a>,
        item: &Object<'a>,
    ) -> Result<(), ImportError> {
        let label = format!("{http_method} {}", resource.path);
        let duplicate = self
            .definition
            .methods
            .iter()
            .any(|m| m.resource_id == resource.resource_id && m.http_method == http_method);
        if duplicate {
            return Err(error(
                &operation.path,
                format!("makes {label} a second time; keep one of the operations"),
            ));
        }
        let mut security = self.security(operation, &label)?;
        self.legacy_auth(operation, &label, &mut security)?;
        let integration = match operation.object(INTEGRATION)? {
            Some(extension) => self.integration(&extension, &label)?,
            None => {
                self.note(
                    NoteKind::Info,
                    &operation.path,
                    format!("has no {INTEGRATION}: AWS imports {label} without an integration, and creating a deployment of this API then fails with \"No integration defined for method\""),
                );
                None
            }
        };
        let request_parameters = self.request_parameters(item, operation)?;
        let request_models = self.request_models(operation)?;
        let request_validator_id = self.method_validator(operation)?;
        let method_responses = self.method_responses(operation)?;
        for key in operation.map.keys() {
            if !OPERATION_READ.contains(&key.as_str())
                && !OPERATION_DESCRIPTIVE.contains(&key.as_str())
            {
                self.note(
                    NoteKind::NotHonoured,
                    &operation.child(key),
                    format!("is not read for REST API methods; it is ignored for {label}"),
                );
            }
        }
        self.definition.methods.push(Method {
            rest_api_id: self.request.rest_api_id.to_owned(),
            resource_id: resource.resource_id.clone(),
            resource_path: resource.path.clone(),
            http_method: http_method.to_owned(),
            authorization_type: security.authorization_type,
            authorizer_id: security.authorizer_id,
            authorization_scopes: security.scopes,
            api_key_required: security.api_key_required,
            operation_name: operation.string("operationId")?,
            request_validator_id,
            request_parameters,
            request_models,
            method_responses,
            integration,
        });
        Ok(())
    }

    /// `x-amazon-apigateway-auth: {type: aws_iam}` makes the method `AWS_IAM`.
    fn legacy_auth(
        &mut self,
        operation: &Object<'a>,
        label: &str,
        security: &mut MethodSecurity,
    ) -> Result<(), ImportError> {
        let Some(auth) = operation.object(AUTH)? else {
            return Ok(());
        };
        match auth
            .string("type")?
            .map(|t| t.to_ascii_lowercase())
            .as_deref()
        {
            Some("none") => Ok(()),
            Some("aws_iam") if security.authorization_type == MethodAuthorizationType::None => {
                security.authorization_type = MethodAuthorizationType::AwsIam;
                Ok(())
            }
            Some("aws_iam") => Err(error(
                &auth.path,
                format!(
                    "makes {label} AWS_IAM besides its {}; a method has one authorization",
                    security.authorization_type
                ),
            )),
            other => Err(error(
                &auth.child("type"),
                format!("must be aws_iam or none for {label}, found {other:?}"),
            )),
        }
    }

    /// The path item's and the operation's `parameters` → `method.request.{path|querystring|header}.{name}` → required.
    fn request_parameters(
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
    fn request_models(
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
    fn method_responses(
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
