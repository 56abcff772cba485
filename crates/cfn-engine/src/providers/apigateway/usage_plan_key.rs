//! `AWS::ApiGateway::UsagePlanKey`: an API key added to a usage plan (aws-rest-api.md §5).

use store::model::ResourceModel;
use store::model::apigateway::UsagePlanKey;

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

/// The only `KeyType` API Gateway has.
const API_KEY: &str = "API_KEY";

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let key_type = props.required_string("KeyType")?;
    if key_type != API_KEY {
        return Err(ProviderError::invalid(
            "KeyType",
            format!("must be {API_KEY}, found {key_type:?}"),
        ));
    }
    let key = UsagePlanKey {
        key_id: props.required_string("KeyId")?,
        usage_plan_id: props.required_string("UsagePlanId")?,
    };
    // aws-rest-api.md §10: Ref and Id are `keyId:usagePlanId`.
    let id = format!("{}:{}", key.key_id, key.usage_plan_id);
    Ok(Provisioned::new(id.clone(), ResourceModel::UsagePlanKey(key)).attribute("Id", id))
}
