//! May a stack's role call the route? Its identity policies are evaluated for
//! `execute-api:Invoke` on the route's ARN with the gateway's IAM evaluator (§12.4).

use serde_json::Value;

use super::deny::IamDeny;
use crate::permission::{
    AccessRequest, NamedDocument, StatementRef, evaluate, known_managed_policy,
};

/// The action an `AWS_IAM` route requires.
pub const INVOKE_API_ACTION: &str = "execute-api:Invoke";
const PRINCIPAL_ARN_KEY: &str = "aws:principalarn";

/// A role of a deployed stack and its identity policies, owned by the deployment.
#[derive(Debug, Clone, PartialEq)]
pub struct RolePrincipal {
    /// The role's ARN.
    pub role_arn: String,
    /// `RoleName`.
    pub role_name: String,
    /// The role's unique id (`AROA…`).
    pub role_id: String,
    /// The account that owns the role.
    pub account_id: String,
    /// Inline and attached policy documents, by name.
    pub policies: Vec<(String, Value)>,
    /// `ManagedPolicyArns`.
    pub managed_policy_arns: Vec<String>,
}

/// The statement that allows the role to invoke `route_arn`, or why none does.
pub fn check_invoke(role: &RolePrincipal, route_arn: &str) -> Result<StatementRef, IamDeny> {
    check_action(role, INVOKE_API_ACTION, route_arn)
}

/// The statement of the role's identity policies that allows `action` on `resource`, or
/// why none does.
pub fn check_action(
    role: &RolePrincipal,
    action: &str,
    resource: &str,
) -> Result<StatementRef, IamDeny> {
    let route_arn = resource;
    let mut documents: Vec<NamedDocument<'_>> = role
        .policies
        .iter()
        .map(|(name, document)| NamedDocument { name, document })
        .collect();
    let mut unevaluated = Vec::new();
    for arn in &role.managed_policy_arns {
        match known_managed_policy(arn) {
            Some(document) => documents.push(NamedDocument {
                name: arn,
                document,
            }),
            None => unevaluated.push(arn.as_str()),
        }
    }
    let keys = [(PRINCIPAL_ARN_KEY, role.role_arn.as_str())];
    let evaluation = evaluate(
        &documents,
        &AccessRequest {
            service_principal: None,
            action,
            resource: route_arn,
            context: &keys,
        },
    );
    if evaluation.is_allowed()
        && let Some(statement) = evaluation.allowed_by
    {
        return Ok(statement);
    }
    let mut findings = evaluation.findings;
    // Deviation from AWS: managed policies gantry does not know grant nothing.
    findings.extend(unevaluated.iter().map(|arn| {
        format!("managed policy {arn} is not known to gantry and was not evaluated (treated as granting nothing)")
    }));
    if documents.is_empty() && unevaluated.is_empty() {
        findings.push(format!("role {} has no identity policies", role.role_name));
    }
    let fix = match &evaluation.denied_by {
        Some(deny) => format!("remove {deny} or narrow it so it does not match {route_arn}"),
        None => format!(
            "add to a policy of role {} the statement {{\"Effect\": \"Allow\", \"Action\": \"{action}\", \"Resource\": \"{route_arn}\"}} (or a wildcard ARN covering it)",
            role.role_name
        ),
    };
    let summary = match &evaluation.denied_by {
        Some(deny) => format!(": {deny} explicitly denies it"),
        None => ": no statement of its identity policies allows it".to_owned(),
    };
    Err(IamDeny::NotAuthorized {
        principal: role.role_arn.clone(),
        route_arn: route_arn.to_owned(),
        findings: std::iter::once(summary)
            .chain(findings.into_iter().map(|f| format!("\n  - {f}")))
            .collect(),
        fix,
    })
}
