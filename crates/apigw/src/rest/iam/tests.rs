//! `AWS_IAM` REST methods with real SigV4 signatures from AWS's signer
//! (`test_support::sigv4`): each refusal's REST answer and the identity (aws-rest-api.md §4.7).

use std::time::{Duration, SystemTime};

use http::Request;
use serde_json::{Value, json};
use test_support::sigv4::{Keys, Scope, signed_headers};

use super::*;
use crate::iam::{IamRoles, LocalCredentials, RolePrincipal, SigningCredentials};
use crate::rest::error::ErrorBody;

const METHOD_ARN: &str = "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/POST/pets";
const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/Caller";
const HOST: &str = "abc123defg.execute-api.localhost:3000";
const BODY: &[u8] = b"{\"name\":\"rex\"}";

fn local() -> LocalCredentials {
    LocalCredentials {
        access_key_id: "AKIAGANTRYEXAMPLE000".to_owned(),
        secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".to_owned(),
    }
}

fn roles(policy: Value) -> IamRoles {
    IamRoles::new([RolePrincipal {
        role_arn: ROLE_ARN.to_owned(),
        role_name: "Caller".to_owned(),
        role_id: "AROAEXAMPLEROLEID0001".to_owned(),
        account_id: "123456789012".to_owned(),
        policies: vec![("Invoke".to_owned(), policy)],
        managed_policy_arns: Vec::new(),
    }])
}

/// `POST /prod/pets`, signed by `credentials` at `at` (unsigned when `None`).
fn request(credentials: Option<&SigningCredentials>, at: SystemTime) -> http::request::Parts {
    let url = format!("http://{HOST}/prod/pets");
    let mut builder = Request::post(&url)
        .header("host", HOST)
        .header("content-type", "application/json");
    if let Some(credentials) = credentials {
        let keys = Keys {
            access_key_id: &credentials.access_key_id,
            secret_access_key: &credentials.secret_access_key,
            session_token: credentials.session_token.as_deref(),
        };
        let scope = Scope {
            region: "us-east-1",
            service: "execute-api",
            at,
        };
        let unsigned = [("host", HOST), ("content-type", "application/json")];
        for (name, value) in signed_headers(keys, scope, "POST", &url, &unsigned, BODY) {
            builder = builder.header(name, value);
        }
    }
    builder.body(()).unwrap().into_parts().0
}

fn check(parts: &http::request::Parts, roles: &IamRoles) -> Result<RestIdentity, RestError> {
    let local = local();
    let scope = IamScope {
        local: Some(&local),
        roles,
        partition: "aws",
        region: "us-east-1",
        account_id: "123456789012",
    };
    authenticate(parts, BODY, &scope, METHOD_ARN, SystemTime::now()).map(|allowed| allowed.identity)
}

#[test]
fn rest_iam_default_identity_fills_request_context_identity() {
    let parts = request(Some(&local().signing()), SystemTime::now());
    let identity = check(&parts, &IamRoles::default()).unwrap();
    assert_eq!(identity.access_key.as_deref(), Some("AKIAGANTRYEXAMPLE000"));
    assert_eq!(identity.account_id.as_deref(), Some("123456789012"));
    assert_eq!(
        identity.user_arn.as_deref(),
        Some("arn:aws:iam::123456789012:user/gantry")
    );
    assert!(
        identity
            .caller
            .as_deref()
            .is_some_and(|c| c.starts_with("AIDA"))
    );
    assert_eq!(identity.user, identity.caller);
    assert_eq!(identity.api_key, None);
}

#[test]
fn rest_iam_unsigned_is_missing_authentication_token() {
    let refused = check(&request(None, SystemTime::now()), &IamRoles::default()).unwrap_err();
    assert_eq!(refused.status.as_u16(), 403);
    assert_eq!(
        refused.body,
        ErrorBody::Message("Missing Authentication Token".into())
    );
    assert!(
        refused.explanation.contains("gantry credentials"),
        "{}",
        refused.explanation
    );
}

#[test]
fn rest_iam_bad_or_expired_signatures_are_invalid_signature_and_expired_token() {
    let other_secret = SigningCredentials {
        secret_access_key: "not-the-secret".to_owned(),
        ..local().signing()
    };
    let bad = check(
        &request(Some(&other_secret), SystemTime::now()),
        &IamRoles::default(),
    )
    .unwrap_err();
    assert_eq!(
        bad.response_type,
        Some(GatewayResponseType::InvalidSignature)
    );
    assert_eq!(bad.error_type, Some("InvalidSignatureException"));
    assert!(
        matches!(&bad.body, ErrorBody::Message(m) if m.starts_with("The request signature we calculated does not match"))
    );
    let old = SystemTime::now() - Duration::from_secs(600);
    let expired = check(
        &request(Some(&local().signing()), old),
        &IamRoles::default(),
    )
    .unwrap_err();
    assert_eq!(
        expired.response_type,
        Some(GatewayResponseType::ExpiredToken)
    );
    assert!(matches!(&expired.body, ErrorBody::Message(m) if m.starts_with("Signature expired:")));
}

#[test]
fn rest_iam_caller_without_invoke_permission_is_access_denied_naming_both_arns() {
    let roles = roles(
        json!({"Statement": {"Effect": "Allow", "Action": "execute-api:Invoke",
        "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/*"}}),
    );
    let parts = request(Some(&local().for_role(ROLE_ARN)), SystemTime::now());
    let refused = check(&parts, &roles).unwrap_err();
    assert_eq!(refused.status.as_u16(), 403);
    assert_eq!(
        refused.body,
        ErrorBody::CapitalMessage(format!(
            "User: {ROLE_ARN} is not authorized to perform: execute-api:Invoke on resource: {METHOD_ARN}"
        ))
    );
    let allowed = roles_allowing_post();
    let identity = check(&parts, &allowed).unwrap();
    assert_eq!(
        identity.user_arn.as_deref(),
        Some("arn:aws:sts::123456789012:assumed-role/Caller/gantry")
    );
}

fn roles_allowing_post() -> IamRoles {
    roles(
        json!({"Statement": {"Effect": "Allow", "Action": "execute-api:Invoke",
        "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/POST/*"}}),
    )
}
