//! `AWS_IAM` routes in the pipeline (§12): requests signed with SigV4 by AWS's own signer
//! reach the function with `requestContext.authorizer.iam`; unsigned, badly signed,
//! stale requests and callers without `execute-api:Invoke` get 403 before the function
//! runs, with AWS's message and gantry's explanation.

use std::time::{Duration, SystemTime};

use serde_json::json;
use store::model::{AuthorizationType, InlinePolicy};

use crate::FORBIDDEN;
use crate::support::{
    ACCOUNT, Bed, FUNCTION, FakeFunction, ROLE_NAME, RouteSpec, Served, Stack, api_gateway_trust,
    local_credentials, request, role_arn, signer, source_arn,
};

fn bed(role_policy: Option<serde_json::Value>) -> Bed {
    let mut stack = Stack::new()
        .route(RouteSpec::lambda("POST /pets", FUNCTION).authorization(AuthorizationType::AwsIam))
        .permission(FUNCTION, Some(&source_arn("*")));
    if let Some(document) = role_policy {
        stack = stack.role(
            api_gateway_trust(),
            vec![InlinePolicy {
                policy_name: "CallPets".to_owned(),
                policy_document: document,
            }],
        );
    }
    Bed::serve(&[stack.record()], FakeFunction::ok())
}

async fn send_signed(
    bed: &Bed,
    credentials: apigw::iam::SigningCredentials,
    at: SystemTime,
) -> Served {
    bed.send(
        request("POST", "/pets?b=2&a=1")
            .header("content-type", "application/json")
            .body(r#"{"name":"rex"}"#)
            .signed_with(signer(credentials, at)),
    )
    .await
}

#[tokio::test]
async fn signed_by_the_default_identity_reaches_the_function_with_the_caller() {
    let bed = bed(None);
    let served = send_signed(&bed, local_credentials().signing(), SystemTime::now()).await;
    assert_eq!(served.status().as_u16(), 200, "{:?}", served.outcome());
    let event = bed.function.only_invocation().event;
    let iam = &event["requestContext"]["authorizer"]["iam"];
    assert_eq!(iam["accessKey"], "AKIAPIPELINEEXAMPLE0");
    assert_eq!(iam["accountId"], ACCOUNT);
    assert_eq!(
        iam["userArn"],
        format!("arn:aws:iam::{ACCOUNT}:user/gantry")
    );
    assert_eq!(iam["callerId"], iam["userId"]);
    assert_eq!(iam["cognitoIdentity"], serde_json::Value::Null);
    assert_eq!(iam["principalOrgId"], serde_json::Value::Null);
    let authorization = served.log.authorization.as_deref().unwrap_or("");
    assert!(authorization.contains("user/gantry"), "{authorization}");
    insta::assert_json_snapshot!(event["requestContext"]["authorizer"]);
}

#[tokio::test]
async fn unsigned_is_403_forbidden() {
    let bed = bed(None);
    let served = bed.send(request("POST", "/pets")).await;
    served.assert_refused_before_invoking(403, FORBIDDEN, &["not signed", "gantry credentials"]);
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn a_signature_one_byte_off_is_403_signature_mismatch() {
    let bed = bed(None);
    let mut signed = Vec::new();
    let _ = request("POST", "/pets").signed_with(|unsigned| {
        signed = signer(local_credentials().signing(), SystemTime::now())(unsigned);
        Vec::new()
    });
    let mut req = request("POST", "/pets");
    for (name, value) in signed {
        let value = if name == "authorization" {
            let flipped = if value.ends_with('0') { '1' } else { '0' };
            format!("{}{flipped}", &value[..value.len() - 1])
        } else {
            value
        };
        req = req.header(&name, &value);
    }
    let served = bed.send(req).await;
    served.assert_refused_before_invoking(
        403,
        r#"{"message":"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."}"#,
        &["signature does not match"],
    );
    assert_eq!(
        served.response.headers()["x-amzn-errortype"],
        "InvalidSignatureException"
    );
}

#[tokio::test]
async fn a_signature_from_ten_minutes_ago_is_403_signature_expired() {
    let bed = bed(None);
    let at = SystemTime::now() - Duration::from_secs(600);
    let served = send_signed(&bed, local_credentials().signing(), at).await;
    assert_eq!(served.status().as_u16(), 403);
    assert!(
        served
            .outcome()
            .body
            .starts_with(r#"{"message":"Signature expired: "#),
        "{}",
        served.outcome().body
    );
    assert!(served.outcome().body.ends_with(r#" - 5 min.)"}"#));
    assert!(served.explanation().contains("more than 5 minutes before"));
    assert_eq!(bed.function.invocations(), 0);
}

#[tokio::test]
async fn a_role_allowed_on_the_route_reaches_the_function_as_its_session() {
    let bed = bed(Some(
        json!({"Statement": [{"Sid": "Pets", "Effect": "Allow", "Action": "execute-api:Invoke", "Resource": source_arn("$default/POST/pets")}]}),
    ));
    let credentials = local_credentials().for_role(&role_arn(ROLE_NAME));
    let served = send_signed(&bed, credentials, SystemTime::now()).await;
    assert_eq!(served.status().as_u16(), 200, "{:?}", served.outcome());
    let event = bed.function.only_invocation().event;
    assert_eq!(
        event["requestContext"]["authorizer"]["iam"]["userArn"],
        format!("arn:aws:sts::{ACCOUNT}:assumed-role/{ROLE_NAME}/gantry")
    );
    let authorization = served.log.authorization.as_deref().unwrap_or("");
    assert!(
        authorization.contains("statement \"Pets\""),
        "{authorization}"
    );
}

#[tokio::test]
async fn a_role_allowed_only_elsewhere_is_403_naming_the_statement() {
    let bed = bed(Some(
        json!({"Statement": [{"Sid": "Other", "Effect": "Allow", "Action": "execute-api:Invoke", "Resource": source_arn("*/GET/other")}]}),
    ));
    let credentials = local_credentials().for_role(&role_arn(ROLE_NAME));
    let served = send_signed(&bed, credentials, SystemTime::now()).await;
    served.assert_refused_before_invoking(
        403,
        FORBIDDEN,
        &[
            "may not call execute-api:Invoke",
            "statement \"Other\"",
            "Fix: add to a policy of role",
        ],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}
