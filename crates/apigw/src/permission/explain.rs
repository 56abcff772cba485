//! The words of a denial: what was checked, what failed, and the exact fix.

use arn::{Arn, Partition};
use serde_json::json;

use super::evaluate::Evaluation;
use super::{
    API_GATEWAY_SERVICE_PRINCIPAL, ASSUME_ROLE_ACTION, INVOKE_FUNCTION_ACTION, InvokeContext,
    PermissionDenied,
};

/// The AWS managed policy that lets a role invoke any function.
const LAMBDA_ROLE_POLICY: &str = "service-role/AWSLambdaRole";

pub(super) fn findings_block(findings: &[String]) -> String {
    let mut block = String::new();
    for finding in findings {
        block.push_str("\n  - ");
        block.push_str(finding);
    }
    block
}

pub(super) fn resource_policy_denied(
    context: &InvokeContext<'_>,
    has_policy: bool,
    evaluation: Evaluation,
) -> PermissionDenied {
    let function = context.function_arn;
    let source = context.source_arn;
    if let Some(deny) = evaluation.denied_by {
        return PermissionDenied {
            summary: format!(
                "API Gateway may not invoke {function}: {deny} of its resource-based policy explicitly denies {INVOKE_FUNCTION_ACTION} for source ARN {source}"
            ),
            findings: evaluation.findings,
            fix: format!("remove {deny} or narrow it so it does not match {source}"),
        };
    }
    let summary = if has_policy {
        format!(
            "API Gateway may not invoke {function}: no statement of its resource-based policy allows {API_GATEWAY_SERVICE_PRINCIPAL} to call {INVOKE_FUNCTION_ACTION} with source ARN {source}"
        )
    } else {
        format!(
            "API Gateway may not invoke {function}: the function has no resource-based policy (no AWS::Lambda::Permission), so nothing allows {API_GATEWAY_SERVICE_PRINCIPAL} to call {INVOKE_FUNCTION_ACTION} for {source}"
        )
    };
    let api_wide = match source.split_once('/') {
        Some((api, _)) => format!("{api}/*"),
        None => source.to_owned(),
    };
    PermissionDenied {
        summary,
        findings: evaluation.findings,
        fix: format!(
            "add a permission for API Gateway to the template (or set the integration's CredentialsArn to a role API Gateway can assume):\n  Type: AWS::Lambda::Permission\n  Properties:\n    Action: {INVOKE_FUNCTION_ACTION}\n    FunctionName: {function}\n    Principal: {API_GATEWAY_SERVICE_PRINCIPAL}\n    SourceArn: {api_wide}"
        ),
    }
}

pub(super) fn trust_denied(role_arn: &str, evaluation: Evaluation) -> PermissionDenied {
    let statement = json!({
        "Effect": "Allow",
        "Principal": {"Service": API_GATEWAY_SERVICE_PRINCIPAL},
        "Action": ASSUME_ROLE_ACTION,
    });
    let summary = match &evaluation.denied_by {
        Some(deny) => format!(
            "API Gateway cannot assume integration role {role_arn}: {deny} of its AssumeRolePolicyDocument explicitly denies {ASSUME_ROLE_ACTION} to {API_GATEWAY_SERVICE_PRINCIPAL}"
        ),
        None => format!(
            "API Gateway cannot assume integration role {role_arn}: its AssumeRolePolicyDocument does not let {API_GATEWAY_SERVICE_PRINCIPAL} call {ASSUME_ROLE_ACTION}"
        ),
    };
    PermissionDenied {
        summary,
        findings: evaluation.findings,
        fix: format!("add this statement to the role's AssumeRolePolicyDocument: {statement}"),
    }
}

pub(super) fn role_lacks_permission(
    role_arn: &str,
    context: &InvokeContext<'_>,
    evaluation: Evaluation,
) -> PermissionDenied {
    let function = context.function_arn;
    if let Some(deny) = evaluation.denied_by {
        return PermissionDenied {
            summary: format!(
                "integration role {role_arn} may not call {INVOKE_FUNCTION_ACTION} on {function}: {deny} explicitly denies it"
            ),
            findings: evaluation.findings,
            fix: format!("remove {deny} or narrow it so it does not match {function}"),
        };
    }
    let unqualified = unqualified_function_arn(function);
    let statement = json!({
        "Effect": "Allow",
        "Action": INVOKE_FUNCTION_ACTION,
        "Resource": [unqualified, format!("{unqualified}:*")],
    });
    let partition = Partition::by_id(function).unwrap_or_else(|| Partition::of_region(""));
    let lambda_role_policy = Arn::aws_managed_policy(partition, LAMBDA_ROLE_POLICY);
    PermissionDenied {
        summary: format!(
            "integration role {role_arn} may not call {INVOKE_FUNCTION_ACTION} on {function}: none of its policies allows it"
        ),
        findings: evaluation.findings,
        fix: format!(
            "add this statement to one of the role's Policies: {statement} (or attach the managed policy {lambda_role_policy})"
        ),
    }
}

pub(super) fn unknown_role(role_arn: &str) -> PermissionDenied {
    PermissionDenied {
        summary: format!(
            "the integration's CredentialsArn {role_arn} names a role whose policies gantry does not have, so API Gateway's access to the function cannot be evaluated"
        ),
        findings: Vec::new(),
        fix: "define the role in the stack, or remove CredentialsArn and grant API Gateway access with an AWS::Lambda::Permission".to_owned(),
    }
}

/// `arn:aws:lambda:r:a:function:name[:qualifier]` without the qualifier.
fn unqualified_function_arn(arn: &str) -> &str {
    let parts: Vec<&str> = arn.splitn(8, ':').collect();
    if parts.len() == 8 {
        let cut = arn.len() - parts[7].len() - 1;
        &arn[..cut]
    } else {
        arn
    }
}
