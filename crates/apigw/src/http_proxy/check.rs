//! The deploy-time check of an integration (`DeployChecks::check_integration`): the
//! mappings and URI an HTTP_PROXY integration would serve with, and the integrations
//! gantry deploys but does not serve, as warnings.

use store::model::{Integration, IntegrationType};

use super::UriTemplate;
use crate::parameter_mapping::{RequestMapping, ResponseMappings};

/// Warnings to show, or why the integration cannot be deployed (naming the property).
pub fn check_integration(integration: &Integration) -> Result<Vec<String>, (&'static str, String)> {
    let has_mappings =
        !integration.request_parameters.is_empty() || !integration.response_parameters.is_empty();
    if integration.integration_subtype.is_some() {
        // AWS service integrations use RequestParameters for the service's own
        // parameters (QueueUrl, MessageBody, ...); they are refused elsewhere.
        return Ok(Vec::new());
    }
    RequestMapping::compile(&integration.request_parameters)
        .map_err(|e| ("RequestParameters", e.to_string()))?;
    ResponseMappings::compile(&integration.response_parameters)
        .map_err(|e| ("ResponseParameters", e.to_string()))?;
    match integration.integration_type {
        IntegrationType::HttpProxy => {
            let uri = integration
                .integration_uri
                .as_deref()
                .ok_or(("IntegrationUri", "is required for HTTP_PROXY integrations; set it to the endpoint's URL".to_owned()))?;
            UriTemplate::parse(uri).map_err(|e| ("IntegrationUri", e.reason))?;
            if let Some(method) = integration.integration_method.as_deref()
                && http::Method::from_bytes(method.as_bytes()).is_err()
            {
                return Err((
                    "IntegrationMethod",
                    format!("{method:?} is not an HTTP method; use ANY, GET, POST, ..."),
                ));
            }
            Ok(Vec::new())
        }
        IntegrationType::AwsProxy if has_mappings => Ok(vec![
            "RequestParameters/ResponseParameters on a Lambda integration are not applied by gantry (AWS does not document their effect on the event); the routes using this integration answer 500 until they are removed".to_owned(),
        ]),
        _ => Ok(Vec::new()),
    }
}
