//! Requests that are wrong in two ways: the step that comes first in AWS's order answers
//! (§0), and the explanation is about that step.

use apigw::gateway::MAX_REQUEST_BODY_BYTES;
use store::model::AuthorizationType;

use crate::support::{
    API_ID, Bed, FUNCTION, FakeFunction, Issuer, RouteSpec, Stack, function_error, get, request,
    source_arn,
};
use crate::{FORBIDDEN, INTERNAL_SERVER_ERROR, NOT_FOUND, UNAUTHORIZED};

/// `GET /pets` behind the JWT authorizer (these scopes); no permission unless `granted`.
async fn jwt_bed(scopes: &[&str], granted: bool, function: FakeFunction) -> Bed {
    let issuer = Issuer::start().await;
    let mut stack = Stack::new()
        .jwt_authorizer(issuer.url())
        .route(RouteSpec::lambda("GET /pets", FUNCTION).jwt(scopes));
    if granted {
        stack = stack.permission(FUNCTION, Some(&source_arn("*")));
    }
    Bed::serve(&[stack.record()], function).with_issuer(issuer)
}

fn oversized() -> Vec<u8> {
    vec![b'x'; MAX_REQUEST_BODY_BYTES + 1]
}

#[tokio::test]
async fn bad_token_on_a_route_that_does_not_exist_is_404() {
    let bed = jwt_bed(&[], true, FakeFunction::ok()).await;
    let served = bed.send(get("/cats").bearer("not-a-jwt")).await;
    served.assert_refused_before_invoking(404, NOT_FOUND, &["matches GET /cats"]);
    assert!(served.outcome().www_authenticate.is_none());
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn bad_token_on_an_api_without_the_stage_is_404() {
    let issuer = Issuer::start().await;
    let stack = Stack::empty()
        .api_with_stages(API_ID, &["prod"])
        .function(FUNCTION)
        .jwt_authorizer(issuer.url())
        .route(RouteSpec::lambda("GET /pets", FUNCTION).jwt(&[]));
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok()).with_issuer(issuer);
    let served = bed.send(get("/pets").bearer("not-a-jwt")).await;
    served.assert_refused_before_invoking(404, NOT_FOUND, &["no stage serves /pets"]);
}

#[tokio::test]
async fn missing_token_on_a_route_without_invoke_permission_is_401() {
    let bed = jwt_bed(&[], false, FakeFunction::ok()).await;
    let served = bed.send(get("/pets")).await;
    served.assert_refused_before_invoking(401, UNAUTHORIZED, &["no token at"]);
    assert!(!served.explanation().contains("AWS::Lambda::Permission"));
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn scope_failure_is_403_before_the_permission_check_and_the_function() {
    let function = FakeFunction::failing(function_error("Error", "must not run"));
    let bed = jwt_bed(&["admin"], false, function).await;
    let served = bed.send(get("/pets").bearer(&bed.issuer().token())).await;
    served.assert_refused_before_invoking(403, FORBIDDEN, &["AuthorizationScopes [\"admin\"]"]);
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn valid_token_on_a_route_without_invoke_permission_is_500() {
    let bed = jwt_bed(&[], false, FakeFunction::ok()).await;
    let served = bed.send(get("/pets").bearer(&bed.issuer().token())).await;
    served.assert_refused_before_invoking(
        500,
        INTERNAL_SERVER_ERROR,
        &[
            "API Gateway may not invoke",
            &source_arn("$default/GET/pets"),
        ],
    );
}

#[tokio::test]
async fn missing_token_on_an_http_proxy_route_is_401() {
    let issuer = Issuer::start().await;
    let stack = Stack::new()
        .jwt_authorizer(issuer.url())
        .route(RouteSpec::http_proxy("GET /pets", "https://backend.example.com").jwt(&[]));
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok()).with_issuer(issuer);
    let served = bed.send(get("/pets")).await;
    served.assert_refused_before_invoking(401, UNAUTHORIZED, &["no token at"]);
}

#[tokio::test]
async fn oversized_body_to_a_host_naming_an_unknown_api_is_404() {
    let bed = Bed::serve(&[Stack::hello().record()], FakeFunction::ok());
    let served = bed
        .send(
            request("POST", "/hello")
                .api_host("nosuchapi0")
                .body(oversized()),
        )
        .await;
    served.assert_refused_before_invoking(404, NOT_FOUND, &["names API nosuchapi0"]);
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn oversized_body_to_a_disabled_endpoint_is_403() {
    let stack = Stack::hello().disable_execute_api_endpoint();
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(request("POST", "/hello").body(oversized())).await;
    served.assert_refused_before_invoking(403, FORBIDDEN, &["DisableExecuteApiEndpoint"]);
}

#[tokio::test]
async fn oversized_body_to_a_route_that_does_not_exist_is_404() {
    // The body is read only once the request may go on (docs/limits.md §2).
    let bed = Bed::serve(&[Stack::hello().record()], FakeFunction::ok());
    let served = bed.send(request("POST", "/cats").body(oversized())).await;
    served.assert_refused_before_invoking(404, NOT_FOUND, &["matches POST /cats"]);
}

#[tokio::test]
async fn oversized_body_without_a_token_is_401() {
    let bed = jwt_bed(&[], true, FakeFunction::ok()).await;
    let served = bed.send(get("/pets").body(oversized())).await;
    served.assert_refused_before_invoking(401, UNAUTHORIZED, &["no token at"]);
}

#[tokio::test]
async fn disabled_endpoint_is_403_even_for_a_route_that_does_not_exist() {
    let stack = Stack::hello().disable_execute_api_endpoint();
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/cats")).await;
    served.assert_refused_before_invoking(403, FORBIDDEN, &["DisableExecuteApiEndpoint"]);
}

#[tokio::test]
async fn custom_route_without_authorizer_or_permission_names_the_authorizer() {
    let stack = Stack::new()
        .route(RouteSpec::lambda("GET /hello", FUNCTION).authorization(AuthorizationType::Custom));
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/hello")).await;
    served.assert_refused_before_invoking(
        500,
        INTERNAL_SERVER_ERROR,
        &["AuthorizationType CUSTOM but no AuthorizerId"],
    );
    assert!(!served.explanation().contains("AWS::Lambda::Permission"));
}

#[tokio::test]
async fn missing_permission_is_500_before_a_failing_function_runs() {
    let stack = Stack::new().route(RouteSpec::lambda("GET /hello", FUNCTION));
    let function = FakeFunction::failing(function_error("Error", "must not run"));
    let bed = Bed::serve(&[stack.record()], function);
    let served = bed.send(get("/hello")).await;
    served.assert_refused_before_invoking(
        500,
        INTERNAL_SERVER_ERROR,
        &["no AWS::Lambda::Permission"],
    );
    assert!(!served.explanation().contains("must not run"));
}
