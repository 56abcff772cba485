//! The definition's API-level members (aws-rest-api.md §9.2): models (`definitions`,
//! `components.schemas`), request validators, gateway responses, and the extensions that
//! set the RestApi's own settings (binary media types, API key source, policy, endpoint
//! configuration). Any other `x-amazon-apigateway-*` at the top level is named in a note.

use serde_json::Value;
use store::model::apigateway::{ApiKeySourceType, GatewayResponse, Model, RequestValidator};

use super::document::{ImportError, Object, error};
use super::methods::REQUEST_VALIDATOR;
use super::{Importer, NoteKind, Version};

const GATEWAY_RESPONSES: &str = "x-amazon-apigateway-gateway-responses";
const BINARY_MEDIA_TYPES: &str = "x-amazon-apigateway-binary-media-types";
const API_KEY_SOURCE: &str = "x-amazon-apigateway-api-key-source";
const POLICY: &str = "x-amazon-apigateway-policy";
const REQUEST_VALIDATORS: &str = "x-amazon-apigateway-request-validators";
const ENDPOINT_CONFIGURATION: &str = "x-amazon-apigateway-endpoint-configuration";
const MINIMUM_COMPRESSION_SIZE: &str = "x-amazon-apigateway-minimum-compression-size";
const CORS: &str = "x-amazon-apigateway-cors";

/// The content type of a model imported from a schema.
const MODEL_CONTENT_TYPE: &str = "application/json";

/// Top-level members that REST APIs read or that only describe.
const TOP_LEVEL: &[&str] = &[
    "swagger",
    "openapi",
    "info",
    "host",
    "basePath",
    "schemes",
    "servers",
    "consumes",
    "produces",
    "paths",
    "definitions",
    "parameters",
    "responses",
    "securityDefinitions",
    "components",
    "tags",
    "externalDocs",
    "security",
    GATEWAY_RESPONSES,
    BINARY_MEDIA_TYPES,
    API_KEY_SOURCE,
    POLICY,
    REQUEST_VALIDATORS,
    REQUEST_VALIDATOR,
    ENDPOINT_CONFIGURATION,
    MINIMUM_COMPRESSION_SIZE,
];

impl<'a> Importer<'a> {
    /// `definitions` (2.0) or `components.schemas` (3.x) → one model each.
    pub(super) fn models(&mut self) -> Result<(), ImportError> {
        let Some(schemas) = self.reusable("definitions", "schemas")? else {
            return Ok(());
        };
        for (name, schema) in schemas.map {
            self.definition.models.push(Model {
                rest_api_id: self.request.rest_api_id.to_owned(),
                name: name.clone(),
                content_type: Some(MODEL_CONTENT_TYPE.to_owned()),
                schema: Some(schema.clone()),
            });
        }
        Ok(())
    }

    /// `x-amazon-apigateway-request-validators`: name → validator, ids kept by name.
    pub(super) fn request_validators(&mut self) -> Result<(), ImportError> {
        let Some(validators) = self.root.object(REQUEST_VALIDATORS)? else {
            return Ok(());
        };
        for (name, validator) in validators.map {
            let validator = Object::of(validators.child(name), validator)?;
            let request_validator_id = self
                .request
                .previous
                .and_then(|p| p.request_validators.iter().find(|v| v.name == *name))
                .map_or_else(
                    || self.request.ids.short_id(),
                    |v| v.request_validator_id.clone(),
                );
            self.definition.request_validators.push(RequestValidator {
                rest_api_id: self.request.rest_api_id.to_owned(),
                request_validator_id,
                name: name.clone(),
                validate_request_body: validator.bool("validateRequestBody")?.unwrap_or(false),
                validate_request_parameters: validator
                    .bool("validateRequestParameters")?
                    .unwrap_or(false),
            });
        }
        Ok(())
    }

    /// The validator of a method: its operation's `x-amazon-apigateway-request-validator`,
    /// else the document's.
    pub(super) fn method_validator(
        &self,
        operation: &Object<'a>,
    ) -> Result<Option<String>, ImportError> {
        let (owner, name) = match operation.string(REQUEST_VALIDATOR)? {
            Some(name) => (operation, name),
            None => match self.root.string(REQUEST_VALIDATOR)? {
                Some(name) => (&self.root, name),
                None => return Ok(None),
            },
        };
        match self
            .definition
            .request_validators
            .iter()
            .find(|v| v.name == name)
        {
            Some(validator) => Ok(Some(validator.request_validator_id.clone())),
            None => Err(error(
                &owner.child(REQUEST_VALIDATOR),
                format!("names {name:?}, which {REQUEST_VALIDATORS} does not define"),
            )),
        }
    }

    /// The top-level extensions that set the API's settings, and notes on the rest.
    pub(super) fn api_extensions(&mut self) -> Result<(), ImportError> {
        let root = self.root.clone();
        self.gateway_responses(&root)?;
        self.settings.binary_media_types = root
            .strings(BINARY_MEDIA_TYPES)?
            .into_iter()
            .map(|t| t.replace("~1", "/"))
            .collect();
        self.settings.api_key_source = root
            .string(API_KEY_SOURCE)?
            .map(|source| {
                source
                    .to_ascii_uppercase()
                    .parse::<ApiKeySourceType>()
                    .map_err(|e| error(&root.child(API_KEY_SOURCE), e.to_string()))
            })
            .transpose()?;
        self.settings.policy = match root.get(POLICY) {
            None => None,
            Some(Value::String(text)) => Some(serde_json::from_str(text).map_err(|e| {
                error(
                    &root.child(POLICY),
                    format!("is not a JSON policy document: {e}"),
                )
            })?),
            Some(policy @ Value::Object(_)) => Some(policy.clone()),
            Some(_) => return Err(error(&root.child(POLICY), "must be a policy document")),
        };
        if let Some(endpoint) = root.object(ENDPOINT_CONFIGURATION)? {
            self.settings.disable_execute_api_endpoint =
                endpoint.bool("disableExecuteApiEndpoint")?;
            if root
                .get(ENDPOINT_CONFIGURATION)
                .is_some_and(|e| e.get("vpcEndpointIds").is_some())
            {
                self.note(NoteKind::NotHonoured, &endpoint.child("vpcEndpointIds"), "names VPC endpoints; gantry serves the API on its own listener to any local caller");
            }
        }
        if root.get(MINIMUM_COMPRESSION_SIZE).is_some() {
            self.note(
                NoteKind::NotHonoured,
                &root.child(MINIMUM_COMPRESSION_SIZE),
                "is not applied: gantry does not compress responses",
            );
        }
        if root.get("security").is_some() {
            self.note(NoteKind::Info, &root.child("security"), "is ignored by API Gateway's import: only an operation's own security protects its method");
        }
        let extensions: Vec<String> = root
            .map
            .keys()
            .filter(|key| key.starts_with("x-") && !TOP_LEVEL.contains(&key.as_str()))
            .cloned()
            .collect();
        for key in extensions {
            let message = if key == CORS {
                "is an HTTP API extension; REST APIs ignore it (CORS on a REST API is an OPTIONS method, and headers the integration returns)"
            } else {
                "is not an extension REST APIs read; it is ignored"
            };
            self.note(NoteKind::NotHonoured, &root.child(&key), message);
        }
        if self.version == Version::OpenApi3 && root.get("securityDefinitions").is_some() {
            self.note(NoteKind::Info, &root.child("securityDefinitions"), "is Swagger 2.0; an OpenAPI 3 definition's schemes are read from components.securitySchemes");
        }
        Ok(())
    }

    /// `x-amazon-apigateway-gateway-responses`: response type → gateway response.
    fn gateway_responses(&mut self, root: &Object<'a>) -> Result<(), ImportError> {
        let Some(responses) = root.object(GATEWAY_RESPONSES)? else {
            return Ok(());
        };
        for (response_type, response) in responses.map {
            let response = Object::of(responses.child(response_type), response)?;
            self.definition.gateway_responses.push(GatewayResponse {
                rest_api_id: self.request.rest_api_id.to_owned(),
                response_type: response_type.clone(),
                status_code: response.string("statusCode")?,
                response_parameters: response.string_map("responseParameters")?,
                response_templates: response.string_map("responseTemplates")?,
            });
        }
        Ok(())
    }
}
