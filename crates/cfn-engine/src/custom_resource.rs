//! CloudFormation's custom-resource protocol, as data: the request a provider function
//! receives ([`CustomResourceRequest`], cdk.md §7.1) and the response it PUTs to the
//! `ResponseURL` ([`CustomResourceResponse`], cdk.md §7.2), validated as CloudFormation
//! validates it.
//!
//! Transport is not here: invoking the provider and receiving its PUT belong to the
//! binary, which answers [`crate::DeployChecks::invoke_custom_resource`].

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Map, Value};
use store::model::Function;

use crate::CheckNote;

/// CloudFormation's wait for a response when `ServiceTimeout` is absent (cdk.md §7.3).
pub const DEFAULT_SERVICE_TIMEOUT: Duration = Duration::from_secs(3600);

/// The largest response body CloudFormation accepts, in bytes (cdk.md §7.2).
pub const MAX_RESPONSE_BYTES: usize = 4096;

/// The largest `PhysicalResourceId` CloudFormation accepts, in bytes (cdk.md §7.2).
const MAX_PHYSICAL_ID_BYTES: usize = 1024;

/// Which stack operation a request is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestType {
    /// The resource is new (or replaces another).
    Create,
    /// Its properties changed.
    Update,
    /// It left the template, was replaced, or its creation is rolled back.
    Delete,
}

impl RequestType {
    /// The value of the request's `RequestType`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "Create",
            Self::Update => "Update",
            Self::Delete => "Delete",
        }
    }
}

/// One request to a custom resource's provider (cdk.md §7.1).
#[derive(Debug, Clone, PartialEq)]
pub struct CustomResourceRequest {
    /// `RequestType`.
    pub request_type: RequestType,
    /// `RequestId`: unique per request.
    pub request_id: String,
    /// `StackId`: the stack's ARN.
    pub stack_id: String,
    /// `ResourceType`: `AWS::CloudFormation::CustomResource` or `Custom::<Name>`.
    pub resource_type: String,
    /// `LogicalResourceId`.
    pub logical_resource_id: String,
    /// `PhysicalResourceId`: for `Update` and `Delete`, what the provider answered before.
    pub physical_resource_id: Option<String>,
    /// `ResourceProperties`, `ServiceToken` included, scalars as strings (cdk.md §7.1).
    pub resource_properties: Value,
    /// `OldResourceProperties`: for `Update`, the properties of the previous request.
    pub old_resource_properties: Option<Value>,
    /// `ServiceToken`: the provider function's ARN.
    pub service_token: String,
    /// The provider: the Lambda function `ServiceToken` names.
    pub provider: Function,
    /// How long to wait for the response: `ServiceTimeout`, else CloudFormation's hour.
    pub timeout: Duration,
}

impl CustomResourceRequest {
    /// The JSON event the provider is invoked with, naming `response_url` as where to
    /// PUT its response.
    pub fn event(&self, response_url: &str) -> Value {
        let mut event = Map::new();
        let mut put = |key: &str, value: Value| {
            event.insert(key.to_owned(), value);
        };
        put("RequestType", self.request_type.as_str().into());
        // Unconfirmed: ServiceToken at the top level, as real requests carry it.
        put("ServiceToken", self.service_token.clone().into());
        put("ResponseURL", response_url.into());
        put("StackId", self.stack_id.clone().into());
        put("RequestId", self.request_id.clone().into());
        put("LogicalResourceId", self.logical_resource_id.clone().into());
        if let Some(physical_id) = &self.physical_resource_id {
            put("PhysicalResourceId", physical_id.clone().into());
        }
        put("ResourceType", self.resource_type.clone().into());
        put("ResourceProperties", self.resource_properties.clone());
        if let Some(old) = &self.old_resource_properties {
            put("OldResourceProperties", old.clone());
        }
        Value::Object(event)
    }
}

/// A successful response (`Status: SUCCESS`).
#[derive(Debug, Clone, PartialEq)]
pub struct CustomResourceResponse {
    /// `PhysicalResourceId`: what `Ref` returns.
    pub physical_resource_id: String,
    /// `Data`: what `Fn::GetAtt` returns.
    pub data: BTreeMap<String, Value>,
    /// `NoEcho`: the provider asked that `Data` be masked where CloudFormation shows it.
    pub no_echo: bool,
}

/// Why a custom resource's provider did not succeed: its `FAILED` answer (with the
/// `PhysicalResourceId` it gave, to which CloudFormation later sends `Delete`), or why no
/// valid answer came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomResourceFailure {
    /// The provider's `Reason`, or what went wrong; and what to do.
    pub reason: String,
    /// The `PhysicalResourceId` of a `FAILED` answer, if it gave one.
    pub physical_resource_id: Option<String>,
}

impl From<String> for CustomResourceFailure {
    fn from(reason: String) -> Self {
        Self {
            reason,
            physical_resource_id: None,
        }
    }
}

impl From<CheckNote> for CustomResourceFailure {
    fn from(note: CheckNote) -> Self {
        Self::from(note.message)
    }
}

impl CustomResourceResponse {
    /// Reads the body the provider PUT to the `ResponseURL`, as CloudFormation checks it
    /// (cdk.md §7.2): `Err` is why the resource fails (the provider's `Reason` for
    /// `FAILED`, or what is wrong with the response).
    pub fn parse(
        body: &[u8],
        request: &CustomResourceRequest,
    ) -> Result<Self, CustomResourceFailure> {
        if body.len() > MAX_RESPONSE_BYTES {
            return Err(format!(
                "the provider's response is {} bytes; CloudFormation accepts at most {MAX_RESPONSE_BYTES}: return less in Data",
                body.len()
            )
            .into());
        }
        let response: Value = serde_json::from_slice(body)
            .map_err(|e| format!("the provider's response is not a JSON object: {e}"))?;
        let Value::Object(fields) = response else {
            return Err("the provider's response is not a JSON object"
                .to_owned()
                .into());
        };
        let text = |key: &str| fields.get(key).and_then(Value::as_str);
        for (key, expected) in [
            ("StackId", request.stack_id.as_str()),
            ("RequestId", request.request_id.as_str()),
            ("LogicalResourceId", request.logical_resource_id.as_str()),
        ] {
            if text(key) != Some(expected) {
                return Err(format!(
                    "the provider's response has {key} {:?}; it must copy the request's {expected:?}",
                    fields.get(key).unwrap_or(&Value::Null)
                )
                .into());
            }
        }
        match text("Status") {
            Some("SUCCESS") => {}
            Some("FAILED") => {
                return Err(CustomResourceFailure {
                    reason: match text("Reason") {
                        Some(reason) if !reason.is_empty() => reason.to_owned(),
                        _ => "the provider answered FAILED without a Reason".to_owned(),
                    },
                    physical_resource_id: text("PhysicalResourceId")
                        .filter(|id| !id.is_empty())
                        .map(str::to_owned),
                });
            }
            other => {
                return Err(format!(
                    "the provider's response has Status {other:?}; it must be SUCCESS or FAILED"
                )
                .into());
            }
        }
        let physical_resource_id = match text("PhysicalResourceId") {
            Some(id) if !id.is_empty() && id.len() <= MAX_PHYSICAL_ID_BYTES => id.to_owned(),
            Some(id) if !id.is_empty() => {
                return Err(format!(
                    "the provider's PhysicalResourceId is {} bytes; at most {MAX_PHYSICAL_ID_BYTES} are allowed",
                    id.len()
                )
                .into());
            }
            _ => {
                return Err(
                    "the provider's response has no PhysicalResourceId: it must be a non-empty string (cfn-response uses the log stream name when none is given)"
                        .to_owned()
                        .into(),
                );
            }
        };
        let data = match fields.get("Data") {
            None | Some(Value::Null) => BTreeMap::new(),
            Some(Value::Object(data)) => data.clone().into_iter().collect(),
            Some(other) => {
                return Err(
                    format!("the provider's Data must be a JSON object, found {other}").into(),
                );
            }
        };
        // Unconfirmed: a NoEcho given as the string "true" counts as true. gantry shows no
        // Data itself; outputs made from it are printed as they are.
        let no_echo = match fields.get("NoEcho") {
            Some(Value::Bool(flag)) => *flag,
            Some(Value::String(flag)) => flag.eq_ignore_ascii_case("true"),
            _ => false,
        };
        Ok(Self {
            physical_resource_id,
            data,
            no_echo,
        })
    }
}

/// `ResourceProperties` as CloudFormation sends them: every number and boolean becomes a
/// string, in nested objects and lists too (cdk.md §7.1).
pub(crate) fn stringify_scalars(value: &Value) -> Value {
    match value {
        Value::Number(number) => Value::String(number.to_string()),
        Value::Bool(flag) => Value::String(flag.to_string()),
        Value::Array(items) => Value::Array(items.iter().map(stringify_scalars).collect()),
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(key, value)| (key.clone(), stringify_scalars(value)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests;
