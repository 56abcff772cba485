//! `AWS::IAM::Policy`: an inline policy attached to roles.

use store::model::{Policy, ResourceModel};

use super::policy_document;
use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

/// Room CloudFormation leaves for generated policy ids.
const MAX_ID_LEN: usize = 128;

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let roles = props.strings("Roles")?;
    if roles.is_empty() && props.value("Users").is_none() && props.value("Groups").is_none() {
        return Err(ProviderError::invalid(
            "Roles",
            "an AWS::IAM::Policy must be attached to at least one of Roles, Users or Groups",
        ));
    }
    let policy = Policy {
        policy_name: props.required_string("PolicyName")?,
        policy_document: policy_document("PolicyDocument", props.value("PolicyDocument"))?,
        roles,
    };
    let id = request.generated_name(MAX_ID_LEN);
    Ok(Provisioned::new(id.clone(), ResourceModel::Policy(policy)).attribute("Id", id))
}
