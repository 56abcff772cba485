//! `AWS::IAM::Role`.

use arn::Arn;
use serde_json::Value;
use store::model::{InlinePolicy, ResourceModel, Role};

use super::policy_document;
use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

/// IAM's limit on role names.
const MAX_NAME_LEN: usize = 64;

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let role_name = match props.string("RoleName")? {
        Some(name) => name,
        None => request.generated_name(MAX_NAME_LEN),
    };
    let path = props.string("Path")?.unwrap_or_else(|| "/".to_owned());
    if !path.starts_with('/') || !path.ends_with('/') {
        return Err(ProviderError::invalid(
            "Path",
            format!("must begin and end with /, found {path:?}"),
        ));
    }
    let arn = Arn::iam_role(
        request.stack.partition,
        &request.stack.account_id,
        &path,
        &role_name,
    )
    .to_string();
    let role_id = match request.previous.map(|record| &record.model) {
        Some(ResourceModel::Role(previous)) => previous.role_id.clone(),
        _ => request.ids.role_id(),
    };
    let role = Role {
        role_name: role_name.clone(),
        arn: arn.clone(),
        role_id: role_id.clone(),
        assume_role_policy_document: policy_document(
            "AssumeRolePolicyDocument",
            props.value("AssumeRolePolicyDocument"),
        )?,
        policies: inline_policies(&props)?,
        managed_policy_arns: props.strings("ManagedPolicyArns")?,
    };
    Ok(Provisioned::new(role_name, ResourceModel::Role(role))
        .attribute("Arn", arn)
        .attribute("RoleId", role_id))
}

fn inline_policies(props: &Properties<'_>) -> Result<Vec<InlinePolicy>, ProviderError> {
    let Some(value) = props.value("Policies") else {
        return Ok(Vec::new());
    };
    let Value::Array(items) = value else {
        return Err(ProviderError::invalid(
            "Policies",
            "must be a list of {PolicyName, PolicyDocument}",
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let policy = Properties::new(item);
            let name_path = format!("Policies[{index}].PolicyName");
            Ok(InlinePolicy {
                policy_name: policy
                    .string("PolicyName")?
                    .ok_or_else(|| ProviderError::missing(&name_path))?,
                policy_document: policy_document(
                    &format!("Policies[{index}].PolicyDocument"),
                    policy.value("PolicyDocument"),
                )?,
            })
        })
        .collect()
}
