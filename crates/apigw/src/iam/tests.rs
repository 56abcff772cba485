use std::time::{Duration, SystemTime};

use http::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{Value, json};
use test_support::sigv4::{Keys, Scope, signed_headers};

use super::signature::read_signature;
use super::*;

const REGION: &str = "us-east-1";
const ACCOUNT: &str = "123456789012";
const ROUTE_ARN: &str = "arn:aws:execute-api:us-east-1:123456789012:api1/$default/GET/pets";
const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/Caller";

fn local() -> LocalCredentials {
    LocalCredentials {
        access_key_id: "AKIAGANTRYEXAMPLE000".to_owned(),
        secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".to_owned(),
    }
}

fn role(policy: Value) -> RolePrincipal {
    RolePrincipal {
        role_arn: ROLE_ARN.to_owned(),
        role_name: "Caller".to_owned(),
        role_id: "AROAEXAMPLEROLEID0001".to_owned(),
        account_id: ACCOUNT.to_owned(),
        policies: vec![("InvokePets".to_owned(), policy)],
        managed_policy_arns: Vec::new(),
    }
}

/// A request signed by AWS's signer at `at`, for `region`/`service`.
struct Signed {
    headers: HeaderMap,
    path: &'static str,
    body: &'static [u8],
}

fn signed(credentials: &SigningCredentials, at: SystemTime, region: &str, service: &str) -> Signed {
    let path = "/pets?b=2&a=1";
    let body: &[u8] = b"{\"name\":\"rex\"}";
    let unsigned = [
        ("host", "api1.execute-api.localhost:3000"),
        ("content-type", "application/json"),
    ];
    let signature = signed_headers(
        Keys {
            access_key_id: &credentials.access_key_id,
            secret_access_key: &credentials.secret_access_key,
            session_token: credentials.session_token.as_deref(),
        },
        Scope {
            region,
            service,
            at,
        },
        "POST",
        &format!("http://api1.execute-api.localhost:3000{path}"),
        &unsigned,
        body,
    );
    let mut headers = HeaderMap::new();
    for (name, value) in unsigned
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .chain(signature)
    {
        headers.insert(
            HeaderName::from_bytes(name.as_bytes()).expect("name"),
            HeaderValue::from_str(&value).expect("value"),
        );
    }
    Signed {
        headers,
        path,
        body,
    }
}

fn check(signed: &Signed, roles: &IamRoles, now: SystemTime) -> Result<IamAllow, IamDeny> {
    let local = local();
    let scope = IamScope {
        local: Some(&local),
        roles,
        partition: "aws",
        region: REGION,
        account_id: ACCOUNT,
    };
    let request = SignedRequest {
        method: "POST",
        path_and_query: signed.path,
        host: "api1.execute-api.localhost:3000",
        headers: &signed.headers,
        body: signed.body,
    };
    authorize(&scope, &request, "b=2&a=1", ROUTE_ARN, now)
}

fn now() -> SystemTime {
    SystemTime::now()
}

#[test]
fn a_request_signed_with_the_default_identity_is_allowed_with_its_identity() {
    let request = signed(&local().signing(), now(), REGION, "execute-api");
    let allow = check(&request, &IamRoles::default(), now()).expect("allowed");
    assert_eq!(
        allow.caller.user_arn,
        "arn:aws:iam::123456789012:user/gantry"
    );
    assert_eq!(allow.caller.access_key, "AKIAGANTRYEXAMPLE000");
    assert_eq!(allow.caller.account_id, ACCOUNT);
    assert!(allow.caller.user_id.starts_with("AIDA"));
    assert_eq!(
        serde_json::to_value(&allow.caller).expect("json")["cognitoIdentity"],
        Value::Null
    );
}

#[test]
fn an_unsigned_request_is_forbidden() {
    let request = Signed {
        headers: HeaderMap::new(),
        path: "/pets",
        body: b"",
    };
    let deny = check(&request, &IamRoles::default(), now()).expect_err("denied");
    assert!(matches!(deny, IamDeny::Unsigned { .. }));
    assert_eq!(deny.message(), "Forbidden");
}

#[test]
fn a_signature_one_byte_off_does_not_match() {
    let mut request = signed(&local().signing(), now(), REGION, "execute-api");
    let authorization = request.headers["authorization"]
        .to_str()
        .expect("ascii")
        .to_owned();
    let last = authorization.chars().last().expect("signature");
    let flipped = if last == '0' { '1' } else { '0' };
    let tampered = format!("{}{flipped}", &authorization[..authorization.len() - 1]);
    request.headers.insert(
        "authorization",
        HeaderValue::from_str(&tampered).expect("value"),
    );
    let deny = check(&request, &IamRoles::default(), now()).expect_err("denied");
    assert!(matches!(deny, IamDeny::SignatureMismatch { .. }), "{deny}");
    assert!(
        deny.message()
            .starts_with("The request signature we calculated does not match")
    );
}

#[test]
fn a_changed_signed_header_or_body_does_not_match() {
    let mut request = signed(&local().signing(), now(), REGION, "execute-api");
    request
        .headers
        .insert("content-type", HeaderValue::from_static("text/plain"));
    let deny = check(&request, &IamRoles::default(), now()).expect_err("denied");
    assert!(matches!(deny, IamDeny::SignatureMismatch { .. }), "{deny}");

    let mut request = signed(&local().signing(), now(), REGION, "execute-api");
    request.body = b"{\"name\":\"rey\"}";
    let deny = check(&request, &IamRoles::default(), now()).expect_err("denied");
    assert!(matches!(deny, IamDeny::SignatureMismatch { .. }), "{deny}");
}

#[test]
fn an_unsigned_header_may_change() {
    let mut request = signed(&local().signing(), now(), REGION, "execute-api");
    request
        .headers
        .insert("user-agent", HeaderValue::from_static("curl/8"));
    check(&request, &IamRoles::default(), now()).expect("allowed");
}

#[test]
fn the_scope_must_name_the_apis_region_and_execute_api() {
    let request = signed(&local().signing(), now(), "eu-west-1", "execute-api");
    let deny = check(&request, &IamRoles::default(), now()).expect_err("denied");
    assert_eq!(
        deny,
        IamDeny::WrongRegion {
            signed: "eu-west-1".to_owned(),
            expected: REGION.to_owned()
        }
    );
    let request = signed(&local().signing(), now(), REGION, "lambda");
    let deny = check(&request, &IamRoles::default(), now()).expect_err("denied");
    assert!(matches!(deny, IamDeny::WrongService { .. }));
    assert_eq!(
        deny.message(),
        "Credential should be scoped to correct service: 'execute-api'. "
    );
}

#[test]
fn signatures_older_or_newer_than_five_minutes_are_refused() {
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160); // 20150830T123600Z
    let request = signed(&local().signing(), at, REGION, "execute-api");
    let deny = check(
        &request,
        &IamRoles::default(),
        at + Duration::from_secs(301),
    )
    .expect_err("late");
    assert_eq!(
        deny.message(),
        "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T124101Z - 5 min.)"
    );
    let deny = check(
        &request,
        &IamRoles::default(),
        at - Duration::from_secs(301),
    )
    .expect_err("early");
    assert_eq!(
        deny.message(),
        "Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z (20150830T123059Z + 5 min.)"
    );
    check(
        &request,
        &IamRoles::default(),
        at + Duration::from_secs(300),
    )
    .expect("within skew");
    check(
        &request,
        &IamRoles::default(),
        at - Duration::from_secs(300),
    )
    .expect("within skew");
}

#[test]
fn an_unknown_access_key_is_an_invalid_token() {
    let stranger = SigningCredentials {
        access_key_id: "AKIASTRANGER00000000".to_owned(),
        secret_access_key: "x".repeat(40),
        session_token: None,
    };
    let request = signed(&stranger, now(), REGION, "execute-api");
    let deny = check(&request, &IamRoles::default(), now()).expect_err("denied");
    assert!(matches!(deny, IamDeny::UnknownAccessKey { .. }));
    assert_eq!(
        deny.message(),
        "The security token included in the request is invalid."
    );
    assert_eq!(deny.error_type(), Some("UnrecognizedClientException"));
}

#[test]
fn role_credentials_need_their_session_token() {
    let roles = IamRoles::new([role(
        json!({"Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}),
    )]);
    let credentials = local().for_role(ROLE_ARN);
    let allow = check(
        &signed(&credentials, now(), REGION, "execute-api"),
        &roles,
        now(),
    )
    .expect("allowed");
    assert_eq!(
        allow.caller.user_arn,
        "arn:aws:sts::123456789012:assumed-role/Caller/gantry"
    );
    assert_eq!(allow.caller.caller_id, "AROAEXAMPLEROLEID0001:gantry");

    let without_token = SigningCredentials {
        session_token: None,
        ..credentials
    };
    let deny = check(
        &signed(&without_token, now(), REGION, "execute-api"),
        &roles,
        now(),
    )
    .expect_err("denied");
    assert_eq!(
        deny,
        IamDeny::SecurityToken {
            access_key_id: role_access_key_id(ROLE_ARN),
            sent: false
        }
    );
}

#[test]
fn a_role_without_execute_api_invoke_on_the_route_is_forbidden_with_the_fix() {
    let roles = IamRoles::new([role(
        json!({"Statement": [{"Sid": "Other", "Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:123456789012:api1/*/GET/other"}]}),
    )]);
    let request = signed(&local().for_role(ROLE_ARN), now(), REGION, "execute-api");
    let deny = check(&request, &roles, now()).expect_err("denied");
    assert_eq!(deny.message(), "Forbidden");
    let explanation = deny.to_string();
    assert!(explanation.contains("statement \"Other\""), "{explanation}");
    assert!(explanation.contains(ROUTE_ARN), "{explanation}");
    assert!(
        explanation.contains("Fix: add to a policy of role Caller"),
        "{explanation}"
    );
}

#[test]
fn an_explicit_deny_wins() {
    let roles = IamRoles::new([role(json!({"Statement": [
        {"Effect": "Allow", "Action": "execute-api:*", "Resource": "*"},
        {"Sid": "NoPets", "Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:*:*:api1/*/*/pets"}
    ]}))]);
    let request = signed(&local().for_role(ROLE_ARN), now(), REGION, "execute-api");
    let deny = check(&request, &roles, now()).expect_err("denied");
    assert!(deny.to_string().contains("\"NoPets\""), "{deny}");
}

#[test]
fn incomplete_authorization_headers_name_what_is_missing() {
    let mut headers = HeaderMap::new();
    headers.insert(
        "authorization",
        HeaderValue::from_static(
            "AWS4-HMAC-SHA256 Credential=AKIA/20150830/us-east-1/execute-api/aws4_request",
        ),
    );
    let deny = read_signature(&headers, "").expect_err("incomplete");
    assert_eq!(
        deny.message(),
        "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Credential=AKIA/20150830/us-east-1/execute-api/aws4_request"
    );
    headers.insert("authorization", HeaderValue::from_static("Bearer abc"));
    assert!(matches!(
        read_signature(&headers, ""),
        Err(IamDeny::Incomplete { .. })
    ));
    assert_eq!(
        read_signature(&HeaderMap::new(), "X-Amz-Signature=abc"),
        Err(IamDeny::PresignedUrl)
    );
}

#[test]
fn no_local_credentials_lets_nothing_through() {
    let request = signed(&local().signing(), now(), REGION, "execute-api");
    let scope = IamScope {
        local: None,
        roles: &IamRoles::default(),
        partition: "aws",
        region: REGION,
        account_id: ACCOUNT,
    };
    let signed_request = SignedRequest {
        method: "POST",
        path_and_query: request.path,
        host: "api1.execute-api.localhost:3000",
        headers: &request.headers,
        body: request.body,
    };
    let deny = authorize(&scope, &signed_request, "b=2&a=1", ROUTE_ARN, now()).expect_err("denied");
    assert_eq!(deny, IamDeny::NoLocalCredentials);
}

#[test]
fn the_route_arn_uses_the_request_path() {
    assert_eq!(
        route_arn(
            "aws",
            "us-east-1",
            ACCOUNT,
            "api1",
            "$default",
            "GET",
            "/pets/6"
        ),
        "arn:aws:execute-api:us-east-1:123456789012:api1/$default/GET/pets/6"
    );
}

#[test]
fn a_request_without_a_host_is_refused_without_panicking() {
    let mut request = signed(&local().signing(), now(), REGION, "execute-api");
    request.headers.remove("host");
    let local = local();
    let scope = IamScope {
        local: Some(&local),
        roles: &IamRoles::default(),
        partition: "aws",
        region: REGION,
        account_id: ACCOUNT,
    };
    let signed_request = SignedRequest {
        method: "POST",
        path_and_query: request.path,
        host: "",
        headers: &request.headers,
        body: request.body,
    };
    let deny = authorize(&scope, &signed_request, "b=2&a=1", ROUTE_ARN, now()).expect_err("denied");
    assert!(matches!(deny, IamDeny::Uncheckable { .. }), "{deny}");
}
