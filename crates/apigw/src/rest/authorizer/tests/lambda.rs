//! TOKEN and REQUEST authorizers: identity checks, the event, answers, denials, the
//! cache (aws-rest-api.md §4.2 to aws-rest-api.md §4.5, aws-rest-api.md §4.8).

use super::*;
use crate::rest::error::ErrorBody;

const TOKEN: &[(&str, &str)] = &[("authorization", "Bearer abc")];

fn token_authorizer() -> Arc<RestAuthorizer> {
    compile(&authorizer(
        RestAuthorizerType::Token,
        Some("method.request.header.Authorization"),
    ))
}

/// Sends the TOKEN test request (`Authorization: Bearer abc`, no query or scopes) for
/// `method_arn` at `now`.
async fn authorize_token(
    authorizer: &RestAuthorizer,
    invoker: &dyn Invoke,
    method_arn: &str,
    now: Instant,
) -> Result<Authorized, RestError> {
    authorize(authorizer, invoker, TOKEN, "", method_arn, &[], now).await
}

#[tokio::test]
async fn token_missing_or_empty_header_is_401_without_invoking() {
    let function = ScriptedFunction::default();
    let auth = token_authorizer();
    for headers in [
        &[][..],
        &[("authorization", "")][..],
        &[("x-other", "Bearer abc")][..],
    ] {
        let refused = authorize(
            &auth,
            &function,
            headers,
            "",
            GET_PETS_ARN,
            &[],
            Instant::now(),
        )
        .await
        .unwrap_err();
        assert_eq!(refused.status.as_u16(), 401);
        assert_eq!(refused.body, ErrorBody::Message("Unauthorized".into()));
    }
    assert_eq!(function.invocations(), 0);
}

#[tokio::test]
async fn token_failing_the_validation_expression_is_401_without_invoking() {
    let mut model = authorizer(
        RestAuthorizerType::Token,
        Some("method.request.header.Authorization"),
    );
    model.identity_validation_expression = Some("Bearer [a-z]+".into());
    let auth = compile(&model);
    let function = ScriptedFunction::returning(&[allow(GET_PETS_ARN)]);
    let refused = authorize(
        &auth,
        &function,
        &[("authorization", "Bearer abc123")],
        "",
        GET_PETS_ARN,
        &[],
        Instant::now(),
    )
    .await
    .unwrap_err();
    assert_eq!(
        refused.status.as_u16(),
        401,
        "the expression must match the whole token"
    );
    assert_eq!(function.invocations(), 0);
    assert!(
        authorize_token(&auth, &function, GET_PETS_ARN, Instant::now())
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn token_event_carries_the_raw_header_and_the_method_arn() {
    let function = ScriptedFunction::returning(&[allow(GET_PETS_ARN)]);
    authorize_token(&token_authorizer(), &function, GET_PETS_ARN, Instant::now())
        .await
        .unwrap();
    assert_eq!(
        function.events.lock().unwrap()[0],
        json!({"type": "TOKEN", "authorizationToken": "Bearer abc", "methodArn": GET_PETS_ARN})
    );
}

#[tokio::test]
async fn token_allow_fills_request_context_authorizer_with_stringified_context() {
    let function = ScriptedFunction::returning(&[allow(
        "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/*",
    )]);
    let allowed = authorize_token(&token_authorizer(), &function, GET_PETS_ARN, Instant::now())
        .await
        .unwrap();
    let mut context = allowed.context.as_object().unwrap().clone();
    assert!(context.remove("integrationLatency").unwrap().is_u64());
    assert_eq!(
        Value::Object(context),
        json!({"principalId": "user-1", "tenant": "t1", "count": "123", "admin": "true", "none": null})
    );
    assert_eq!(
        allowed.usage_identifier_key.as_deref(),
        Some("key-from-authorizer")
    );
    assert_eq!(allowed.invoked_function.as_deref(), Some("auth"));
}

#[tokio::test]
async fn token_explicit_and_implicit_denials_answer_403_with_capital_message() {
    let deny = json!({"principalId": "u", "policyDocument": {"Statement": [
        {"Action": ["execute-api:Invoke"], "Effect": "Allow", "Resource": "*"},
        {"Action": "execute-api:*", "Effect": "Deny", "Resource": ["arn:aws:execute-api:*:*:abc123defg/prod/GET/*"]}
    ]}});
    let function = ScriptedFunction::returning(&[deny, allow(POST_PETS_ARN)]);
    let auth = compile(&{
        let mut model = authorizer(RestAuthorizerType::Token, None);
        model.authorizer_result_ttl_in_seconds = Some(0);
        model
    });
    let explicit = authorize_token(&auth, &function, GET_PETS_ARN, Instant::now())
        .await
        .unwrap_err();
    assert_eq!(explicit.status.as_u16(), 403);
    assert_eq!(
        explicit.body,
        ErrorBody::CapitalMessage(
            "User is not authorized to access this resource with an explicit deny".into()
        )
    );
    let implicit = authorize_token(&auth, &function, GET_PETS_ARN, Instant::now())
        .await
        .unwrap_err();
    assert_eq!(
        implicit.body,
        ErrorBody::CapitalMessage("User is not authorized to access this resource".into())
    );
    assert_eq!(implicit.error_type, Some("AccessDeniedException"));
}

#[tokio::test]
async fn token_unauthorized_error_is_401_and_other_failures_are_500_null_message() {
    let bad_context = json!({"principalId": "u", "policyDocument": {"Statement": [
        {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "*"}]}, "context": {"roles": ["a"]}});
    let function = ScriptedFunction::answering([
        function_error("Unauthorized"),
        function_error("Unauthorized: expired"),
        InvokeResult::Success {
            payload: Bytes::from_static(b"null"),
        },
        InvokeResult::Success {
            payload: Bytes::from_static(br#"{"principalId":"u"}"#),
        },
        InvokeResult::Success {
            payload: Bytes::from(bad_context.to_string()),
        },
    ]);
    let auth = token_authorizer();
    let first = authorize_token(&auth, &function, GET_PETS_ARN, Instant::now())
        .await
        .unwrap_err();
    assert_eq!(
        (first.status.as_u16(), first.body),
        (401, ErrorBody::Message("Unauthorized".into()))
    );
    for expected in [
        "Unauthorized: expired",
        "not a JSON object",
        "policyDocument",
        "context.roles is an array",
    ] {
        let refused = authorize_token(&auth, &function, GET_PETS_ARN, Instant::now())
            .await
            .unwrap_err();
        assert_authorizer_500(&refused, expected);
        assert_eq!(refused.error_type, Some("AuthorizerConfigurationException"));
    }
    assert_eq!(function.invocations(), 5, "errors are not cached");
}

#[tokio::test]
async fn token_cached_policy_is_applied_to_other_methods_until_it_expires() {
    let function = ScriptedFunction::returning(&[allow(GET_PETS_ARN), allow(POST_PETS_ARN)]);
    let auth = token_authorizer();
    let start = Instant::now();
    assert!(
        authorize_token(&auth, &function, GET_PETS_ARN, start)
            .await
            .is_ok()
    );
    let hit = authorize_token(
        &auth,
        &function,
        GET_PETS_ARN,
        start + Duration::from_secs(10),
    )
    .await
    .unwrap();
    assert_eq!(hit.context["integrationLatency"], json!(0));
    assert_eq!(hit.invoked_function, None);
    let other = authorize_token(
        &auth,
        &function,
        POST_PETS_ARN,
        start + Duration::from_secs(299),
    )
    .await
    .unwrap_err();
    assert_eq!(
        other.body,
        ErrorBody::CapitalMessage("User is not authorized to access this resource".into())
    );
    assert!(
        other.explanation.contains("cached 299 s ago"),
        "{}",
        other.explanation
    );
    assert_eq!(function.invocations(), 1);
    // Default TTL 300 s: then the authorizer is asked again.
    assert!(
        authorize_token(
            &auth,
            &function,
            POST_PETS_ARN,
            start + Duration::from_secs(300)
        )
        .await
        .is_ok()
    );
    assert_eq!(function.invocations(), 2);
}

#[tokio::test]
async fn token_missing_invoke_permission_is_500_naming_the_authorizer_source_arn() {
    let keys = IssuerKeys::new(JwksSettings::default()).unwrap();
    let model = authorizer(RestAuthorizerType::Token, None);
    let auth = compile_with(&model, false, CognitoUserPools::default(), &keys);
    let function = ScriptedFunction::default();
    let refused = authorize_token(&auth, &function, GET_PETS_ARN, Instant::now())
        .await
        .unwrap_err();
    assert_authorizer_500(&refused, "abc123defg/authorizers/auth01");
    assert_eq!(function.invocations(), 0);
}
