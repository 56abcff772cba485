//! IAM resources.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `AWS::IAM::Role`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// `RoleName` (given or generated).
    pub role_name: String,
    /// `arn:aws:iam::{account}:role{path}{name}`.
    pub arn: String,
    /// `RoleId`: `AROA` and 17 more characters, as AWS makes them.
    pub role_id: String,
    /// `AssumeRolePolicyDocument`: the trust policy.
    pub assume_role_policy_document: Value,
    /// `Policies`: inline identity policies.
    pub policies: Vec<InlinePolicy>,
    /// `ManagedPolicyArns`.
    pub managed_policy_arns: Vec<String>,
}

/// An inline policy of a role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InlinePolicy {
    /// `PolicyName`.
    pub policy_name: String,
    /// `PolicyDocument`.
    pub policy_document: Value,
}

/// `AWS::IAM::Policy`: an inline policy attached to roles (and users or groups).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// `PolicyName`.
    pub policy_name: String,
    /// `PolicyDocument`.
    pub policy_document: Value,
    /// `Roles`: role names.
    pub roles: Vec<String>,
}
