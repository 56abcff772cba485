//! What the access log records for the request inspector: the API and stage once chosen,
//! the body as read, the authorizer's decision (allow, deny or error, and why) for each
//! kind, and the function call with the exact event, even when the gateway stops waiting.

use std::time::Duration;

use apigw::gateway::{AuthorizerKind, AuthorizerLog, AuthorizerOutcome};
use serde_json::json;
use store::model::AuthorizationType;

use crate::support::{
    API_ID, Bed, FUNCTION, FakeFunction, Issuer, RouteSpec, Script, Served, Stack, function_error,
    get, local_credentials, request, signer, source_arn,
};

const AUTH: &str = "auth";

/// The decision the log holds, with the explanation the access log gives a refusal.
#[track_caller]
fn assert_decision(served: &Served, kind: AuthorizerKind, outcome: AuthorizerOutcome) {
    let explanation = match outcome {
        AuthorizerOutcome::Allow => served
            .log
            .authorizer
            .as_ref()
            .map(|a| a.explanation.clone()),
        _ => served.log.explanation.clone(),
    };
    assert_eq!(
        served.log.authorizer,
        Some(AuthorizerLog {
            kind,
            outcome,
            explanation: explanation.unwrap_or_default(),
        }),
        "{:?}",
        served.outcome()
    );
}

fn allow_explanation(served: &Served) -> &str {
    served
        .log
        .authorizer
        .as_ref()
        .map_or("", |authorizer| authorizer.explanation.as_str())
}

#[tokio::test]
async fn the_api_and_stage_are_recorded_for_a_404_after_the_stage_was_chosen() {
    let bed = Bed::serve(&[Stack::hello().record()], FakeFunction::ok());
    let served = bed.send(get("/nowhere")).await;
    assert_eq!(served.status().as_u16(), 404);
    assert_eq!(served.log.api_id.as_deref(), Some(API_ID));
    assert_eq!(served.log.stage.as_deref(), Some("$default"));
    assert_eq!(served.log.route_key, None);
    assert_eq!(served.log.authorizer, None);
    assert_eq!(served.log.function, None);
}

#[tokio::test]
async fn the_body_and_the_exact_event_sent_are_recorded_with_the_lambda_request_id() {
    let stack = Stack::new()
        .route(RouteSpec::lambda("POST /pets", FUNCTION))
        .permission(FUNCTION, Some(&source_arn("*")));
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed
        .send(
            request("POST", "/pets")
                .header("content-type", "application/json")
                .body(r#"{"name":"rex"}"#),
        )
        .await;
    assert_eq!(served.status().as_u16(), 200, "{:?}", served.outcome());
    assert_eq!(&served.log.request_body[..], br#"{"name":"rex"}"#);
    assert_eq!(served.log.authorizer, None, "the route has no authorizer");
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
    let stack = Stack::new()
        .route(RouteSpec::lambda("GET /hello", FUNCTION).timeout_ms(50))
        .permission(FUNCTION, Some(&source_arn("*")));
    let bed = Bed::serve(&[stack.record()], FakeFunction::new(Script::Never));
    let served = bed.send(get("/hello")).await;
    assert_eq!(served.status().as_u16(), 503);
    let invocation = bed.function.only_invocation();
    let call = served.log.function.as_ref().expect("the function call");
    assert_eq!(call.function_name, FUNCTION);
    assert_eq!(
        Some(call.request_id.as_str()),
        invocation.request_id.as_deref()
    );
    assert_eq!(call.event, invocation.payload);
    assert_eq!(call.init_duration, None);
    assert!(call.duration >= Duration::from_millis(50), "{call:?}");
}

/// `GET /pets` behind a JWT authorizer of `issuer` requiring `pets:read`.
fn jwt_bed(issuer: &str) -> Bed {
    let stack = Stack::new()
        .jwt_authorizer(issuer)
        .route(RouteSpec::lambda("GET /pets", FUNCTION).jwt(&["pets:read"]))
        .permission(FUNCTION, Some(&source_arn("*")));
    Bed::serve(&[stack.record()], FakeFunction::ok())
}

#[tokio::test]
async fn jwt_allow_says_whose_token_and_which_scopes() {
    let issuer = Issuer::start().await;
    let bed = jwt_bed(issuer.url());
    let served = bed.send(get("/pets").bearer(&issuer.token())).await;
    assert_eq!(served.status().as_u16(), 200, "{:?}", served.outcome());
    assert_decision(&served, AuthorizerKind::Jwt, AuthorizerOutcome::Allow);
    assert_eq!(
        allow_explanation(&served),
        format!(
            "JWT authorizer of issuer {} accepted the token of \"user-1\", whose scopes [\"pets:read\"] include one of the route's AuthorizationScopes [\"pets:read\"]",
            issuer.url()
        )
    );
}

#[tokio::test]
async fn jwt_deny_carries_the_refusals_explanation() {
    let issuer = Issuer::start().await;
    let bed = jwt_bed(issuer.url());
    let token = issuer.token_with(&json!({"aud": "someone-else"}));
    let served = bed.send(get("/pets").bearer(&token)).await;
    assert_eq!(served.status().as_u16(), 401);
    assert_decision(&served, AuthorizerKind::Jwt, AuthorizerOutcome::Deny);
    assert!(
        served.explanation().contains("someone-else"),
        "{}",
        served.explanation()
    );
}

#[tokio::test]
async fn jwt_keys_that_cannot_be_read_are_an_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let down = format!("http://{}/tenant", listener.local_addr().unwrap());
    drop(listener);
    let issuer = Issuer::start().await;
    let bed = jwt_bed(&down);
    let token = issuer.token_with(&json!({"iss": down}));
    let served = bed.send(get("/pets").bearer(&token)).await;
    assert_eq!(served.status().as_u16(), 401, "refused as before");
    assert_decision(&served, AuthorizerKind::Jwt, AuthorizerOutcome::Error);
    assert!(
        served.explanation().contains("keys are unavailable"),
        "{}",
        served.explanation()
    );
}

/// `GET /hello` behind the Lambda authorizer `auth` answering `answer`, its results
/// cached for five minutes.
fn lambda_bed(answer: Script) -> Bed {
    let stack = Stack::new()
        .function(AUTH)
        .lambda_authorizer(AUTH, |authorizer| {
            authorizer.enable_simple_responses = true;
            authorizer.authorizer_result_ttl_in_seconds = Some(300);
        })
        .route(RouteSpec::lambda("GET /hello", FUNCTION).lambda_authorizer())
        .permission(FUNCTION, Some(&source_arn("*")))
        .permission(AUTH, Some(&source_arn("authorizers/*")));
    Bed::serve(&[stack.record()], FakeFunction::ok().with(AUTH, answer))
}

#[tokio::test]
async fn lambda_allow_names_the_authorizer_and_says_when_the_answer_was_cached() {
    let answer = json!({"isAuthorized": true}).to_string();
    let bed = lambda_bed(Script::Return(answer));
    let fresh = bed.send(get("/hello").authorization("token-1")).await;
    assert_eq!(fresh.status().as_u16(), 200, "{:?}", fresh.outcome());
    assert_decision(&fresh, AuthorizerKind::Request, AuthorizerOutcome::Allow);
    assert_eq!(
        allow_explanation(&fresh),
        "Lambda authorizer LambdaAuth allowed the request"
    );
    let cached = bed.send(get("/hello").authorization("token-1")).await;
    assert_eq!(
        bed.function.invocations_of(AUTH).len(),
        1,
        "answered from the cache"
    );
    assert_decision(&cached, AuthorizerKind::Request, AuthorizerOutcome::Allow);
    // The age is whole seconds: "(cached 0 s ago)" unless the machine paused.
    let explanation = allow_explanation(&cached);
    assert!(
        explanation.starts_with("Lambda authorizer LambdaAuth allowed the request (cached ")
            && explanation.ends_with(" s ago)"),
        "{explanation}"
    );
}

#[tokio::test]
async fn lambda_deny_and_failure_are_deny_and_error() {
    let answer = json!({"isAuthorized": false}).to_string();
    let denied = lambda_bed(Script::Return(answer))
        .send(get("/hello").authorization("token-1"))
        .await;
    assert_eq!(denied.status().as_u16(), 403);
    assert_decision(&denied, AuthorizerKind::Request, AuthorizerOutcome::Deny);

    let failed = lambda_bed(Script::Fail(function_error("Error", "boom")))
        .send(get("/hello").authorization("token-1"))
        .await;
    assert_eq!(failed.status().as_u16(), 500);
    assert_decision(&failed, AuthorizerKind::Request, AuthorizerOutcome::Error);
    assert!(
        failed.explanation().contains("boom"),
        "{}",
        failed.explanation()
    );
}

#[tokio::test]
async fn aws_iam_allow_says_who_signed_and_deny_why_not() {
    let stack = Stack::new()
        .route(RouteSpec::lambda("POST /pets", FUNCTION).authorization(AuthorizationType::AwsIam))
        .permission(FUNCTION, Some(&source_arn("*")));
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let signed = bed
        .send(request("POST", "/pets").body("{}").signed_with(signer(
            local_credentials().signing(),
            std::time::SystemTime::now(),
        )))
        .await;
    assert_eq!(signed.status().as_u16(), 200, "{:?}", signed.outcome());
    assert_decision(&signed, AuthorizerKind::AwsIam, AuthorizerOutcome::Allow);
    assert_eq!(
        allow_explanation(&signed),
        "AWS_IAM: signed by arn:aws:iam::123456789012:user/gantry (the account's default identity, allowed every route)"
    );

    let unsigned = bed.send(request("POST", "/pets").body("{}")).await;
    assert_eq!(unsigned.status().as_u16(), 403);
    assert_decision(&unsigned, AuthorizerKind::AwsIam, AuthorizerOutcome::Deny);
    assert!(
        unsigned.explanation().contains("not signed"),
        "{}",
        unsigned.explanation()
    );
}
