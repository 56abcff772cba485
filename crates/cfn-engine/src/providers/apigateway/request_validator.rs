//! `AWS::ApiGateway::RequestValidator`: whether a method's request body and parameters
//! are validated (against its `RequestModels` and `RequestParameters`).

use store::model::ResourceModel;
use store::model::apigateway::RequestValidator;

use super::lookup;
use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let rest_api_id = props.required_string("RestApiId")?;
    lookup::rest_api(request, &rest_api_id)?;
    let request_validator_id = request.physical_id_or(|| request.ids.short_id());
    let name = match props.string("Name")? {
        Some(name) => name,
        None => request.generated_name(128),
    };
    let validator = RequestValidator {
        rest_api_id,
        request_validator_id: request_validator_id.clone(),
        name,
        validate_request_body: props.bool("ValidateRequestBody")?.unwrap_or(false),
        validate_request_parameters: props.bool("ValidateRequestParameters")?.unwrap_or(false),
    };
    Ok(Provisioned::new(
        request_validator_id.clone(),
        ResourceModel::RequestValidator(validator),
    )
    .attribute("RequestValidatorId", request_validator_id))
}
