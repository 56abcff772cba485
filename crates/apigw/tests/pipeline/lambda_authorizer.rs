//! Lambda `REQUEST` authorizers in the pipeline (§3): 401 without invoking when an
//! identity source is missing, simple and IAM-policy answers decided against the
//! request's route ARN, the result cache counted by invocations, failures answered as
//! AWS does, and the context reaching the integration.

use std::time::Duration;

use serde_json::{Value, json};
use store::model::PayloadFormatVersion;

use crate::support::{
    Bed, FUNCTION, FakeFunction, RouteSpec, Script, Stack, function_error, get, source_arn,
};
use crate::{FORBIDDEN, INTERNAL_SERVER_ERROR, UNAUTHORIZED};

const AUTH: &str = "auth";

/// `GET /hello` and `GET /other` behind the Lambda authorizer, both functions allowed.
fn stack(configure: impl FnOnce(&mut store::model::Authorizer)) -> Stack {
    Stack::new()
        .function(AUTH)
        .lambda_authorizer(AUTH, configure)
        .route(RouteSpec::lambda("GET /hello", FUNCTION).lambda_authorizer())
        .route(RouteSpec::lambda("GET /other", FUNCTION).lambda_authorizer())
        .permission(FUNCTION, Some(&source_arn("*")))
        .permission(AUTH, Some(&source_arn("authorizers/*")))
}

fn bed(configure: impl FnOnce(&mut store::model::Authorizer), answer: Script) -> Bed {
    Bed::serve(
        &[stack(configure).record()],
        FakeFunction::ok().with(AUTH, answer),
    )
}

fn answer(response: Value) -> Script {
    Script::Return(response.to_string())
}

fn simple(
    configure: impl FnOnce(&mut store::model::Authorizer),
) -> impl FnOnce(&mut store::model::Authorizer) {
    move |authorizer| {
        authorizer.enable_simple_responses = true;
        configure(authorizer);
    }
}

fn policy(effect: &str, resource: &str) -> Value {
    json!({
        "principalId": "user-1",
        "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}
        ]},
        "context": {"tenant": "t1"}
    })
}

fn authorizer_calls(bed: &Bed) -> usize {
    bed.function.invocations_of(AUTH).len()
}

fn integration_calls(bed: &Bed) -> usize {
    bed.function.invocations_of(FUNCTION).len()
}

#[tokio::test]
async fn missing_identity_source_is_401_without_invoking_the_authorizer() {
    let bed = bed(simple(|_| {}), answer(json!({"isAuthorized": true})));
    let served = bed.send(get("/hello")).await;
    served.assert_refused_before_invoking(
        401,
        UNAUTHORIZED,
        &[
            "LambdaAuth was not invoked",
            "$request.header.authorization is missing or empty",
        ],
    );
    assert_eq!(served.outcome().www_authenticate, None);
    insta::assert_yaml_snapshot!(served.outcome());
    let empty = bed.send(get("/hello").authorization("")).await;
    empty.assert_refused_before_invoking(401, UNAUTHORIZED, &["missing or empty"]);
}

#[tokio::test]
async fn simple_true_reaches_the_integration_with_the_context() {
    let context =
        json!({"user": "alice", "n": 1, "admin": true, "roles": ["a", "b"], "m": {"k": "v"}});
    let bed = bed(
        simple(|_| {}),
        answer(json!({"isAuthorized": true, "context": context})),
    );
    let served = bed.send(get("/hello").authorization("token-1")).await;
    assert_eq!(served.status(), 200, "{:?}", served.outcome());
    let integration = bed.function.invocations_of(FUNCTION);
    assert_eq!(integration.len(), 1);
    // The context keeps its JSON types (§3.7).
    assert_eq!(
        integration[0].event["requestContext"]["authorizer"],
        json!({"lambda": context})
    );
    let event = &bed.function.invocations_of(AUTH)[0].event;
    assert_eq!(event["type"], "REQUEST");
    assert_eq!(event["identitySource"], json!(["token-1"]));
    assert_eq!(
        event["routeArn"],
        "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/$default/GET/hello"
    );
    assert!(event.get("body").is_none() && event.get("isBase64Encoded").is_none());
}

#[tokio::test]
async fn simple_response_without_context_gives_a_null_lambda_context() {
    let bed = bed(simple(|_| {}), answer(json!({"isAuthorized": true})));
    let served = bed.send(get("/hello").authorization("t")).await;
    assert_eq!(served.status(), 200);
    let event = &bed.function.invocations_of(FUNCTION)[0].event;
    assert_eq!(
        event["requestContext"]["authorizer"],
        json!({"lambda": null})
    );
}

#[tokio::test]
async fn simple_false_is_403_and_the_integration_does_not_run() {
    let bed = bed(simple(|_| {}), answer(json!({"isAuthorized": false})));
    let served = bed.send(get("/hello").authorization("t")).await;
    served.assert_refused(
        403,
        FORBIDDEN,
        &["LambdaAuth denied the request: isAuthorized is false"],
    );
    assert_eq!((authorizer_calls(&bed), integration_calls(&bed)), (1, 0));
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn policy_allow_on_another_resource_is_403() {
    let other = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/$default/GET/other";
    let bed = bed(|_| {}, answer(policy("Allow", other)));
    let served = bed.send(get("/hello").authorization("t")).await;
    served.assert_refused(
        403,
        FORBIDDEN,
        &["no statement of its policy allows execute-api:Invoke on arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/$default/GET/hello"],
    );
    assert_eq!(integration_calls(&bed), 0);
    let allowed = bed.send(get("/other").authorization("t")).await;
    assert_eq!(allowed.status(), 200, "{:?}", allowed.outcome());
}

#[tokio::test]
async fn explicit_deny_wins_over_a_wildcard_allow() {
    let response = json!({
        "principalId": "user-1",
        "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "arn:aws:execute-api:*:*:a1b2c3d4e5/*"},
            {"Action": "execute-api:*", "Effect": "Deny", "Resource": ["arn:aws:execute-api:*:*:a1b2c3d4e5/*/GET/hello"]}
        ]}
    });
    let bed = bed(|_| {}, answer(response));
    let denied = bed.send(get("/hello").authorization("t")).await;
    denied.assert_refused(
        403,
        FORBIDDEN,
        &["statement #2 of its policy explicitly denies"],
    );
    let allowed = bed.send(get("/other").authorization("t")).await;
    assert_eq!(allowed.status(), 200);
    assert_eq!(
        bed.function.invocations_of(FUNCTION)[0].event["requestContext"]["authorizer"],
        json!({"lambda": null})
    );
}

#[tokio::test]
async fn cached_policy_is_evaluated_for_each_route_without_invoking_again() {
    let hello = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/$default/GET/hello";
    let bed = bed(
        |a| a.authorizer_result_ttl_in_seconds = Some(300),
        answer(policy("Allow", hello)),
    );
    assert_eq!(
        bed.send(get("/hello").authorization("t")).await.status(),
        200
    );
    assert_eq!(
        bed.send(get("/hello").authorization("t")).await.status(),
        200
    );
    let other = bed.send(get("/other").authorization("t")).await;
    other.assert_refused(
        403,
        FORBIDDEN,
        &["no statement of its policy allows", "(cached 0 s ago)"],
    );
    assert_eq!(authorizer_calls(&bed), 1, "one miss, then hits");
    // Another identity value is another cache key.
    assert_eq!(
        bed.send(get("/hello").authorization("u")).await.status(),
        200
    );
    assert_eq!(authorizer_calls(&bed), 2);
}

#[tokio::test]
async fn ttl_zero_invokes_for_every_request() {
    let bed = bed(
        simple(|a| a.authorizer_result_ttl_in_seconds = Some(0)),
        answer(json!({"isAuthorized": true})),
    );
    for _ in 0..3 {
        assert_eq!(
            bed.send(get("/hello").authorization("t")).await.status(),
            200
        );
    }
    assert_eq!(authorizer_calls(&bed), 3);
}

#[tokio::test]
async fn cached_denial_is_reused() {
    let bed = bed(
        simple(|a| a.authorizer_result_ttl_in_seconds = Some(60)),
        answer(json!({"isAuthorized": false})),
    );
    bed.send(get("/hello").authorization("t"))
        .await
        .assert_refused(403, FORBIDDEN, &["isAuthorized is false"]);
    let second = bed.send(get("/other").authorization("t")).await;
    second.assert_refused(403, FORBIDDEN, &["isAuthorized is false (cached"]);
    assert_eq!(authorizer_calls(&bed), 1);
}

#[tokio::test]
async fn thrown_unauthorized_is_401() {
    let bed = bed(
        simple(|_| {}),
        Script::Fail(function_error("Error", "Unauthorized")),
    );
    let served = bed.send(get("/hello").authorization("t")).await;
    served.assert_refused(
        401,
        UNAUTHORIZED,
        &["the function failed with Error: Unauthorized"],
    );
    assert_eq!(integration_calls(&bed), 0);
}

#[tokio::test]
async fn other_thrown_errors_are_500_with_the_message() {
    let bed = bed(
        simple(|_| {}),
        Script::Fail(function_error("TypeError", "boom")),
    );
    let served = bed.send(get("/hello").authorization("t")).await;
    served.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        &["LambdaAuth failed with TypeError: boom"],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn invalid_responses_are_500_with_the_reason() {
    for (response, says) in [
        (
            json!({"isAuthorized": "yes"}),
            "isAuthorized is a string, not true or false",
        ),
        (json!({"allow": true}), "it has no isAuthorized"),
        (json!([1]), "the response is an array, not a JSON object"),
    ] {
        let bed = bed(simple(|_| {}), answer(response));
        let served = bed.send(get("/hello").authorization("t")).await;
        served.assert_refused(
            500,
            INTERNAL_SERVER_ERROR,
            &["returned an invalid response", says],
        );
    }
    let bed = bed(|_| {}, answer(json!({"isAuthorized": true})));
    let served = bed.send(get("/hello").authorization("t")).await;
    served.assert_refused(500, INTERNAL_SERVER_ERROR, &["it has no policyDocument"]);
}

#[tokio::test(start_paused = true)]
async fn an_authorizer_slower_than_10_s_is_500() {
    let bed = bed(simple(|_| {}), Script::Sleep(Duration::from_secs(11)));
    let served = bed.send(get("/hello").authorization("t")).await;
    served.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        &["did not answer within API Gateway's 10000 ms limit"],
    );
}

#[tokio::test]
async fn missing_invoke_permission_is_500_naming_the_authorizer_source_arn() {
    let stack = Stack::new()
        .function(AUTH)
        .lambda_authorizer(AUTH, |a| a.enable_simple_responses = true)
        .route(RouteSpec::lambda("GET /hello", FUNCTION).lambda_authorizer())
        .permission(FUNCTION, Some(&source_arn("*/*")));
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/hello").authorization("t")).await;
    served.assert_refused_before_invoking(
        500,
        INTERNAL_SERVER_ERROR,
        &[
            "The IAM role configured on the authorizer or API Gateway doesn't have permissions to call the authorizer.",
            "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/authorizers/auth01",
        ],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn payload_1_0_sends_the_rest_style_event() {
    let bed = bed(
        |a| {
            a.authorizer_payload_format_version = Some(PayloadFormatVersion::V1_0);
            a.identity_source = vec![
                "$request.header.Authorization".into(),
                "$request.querystring.tenant".into(),
            ];
        },
        answer(policy("Allow", "*")),
    );
    let served = bed.send(get("/hello?tenant=t1").authorization("tok")).await;
    assert_eq!(served.status(), 200, "{:?}", served.outcome());
    let event = &bed.function.invocations_of(AUTH)[0].event;
    assert_eq!(event["version"], "1.0");
    assert_eq!(event["identitySource"], "tok,t1");
    assert_eq!(event["authorizationToken"], "tok,t1");
    assert_eq!(
        event["methodArn"],
        "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/$default/GET/hello"
    );
    assert_eq!(event["queryStringParameters"], json!({"tenant": "t1"}));
}

#[tokio::test]
async fn query_strings_are_case_sensitive_and_context_variables_are_read() {
    let bed = bed(
        simple(|a| {
            a.identity_source = vec![
                "$request.querystring.Token".into(),
                "$context.routeKey".into(),
            ];
            a.authorizer_result_ttl_in_seconds = Some(300);
        }),
        answer(json!({"isAuthorized": true})),
    );
    let wrong_case = bed.send(get("/hello?token=x")).await;
    wrong_case.assert_refused_before_invoking(401, UNAUTHORIZED, &["$request.querystring.Token"]);
    assert_eq!(bed.send(get("/hello?Token=x")).await.status(), 200);
    // `$context.routeKey` in the key caches per route (§3.3).
    assert_eq!(bed.send(get("/other?Token=x")).await.status(), 200);
    let calls = bed.function.invocations_of(AUTH);
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[1].event["identitySource"], json!(["x", "GET /other"]));
}
