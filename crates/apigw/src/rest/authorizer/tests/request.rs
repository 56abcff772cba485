//! REQUEST authorizers' identity sources and cache key, and authorizers gantry cannot
//! serve (aws-rest-api.md §4.3, aws-rest-api.md §4.1).

use super::*;

const TOKEN: &[(&str, &str)] = &[("authorization", "Bearer abc")];

#[tokio::test]
async fn request_authorizer_needs_every_identity_source_and_caches_by_their_tuple() {
    let model = authorizer(
        RestAuthorizerType::Request,
        Some(
            "method.request.header.X-Tenant, method.request.querystring.user, stageVariables.tier",
        ),
    );
    let auth = compile(&model);
    let function = ScriptedFunction::returning(&[allow("*"), allow("*")]);
    let now = Instant::now();
    let missing = authorize(
        &auth,
        &function,
        &[("x-tenant", "a")],
        "",
        GET_PETS_ARN,
        &[],
        now,
    )
    .await
    .unwrap_err();
    assert_eq!(missing.status.as_u16(), 401);
    assert!(
        missing
            .explanation
            .contains("method.request.querystring.user"),
        "{}",
        missing.explanation
    );
    assert_eq!(function.invocations(), 0);
    for (tenant, query) in [
        ("a", "user=1"),
        ("a", "user=1"),
        ("A", "user=1"),
        ("A", "user=2&user=1"),
    ] {
        authorize(
            &auth,
            &function,
            &[("x-tenant", tenant)],
            query,
            GET_PETS_ARN,
            &[],
            now,
        )
        .await
        .unwrap();
    }
    assert_eq!(
        function.invocations(),
        2,
        "one invocation per distinct (header, query, stage variable)"
    );
}

#[tokio::test]
async fn unservable_authorizers_refuse_every_request_with_500() {
    let mut model = authorizer(
        RestAuthorizerType::Token,
        Some("method.request.querystring.token"),
    );
    let auth = compile(&model);
    assert!(auth.unservable().unwrap().contains("not one header"));
    model.identity_source = None;
    model.identity_validation_expression = Some("(".into());
    let auth = compile(&model);
    let refused = authorize(
        &auth,
        &ScriptedFunction::default(),
        TOKEN,
        "",
        GET_PETS_ARN,
        &[],
        Instant::now(),
    )
    .await
    .unwrap_err();
    assert_authorizer_500(&refused, "IdentityValidationExpression");
}
