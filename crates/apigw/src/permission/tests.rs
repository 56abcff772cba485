use serde_json::{Value, json};

use super::*;
use crate::route::RouteKey;

const FUNCTION: &str = "arn:aws:lambda:us-east-1:123456789012:function:pets";
const ROLE: &str = "arn:aws:iam::123456789012:role/api-invoke";

fn source_arn(stage: &str, route_key: &str) -> String {
    execute_api_source_arn(
        arn::Partition::of_region("us-east-1"),
        "us-east-1",
        "123456789012",
        "abc123",
        stage,
        &RouteKey::parse(route_key).unwrap(),
    )
}

fn policy(statements: Vec<Value>) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn api_permission(source: &str) -> Value {
    lambda_permission_statement(
        "ApiPermission",
        FUNCTION,
        API_GATEWAY_SERVICE_PRINCIPAL,
        INVOKE_FUNCTION_ACTION,
        Some(source),
        None,
    )
}

fn check_policy(document: Option<&Value>, source: &str) -> InvokePermission {
    let context = InvokeContext {
        function_arn: FUNCTION,
        source_arn: source,
        source_account: "123456789012",
    };
    check_invoke_permission(InvokeAccess::ResourcePolicy(document), &context)
}

fn denied(outcome: InvokePermission) -> PermissionDenied {
    match outcome {
        InvokePermission::Denied(denied) => denied,
        InvokePermission::Allowed { by } => panic!("expected Denied, got Allowed by {by:?}"),
    }
}

#[test]
fn source_arn_uses_the_route_template_and_stage() {
    assert_eq!(
        source_arn("prod", "GET /pets/{id}"),
        "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/{id}"
    );
    assert_eq!(
        source_arn("$default", "$default"),
        "arn:aws:execute-api:us-east-1:123456789012:abc123/$default/$default"
    );
    assert_eq!(
        source_arn("$default", "GET /"),
        "arn:aws:execute-api:us-east-1:123456789012:abc123/$default/GET/"
    );
}

#[test]
fn lambda_permission_for_the_whole_api_allows_any_route() {
    let document = policy(vec![api_permission(
        "arn:aws:execute-api:us-east-1:123456789012:abc123/*",
    )]);
    let outcome = check_policy(Some(&document), &source_arn("$default", "ANY /{proxy+}"));
    let InvokePermission::Allowed {
        by: Grant::ResourcePolicy(statement),
    } = outcome
    else {
        panic!("expected Allowed by the resource policy, got {outcome:?}");
    };
    assert_eq!(statement.sid.as_deref(), Some("ApiPermission"));
}

#[test]
fn cdk_style_route_grant_matches_a_parameterised_route() {
    let document = policy(vec![api_permission(
        "arn:aws:execute-api:us-east-1:123456789012:abc123/*/*/pets/{id}",
    )]);
    let outcome = check_policy(Some(&document), &source_arn("prod", "GET /pets/{id}"));
    assert!(matches!(outcome, InvokePermission::Allowed { .. }));
}

#[test]
fn cdk_style_default_route_grant_matches_the_default_route() {
    let document = policy(vec![api_permission(
        "arn:aws:execute-api:us-east-1:123456789012:abc123/*/*",
    )]);
    let outcome = check_policy(Some(&document), &source_arn("$default", "$default"));
    assert!(matches!(outcome, InvokePermission::Allowed { .. }));
}

#[test]
fn grant_for_another_stage_is_denied_with_the_fix() {
    let document = policy(vec![api_permission(
        "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*",
    )]);
    let source = source_arn("$default", "GET /pets");
    let denied = denied(check_policy(Some(&document), &source));
    let text = denied.to_string();
    assert!(text.contains(&source), "{text}");
    assert!(text.contains("statement \"ApiPermission\" (#1)"), "{text}");
    assert!(text.contains("abc123/prod/*"), "{text}");
    assert!(text.contains("Type: AWS::Lambda::Permission"), "{text}");
    assert!(
        text.contains("SourceArn: arn:aws:execute-api:us-east-1:123456789012:abc123/*"),
        "{text}"
    );
}

#[test]
fn function_without_resource_policy_is_denied() {
    let denied = denied(check_policy(None, &source_arn("$default", "GET /pets")));
    assert!(
        denied.summary.contains("no resource-based policy"),
        "{}",
        denied.summary
    );
    assert!(
        denied.fix.contains("Principal: apigateway.amazonaws.com"),
        "{}",
        denied.fix
    );
}

#[test]
fn lambda_star_action_is_accepted() {
    let mut statement = api_permission("arn:aws:execute-api:us-east-1:123456789012:abc123/*");
    statement["Action"] = json!("lambda:*");
    let outcome = check_policy(
        Some(&policy(vec![statement])),
        &source_arn("$default", "GET /pets"),
    );
    assert!(matches!(outcome, InvokePermission::Allowed { .. }));
}

#[test]
fn permission_for_another_service_principal_does_not_apply() {
    let statement = lambda_permission_statement(
        "Events",
        FUNCTION,
        "events.amazonaws.com",
        INVOKE_FUNCTION_ACTION,
        None,
        None,
    );
    let denied = denied(check_policy(
        Some(&policy(vec![statement])),
        &source_arn("$default", "GET /pets"),
    ));
    assert!(
        denied.findings[0].contains("does not name apigateway.amazonaws.com"),
        "{:?}",
        denied.findings
    );
}

#[test]
fn explicit_deny_wins_over_allow() {
    let allow = api_permission("arn:aws:execute-api:us-east-1:123456789012:abc123/*");
    let deny = json!({
        "Sid": "NoAdmin", "Effect": "Deny", "Principal": "*", "Action": "lambda:InvokeFunction",
        "Resource": FUNCTION,
        "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:execute-api:*:*:abc123/*/*/admin*"}}
    });
    let document = policy(vec![allow, deny]);
    assert!(matches!(
        check_policy(Some(&document), &source_arn("prod", "GET /pets")),
        InvokePermission::Allowed { .. }
    ));
    let denied = denied(check_policy(
        Some(&document),
        &source_arn("prod", "GET /admin"),
    ));
    assert!(
        denied.summary.contains("explicitly denies"),
        "{}",
        denied.summary
    );
}

#[test]
fn source_account_condition_must_match_the_api_account() {
    let statement = lambda_permission_statement(
        "P",
        FUNCTION,
        API_GATEWAY_SERVICE_PRINCIPAL,
        INVOKE_FUNCTION_ACTION,
        None,
        Some("999999999999"),
    );
    let denied = denied(check_policy(
        Some(&policy(vec![statement])),
        &source_arn("$default", "GET /pets"),
    ));
    assert!(
        denied.findings[0].contains("AWS:SourceAccount"),
        "{:?}",
        denied.findings
    );
}

#[test]
fn single_statement_object_and_malformed_statements_are_handled() {
    let single =
        json!({"Statement": api_permission("arn:aws:execute-api:us-east-1:123456789012:abc123/*")});
    assert!(matches!(
        check_policy(Some(&single), &source_arn("$default", "GET /x")),
        InvokePermission::Allowed { .. }
    ));
    let broken = policy(vec![
        json!({"Effect": "Permit", "Action": "lambda:*"}),
        json!("nonsense"),
    ]);
    let denied = denied(check_policy(
        Some(&broken),
        &source_arn("$default", "GET /x"),
    ));
    assert_eq!(denied.findings.len(), 2, "{:?}", denied.findings);
    assert!(
        denied.findings[0].contains("Effect is \"Permit\""),
        "{:?}",
        denied.findings
    );
}

fn trust(service: &str) -> Value {
    policy(vec![
        json!({"Effect": "Allow", "Principal": {"Service": [service]}, "Action": "sts:AssumeRole"}),
    ])
}

fn invoke_policy(resource: &str) -> Value {
    policy(vec![
        json!({"Sid": "Invoke", "Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": resource}),
    ])
}

fn check_role_access(role: &IntegrationRole<'_>, function: &str) -> InvokePermission {
    let source = source_arn("$default", "GET /pets");
    let context = InvokeContext {
        function_arn: function,
        source_arn: &source,
        source_account: "123456789012",
    };
    check_invoke_permission(InvokeAccess::Role(role), &context)
}

#[test]
fn role_trusting_api_gateway_with_invoke_policy_is_allowed() {
    let trust = trust(API_GATEWAY_SERVICE_PRINCIPAL);
    let inline = invoke_policy(FUNCTION);
    let role = IntegrationRole {
        role_arn: ROLE,
        trust_policy: &trust,
        policies: vec![NamedPolicy {
            name: "invoke",
            document: &inline,
        }],
        managed_policy_arns: vec![],
    };
    let InvokePermission::Allowed {
        by: Grant::Role {
            permission, trust, ..
        },
    } = check_role_access(&role, FUNCTION)
    else {
        panic!("expected Allowed by the role");
    };
    assert_eq!(permission.sid.as_deref(), Some("Invoke"));
    assert_eq!(trust.number, 1);
}

#[test]
fn role_not_trusting_api_gateway_is_denied_with_the_trust_statement_to_add() {
    let trust = trust("lambda.amazonaws.com");
    let inline = invoke_policy(FUNCTION);
    let role = IntegrationRole {
        role_arn: ROLE,
        trust_policy: &trust,
        policies: vec![NamedPolicy {
            name: "invoke",
            document: &inline,
        }],
        managed_policy_arns: vec![],
    };
    let denied = denied(check_role_access(&role, FUNCTION));
    assert!(
        denied.summary.contains("cannot assume"),
        "{}",
        denied.summary
    );
    assert!(
        denied
            .fix
            .contains("\"Service\":\"apigateway.amazonaws.com\""),
        "{}",
        denied.fix
    );
}

#[test]
fn role_without_invoke_permission_is_denied_with_the_statement_to_add() {
    let trust = trust(API_GATEWAY_SERVICE_PRINCIPAL);
    let other = invoke_policy("arn:aws:lambda:us-east-1:123456789012:function:other");
    let role = IntegrationRole {
        role_arn: ROLE,
        trust_policy: &trust,
        policies: vec![NamedPolicy {
            name: "other",
            document: &other,
        }],
        managed_policy_arns: vec!["arn:aws:iam::123456789012:policy/custom"],
    };
    let denied = denied(check_role_access(&role, FUNCTION));
    assert!(
        denied.findings.iter().any(|f| f.contains("does not match")),
        "{:?}",
        denied.findings
    );
    assert!(
        denied
            .findings
            .iter()
            .any(|f| f.contains("not known to gantry")),
        "{:?}",
        denied.findings
    );
    assert!(
        denied.fix.contains(&format!("\"{FUNCTION}:*\"")),
        "{}",
        denied.fix
    );
}

#[test]
fn aws_lambda_role_managed_policy_grants_invoke() {
    let trust = trust(API_GATEWAY_SERVICE_PRINCIPAL);
    let role = IntegrationRole {
        role_arn: ROLE,
        trust_policy: &trust,
        policies: vec![],
        managed_policy_arns: vec!["arn:aws:iam::aws:policy/service-role/AWSLambdaRole"],
    };
    assert!(matches!(
        check_role_access(&role, FUNCTION),
        InvokePermission::Allowed { .. }
    ));
}

#[test]
fn qualified_invocation_needs_a_qualifier_wildcard() {
    let trust = trust(API_GATEWAY_SERVICE_PRINCIPAL);
    let unqualified = invoke_policy(FUNCTION);
    let with_star = invoke_policy(&format!("{FUNCTION}:*"));
    let alias = format!("{FUNCTION}:live");
    let narrow = IntegrationRole {
        role_arn: ROLE,
        trust_policy: &trust,
        policies: vec![NamedPolicy {
            name: "p",
            document: &unqualified,
        }],
        managed_policy_arns: vec![],
    };
    assert!(matches!(
        check_role_access(&narrow, &alias),
        InvokePermission::Denied(_)
    ));
    let wide = IntegrationRole {
        policies: vec![NamedPolicy {
            name: "p",
            document: &with_star,
        }],
        ..narrow.clone()
    };
    assert!(matches!(
        check_role_access(&wide, &alias),
        InvokePermission::Allowed { .. }
    ));
}

#[test]
fn explicit_deny_in_a_role_policy_wins() {
    let trust = trust(API_GATEWAY_SERVICE_PRINCIPAL);
    let deny = policy(vec![
        json!({"Effect": "Deny", "Action": "lambda:*", "Resource": "*"}),
    ]);
    let role = IntegrationRole {
        role_arn: ROLE,
        trust_policy: &trust,
        policies: vec![NamedPolicy {
            name: "deny-all",
            document: &deny,
        }],
        managed_policy_arns: vec!["arn:aws:iam::aws:policy/AdministratorAccess"],
    };
    let denied = denied(check_role_access(&role, FUNCTION));
    assert!(
        denied.summary.contains("explicitly denies"),
        "{}",
        denied.summary
    );
}

#[test]
fn unknown_role_is_denied_with_a_reason() {
    let context = InvokeContext {
        function_arn: FUNCTION,
        source_arn: "arn:aws:execute-api:us-east-1:123456789012:abc123/$default/$default",
        source_account: "123456789012",
    };
    let outcome = check_invoke_permission(InvokeAccess::UnknownRole { role_arn: ROLE }, &context);
    assert!(denied(outcome).summary.contains(ROLE));
}

#[test]
fn denial_explanations_read_well() {
    let document = policy(vec![api_permission(
        "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*",
    )]);
    let resource = denied(check_policy(
        Some(&document),
        &source_arn("$default", "GET /pets/{id}"),
    ));
    insta::assert_snapshot!("resource_policy_denial", resource.to_string());

    let trust = trust(API_GATEWAY_SERVICE_PRINCIPAL);
    let role = IntegrationRole {
        role_arn: ROLE,
        trust_policy: &trust,
        policies: vec![],
        managed_policy_arns: vec!["arn:aws:iam::aws:policy/ReadOnlyAccess"],
    };
    insta::assert_snapshot!(
        "role_denial",
        denied(check_role_access(&role, FUNCTION)).to_string()
    );
}
