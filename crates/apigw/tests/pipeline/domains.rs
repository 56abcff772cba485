//! Custom domain names (§7.4): the `Host` names a domain, the longest API mapping key
//! prefixing the path picks the API and stage, and the mapping's path is not part of
//! `rawPath`.

use crate::FORBIDDEN;
use crate::support::{API_ID, Bed, FUNCTION, FakeFunction, RouteSpec, Stack, get};

const DOMAIN: &str = "api.example.com";
const OTHER_API: &str = "z9y8x7w6v5";

/// API [`API_ID`] (`$default`) at the root and API [`OTHER_API`] (stage `prod`) at `v2`.
fn two_mappings() -> Stack {
    Stack::hello()
        .api_with_stages(OTHER_API, &["prod"])
        .route(RouteSpec::lambda("GET /hello", FUNCTION))
        .permission(
            FUNCTION,
            Some(&format!(
                "arn:aws:execute-api:us-east-1:123456789012:{OTHER_API}/*"
            )),
        )
        .domain(
            DOMAIN,
            &[("", API_ID, "$default"), ("v2", OTHER_API, "prod")],
        )
}

#[tokio::test]
async fn domain_root_mapping_reaches_the_first_api() {
    let bed = Bed::serve(&[two_mappings().record()], FakeFunction::ok());
    let served = bed.send(get("/hello").host("API.example.com:3000")).await;
    assert_eq!(served.status().as_u16(), 200, "{:?}", served.outcome());
    let event = bed.function.only_invocation().event;
    assert_eq!(event["requestContext"]["apiId"], API_ID);
    assert_eq!(event["requestContext"]["stage"], "$default");
    assert_eq!(event["rawPath"], "/hello");
}

#[tokio::test]
async fn domain_v2_mapping_reaches_the_second_api_without_its_path_in_raw_path() {
    let bed = Bed::serve(&[two_mappings().record()], FakeFunction::ok());
    let served = bed.send(get("/v2/hello").host(DOMAIN)).await;
    assert_eq!(served.status().as_u16(), 200, "{:?}", served.outcome());
    let event = bed.function.only_invocation().event;
    assert_eq!(event["requestContext"]["apiId"], OTHER_API);
    assert_eq!(event["requestContext"]["stage"], "prod");
    assert_eq!(
        event["rawPath"], "/hello",
        "§4.1: rawPath excludes the mapping path"
    );
    assert_eq!(event["requestContext"]["http"]["path"], "/hello");
    assert_eq!(event["routeKey"], "GET /hello");
}

#[tokio::test]
async fn domain_path_no_mapping_matches_is_403() {
    let stack = Stack::hello().domain(DOMAIN, &[("v2", API_ID, "$default")]);
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/v1/hello").host(DOMAIN)).await;
    served.assert_refused_before_invoking(403, FORBIDDEN, &[DOMAIN, "/v1/hello", "\"v2\""]);
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn domain_serves_an_api_whose_default_endpoint_is_disabled() {
    let stack = Stack::hello()
        .disable_execute_api_endpoint()
        .domain(DOMAIN, &[("", API_ID, "$default")]);
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let through_domain = bed.send(get("/hello").host(DOMAIN)).await;
    assert_eq!(through_domain.status().as_u16(), 200);
    let through_default = bed.send(get("/hello").api_host(API_ID)).await;
    through_default.assert_refused(403, FORBIDDEN, &["DisableExecuteApiEndpoint"]);
}

#[tokio::test]
async fn domain_does_not_change_the_execute_api_host() {
    let bed = Bed::serve(&[two_mappings().record()], FakeFunction::ok());
    let served = bed.send(get("/prod/hello").api_host(OTHER_API)).await;
    assert_eq!(served.status().as_u16(), 200, "{:?}", served.outcome());
    let event = bed.function.only_invocation().event;
    assert_eq!(event["rawPath"], "/prod/hello");
}

#[test]
fn domain_mapping_to_a_missing_stage_fails_the_deployment() {
    let stack = Stack::hello().domain(DOMAIN, &[("", API_ID, "prod")]);
    let keys = apigw::jwt::IssuerKeys::new(apigw::jwt::JwksSettings::default()).unwrap();
    let err = apigw::deployment::compile(&[stack.record()], &keys)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(DOMAIN) && err.contains("no stage \"prod\""),
        "{err}"
    );
}

#[tokio::test]
async fn domain_made_outside_the_stack_is_served_from_its_mappings() {
    let stack = Stack::hello().domain(DOMAIN, &[]);
    let mut record = stack.record();
    // Only the mapping: the domain name comes from a parameter, as for console-made ones.
    record
        .resources
        .retain(|r| r.resource_type != "AWS::ApiGatewayV2::DomainName");
    let with_mapping =
        Stack::empty().domain("events.example.com", &[("orders", API_ID, "$default")]);
    record.resources.extend(
        with_mapping
            .record()
            .resources
            .into_iter()
            .filter(|r| r.resource_type == "AWS::ApiGatewayV2::ApiMapping"),
    );
    let bed = Bed::serve(&[record], FakeFunction::ok());
    let served = bed
        .send(get("/orders/hello").host("events.example.com"))
        .await;
    assert_eq!(served.status().as_u16(), 200, "{:?}", served.outcome());
    assert_eq!(bed.function.only_invocation().event["rawPath"], "/hello");
}
