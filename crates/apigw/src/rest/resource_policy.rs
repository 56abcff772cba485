//! A REST API's resource policy (`Policy`, `x-amazon-apigateway-policy`), evaluated as
//! API Gateway does with the method's authorization type (aws-rest-api.md §0 step 4,
//! AWS "How API Gateway resource policies affect authorization workflow",
//! `apigateway-authorization-flow`):
//!
//! - `NONE`: an explicit Allow for the caller is needed; an explicit Deny, or no Allow,
//!   refuses (403);
//! - `CUSTOM` and `COGNITO_USER_POOLS`: before the authorizer, an explicit Deny refuses;
//!   otherwise the authorizer decides;
//! - `AWS_IAM`: after the signature check, an explicit Deny for the caller refuses;
//!   otherwise the caller's IAM policies decide.
//!
//! Statements about other actions are ignored. `Resource` may use the short form
//! `execute-api:/{stage}/{METHOD}/{path}`, expanded with the API's ARN. Conditions:
//! `IpAddress`/`NotIpAddress` on `aws:SourceIp`, `StringEquals`/`StringNotEquals` on
//! `aws:SourceVpc`/`aws:SourceVpce` (never a VPC locally). Anything else (another
//! operator or key, `NotPrincipal`, `NotAction`, `NotResource`) is a compile error: the
//! API then refuses every request with the reason (fail closed).

mod statement;

use std::net::IpAddr;

use store::model::apigateway::MethodAuthorizationType;

use crate::permission::policy::parse_document;
use crate::rest::RestError;
use crate::rest::iam::{ANONYMOUS, not_authorized_message};

use statement::PolicyStatement;

/// A compiled resource policy.
#[derive(Debug)]
pub struct ResourcePolicy {
    statements: Vec<PolicyStatement>,
}

/// Who is calling, as far as the policy's principals and conditions can tell.
#[derive(Debug, Clone, Copy)]
pub struct PolicyCaller<'a> {
    /// The client's address (`aws:SourceIp`).
    pub source_ip: IpAddr,
    /// The IAM principal ARN of a SigV4-signed caller (`AWS_IAM` methods).
    pub principal_arn: Option<&'a str>,
}

/// What the policy says about one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyEffect {
    /// Statement `n` (1-based) denies it.
    ExplicitDeny(usize),
    /// Statement `n` allows it and none denies it.
    Allow(usize),
    /// No statement applies.
    ImplicitDeny,
}

impl ResourcePolicy {
    /// Compiles a policy document; `Err` says why it cannot be evaluated (the API then
    /// refuses every request: fail closed).
    pub fn compile(document: &serde_json::Value) -> Result<Self, String> {
        let statements = parse_document(document)
            .map_err(|e| format!("the resource policy cannot be read: {e}"))?;
        let statements = statements
            .into_iter()
            .enumerate()
            .map(|(index, statement)| {
                let number = index + 1;
                statement
                    .map_err(|e| e.to_string())
                    .and_then(|statement| PolicyStatement::compile(number, statement))
                    .map_err(|e| format!("resource policy statement #{number}: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { statements })
    }

    /// What the policy says about a call of `method_arn` by `caller`.
    pub fn evaluate(&self, method_arn: &str, caller: PolicyCaller<'_>) -> PolicyEffect {
        let applies = |allow: bool| {
            self.statements
                .iter()
                .find(|s| s.allow == allow && s.applies(method_arn, caller))
                .map(|s| s.number)
        };
        if let Some(number) = applies(false) {
            return PolicyEffect::ExplicitDeny(number);
        }
        applies(true).map_or(PolicyEffect::ImplicitDeny, PolicyEffect::Allow)
    }

    /// Allows or denies a call of `method_arn` as for a method with `AuthorizationType`
    /// `NONE` (403 `AccessDeniedException`); other methods use
    /// [`ResourcePolicy::check_method`].
    pub fn check(&self, method_arn: &str, caller: PolicyCaller<'_>) -> Result<(), RestError> {
        self.check_method(MethodAuthorizationType::None, method_arn, caller)
    }

    /// Allows or denies a call of a method with this `AuthorizationType`, per AWS's
    /// authorization workflow (see the module documentation).
    // Deviation from AWS: for AWS_IAM methods a resource-policy Allow does not stand in
    // for the caller's own IAM permission (gantry's callers are all of the API's account,
    // whose default identity may call every method).
    pub fn check_method(
        &self,
        authorization: MethodAuthorizationType,
        method_arn: &str,
        caller: PolicyCaller<'_>,
    ) -> Result<(), RestError> {
        let user = caller.principal_arn.unwrap_or(ANONYMOUS);
        match self.evaluate(method_arn, caller) {
            PolicyEffect::ExplicitDeny(number) => Err(RestError::access_denied(
                format!(
                    "{} with an explicit deny",
                    not_authorized_message(user, method_arn)
                ),
                format!(
                    "statement #{number} of the API's resource policy denies execute-api:Invoke on {method_arn} to {user} from {}",
                    caller.source_ip
                ),
            )),
            PolicyEffect::ImplicitDeny if authorization == MethodAuthorizationType::None => {
                Err(RestError::access_denied(
                    not_authorized_message(user, method_arn),
                    format!(
                        "no statement of the API's resource policy allows execute-api:Invoke on {method_arn} to {user} from {}; a method without authorization needs an Allow (e.g. Principal \"*\", Resource \"execute-api:/*\")",
                        caller.source_ip
                    ),
                ))
            }
            PolicyEffect::Allow(_) | PolicyEffect::ImplicitDeny => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests;
