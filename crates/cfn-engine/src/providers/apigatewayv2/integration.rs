//! `AWS::ApiGatewayV2::Integration`.

use store::model::{Integration, IntegrationType, PayloadFormatVersion, ResourceModel};

mod parameters;

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

/// API Gateway's limits for `TimeoutInMillis` on HTTP APIs (§6.1).
const TIMEOUT_RANGE_MS: std::ops::RangeInclusive<u32> = 50..=30_000;

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let integration_type = props.required_enum("IntegrationType")?;
    let payload_format_version = match props.enumerated("PayloadFormatVersion")? {
        Some(version) => version,
        // AWS: "If you create a Lambda integration by using the AWS CLI, CloudFormation,
        // or an SDK, you must specify a payloadFormatVersion."
        None if integration_type == IntegrationType::AwsProxy => {
            return Err(ProviderError::invalid(
                "PayloadFormatVersion",
                "is required for Lambda (AWS_PROXY) integrations; add PayloadFormatVersion: '2.0'",
            ));
        }
        None => PayloadFormatVersion::V1_0,
    };
    let timeout_in_millis = props
        .u32("TimeoutInMillis")?
        .unwrap_or(*TIMEOUT_RANGE_MS.end());
    if !TIMEOUT_RANGE_MS.contains(&timeout_in_millis) {
        return Err(ProviderError::invalid(
            "TimeoutInMillis",
            format!("must be between 50 and 30000 for HTTP APIs, found {timeout_in_millis}"),
        ));
    }
    parameters::check_connection_type(&props)?;
    let integration = Integration {
        api_id: props.required_string("ApiId")?,
        integration_id: request.physical_id_or(|| request.ids.route_id()),
        integration_type,
        integration_subtype: props.string("IntegrationSubtype")?,
        integration_uri: props.string("IntegrationUri")?,
        integration_method: props.string("IntegrationMethod")?,
        payload_format_version,
        credentials_arn: props.string("CredentialsArn")?,
        timeout_in_millis,
        request_parameters: props.string_map("RequestParameters")?,
        response_parameters: parameters::response_parameters(&props)?,
    };
    let notes = request
        .checks
        .check_integration(&integration)
        .map_err(ProviderError::CheckFailed)?;
    let id = integration.integration_id.clone();
    let mut provisioned = Provisioned::new(id.clone(), ResourceModel::Integration(integration))
        .attribute("IntegrationId", id);
    for warning in parameters::warnings(&props)
        .into_iter()
        .chain(notes.iter().map(ToString::to_string))
    {
        provisioned = provisioned.warning(warning);
    }
    Ok(provisioned)
}

#[cfg(test)]
mod tests;
