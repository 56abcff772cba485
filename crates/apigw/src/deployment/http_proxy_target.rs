//! An HTTP_PROXY integration compiled for serving (§6.4, §6.5), or the reason its routes
//! answer 500; and the integrations gantry refuses to serve: AWS service integrations
//! (`IntegrationSubtype`) and parameter mappings on Lambda integrations.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use http::Method;

use super::RouteIntegration;
use crate::http_proxy::{HttpProxyIntegration, UriTemplate};
use crate::parameter_mapping::{RequestMapping, ResponseMappings};

/// An integration's settings that an HTTP proxy uses.
pub(super) struct HttpProxySettings<'a> {
    pub(super) integration_id: &'a str,
    pub(super) integration_uri: Option<&'a str>,
    pub(super) integration_method: Option<&'a str>,
    pub(super) timeout_in_millis: u32,
    pub(super) request_parameters: Option<&'a BTreeMap<String, String>>,
    pub(super) response_parameters: Option<&'a BTreeMap<String, BTreeMap<String, String>>>,
}

/// The route's integration: served, or unavailable with what to change.
pub(super) fn http_proxy(settings: &HttpProxySettings<'_>) -> RouteIntegration {
    match compile(settings) {
        Ok(integration) => RouteIntegration::HttpProxy(Arc::new(integration)),
        Err(reason) => RouteIntegration::Unavailable(format!(
            "integration {} cannot be served: {reason}",
            settings.integration_id
        )),
    }
}

fn compile(settings: &HttpProxySettings<'_>) -> Result<HttpProxyIntegration, String> {
    let uri = settings
        .integration_uri
        .ok_or("an HTTP_PROXY integration needs an IntegrationUri (the endpoint's URL)")?;
    let uri = UriTemplate::parse(uri).map_err(|e| e.to_string())?;
    // Unconfirmed: without IntegrationMethod the request's method is sent, as with ANY.
    let method = match settings.integration_method {
        None | Some("ANY") => None,
        Some(text) => Some(
            Method::from_bytes(text.as_bytes())
                .map_err(|_| format!("IntegrationMethod {text:?} is not an HTTP method"))?,
        ),
    };
    let empty_request = BTreeMap::new();
    let empty_response = BTreeMap::new();
    let request_mapping =
        RequestMapping::compile(settings.request_parameters.unwrap_or(&empty_request))
            .map_err(|e| e.to_string())?;
    let response_mappings =
        ResponseMappings::compile(settings.response_parameters.unwrap_or(&empty_response))
            .map_err(|e| e.to_string())?;
    Ok(HttpProxyIntegration {
        integration_id: settings.integration_id.to_owned(),
        uri,
        method,
        timeout: Duration::from_millis(u64::from(settings.timeout_in_millis)),
        request_mapping,
        response_mappings,
    })
}

/// Why an AWS service integration is not served (the deployment refused it unless
/// `--allow-unsupported`).
pub(super) fn aws_service_integration(integration_id: &str, subtype: &str) -> RouteIntegration {
    RouteIntegration::Unavailable(format!(
        "integration {integration_id} is an AWS service integration (IntegrationSubtype {subtype}), which gantry does not emulate; it was deployed because of --allow-unsupported. Replace it with a Lambda function that calls the service"
    ))
}

/// Why a Lambda integration with parameter mappings is not served.
// Unconfirmed: AWS accepts parameter mappings on Lambda proxy integrations (the CDK
// exposes them) but does not document how they change the event; gantry refuses to guess.
pub(super) fn lambda_with_mappings(integration_id: &str) -> RouteIntegration {
    RouteIntegration::Unavailable(format!(
        "integration {integration_id} is a Lambda integration with RequestParameters or ResponseParameters; gantry applies parameter mappings to HTTP_PROXY integrations only, because AWS does not document their effect on Lambda events. Remove the mappings, or put the logic in the function"
    ))
}
