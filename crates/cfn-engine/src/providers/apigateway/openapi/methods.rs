//! Each path's operations → `Method`s on its resource (aws-rest-api.md §9.2):
//! `x-amazon-apigateway-any-method` is `ANY`, `operationId` the operation name; the
//! authorization, integration, parameters and validator come from the modules beside.

use store::model::apigateway::{Method, MethodAuthorizationType};

use super::document::{ImportError, Object, error};
use super::resources::Placed;
use super::security::MethodSecurity;
use super::{Importer, NoteKind};

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
            // AWS imports the method; a deployment of it fails (aws-rest-api.md §9.3).
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
                format!(
                    "must be aws_iam or none for {label}, found {:?}",
                    other.unwrap_or_default()
                ),
            )),
        }
    }
}
