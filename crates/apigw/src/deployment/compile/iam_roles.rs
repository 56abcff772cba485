//! The stacks' roles as `AWS_IAM` callers: each with its identity policies, indexed by
//! the access key id of its local credentials (§12.4).

use crate::iam::{IamRoles, RolePrincipal};

use super::inventory::Inventory;

pub(super) fn of(inventory: &Inventory<'_>) -> IamRoles {
    IamRoles::new(inventory.lambda.roles.iter().map(|role| {
        RolePrincipal {
            role_arn: role.arn.clone(),
            role_name: role.role_name.clone(),
            role_id: role.role_id.clone(),
            account_id: account_of(&role.arn).to_owned(),
            policies: inventory
                .lambda
                .identity_policies(role)
                .into_iter()
                .map(|policy| (policy.name.to_owned(), policy.document.clone()))
                .collect(),
            managed_policy_arns: role.managed_policy_arns.clone(),
        }
    }))
}

/// `arn:aws:iam::123456789012:role/Name` → `123456789012`.
fn account_of(arn: &str) -> &str {
    arn.split(':').nth(4).unwrap_or("")
}
