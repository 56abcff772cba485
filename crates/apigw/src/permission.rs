//! May API Gateway invoke the integration's function? The two mechanisms of
//! §9.1, evaluated as IAM would:
//!
//! - with an integration `CredentialsArn`: the role's trust policy must let
//!   `apigateway.amazonaws.com` call `sts:AssumeRole`, and its permission policies must
//!   allow `lambda:InvokeFunction` on the function;
//! - without one: the function's resource-based policy (the statements
//!   `AWS::Lambda::Permission` adds) must allow principal `apigateway.amazonaws.com` to
//!   call `lambda:InvokeFunction` with the request's `aws:SourceArn`.
//!
//! The pipeline calls [`check_invoke_permission`] after authorization; a denial becomes
//! AWS's 500 (§9.3) and the [`PermissionDenied`] explanation names what was
//! checked and the exact statement or `AWS::Lambda::Permission` to add. Inputs are plain
//! policy JSON and ARNs: this module knows nothing of CloudFormation.

use std::fmt;

use serde_json::Value;

mod condition;
mod evaluate;
mod explain;
mod managed;
pub(crate) mod policy;
mod source_arn;
pub(crate) mod wildcard;

pub use managed::known_managed_policy;
pub use source_arn::{execute_api_source_arn, lambda_permission_statement};

pub(crate) use evaluate::{AccessRequest, NamedDocument, evaluate};

/// The service principal API Gateway acts as.
pub const API_GATEWAY_SERVICE_PRINCIPAL: &str = "apigateway.amazonaws.com";
/// The action API Gateway needs on the function.
pub const INVOKE_FUNCTION_ACTION: &str = "lambda:InvokeFunction";
/// The action API Gateway needs on the integration role.
pub const ASSUME_ROLE_ACTION: &str = "sts:AssumeRole";
/// What AWS writes to `$context.integrationErrorMessage` for a missing permission
/// (§9.3).
pub const INTEGRATION_PERMISSION_ERROR_MESSAGE: &str = "The IAM role configured on the integration or API Gateway doesn't have permissions to call the integration. Check the permissions and try again.";

const SOURCE_ARN_KEY: &str = "aws:sourcearn";
const SOURCE_ACCOUNT_KEY: &str = "aws:sourceaccount";
const PRINCIPAL_SERVICE_NAME_KEY: &str = "aws:principalservicename";
const PRINCIPAL_ARN_KEY: &str = "aws:principalarn";

/// The invocation being checked.
#[derive(Debug, Clone, Copy)]
pub struct InvokeContext<'a> {
    /// The function ARN from the integration URI, qualified or not.
    pub function_arn: &'a str,
    /// The request's source ARN, from [`execute_api_source_arn`].
    pub source_arn: &'a str,
    /// The API's account (`aws:SourceAccount`).
    pub source_account: &'a str,
}

/// Which mechanism grants the invocation.
#[derive(Debug, Clone, Copy)]
pub enum InvokeAccess<'a> {
    /// No `CredentialsArn`: the function's resource-based policy, `None` when it has none.
    ResourcePolicy(Option<&'a Value>),
    /// `CredentialsArn` names this role.
    Role(&'a IntegrationRole<'a>),
    /// `CredentialsArn` names a role whose policies are not known to the caller.
    UnknownRole {
        /// The `CredentialsArn`.
        role_arn: &'a str,
    },
}

/// An integration role and its policies.
#[derive(Debug, Clone)]
pub struct IntegrationRole<'a> {
    /// The role's ARN.
    pub role_arn: &'a str,
    /// `AssumeRolePolicyDocument`.
    pub trust_policy: &'a Value,
    /// Permission policies whose documents are known: inline `Policies`, separate policy
    /// resources attached to the role, customer managed policies.
    pub policies: Vec<NamedPolicy<'a>>,
    /// Managed policy ARNs without a document; AWS managed ones gantry knows are
    /// evaluated ([`known_managed_policy`]), the others are reported as not evaluated.
    pub managed_policy_arns: Vec<&'a str>,
}

/// A permission policy document and the name explanations use for it.
#[derive(Debug, Clone, Copy)]
pub struct NamedPolicy<'a> {
    /// The policy's name (inline policy name, resource name or ARN).
    pub name: &'a str,
    /// The policy document.
    pub document: &'a Value,
}

/// A statement, located for explanations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRef {
    /// The policy the statement belongs to.
    pub policy: String,
    /// Position in the policy's `Statement` list, from 1.
    pub number: usize,
    /// The statement's `Sid`, if any.
    pub sid: Option<String>,
}

impl StatementRef {
    fn new(policy: &str, index: usize, sid: Option<String>) -> Self {
        Self {
            policy: policy.to_owned(),
            number: index + 1,
            sid,
        }
    }
}

impl fmt::Display for StatementRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sid {
            Some(sid) => write!(
                f,
                "statement {sid:?} (#{}) of {:?}",
                self.number, self.policy
            ),
            None => write!(f, "statement #{} of {:?}", self.number, self.policy),
        }
    }
}

/// The verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvokePermission {
    /// API Gateway may invoke the function.
    Allowed {
        /// The statement(s) that grant it.
        by: Grant,
    },
    /// It may not; the client gets 500.
    Denied(PermissionDenied),
}

/// What granted an invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grant {
    /// A statement of the function's resource-based policy.
    ResourcePolicy(StatementRef),
    /// The integration role: the trust statement and the permission statement.
    Role {
        /// The role's ARN.
        role_arn: String,
        /// The trust policy statement letting API Gateway assume the role.
        trust: StatementRef,
        /// The permission statement allowing the invocation.
        permission: StatementRef,
    },
}

/// Why API Gateway may not invoke the function, what was checked and the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{summary}{}\nFix: {fix}", explain::findings_block(.findings))]
pub struct PermissionDenied {
    /// One line: what was checked and what failed.
    pub summary: String,
    /// Per-statement reasons and policies that could not be evaluated.
    pub findings: Vec<String>,
    /// The statement, policy or resource to add.
    pub fix: String,
}

/// Decides whether API Gateway may invoke `context.function_arn` for this request.
pub fn check_invoke_permission(
    access: InvokeAccess<'_>,
    context: &InvokeContext<'_>,
) -> InvokePermission {
    match access {
        InvokeAccess::ResourcePolicy(policy) => check_resource_policy(policy, context),
        InvokeAccess::Role(role) => check_role(role, context),
        InvokeAccess::UnknownRole { role_arn } => {
            InvokePermission::Denied(explain::unknown_role(role_arn))
        }
    }
}

fn check_resource_policy(policy: Option<&Value>, context: &InvokeContext<'_>) -> InvokePermission {
    let keys = [
        (SOURCE_ARN_KEY, context.source_arn),
        (SOURCE_ACCOUNT_KEY, context.source_account),
        (PRINCIPAL_SERVICE_NAME_KEY, API_GATEWAY_SERVICE_PRINCIPAL),
    ];
    let request = AccessRequest {
        service_principal: Some(API_GATEWAY_SERVICE_PRINCIPAL),
        action: INVOKE_FUNCTION_ACTION,
        resource: context.function_arn,
        context: &keys,
    };
    let documents: Vec<NamedDocument<'_>> = policy
        .map(|document| NamedDocument {
            name: "function resource policy",
            document,
        })
        .into_iter()
        .collect();
    let evaluation = evaluate(&documents, &request);
    match (evaluation.is_allowed(), evaluation.allowed_by.clone()) {
        (true, Some(statement)) => InvokePermission::Allowed {
            by: Grant::ResourcePolicy(statement),
        },
        _ => InvokePermission::Denied(explain::resource_policy_denied(
            context,
            policy.is_some(),
            evaluation,
        )),
    }
}

fn check_role(role: &IntegrationRole<'_>, context: &InvokeContext<'_>) -> InvokePermission {
    let trust_keys = [
        (SOURCE_ARN_KEY, context.source_arn),
        (SOURCE_ACCOUNT_KEY, context.source_account),
        (PRINCIPAL_SERVICE_NAME_KEY, API_GATEWAY_SERVICE_PRINCIPAL),
    ];
    let trust = evaluate(
        &[NamedDocument {
            name: "AssumeRolePolicyDocument",
            document: role.trust_policy,
        }],
        &AccessRequest {
            service_principal: Some(API_GATEWAY_SERVICE_PRINCIPAL),
            action: ASSUME_ROLE_ACTION,
            resource: role.role_arn,
            context: &trust_keys,
        },
    );
    let Some(trust_statement) = trust.allowed_by.clone().filter(|_| trust.is_allowed()) else {
        return InvokePermission::Denied(explain::trust_denied(role.role_arn, trust));
    };

    let mut documents: Vec<NamedDocument<'_>> = role
        .policies
        .iter()
        .map(|p| NamedDocument {
            name: p.name,
            document: p.document,
        })
        .collect();
    let mut unevaluated = Vec::new();
    for arn in &role.managed_policy_arns {
        match known_managed_policy(arn) {
            Some(document) => documents.push(NamedDocument {
                name: arn,
                document,
            }),
            None => unevaluated.push(*arn),
        }
    }
    let identity_keys = [(PRINCIPAL_ARN_KEY, role.role_arn)];
    let mut permission = evaluate(
        &documents,
        &AccessRequest {
            service_principal: None,
            action: INVOKE_FUNCTION_ACTION,
            resource: context.function_arn,
            context: &identity_keys,
        },
    );
    match permission
        .allowed_by
        .clone()
        .filter(|_| permission.is_allowed())
    {
        Some(statement) => InvokePermission::Allowed {
            by: Grant::Role {
                role_arn: role.role_arn.to_owned(),
                trust: trust_statement,
                permission: statement,
            },
        },
        None => {
            // Deviation from AWS: managed policies gantry does not know grant nothing here.
            permission.findings.extend(unevaluated.iter().map(|arn| {
                format!("managed policy {arn} is not known to gantry and was not evaluated (treated as granting nothing)")
            }));
            InvokePermission::Denied(explain::role_lacks_permission(
                role.role_arn,
                context,
                permission,
            ))
        }
    }
}

#[cfg(test)]
mod tests;
