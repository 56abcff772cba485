//! `AWS::ApiGateway::ApiKey`: a key clients send in `x-api-key` (aws-rest-api.md §5). Its
//! value is generated when not given (40 letters and digits, as API Gateway makes them),
//! and CloudFormation creates it disabled unless `Enabled: true`.

use store::model::ResourceModel;
use store::model::apigateway::ApiKey;

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

/// API Gateway's limits on a given key value.
const MIN_VALUE_LEN: usize = 20;
const MAX_VALUE_LEN: usize = 128;

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let previous = request.previous.and_then(|record| match &record.model {
        ResourceModel::ApiKey(key) => Some(key),
        _ => None,
    });
    let value = match props.string("Value")? {
        Some(value) => check_value(value)?,
        // A generated value is kept across updates, as AWS keeps the key.
        None => previous.map_or_else(|| request.ids.api_key_value(), |p| p.value.clone()),
    };
    let stage_keys = props
        .objects("StageKeys")?
        .into_iter()
        .map(|(path, stage_key)| {
            let within = |e: ProviderError| e.within(&path);
            Ok((
                stage_key.required_string("RestApiId").map_err(within)?,
                stage_key.required_string("StageName").map_err(within)?,
            ))
        })
        .collect::<Result<Vec<_>, ProviderError>>()?;
    let api_key_id = request.physical_id_or(|| request.ids.api_id());
    let key = ApiKey {
        api_key_id: api_key_id.clone(),
        name: match props.string("Name")? {
            Some(name) => name,
            None => previous.map_or_else(|| request.generated_name(128), |p| p.name.clone()),
        },
        value,
        enabled: props.bool("Enabled")?.unwrap_or(false),
        stage_keys,
    };
    let mut provisioned = Provisioned::new(api_key_id.clone(), ResourceModel::ApiKey(key))
        .attribute("APIKeyId", api_key_id);
    if props.bool("Enabled")? != Some(true) {
        provisioned = provisioned.warning(
            "the key is disabled (CloudFormation creates API keys with Enabled: false unless told \
             otherwise): requests with it are refused 403 Forbidden; set Enabled: true to use it",
        );
    }
    Ok(provisioned)
}

fn check_value(value: String) -> Result<String, ProviderError> {
    if (MIN_VALUE_LEN..=MAX_VALUE_LEN).contains(&value.len()) {
        Ok(value)
    } else {
        Err(ProviderError::invalid(
            "Value",
            format!(
                "must be {MIN_VALUE_LEN} to {MAX_VALUE_LEN} characters, as API Gateway requires; \
                 it has {}",
                value.len()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_values_have_aws_length_limits() {
        assert!(check_value("a".repeat(20)).is_ok());
        let err = check_value("short".into()).unwrap_err().to_string();
        assert!(
            err.contains("Properties.Value") && err.contains("20 to 128"),
            "{err}"
        );
    }
}
