//! `AWS::ApiGateway::GatewayResponse`: an override of the status, headers or body of one
//! of API Gateway's own answers (aws-rest-api.md §7). Its `ResponseType` is checked
//! against the types the data plane knows.

use store::model::ResourceModel;
use store::model::apigateway::GatewayResponse;

use super::lookup;
use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let rest_api_id = props.required_string("RestApiId")?;
    lookup::rest_api(request, &rest_api_id)?;
    let response_type = props.required_string("ResponseType")?;
    request
        .checks
        .check_gateway_response_type(&response_type)
        .map_err(ProviderError::CheckFailed)?;
    let status_code = props.string("StatusCode")?;
    if let Some(status) = &status_code {
        check_status(status)?;
    }
    let response = GatewayResponse {
        rest_api_id,
        response_type,
        status_code,
        response_parameters: props.string_map("ResponseParameters")?,
        response_templates: props.string_map("ResponseTemplates")?,
    };
    // Unconfirmed: the format of a GatewayResponse's Ref and Id (aws-rest-api.md §10);
    // gantry returns a generated name.
    let id = request.generated_name(64);
    Ok(Provisioned::new(id.clone(), ResourceModel::GatewayResponse(response)).attribute("Id", id))
}

/// A status code: three digits, 100 to 599.
fn check_status(status: &str) -> Result<(), ProviderError> {
    match status.parse::<u16>() {
        Ok(code) if status.len() == 3 && (100..=599).contains(&code) => Ok(()),
        _ => Err(ProviderError::invalid(
            "StatusCode",
            format!("must be an HTTP status code (100 to 599), found {status:?}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_are_three_digits() {
        assert!(check_status("401").is_ok());
        for bad in ["4xx", "99", "600"] {
            assert!(check_status(bad).is_err(), "{bad}");
        }
    }
}
