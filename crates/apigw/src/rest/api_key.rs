//! API keys and usage plans (aws-rest-api.md §5): which keys may call which API stages,
//! and each key's throttle and quota. Keys are account-wide, so one [`UsagePlans`] serves
//! every REST API.
//!
//! STUB: the interface the pipeline calls; the API-key helper replaces the bodies.

use std::time::Instant;

use store::model::apigateway::{ApiKey, UsagePlan, UsagePlanKey};

use crate::rest::RestError;

/// Every API key and usage plan deployed, with their throttle and quota state.
#[derive(Debug, Default)]
pub struct UsagePlans {}

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
        let _ = (keys, plans, plan_keys);
        Self {}
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
        let _ = (key, method, now);
        Err(RestError::invalid_api_key("API keys are not served yet"))
    }

    /// Every key, for `gantry up`'s listing.
    pub fn printed_keys(&self) -> Vec<PrintedKey> {
        Vec::new()
    }
}
