//! The resource policy's answers per authorization type, against AWS's workflow and the
//! 403 body (aws-rest-api.md §0 step 4, aws-rest-api.md §4.7).

use std::net::{IpAddr, Ipv4Addr};

use serde_json::{Value, json};
use store::model::apigateway::MethodAuthorizationType as Auth;

use super::*;
use crate::rest::error::ErrorBody;

const METHOD_ARN: &str = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/1";

fn caller(ip: [u8; 4]) -> PolicyCaller<'static> {
    PolicyCaller {
        source_ip: IpAddr::V4(Ipv4Addr::from(ip)),
        principal_arn: None,
    }
}

fn policy(statements: Value) -> ResourcePolicy {
    ResourcePolicy::compile(&json!({"Version": "2012-10-17", "Statement": statements}))
        .expect("a policy gantry evaluates")
}

fn allow_ip_range() -> ResourcePolicy {
    policy(json!([{
        "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
        "Resource": "execute-api:/*",
        "Condition": {"IpAddress": {"aws:SourceIp": ["192.0.2.0/24", "198.51.100.7"]}}
    }]))
}

#[test]
fn resource_policy_none_needs_an_allow_for_the_caller() {
    let policy = allow_ip_range();
    assert!(policy.check(METHOD_ARN, caller([192, 0, 2, 9])).is_ok());
    assert!(policy.check(METHOD_ARN, caller([198, 51, 100, 7])).is_ok());
    let refused = policy
        .check(METHOD_ARN, caller([203, 0, 113, 1]))
        .unwrap_err();
    assert_eq!(refused.status.as_u16(), 403);
    assert_eq!(
        refused.body,
        ErrorBody::CapitalMessage(format!(
            "User: anonymous is not authorized to perform: execute-api:Invoke on resource: {METHOD_ARN}"
        ))
    );
    assert!(
        refused.explanation.contains("203.0.113.1"),
        "{}",
        refused.explanation
    );
}

#[test]
fn resource_policy_explicit_deny_wins_with_its_own_message() {
    let policy = policy(json!([
        {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
        {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
         "Condition": {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}
    ]));
    assert!(policy.check(METHOD_ARN, caller([10, 1, 2, 3])).is_ok());
    let refused = policy
        .check(METHOD_ARN, caller([127, 0, 0, 1]))
        .unwrap_err();
    assert_eq!(
        refused.body,
        ErrorBody::CapitalMessage(format!(
            "User: anonymous is not authorized to perform: execute-api:Invoke on resource: {METHOD_ARN} with an explicit deny"
        ))
    );
    assert_eq!(refused.error_type, Some("AccessDeniedException"));
    assert!(
        refused.explanation.contains("statement #2"),
        "{}",
        refused.explanation
    );
}

#[test]
fn resource_policy_lambda_and_cognito_methods_are_refused_only_by_an_explicit_deny() {
    let policy = allow_ip_range();
    for auth in [Auth::Custom, Auth::CognitoUserPools, Auth::AwsIam] {
        assert!(
            policy
                .check_method(auth, METHOD_ARN, caller([203, 0, 113, 1]))
                .is_ok()
        );
    }
    let deny_all = self::policy(json!({
        "Effect": "Deny", "Principal": "*", "Action": "execute-api:*", "Resource": "execute-api:/prod/*"
    }));
    assert!(
        deny_all
            .check_method(Auth::Custom, METHOD_ARN, caller([127, 0, 0, 1]))
            .is_err()
    );
}

#[test]
fn resource_policy_short_resources_expand_to_the_methods_api_and_match_wildcards() {
    let other_stage = policy(json!({
        "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
        "Resource": "execute-api:/dev/GET/*"
    }));
    assert_eq!(
        other_stage.evaluate(METHOD_ARN, caller([127, 0, 0, 1])),
        PolicyEffect::ImplicitDeny
    );
    let this_method = policy(json!({
        "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
        "Resource": ["execute-api:/prod/GET/pets/?"]
    }));
    assert_eq!(
        this_method.evaluate(METHOD_ARN, caller([127, 0, 0, 1])),
        PolicyEffect::Allow(1)
    );
    let full_arn = policy(json!({
        "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "execute-api:Invoke",
        "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123/*"
    }));
    assert_eq!(
        full_arn.evaluate(METHOD_ARN, caller([127, 0, 0, 1])),
        PolicyEffect::Allow(1)
    );
    let other_action = policy(json!({
        "Effect": "Deny", "Principal": "*", "Action": "execute-api:ManageConnections", "Resource": "*"
    }));
    assert_eq!(
        other_action.evaluate(METHOD_ARN, caller([127, 0, 0, 1])),
        PolicyEffect::ImplicitDeny
    );
}

#[test]
fn resource_policy_vpc_conditions_never_see_a_vpc_locally() {
    let vpce_only = policy(json!([
        {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
        {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
         "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}
    ]));
    assert_eq!(
        vpce_only.evaluate(METHOD_ARN, caller([127, 0, 0, 1])),
        PolicyEffect::ExplicitDeny(2)
    );
    let from_vpc = policy(json!({
        "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
        "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1"}}
    }));
    assert_eq!(
        from_vpc.evaluate(METHOD_ARN, caller([127, 0, 0, 1])),
        PolicyEffect::ImplicitDeny
    );
}

#[test]
fn resource_policy_aws_principals_match_signed_callers_only() {
    let role = "arn:aws:sts::123456789012:assumed-role/Caller/gantry";
    let by_account = policy(json!({
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
        "Action": "execute-api:Invoke", "Resource": "execute-api:/*"
    }));
    let signed = PolicyCaller {
        principal_arn: Some(role),
        ..caller([127, 0, 0, 1])
    };
    assert_eq!(
        by_account.evaluate(METHOD_ARN, signed),
        PolicyEffect::Allow(1)
    );
    assert_eq!(
        by_account.evaluate(METHOD_ARN, caller([127, 0, 0, 1])),
        PolicyEffect::ImplicitDeny
    );
    let other_account = PolicyCaller {
        principal_arn: Some("arn:aws:iam::999999999999:user/x"),
        ..signed
    };
    assert_eq!(
        by_account.evaluate(METHOD_ARN, other_account),
        PolicyEffect::ImplicitDeny
    );
}

#[test]
fn resource_policy_what_gantry_cannot_evaluate_fails_to_compile_with_the_reason() {
    let unsupported = json!({"Statement": {
        "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*",
        "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2024-01-01T00:00:00Z"}}
    }});
    let error = ResourcePolicy::compile(&unsupported).unwrap_err();
    assert!(
        error.contains("statement #1") && error.contains("DateGreaterThan"),
        "{error}"
    );
    let not_principal = json!({"Statement": {
        "Effect": "Deny", "NotPrincipal": {"AWS": "x"}, "Action": "execute-api:Invoke", "Resource": "*"
    }});
    assert!(
        ResourcePolicy::compile(&not_principal)
            .unwrap_err()
            .contains("NotPrincipal")
    );
    let bad_cidr = json!({"Statement": {
        "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*",
        "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}
    }});
    assert!(
        ResourcePolicy::compile(&bad_cidr)
            .unwrap_err()
            .contains("10.0.0.0/33")
    );
}
