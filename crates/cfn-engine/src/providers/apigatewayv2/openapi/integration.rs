//! `x-amazon-apigateway-integration` of an operation → an [`Integration`] (§11.2).

use store::model::{Integration, IntegrationType, PayloadFormatVersion};

use super::Importer;
use super::document::{ImportError, NoteKind, Object, error};

/// API Gateway's limits for `timeoutInMillis` on HTTP APIs (§6.1).
const TIMEOUT_RANGE_MS: std::ops::RangeInclusive<u32> = 50..=30_000;

/// Members HTTP APIs read; everything else is named in a note.
const READ: &[&str] = &[
    "type",
    "uri",
    "httpMethod",
    "payloadFormatVersion",
    "connectionType",
    "connectionId",
    "credentials",
    "timeoutInMillis",
    "integrationSubtype",
    "requestParameters",
    "responseParameters",
    "tlsConfig",
];

/// Members of REST APIs' integrations that HTTP APIs ignore.
const REST_ONLY: &[&str] = &[
    "passthroughBehavior",
    "requestTemplates",
    "responses",
    "contentHandling",
    "cacheKeyParameters",
    "cacheNamespace",
];

/// Where `$ref` may point: the document's reusable integrations.
const COMPONENTS_REF: &str = "#/components/x-amazon-apigateway-integrations/";

impl<'a> Importer<'a> {
    /// The integration of one route, or `None` when it has none that HTTP APIs serve
    /// (noted). `integration_id` is the id to give it.
    pub(super) fn integration(
        &mut self,
        extension: &Object<'a>,
        integration_id: String,
    ) -> Result<Option<Integration>, ImportError> {
        let extension = self.resolve_ref(extension)?;
        let type_text = extension.string("type")?.ok_or_else(|| {
            error(
                &extension.child("type"),
                "is required (aws_proxy or http_proxy)",
            )
        })?;
        let integration_type = match type_text.to_ascii_lowercase().as_str() {
            "aws_proxy" => IntegrationType::AwsProxy,
            "http_proxy" => IntegrationType::HttpProxy,
            _ => {
                // AWS's own example of an import warning (§11.1).
                self.note(
                    NoteKind::Warning,
                    &extension.child("type"),
                    format!(
                        "HTTP APIs support only Lambda proxy (aws_proxy) and HTTP proxy (http_proxy) integrations, found {type_text:?}; the route gets no integration"
                    ),
                );
                return Ok(None);
            }
        };
        let integration_subtype = extension.string("integrationSubtype")?;
        let uri = extension.string("uri")?;
        // AWS service integrations name their action by subtype and have no uri.
        if uri.is_none() && integration_subtype.is_none() {
            return Err(error(
                &extension.child("uri"),
                "is required: the Lambda function's invocations URI or ARN, or the URL",
            ));
        }
        let payload_format_version = match extension.string("payloadFormatVersion")? {
            Some(text) => text.parse::<PayloadFormatVersion>().map_err(|_| {
                error(
                    &extension.child("payloadFormatVersion"),
                    format!("must be \"1.0\" or \"2.0\", found {text:?}"),
                )
            })?,
            None => {
                if integration_type == IntegrationType::AwsProxy {
                    // Unconfirmed: AWS documents the member as required for HTTP APIs
                    // but not what an import without it makes; 1.0 is the API's default.
                    self.note(
                        NoteKind::NotHonoured,
                        &extension.child("payloadFormatVersion"),
                        "is absent; gantry uses 1.0 (set payloadFormatVersion: \"2.0\" to be explicit)",
                    );
                }
                PayloadFormatVersion::V1_0
            }
        };
        let timeout_in_millis = extension
            .u32("timeoutInMillis")?
            .unwrap_or(*TIMEOUT_RANGE_MS.end());
        if !TIMEOUT_RANGE_MS.contains(&timeout_in_millis) {
            return Err(error(
                &extension.child("timeoutInMillis"),
                format!("must be between 50 and 30000 for HTTP APIs, found {timeout_in_millis}"),
            ));
        }
        let integration_method = match integration_type {
            IntegrationType::HttpProxy => extension.string("httpMethod")?,
            _ => None,
        };
        self.connection(&extension)?;
        let mut response_parameters = std::collections::BTreeMap::new();
        if let Some(value) = extension.get("responseParameters") {
            let responses = Object::of(extension.child("responseParameters"), value)?;
            for status in responses.map.keys() {
                response_parameters.insert(status.clone(), responses.string_map(status)?);
            }
        }
        for key in extension.map.keys() {
            let member = extension.child(key);
            if REST_ONLY.contains(&key.as_str()) {
                self.note(
                    NoteKind::NotHonoured,
                    &member,
                    "applies to REST APIs only; HTTP APIs ignore it",
                );
            } else if key == "tlsConfig" {
                self.note(
                    NoteKind::NotHonoured,
                    &member,
                    "is not honoured: gantry does not verify integration TLS server names",
                );
            } else if !READ.contains(&key.as_str()) {
                self.note(
                    NoteKind::NotHonoured,
                    &member,
                    "is not an integration member gantry knows; it is ignored",
                );
            }
        }
        Ok(Some(Integration {
            api_id: self.request.api_id.to_owned(),
            integration_id,
            integration_type,
            integration_subtype,
            integration_uri: uri,
            integration_method,
            payload_format_version,
            credentials_arn: extension.string("credentials")?,
            timeout_in_millis,
            request_parameters: extension.string_map("requestParameters")?,
            response_parameters,
        }))
    }

    /// `connectionType: VPC_LINK` reaches a private network gantry does not have.
    fn connection(&mut self, extension: &Object<'a>) -> Result<(), ImportError> {
        match extension.string("connectionType")?.as_deref() {
            None | Some("INTERNET") => Ok(()),
            Some("VPC_LINK") => {
                self.note(
                    NoteKind::NotHonoured,
                    &extension.child("connectionType"),
                    "VPC_LINK (private integrations) is not served by gantry: there is no VPC locally; requests to the route answer 500",
                );
                Ok(())
            }
            Some(other) => Err(error(
                &extension.child("connectionType"),
                format!("must be INTERNET or VPC_LINK, found {other:?}"),
            )),
        }
    }

    /// An integration given as `{"$ref": "#/components/x-amazon-apigateway-integrations/NAME"}`.
    fn resolve_ref(&self, extension: &Object<'a>) -> Result<Object<'a>, ImportError> {
        let Some(reference) = extension.string("$ref")? else {
            return Ok(extension.clone());
        };
        let name = reference.strip_prefix(COMPONENTS_REF).ok_or_else(|| {
            error(
                &extension.child("$ref"),
                format!("must point into {COMPONENTS_REF}, found {reference:?}"),
            )
        })?;
        self.reusable_integration(name)?.ok_or_else(|| {
            error(
                &extension.child("$ref"),
                format!("names {name:?}, which components.x-amazon-apigateway-integrations does not define"),
            )
        })
    }
}
