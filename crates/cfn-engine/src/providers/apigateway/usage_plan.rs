//! `AWS::ApiGateway::UsagePlan`: throttling and a quota for the API keys added to it, on
//! the API stages it lists, with per-method throttles keyed `/{resource path}/{METHOD}`
//! (aws-rest-api.md §5).

use std::collections::BTreeMap;

use store::model::ResourceModel;
use store::model::apigateway::{QuotaSettings, ThrottleSettings, UsagePlan, UsagePlanApiStage};

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};
use crate::providers::apigatewayv2::stage::rate_limit;

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let api_stages = props
        .objects("ApiStages")?
        .into_iter()
        .map(|(path, stage)| api_stage(&stage, &path))
        .collect::<Result<Vec<_>, _>>()?;
    let usage_plan_id = request.physical_id_or(|| request.ids.short_id());
    let plan = UsagePlan {
        usage_plan_id: usage_plan_id.clone(),
        name: match props.string("UsagePlanName")? {
            Some(name) => name,
            None => request.generated_name(128),
        },
        api_stages,
        throttle: props
            .object("Throttle")?
            .map(|throttle| throttle_settings(&throttle, "Throttle"))
            .transpose()?,
        quota: props
            .object("Quota")?
            .map(|quota| quota_settings(&quota))
            .transpose()?,
    };
    Ok(
        Provisioned::new(usage_plan_id.clone(), ResourceModel::UsagePlan(plan))
            .attribute("Id", usage_plan_id),
    )
}

fn api_stage(stage: &Properties<'_>, path: &str) -> Result<UsagePlanApiStage, ProviderError> {
    let within = |e: ProviderError| e.within(path);
    let mut throttle = BTreeMap::new();
    if let Some(methods) = stage.object("Throttle").map_err(within)? {
        for key in methods.names() {
            let key_path = format!("{path}.Throttle.{key}");
            check_method_key(key, &key_path)?;
            let Some(settings) = methods.object(key).map_err(within)? else {
                continue;
            };
            throttle.insert(key.to_owned(), throttle_settings(&settings, &key_path)?);
        }
    }
    Ok(UsagePlanApiStage {
        api_id: stage.required_string("ApiId").map_err(within)?,
        stage: stage.required_string("Stage").map_err(within)?,
        throttle,
    })
}

/// A per-method throttle is keyed `/{resource path}/{METHOD}` (`/pets/{id}/GET`, `/*/*`).
fn check_method_key(key: &str, path: &str) -> Result<(), ProviderError> {
    let valid = key.starts_with('/')
        && key
            .rsplit_once('/')
            .is_some_and(|(resource, method)| !resource.is_empty() && !method.is_empty());
    if valid {
        Ok(())
    } else {
        Err(ProviderError::invalid(
            path,
            "must be keyed /RESOURCE_PATH/METHOD (e.g. /pets/{id}/GET or /*/*)",
        ))
    }
}

fn throttle_settings(
    settings: &Properties<'_>,
    path: &str,
) -> Result<ThrottleSettings, ProviderError> {
    Ok(ThrottleSettings {
        rate_limit: rate_limit(settings, "RateLimit", &format!("{path}.RateLimit"))?,
        burst_limit: settings.u32("BurstLimit").map_err(|e| e.within(path))?,
    })
}

fn quota_settings(quota: &Properties<'_>) -> Result<QuotaSettings, ProviderError> {
    let within = |e: ProviderError| e.within("Quota");
    Ok(QuotaSettings {
        limit: quota
            .u32("Limit")
            .map_err(within)?
            .ok_or_else(|| ProviderError::missing("Quota.Limit"))?,
        offset: quota.u32("Offset").map_err(within)?.unwrap_or(0),
        period: quota.required_enum("Period").map_err(within)?,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn api_stages_keep_per_method_throttles() {
        let value = json!({"ApiId": "a1", "Stage": "Prod", "Throttle": {"/pets/{id}/GET": {"RateLimit": 2.5, "BurstLimit": 3}}});
        let stage = api_stage(&Properties::new(&value), "ApiStages.0").unwrap();
        assert_eq!(
            stage.throttle["/pets/{id}/GET"],
            ThrottleSettings {
                rate_limit: Some(2.5),
                burst_limit: Some(3)
            }
        );
        let bad = json!({"ApiId": "a1", "Stage": "Prod", "Throttle": {"GET": {"RateLimit": 1}}});
        let err = api_stage(&Properties::new(&bad), "ApiStages.0")
            .unwrap_err()
            .to_string();
        assert!(err.contains("ApiStages.0.Throttle.GET"), "{err}");
    }

    #[test]
    fn a_quota_needs_limit_and_period() {
        let value = json!({"Limit": 100, "Period": "DAY"});
        let quota = quota_settings(&Properties::new(&value)).unwrap();
        assert_eq!((quota.limit, quota.offset), (100, 0));
        let err = quota_settings(&Properties::new(&json!({"Limit": 1, "Period": "HOUR"})))
            .unwrap_err()
            .to_string();
        assert!(err.contains("Quota.Period"), "{err}");
    }
}
