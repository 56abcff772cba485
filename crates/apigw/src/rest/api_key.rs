//! API keys and usage plans (aws-rest-api.md §5): which keys may call which API stages,
//! and each key's throttle and quota. Keys are account-wide, so one [`UsagePlans`] serves
//! every REST API.
//!
//! [`UsagePlans::admit`] runs the steps for a method with `ApiKeyRequired`: the key is
//! sent → it is a deployed key → it is enabled → a usage plan covering the API's stage
//! holds it (each 403 `Forbidden`, `INVALID_API_KEY`) → the plan's throttle for the key,
//! per method when the plan sets one (429 `Too Many Requests`) → the plan's quota for the
//! key (429 `Limit Exceeded`).

mod quota;

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use store::model::apigateway::{ApiKey, ThrottleSettings, UsagePlan, UsagePlanKey};
use time::OffsetDateTime;

use crate::rest::RestError;
use crate::stage::{ACCOUNT_BURST_LIMIT, ACCOUNT_RATE_LIMIT, Throttle, ThrottleLimits};

pub use quota::Quota;

/// Where a client learns the keys, for explanations.
const HOW_TO_GET_A_KEY: &str = "send a deployed key's value in x-api-key (`gantry up` prints them, with the stages their usage plans cover)";

/// Every API key and usage plan deployed, with their throttle and quota state.
#[derive(Debug, Default)]
pub struct UsagePlans {
    /// Key value → the key.
    keys: HashMap<String, KeyState>,
    /// Every key, in deployment order.
    printed: Vec<PrintedKey>,
}

/// A key and its state in each usage plan that holds it.
#[derive(Debug)]
struct KeyState {
    api_key_id: String,
    name: String,
    enabled: bool,
    plans: Vec<KeyInPlan>,
}

/// One key's throttle buckets and quota in one plan.
#[derive(Debug)]
struct KeyInPlan {
    plan: UsagePlan,
    /// Method key (`/pets/GET`, or empty for the plan's own limits) → bucket.
    buckets: Mutex<HashMap<String, Throttle>>,
    quota: Option<Quota>,
}

/// The method a key is checked for.
#[derive(Debug, Clone, Copy)]
pub struct KeyedMethod<'a> {
    /// The API id.
    pub rest_api_id: &'a str,
    /// The stage name.
    pub stage: &'a str,
    /// The resource path (`/pets/{id}`).
    pub resource_path: &'a str,
    /// The method as configured (`GET`, `ANY`).
    pub http_method: &'a str,
}

/// The key a request was admitted with: `requestContext.identity.apiKey` and `apiKeyId`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdmittedKey {
    /// The key value.
    pub value: String,
    /// The key id.
    pub api_key_id: String,
}

/// An API key as `gantry up` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedKey {
    /// `Name`.
    pub name: String,
    /// The value clients send as `x-api-key`.
    pub value: String,
    /// `Enabled`.
    pub enabled: bool,
    /// The `{apiId}/{stage}` pairs its usage plans cover.
    pub stages: Vec<String>,
}

impl UsagePlans {
    /// Compiles every stack's keys, plans and plan keys.
    pub fn compile(keys: &[&ApiKey], plans: &[&UsagePlan], plan_keys: &[&UsagePlanKey]) -> Self {
        let mut compiled = Self::default();
        for key in keys {
            let key_plans: Vec<&UsagePlan> = plan_keys
                .iter()
                .filter(|plan_key| plan_key.key_id == key.api_key_id)
                .filter_map(|plan_key| {
                    plans
                        .iter()
                        .find(|plan| plan.usage_plan_id == plan_key.usage_plan_id)
                        .copied()
                })
                .collect();
            compiled.printed.push(PrintedKey {
                name: key.name.clone(),
                value: key.value.clone(),
                enabled: key.enabled,
                stages: key_plans
                    .iter()
                    .flat_map(|plan| &plan.api_stages)
                    .map(|stage| format!("{}/{}", stage.api_id, stage.stage))
                    .collect(),
            });
            compiled.keys.insert(
                key.value.clone(),
                KeyState {
                    api_key_id: key.api_key_id.clone(),
                    name: key.name.clone(),
                    enabled: key.enabled,
                    plans: key_plans
                        .into_iter()
                        .map(|plan| KeyInPlan {
                            plan: plan.clone(),
                            buckets: Mutex::new(HashMap::new()),
                            quota: plan.quota.clone().map(Quota::new),
                        })
                        .collect(),
                },
            );
        }
        compiled
    }

    /// Admits a request to a method with `ApiKeyRequired`: the key must exist, be
    /// enabled and belong to a usage plan covering the API's stage (403 `Forbidden`),
    /// within the plan's throttle (429 `Too Many Requests`) and quota (429 `Limit
    /// Exceeded`).
    pub fn admit(
        &self,
        key: Option<&str>,
        method: KeyedMethod<'_>,
        now: Instant,
    ) -> Result<AdmittedKey, RestError> {
        self.admit_at(key, method, now, OffsetDateTime::now_utc())
    }

    /// [`UsagePlans::admit`] with the calendar time quotas are counted in.
    pub fn admit_at(
        &self,
        key: Option<&str>,
        method: KeyedMethod<'_>,
        now: Instant,
        calendar: OffsetDateTime,
    ) -> Result<AdmittedKey, RestError> {
        let stage = format!("{}/{}", method.rest_api_id, method.stage);
        let Some(value) = key.filter(|value| !value.is_empty()) else {
            return Err(RestError::invalid_api_key(format!(
                "the method requires an API key and the request carries none; {HOW_TO_GET_A_KEY}"
            )));
        };
        let Some(state) = self.keys.get(value) else {
            return Err(RestError::invalid_api_key(format!(
                "the API key sent is not a deployed key; {HOW_TO_GET_A_KEY}"
            )));
        };
        if !state.enabled {
            return Err(RestError::invalid_api_key(format!(
                "API key {} is disabled (Enabled: false); enable it in the template",
                state.name
            )));
        }
        let Some(in_plan) = state.plans.iter().find(|in_plan| {
            in_plan
                .plan
                .api_stages
                .iter()
                .any(|s| s.api_id == method.rest_api_id && s.stage == method.stage)
        }) else {
            return Err(RestError::invalid_api_key(format!(
                "API key {} is in no usage plan whose ApiStages include {stage}; add the stage to a plan (AWS::ApiGateway::UsagePlan ApiStages) that holds the key (AWS::ApiGateway::UsagePlanKey)",
                state.name
            )));
        };
        in_plan.throttle(state, method, now)?;
        if let Some(quota) = &in_plan.quota
            && let Err(limit) = quota.try_take(calendar)
        {
            return Err(RestError::quota_exceeded(format!(
                "API key {} used its quota of usage plan {}: {limit} requests this {} (UTC)",
                state.name,
                in_plan.plan.name,
                quota.period()
            )));
        }
        Ok(AdmittedKey {
            value: value.to_owned(),
            api_key_id: state.api_key_id.clone(),
        })
    }

    /// Every key, for `gantry up`'s listing.
    pub fn printed_keys(&self) -> Vec<PrintedKey> {
        self.printed.clone()
    }
}

impl KeyInPlan {
    /// The key's token bucket for the method (its own `/path/METHOD` limits when the plan
    /// sets them, else the plan's).
    fn throttle(
        &self,
        key: &KeyState,
        method: KeyedMethod<'_>,
        now: Instant,
    ) -> Result<(), RestError> {
        let method_key = format!("{}/{}", method.resource_path, method.http_method);
        let per_method = self
            .plan
            .api_stages
            .iter()
            .filter(|s| s.api_id == method.rest_api_id && s.stage == method.stage)
            .find_map(|s| s.throttle.get(&method_key));
        let (bucket_key, settings) = match per_method {
            Some(settings) => (method_key, settings),
            None => match &self.plan.throttle {
                Some(settings) => (String::new(), settings),
                None => return Ok(()),
            },
        };
        let limits = limits(settings);
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        let bucket = buckets
            .entry(bucket_key)
            .or_insert_with(|| Throttle::new(limits, now));
        if bucket.try_acquire(now) {
            return Ok(());
        }
        Err(RestError::throttled(format!(
            "API key {} is over the throttle of usage plan {} ({} requests per second, burst {}{})",
            key.name,
            self.plan.name,
            limits.rate_limit,
            limits.burst_limit,
            if per_method.is_some() {
                format!(" for {}/{}", method.resource_path, method.http_method)
            } else {
                String::new()
            }
        )))
    }
}

/// A plan's throttle as a token bucket; a missing half is the account's.
fn limits(settings: &ThrottleSettings) -> ThrottleLimits {
    ThrottleLimits {
        rate_limit: settings.rate_limit.unwrap_or(ACCOUNT_RATE_LIMIT),
        burst_limit: settings.burst_limit.unwrap_or(ACCOUNT_BURST_LIMIT),
    }
}

#[cfg(test)]
mod tests;
