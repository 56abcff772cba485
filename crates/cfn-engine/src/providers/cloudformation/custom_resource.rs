//! `AWS::CloudFormation::CustomResource` and `Custom::<Name>`: the provider function named
//! by `ServiceToken` is sent a `Create` or `Update` request and its answer becomes the
//! resource (`Ref` = `PhysicalResourceId`, `Fn::GetAtt` = `Data`), cdk.md §7.
//!
//! `Custom::LogRetention` is answered by gantry itself (cdk.md §7.4). `Delete` requests
//! are sent by the deploy loop ([`delete_request`]); this module only builds them.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::Value;
use store::ResourceRecord;
use store::model::cloudformation::CustomResource;
use store::model::{Function, ResourceModel};

use crate::custom_resource::{
    CustomResourceFailure, CustomResourceRequest, DEFAULT_SERVICE_TIMEOUT, RequestType,
    stringify_scalars,
};
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned, StackContext};
use crate::{CheckNote, ProviderError};

/// The CDK's log-retention singleton's resource type (cdk.md §7.4).
const LOG_RETENTION: &str = "Custom::LogRetention";

/// `ServiceTimeout`'s range, in seconds (cdk.md §7.3).
const SERVICE_TIMEOUT_RANGE: std::ops::RangeInclusive<u64> = 1..=3600;

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let service_token = props.required_string("ServiceToken")?;
    let resource_properties = stringify_scalars(request.properties);
    let old = request.previous.and_then(|previous| match &previous.model {
        ResourceModel::CustomResource(model) => Some((previous, model)),
        _ => None,
    });
    if let Some((previous, model)) = old {
        // Nothing changed: CloudFormation sends no request (cdk.md §7.1).
        if previous.properties == *request.properties {
            return Ok(provisioned(previous.physical_id.clone(), model.clone()));
        }
        // CloudFormation does not update ServiceToken (cdk.md §7.1).
        // Unconfirmed: the wording of CloudFormation's refusal; its docs say only that
        // updates are not supported.
        if model.service_token != service_token {
            return Err(ProviderError::invalid(
                "ServiceToken",
                format!(
                    "changed from {:?}: Modifying service token is not allowed (CloudFormation refuses this update); give the resource a new logical id to create it with the new provider",
                    model.service_token
                ),
            ));
        }
    }
    if request.resource_type == LOG_RETENTION {
        return log_retention(&props, service_token, resource_properties);
    }
    let timeout = service_timeout(&props)?;
    let provider = provider_function(request, &service_token)?;
    let custom_request = CustomResourceRequest {
        request_type: if old.is_some() {
            RequestType::Update
        } else {
            RequestType::Create
        },
        request_id: request.ids.stack_uuid(),
        stack_id: request.stack.stack_id.clone(),
        resource_type: request.resource_type.to_owned(),
        logical_resource_id: request.logical_id.to_owned(),
        physical_resource_id: old.map(|(previous, _)| previous.physical_id.clone()),
        resource_properties: resource_properties.clone(),
        old_resource_properties: old.map(|(_, model)| model.resource_properties.clone()),
        service_token: service_token.clone(),
        provider: provider.clone(),
        timeout,
    };
    let mut model = CustomResource {
        service_token,
        function_name: Some(provider.function_name.clone()),
        resource_properties,
        data: BTreeMap::new(),
        handled_by_gantry: None,
    };
    let response = match request.checks.invoke_custom_resource(&custom_request) {
        Ok(response) => response,
        // A failed Create that named a resource gets a Delete on rollback (cdk.md §7.1).
        Err(CustomResourceFailure {
            reason,
            physical_resource_id: Some(physical_id),
        }) if custom_request.request_type == RequestType::Create => {
            return Err(ProviderError::CustomResourceCreateFailed {
                reason,
                physical_id,
                model: Box::new(model),
            });
        }
        Err(failure) => {
            return Err(ProviderError::CheckFailed(CheckNote::resource(
                failure.reason,
            )));
        }
    };
    model.data = response.data;
    Ok(provisioned(response.physical_resource_id, model))
}

/// The resource with its `Data` as attributes.
fn provisioned(physical_id: String, model: CustomResource) -> Provisioned {
    let attributes: BTreeMap<String, Value> = model.data.clone();
    let mut provisioned = Provisioned::new(physical_id, ResourceModel::CustomResource(model));
    provisioned.attributes = attributes;
    provisioned
}

// Deviation from AWS: Custom::LogRetention's provider is not run (it calls CloudWatch
// Logs); only a Lambda function of the same stack can be a provider: SNS topics and
// functions of other stacks are refused.
/// `Custom::LogRetention`: its provider sets a retention with CloudWatch Logs, which gantry
/// does not run; the retention is noted and the log group name is the physical id, as the
/// CDK's handler answers (cdk.md §7.4).
fn log_retention(
    props: &Properties<'_>,
    service_token: String,
    resource_properties: Value,
) -> Result<Provisioned, ProviderError> {
    let log_group = props.required_string("LogGroupName")?;
    let retention = match props.string("RetentionInDays")? {
        Some(days) => format!("a retention of {days} days"),
        None => "no expiry".to_owned(),
    };
    let model = CustomResource {
        service_token,
        function_name: None,
        resource_properties,
        data: BTreeMap::new(),
        handled_by_gantry: Some(format!(
            "handled by gantry: {retention} noted for log group {log_group} (CloudWatch Logs is not run locally; the provider is not invoked)"
        )),
    };
    Ok(provisioned(log_group, model))
}

/// `ServiceTimeout` in seconds (1 to 3600), else CloudFormation's hour.
fn service_timeout(props: &Properties<'_>) -> Result<Duration, ProviderError> {
    let Some(text) = props.string("ServiceTimeout")? else {
        return Ok(DEFAULT_SERVICE_TIMEOUT);
    };
    match text.parse::<u64>() {
        Ok(seconds) if SERVICE_TIMEOUT_RANGE.contains(&seconds) => Ok(Duration::from_secs(seconds)),
        _ => Err(ProviderError::invalid(
            "ServiceTimeout",
            format!("must be a whole number of seconds from 1 to 3600, found {text:?}"),
        )),
    }
}

/// The Lambda function `ServiceToken` names: one deployed earlier in this run.
fn provider_function<'a>(
    request: &ProviderRequest<'a>,
    service_token: &str,
) -> Result<&'a Function, ProviderError> {
    find_function(request.deployed_models(), service_token)
        .ok_or_else(|| ProviderError::invalid("ServiceToken", unknown_token_message(service_token)))
}

/// The function whose ARN is `service_token` (plain, or qualified with a version or alias).
fn find_function<'a>(
    mut models: impl Iterator<Item = &'a ResourceModel>,
    service_token: &str,
) -> Option<&'a Function> {
    models.find_map(|model| match model {
        ResourceModel::Function(function)
            if service_token == function.function_arn
                || service_token
                    .strip_prefix(function.function_arn.as_str())
                    .is_some_and(|rest| rest.starts_with(':')) =>
        {
            Some(function)
        }
        _ => None,
    })
}

fn unknown_token_message(service_token: &str) -> String {
    if service_token.contains(":sns:") {
        format!(
            "{service_token:?} is an SNS topic: gantry runs only Lambda-backed custom resources; make ServiceToken the ARN of a Lambda function of this stack (Fn::GetAtt <Function>.Arn)"
        )
    } else {
        format!(
            "{service_token:?} is not the ARN of a Lambda function of this stack: gantry invokes only providers it deploys in the same stack; use Fn::GetAtt <Function>.Arn"
        )
    }
}

/// The `Delete` request for a deployed custom resource, when gantry invoked its provider
/// (a resource gantry answered for itself needs none). `functions` are the models where
/// the provider may be: this run's resources, then the previous deployment's.
pub(crate) fn delete_request<'a>(
    record: &ResourceRecord,
    functions: impl Iterator<Item = &'a ResourceModel>,
    stack: &StackContext,
    request_id: String,
) -> Option<Result<CustomResourceRequest, String>> {
    let ResourceModel::CustomResource(model) = &record.model else {
        return None;
    };
    if model.handled_by_gantry.is_some() {
        return None;
    }
    let Some(provider) = find_function(functions, &model.service_token) else {
        return Some(Err(format!(
            "its provider {} is no longer deployed, so no Delete request could be sent",
            model.service_token
        )));
    };
    let timeout = Properties::new(&record.properties);
    Some(Ok(CustomResourceRequest {
        request_type: RequestType::Delete,
        request_id,
        stack_id: stack.stack_id.clone(),
        resource_type: record.resource_type.clone(),
        logical_resource_id: record.logical_id.clone(),
        physical_resource_id: Some(record.physical_id.clone()),
        resource_properties: model.resource_properties.clone(),
        old_resource_properties: None,
        service_token: model.service_token.clone(),
        provider: provider.clone(),
        timeout: service_timeout(&timeout).unwrap_or(DEFAULT_SERVICE_TIMEOUT),
    }))
}

/// On rollback, the `Update` that takes a custom resource updated in the failed run back
/// to its `previous` properties (cdk.md §7.1); `None` unless both are custom resources
/// gantry invoked a provider for.
pub(crate) fn restore_request<'a>(
    record: &ResourceRecord,
    previous: &ResourceRecord,
    functions: impl Iterator<Item = &'a ResourceModel>,
    stack: &StackContext,
    request_id: String,
) -> Option<Result<CustomResourceRequest, String>> {
    let (ResourceModel::CustomResource(now), ResourceModel::CustomResource(before)) =
        (&record.model, &previous.model)
    else {
        return None;
    };
    if now.handled_by_gantry.is_some() {
        return None;
    }
    let Some(provider) = find_function(functions, &before.service_token) else {
        return Some(Err(format!(
            "its provider {} is no longer deployed, so it could not be sent the Update back to its previous properties",
            before.service_token
        )));
    };
    Some(Ok(CustomResourceRequest {
        request_type: RequestType::Update,
        request_id,
        stack_id: stack.stack_id.clone(),
        resource_type: record.resource_type.clone(),
        logical_resource_id: record.logical_id.clone(),
        physical_resource_id: Some(record.physical_id.clone()),
        resource_properties: before.resource_properties.clone(),
        old_resource_properties: Some(now.resource_properties.clone()),
        service_token: before.service_token.clone(),
        provider: provider.clone(),
        timeout: service_timeout(&Properties::new(&previous.properties))
            .unwrap_or(DEFAULT_SERVICE_TIMEOUT),
    }))
}
