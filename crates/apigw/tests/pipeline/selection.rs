//! Which API, stage and route a request reaches, and the body quota: the steps before
//! any authorizer, all answered without invoking the function.

use apigw::gateway::MAX_REQUEST_BODY_BYTES;

use crate::support::{
    API_ID, Bed, FUNCTION, FakeFunction, RouteSpec, Stack, get, request, source_arn,
};
use crate::{FORBIDDEN, NOT_FOUND};

/// Two APIs, each with `GET /hello` and a permission.
fn two_apis() -> Stack {
    Stack::hello()
        .api("z9y8x7w6v5")
        .route(RouteSpec::lambda("GET /hello", FUNCTION))
}

#[tokio::test]
async fn no_api_deployed_is_404() {
    let bed = Bed::nothing_deployed(FakeFunction::ok());
    let served = bed.send(get("/hello")).await;
    served.assert_refused_before_invoking(404, NOT_FOUND, &["no HTTP API is deployed"]);
    assert_eq!(served.log.route_key, None);
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn host_naming_an_unknown_api_is_404() {
    let bed = Bed::serve(&[Stack::hello().record()], FakeFunction::ok());
    let served = bed.send(get("/hello").api_host("nosuchapi0")).await;
    served.assert_refused_before_invoking(
        404,
        NOT_FOUND,
        &["names API nosuchapi0, which is not deployed"],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn several_apis_and_a_host_naming_none_is_404_listing_them() {
    let bed = Bed::serve(&[two_apis().record()], FakeFunction::ok());
    let served = bed.send(get("/hello")).await;
    served.assert_refused_before_invoking(
        404,
        NOT_FOUND,
        &["2 APIs are deployed", API_ID, "z9y8x7w6v5", ".execute-api."],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn host_naming_one_of_several_apis_reaches_it() {
    let bed = Bed::serve(&[two_apis().record()], FakeFunction::ok());
    let served = bed.send(get("/hello").api_host(API_ID)).await;
    assert_eq!(served.status().as_u16(), 200, "{:?}", served.outcome());
    let event = bed.function.only_invocation().event;
    assert_eq!(event["requestContext"]["apiId"], API_ID);
}

#[tokio::test]
async fn disabled_execute_api_endpoint_is_403() {
    let stack = Stack::hello().disable_execute_api_endpoint();
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/hello")).await;
    served.assert_refused_before_invoking(
        403,
        FORBIDDEN,
        &["DisableExecuteApiEndpoint: true", "set it to false"],
    );
    assert_eq!(served.log.route_key, None, "refused before routing");
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn no_stage_is_404() {
    let stack = Stack::empty()
        .api_with_stages(API_ID, &["prod"])
        .function(FUNCTION)
        .route(RouteSpec::lambda("GET /hello", FUNCTION))
        .permission(FUNCTION, Some(&source_arn("*")));
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/hello")).await;
    served.assert_refused_before_invoking(
        404,
        NOT_FOUND,
        &["no stage serves /hello", "no $default stage"],
    );
    assert_eq!(served.log.route_key, None);
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn no_route_is_404() {
    let bed = Bed::serve(&[Stack::hello().record()], FakeFunction::ok());
    let served = bed.send(get("/goodbye")).await;
    served.assert_refused_before_invoking(
        404,
        NOT_FOUND,
        &["no route of stage $default matches GET /goodbye"],
    );
    assert_eq!(served.log.route_key, None);
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn wrong_method_is_404_not_405() {
    let bed = Bed::serve(&[Stack::hello().record()], FakeFunction::ok());
    let served = bed.send(request("DELETE", "/hello")).await;
    served.assert_refused_before_invoking(
        404,
        NOT_FOUND,
        &["matches DELETE /hello", "`DELETE /hello`"],
    );
    assert!(served.response.headers().get("allow").is_none());
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn default_route_catches_what_no_route_matches() {
    let stack = Stack::hello().route(RouteSpec::lambda("$default", FUNCTION));
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(request("DELETE", "/anything/else")).await;
    assert_eq!(served.status().as_u16(), 200, "{:?}", served.outcome());
    assert_eq!(served.log.route_key.as_deref(), Some("$default"));
    assert_eq!(bed.function.only_invocation().event["routeKey"], "$default");
}

#[tokio::test]
async fn body_over_10_mib_is_413() {
    let bed = Bed::serve(&[Stack::hello().record()], FakeFunction::ok());
    let body = vec![b'x'; MAX_REQUEST_BODY_BYTES + 1];
    let served = bed.send(request("GET", "/hello").body(body)).await;
    // Appendix B.8: HTTP APIs' answer is unconfirmed; apigw::response sends REST's
    // observed text answer.
    served.assert_refused_before_invoking(
        413,
        "HTTP content length exceeded 10485760 bytes.",
        &["over API Gateway's limit of 10485760"],
    );
    assert_eq!(
        served.outcome().content_type.as_deref(),
        Some("text; charset=utf-8")
    );
    // The body is read after routing and authorization (docs/limits.md §2).
    assert_eq!(served.log.route_key.as_deref(), Some("GET /hello"));
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn body_of_exactly_10_mib_is_served() {
    let bed = Bed::serve(&[Stack::hello().record()], FakeFunction::ok());
    let body = vec![b'x'; MAX_REQUEST_BODY_BYTES];
    let served = bed
        .send(
            request("GET", "/hello")
                .header("content-type", "text/plain")
                .body(body),
        )
        .await;
    assert_eq!(served.status().as_u16(), 200, "{:?}", served.outcome());
    let event = bed.function.only_invocation().event;
    assert_eq!(
        event["body"].as_str().map(str::len),
        Some(MAX_REQUEST_BODY_BYTES)
    );
}

#[tokio::test]
async fn body_over_the_quota_is_explained_with_its_real_size() {
    let bed = Bed::serve(&[Stack::hello().record()], FakeFunction::ok());
    let size = MAX_REQUEST_BODY_BYTES + 1024 * 1024;
    let served = bed
        .send(
            request("GET", "/hello")
                .header("content-length", &size.to_string())
                .body(vec![b'x'; size]),
        )
        .await;
    served.assert_refused_before_invoking(413, "HTTP content length exceeded 10485760 bytes.", &[]);
    let explanation = served.explanation();
    assert!(
        !explanation.contains(&format!("has {} bytes", MAX_REQUEST_BODY_BYTES + 1)),
        "the body has {size} bytes, not {}: {explanation}",
        MAX_REQUEST_BODY_BYTES + 1
    );
    assert!(
        explanation.contains(&size.to_string()) || explanation.contains("more than 10485760"),
        "{explanation}"
    );
}

#[tokio::test]
async fn trailing_slash_and_encoded_path_reach_the_route() {
    // §1.5: `/hello/` is routed like `/hello`; the path is decoded before routing.
    let bed = Bed::serve(&[Stack::hello().record()], FakeFunction::ok());
    for path in ["/hello/", "/hel%6co"] {
        let served = bed.send(get(path)).await;
        assert_eq!(
            served.status().as_u16(),
            200,
            "{path}: {:?}",
            served.outcome()
        );
        assert_eq!(served.log.route_key.as_deref(), Some("GET /hello"));
    }
}

#[tokio::test]
async fn host_naming_an_api_in_upper_case_reaches_it() {
    // RFC 9110 §4.2.3 / RFC 3986 §3.2.2: the host is case-insensitive, so DNS (and API
    // Gateway) treat `A1B2C3D4E5.execute-api…` as `a1b2c3d4e5.execute-api…`.
    let bed = Bed::serve(&[two_apis().record()], FakeFunction::ok());
    for host in [
        "A1B2C3D4E5.execute-api.localhost:3000",
        "a1b2c3d4e5.Execute-Api.localhost:3000",
    ] {
        let served = bed.send(get("/hello").host(host)).await;
        assert_eq!(
            served.status().as_u16(),
            200,
            "{host}: {}",
            served.explanation()
        );
    }
}
