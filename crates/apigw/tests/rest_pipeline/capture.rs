//! What the access log records for the request inspector on REST APIs: the API and stage
//! once chosen, the body as read, the function call with the exact event (also when the
//! gateway stops waiting), and the decision of TOKEN, REQUEST, COGNITO_USER_POOLS and
//! AWS_IAM authorization: allow (who and why), deny or error (the log's explanation).

use std::time::{Duration, SystemTime};

use apigw::gateway::{AuthorizerKind, AuthorizerLog, AuthorizerOutcome};
use apigw::jwt::{IssuerKeys, JwksSettings};
use serde_json::json;
use test_support::issuer::{IssuerServer, TestKey, now_seconds};
use test_support::sigv4::{Keys, Scope, signed_headers};

use crate::support::{
    AUTHORIZER_ID, Bed, FUNCTION, FakeFunction, REGION, RestStack, Script, Served,
    USER_POOL_CLIENT_ID, function_error, get, local_credentials, request,
};

const AUTH: &str = "auth";

/// The decision the log holds: an allow with `allowed`, a refusal with the explanation
/// the access log gives.
#[track_caller]
fn assert_decision(
    served: &Served,
    kind: AuthorizerKind,
    outcome: AuthorizerOutcome,
    allowed: Option<&str>,
) {
    let explanation = match allowed {
        Some(allowed) => allowed.to_owned(),
        None => served.explanation().to_owned(),
    };
    assert_eq!(
        served.log.authorizer,
        Some(AuthorizerLog {
            kind,
            outcome,
            explanation,
        }),
        "{}",
        served.explanation()
    );
}

fn policy(effect: &str) -> String {
    json!({
        "principalId": "user-1",
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{
                "Action": "execute-api:Invoke",
                "Effect": effect,
                "Resource": "arn:aws:execute-api:us-east-1:123456789012:r1e2s3t4a5/Prod/GET/*",
            }],
        },
    })
    .to_string()
}

/// `GET /Prod/hello` behind a Lambda authorizer answering `answer`, cached five minutes.
fn lambda_guarded(answer: Script, request_type: bool) -> Bed {
    let mut stack = RestStack::new()
        .lambda("GET", "/hello", FUNCTION)
        .authorized_by(AUTHORIZER_ID)
        .token_authorizer(AUTH, 300);
    if request_type {
        stack = stack.request_typed();
    }
    let stack = stack.stage("Prod", &[]);
    Bed::serve(&[stack.record()], FakeFunction::ok().with(AUTH, answer))
}

#[tokio::test]
async fn the_api_and_stage_are_recorded_for_a_403_after_the_stage_was_chosen() {
    let bed = Bed::serve(&[RestStack::hello().record()], FakeFunction::ok());
    let served = bed.send(get("/Prod/nowhere")).await;
    assert_eq!(served.status(), 403);
    assert_eq!(served.log.api_id.as_deref(), Some("r1e2s3t4a5"));
    assert_eq!(served.log.stage.as_deref(), Some("Prod"));
    assert_eq!(served.log.authorizer, None);
    assert_eq!(served.log.function, None);
}

#[tokio::test]
async fn the_body_and_the_exact_event_sent_are_recorded_with_the_lambda_request_id() {
    let stack = RestStack::new()
        .lambda("POST", "/pets", FUNCTION)
        .stage("Prod", &[]);
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed
        .send(request("POST", "/Prod/pets").body(r#"{"name":"rex"}"#))
        .await;
    assert_eq!(served.status(), 200, "{}", served.explanation());
    assert_eq!(&served.log.request_body[..], br#"{"name":"rex"}"#);
    assert_eq!(served.log.authorizer, None, "the method has no authorizer");
    let invocation = bed.function.only_invocation();
    let call = served.log.function.as_ref().expect("the function call");
    assert_eq!(call.function_name, FUNCTION);
    assert_eq!(
        Some(call.request_id.as_str()),
        invocation.request_id.as_deref()
    );
    assert_eq!(call.event, invocation.payload);
    assert_eq!(invocation.event["body"], r#"{"name":"rex"}"#);
}

#[tokio::test]
async fn a_call_the_gateway_stopped_waiting_for_is_recorded_with_its_event_and_id() {
    let stack = RestStack::new()
        .lambda("GET", "/slow", FUNCTION)
        .timeout_ms(50)
        .stage("Prod", &[]);
    let bed = Bed::serve(&[stack.record()], FakeFunction::new(Script::Never));
    let served = bed.send(get("/Prod/slow")).await;
    assert_eq!(served.status(), 504);
    let invocation = bed.function.only_invocation();
    let call = served.log.function.as_ref().expect("the function call");
    assert_eq!(
        Some(call.request_id.as_str()),
        invocation.request_id.as_deref()
    );
    assert_eq!(call.event, invocation.payload);
    assert_eq!(call.init_duration, None);
    assert!(call.duration >= Duration::from_millis(50), "{call:?}");
}

#[tokio::test]
async fn token_allow_fresh_and_cached_deny_and_error() {
    let bed = lambda_guarded(Script::Return(policy("Allow")), false);
    let fresh = bed
        .send(get("/Prod/hello").header("Authorization", "t1"))
        .await;
    assert_eq!(fresh.status(), 200, "{}", fresh.explanation());
    assert_decision(
        &fresh,
        AuthorizerKind::Token,
        AuthorizerOutcome::Allow,
        Some("Lambda authorizer TokenAuth (invoked) allows principal \"user-1\""),
    );
    let cached = bed
        .send(get("/Prod/hello").header("Authorization", "t1"))
        .await;
    assert_eq!(bed.function.invocations_of(AUTH).len(), 1, "from the cache");
    let explanation = cached.log.authorizer.as_ref().unwrap().explanation.clone();
    assert!(
        explanation.starts_with("Lambda authorizer TokenAuth (answer cached ")
            && explanation.ends_with(" s ago) allows principal \"user-1\""),
        "{explanation}"
    );
    assert_eq!(
        cached.log.authorizer.as_ref().unwrap().outcome,
        AuthorizerOutcome::Allow
    );

    let denied = lambda_guarded(Script::Return(policy("Deny")), false)
        .send(get("/Prod/hello").header("Authorization", "t1"))
        .await;
    assert_eq!(denied.status(), 403);
    assert_decision(
        &denied,
        AuthorizerKind::Token,
        AuthorizerOutcome::Deny,
        None,
    );

    let failed = lambda_guarded(Script::Fail(function_error("Error", "boom")), false)
        .send(get("/Prod/hello").header("Authorization", "t1"))
        .await;
    assert_eq!(failed.status(), 500);
    assert_decision(
        &failed,
        AuthorizerKind::Token,
        AuthorizerOutcome::Error,
        None,
    );
    assert!(
        failed.explanation().contains("boom"),
        "{}",
        failed.explanation()
    );
}

#[tokio::test]
async fn request_allow_deny_and_error() {
    let allowed = lambda_guarded(Script::Return(policy("Allow")), true)
        .send(get("/Prod/hello").header("Authorization", "t1"))
        .await;
    assert_eq!(allowed.status(), 200, "{}", allowed.explanation());
    assert_decision(
        &allowed,
        AuthorizerKind::Request,
        AuthorizerOutcome::Allow,
        Some("Lambda authorizer RequestAuth (invoked) allows principal \"user-1\""),
    );
    let denied = lambda_guarded(Script::Return(policy("Deny")), true)
        .send(get("/Prod/hello").header("Authorization", "t1"))
        .await;
    assert_eq!(denied.status(), 403);
    assert_decision(
        &denied,
        AuthorizerKind::Request,
        AuthorizerOutcome::Deny,
        None,
    );
    let failed = lambda_guarded(Script::Return("not a policy".to_owned()), true)
        .send(get("/Prod/hello").header("Authorization", "t1"))
        .await;
    assert_eq!(failed.status(), 500);
    assert_decision(
        &failed,
        AuthorizerKind::Request,
        AuthorizerOutcome::Error,
        None,
    );
}

#[tokio::test]
async fn cognito_allow_names_the_user_and_deny_says_why() {
    let key = TestKey::generate("k1");
    let issuer = IssuerServer::start(json!({"keys": [key.jwk(Some("RS256"))]})).await;
    let keys = IssuerKeys::new(JwksSettings::default())
        .unwrap()
        .with_builtin_issuer(issuer.issuer.clone());
    let stack = RestStack::new()
        .lambda("GET", "/hello", FUNCTION)
        .cognito_authorizer()
        .stage("Prod", &[]);
    let bed = Bed::serve_with_keys(&[stack.record()], FakeFunction::ok(), &keys);
    let now = now_seconds();
    let token = |exp: u64| {
        key.token(&json!({
            "sub": "aaaaaaaa-bbbb", "iss": issuer.issuer, "cognito:username": "alice",
            "aud": USER_POOL_CLIENT_ID, "token_use": "id", "iat": now - 7200, "exp": exp,
        }))
    };
    let allowed = bed
        .send(get("/Prod/hello").header("Authorization", &token(now + 3600)))
        .await;
    assert_eq!(allowed.status(), 200, "{}", allowed.explanation());
    assert_decision(
        &allowed,
        AuthorizerKind::CognitoUserPools,
        AuthorizerOutcome::Allow,
        Some("Cognito authorizer CognitoAuth accepted the id token of \"alice\""),
    );
    let expired = bed
        .send(get("/Prod/hello").header("Authorization", &token(now - 3600)))
        .await;
    assert_eq!(expired.status(), 401);
    assert_decision(
        &expired,
        AuthorizerKind::CognitoUserPools,
        AuthorizerOutcome::Deny,
        None,
    );
}

#[tokio::test]
async fn aws_iam_allow_says_who_signed_and_deny_why_not() {
    let stack = RestStack::new()
        .lambda("GET", "/hello", FUNCTION)
        .iam()
        .stage("Prod", &[]);
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let host = "localhost:3000";
    let credentials = local_credentials().signing();
    let signature = signed_headers(
        Keys {
            access_key_id: &credentials.access_key_id,
            secret_access_key: &credentials.secret_access_key,
            session_token: None,
        },
        Scope {
            region: REGION,
            service: "execute-api",
            at: SystemTime::now(),
        },
        "GET",
        &format!("http://{host}/Prod/hello"),
        &[("host", host)],
        b"",
    );
    let mut signed = get("/Prod/hello");
    for (name, value) in &signature {
        signed = signed.header(name, value);
    }
    let allowed = bed.send(signed).await;
    assert_eq!(allowed.status(), 200, "{}", allowed.explanation());
    assert_decision(
        &allowed,
        AuthorizerKind::AwsIam,
        AuthorizerOutcome::Allow,
        Some(
            "AWS_IAM: signed by arn:aws:iam::123456789012:user/gantry (the account's default identity, allowed every route)",
        ),
    );
    let unsigned = bed.send(get("/Prod/hello")).await;
    assert_eq!(unsigned.status(), 403);
    assert_decision(
        &unsigned,
        AuthorizerKind::AwsIam,
        AuthorizerOutcome::Deny,
        None,
    );
}

#[tokio::test]
async fn an_authorizer_the_deployment_lacks_is_an_error() {
    let stack = RestStack::new()
        .lambda("GET", "/hello", FUNCTION)
        .authorized_by("nope01")
        .stage("Prod", &[]);
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/Prod/hello")).await;
    assert_eq!(served.status(), 500);
    assert_decision(
        &served,
        AuthorizerKind::Request,
        AuthorizerOutcome::Error,
        None,
    );
}
