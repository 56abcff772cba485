//! `x-amazon-apigateway-integration` of an operation → a [`MethodIntegration`]
//! (aws-rest-api.md §9.2). gantry serves Lambda proxy (`aws_proxy`), `http_proxy` and
//! `mock` integrations; non-proxy `aws` and `http` integrations need Velocity mapping
//! templates evaluated and are refused, naming the method.

use store::model::IntegrationType;
use store::model::apigateway::{IntegrationResponse, MethodIntegration};

use super::document::{ImportError, Object, error};
use super::{Importer, NoteKind};
use crate::providers::apigateway::method::is_lambda_invocations_uri;

/// `timeoutInMillis` API Gateway accepts, and its default (aws-rest-api.md Appendix A).
const TIMEOUT_RANGE_MS: std::ops::RangeInclusive<u32> = 50..=29_000;
const DEFAULT_TIMEOUT_MS: u32 = 29_000;

/// The method API Gateway calls Lambda with (aws-rest-api.md §2.8).
const LAMBDA_HTTP_METHOD: &str = "POST";

/// The `responses` key of the default integration response.
const DEFAULT_RESPONSE: &str = "default";

/// Members REST APIs read.
const READ: &[&str] = &[
    "type",
    "uri",
    "httpMethod",
    "credentials",
    "timeoutInMillis",
    "requestTemplates",
    "requestParameters",
    "passthroughBehavior",
    "contentHandling",
    "cacheKeyParameters",
    "cacheNamespace",
    "responses",
    "connectionType",
];

/// Members of HTTP APIs' integrations that REST APIs do not have.
const HTTP_API_ONLY: &[&str] = &[
    "payloadFormatVersion",
    "integrationSubtype",
    "responseParameters",
    "tlsConfig",
];

impl<'a> Importer<'a> {
    /// The integration of `method` (`GET /pets`), or `None` when AWS's import leaves the
    /// method without one (an unknown type: AWS warns and skips it).
    pub(super) fn integration(
        &mut self,
        extension: &Object<'a>,
        method: &str,
    ) -> Result<Option<MethodIntegration>, ImportError> {
        let type_path = extension.child("type");
        let Some(type_text) = extension.string("type")? else {
            return Err(error(
                &type_path,
                format!("is required for {method} (aws_proxy, http_proxy or mock)"),
            ));
        };
        let integration_type = match type_text.to_ascii_lowercase().as_str() {
            "aws_proxy" => IntegrationType::AwsProxy,
            "http_proxy" => IntegrationType::HttpProxy,
            "mock" => IntegrationType::Mock,
            "aws" | "http" => {
                return Err(error(
                    &type_path,
                    format!(
                        "is {type_text} for {method}: a non-proxy integration, whose Velocity mapping templates gantry does not evaluate; use aws_proxy (a Lambda proxy integration) or http_proxy"
                    ),
                ));
            }
            _ => {
                // AWS's import warns and creates the method without an integration
                // (aws-rest-api.md §9.3).
                self.note(
                    NoteKind::Warning,
                    &type_path,
                    format!("Unknown integration type '{type_text}' for '{method}'. Ignoring."),
                );
                return Ok(None);
            }
        };
        let uri = extension.string("uri")?;
        let http_method = extension.string("httpMethod")?;
        self.check_target(
            extension,
            integration_type,
            uri.as_deref(),
            http_method.as_deref(),
            method,
        )?;
        let timeout = extension
            .u32("timeoutInMillis")?
            .unwrap_or(DEFAULT_TIMEOUT_MS);
        if !TIMEOUT_RANGE_MS.contains(&timeout) {
            return Err(error(
                &extension.child("timeoutInMillis"),
                format!("must be 50 to 29000 for {method}, found {timeout}"),
            ));
        }
        if let Some(connection) = extension.string("connectionType")?
            && !connection.eq_ignore_ascii_case("INTERNET")
        {
            return Err(error(
                &extension.child("connectionType"),
                format!(
                    "is {connection} for {method}: gantry reaches integrations over the network directly and has no VPC link; remove it or use INTERNET"
                ),
            ));
        }
        self.integration_notes(extension);
        Ok(Some(MethodIntegration {
            integration_type,
            uri,
            integration_http_method: http_method.map(|m| m.to_ascii_uppercase()),
            credentials: extension.string("credentials")?,
            timeout_in_millis: timeout,
            request_templates: extension.string_map("requestTemplates")?,
            request_parameters: extension.string_map("requestParameters")?,
            passthrough_behavior: extension
                .string("passthroughBehavior")?
                .map(|b| b.to_ascii_uppercase()),
            content_handling: extension.string("contentHandling")?,
            cache_key_parameters: extension.strings("cacheKeyParameters")?,
            integration_responses: self.integration_responses(extension, method)?,
        }))
    }

    /// What an `aws_proxy` or `http_proxy` integration calls must be one gantry can call.
    fn check_target(
        &self,
        extension: &Object<'a>,
        integration_type: IntegrationType,
        uri: Option<&str>,
        http_method: Option<&str>,
        method: &str,
    ) -> Result<(), ImportError> {
        if integration_type == IntegrationType::Mock {
            return Ok(());
        }
        let Some(uri) = uri else {
            return Err(error(
                &extension.child("uri"),
                format!("is required for {method}"),
            ));
        };
        if integration_type == IntegrationType::AwsProxy {
            if !is_lambda_invocations_uri(uri) {
                return Err(error(
                    &extension.child("uri"),
                    format!(
                        "is {uri:?} for {method}: gantry serves aws_proxy integrations with Lambda only (arn:aws:apigateway:{{region}}:lambda:path/2015-03-31/functions/{{function ARN}}/invocations)"
                    ),
                ));
            }
            if !http_method.is_some_and(|m| m.eq_ignore_ascii_case(LAMBDA_HTTP_METHOD)) {
                return Err(error(
                    &extension.child("httpMethod"),
                    format!(
                        "must be POST for {method}: API Gateway calls Lambda with POST and fails any other method, found {:?}",
                        http_method.unwrap_or_default()
                    ),
                ));
            }
        } else if http_method.is_none() {
            return Err(error(
                &extension.child("httpMethod"),
                format!("is required for {method} (the method to call the URL with, or ANY)"),
            ));
        }
        Ok(())
    }

    /// Notes on members that do nothing here.
    fn integration_notes(&mut self, extension: &Object<'a>) {
        for key in extension.map.keys() {
            let message = if HTTP_API_ONLY.contains(&key.as_str()) {
                "is an HTTP API integration member; REST APIs ignore it"
            } else if key == "contentHandling" {
                "is not applied by gantry: payloads are passed on as they are, not converted between text and binary"
            } else if READ.contains(&key.as_str()) {
                continue;
            } else {
                "is not read for REST API integrations; it is ignored"
            };
            let kind = if key == "contentHandling" {
                NoteKind::NotHonoured
            } else {
                NoteKind::Info
            };
            self.note(kind, &extension.child(key), message);
        }
    }

    /// `responses`: selection pattern (`default` for none) → integration response.
    fn integration_responses(
        &mut self,
        extension: &Object<'a>,
        method: &str,
    ) -> Result<Vec<IntegrationResponse>, ImportError> {
        let Some(responses) = extension.object("responses")? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for (pattern, response) in responses.map {
            let response = Object::of(responses.child(pattern), response)?;
            let status_code = response.string("statusCode")?.ok_or_else(|| {
                error(
                    &response.child("statusCode"),
                    format!("is required for each integration response of {method}"),
                )
            })?;
            for key in response.map.keys() {
                if !matches!(
                    key.as_str(),
                    "statusCode" | "responseParameters" | "responseTemplates" | "contentHandling"
                ) {
                    self.note(
                        NoteKind::Info,
                        &response.child(key),
                        "is not read for integration responses; it is ignored",
                    );
                }
            }
            out.push(IntegrationResponse {
                status_code,
                selection_pattern: (pattern != DEFAULT_RESPONSE).then(|| pattern.clone()),
                response_parameters: response.string_map("responseParameters")?,
                response_templates: response.string_map("responseTemplates")?,
                content_handling: response.string("contentHandling")?,
            });
        }
        Ok(out)
    }
}
