//! What a stage decides (§7): whether it serves at all, the function its stage variables
//! select (§6.3), throttling (§7.2) and its own access log (§7.3).

use std::collections::BTreeMap;

use apigw::deployment::compile;
use apigw::jwt::{IssuerKeys, JwksSettings};
use store::model::{AccessLogSettings, RouteSettings};

use crate::support::{
    API_ID, Bed, FUNCTION, FakeFunction, Issuer, RouteSpec, Stack, get, source_arn,
};
use crate::{INTERNAL_SERVER_ERROR, NOT_FOUND, TOO_MANY_REQUESTS};

const BY_VARIABLE: &str =
    "arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.function}";
const LOG_GROUP_ARN: &str = "arn:aws:logs:us-east-1:123456789012:log-group:api-logs:*";

fn variables(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn throttling(rate: f64, burst: u32) -> RouteSettings {
    RouteSettings {
        throttling_rate_limit: Some(rate),
        throttling_burst_limit: Some(burst),
    }
}

/// Stages `dev`, `prod` and `beta` whose `function` variable picks the function of
/// `GET /orders` (`beta` defines none).
fn stages_selecting_functions() -> Stack {
    Stack::empty()
        .api_with_stages(API_ID, &["dev", "prod", "beta"])
        .function("orders-dev")
        .function("orders-prod")
        .route(RouteSpec::lambda_uri("GET /orders", BY_VARIABLE))
        .permission("orders-dev", Some(&source_arn("*")))
        .permission("orders-prod", Some(&source_arn("*")))
        .stage("dev", |s| {
            s.stage_variables = variables(&[("function", "orders-dev")])
        })
        .stage("prod", |s| {
            s.stage_variables = variables(&[("function", "orders-prod")])
        })
}

#[tokio::test]
async fn stage_variables_in_the_integration_uri_select_the_function_per_stage() {
    let bed = Bed::serve(&[stages_selecting_functions().record()], FakeFunction::ok());
    assert_eq!(bed.send(get("/dev/orders")).await.status().as_u16(), 200);
    assert_eq!(bed.send(get("/prod/orders")).await.status().as_u16(), 200);
    assert_eq!(
        bed.function.invoked_functions(),
        ["orders-dev", "orders-prod"]
    );
}

#[tokio::test]
async fn a_stage_without_the_variable_is_500_naming_it() {
    let bed = Bed::serve(&[stages_selecting_functions().record()], FakeFunction::ok());
    let served = bed.send(get("/beta/orders")).await;
    served.assert_refused_before_invoking(
        500,
        INTERNAL_SERVER_ERROR,
        &["${stageVariables.function}", "stage beta does not define"],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn the_invoke_permission_is_checked_for_the_function_the_stage_selects() {
    let stack = Stack::empty()
        .api_with_stages(API_ID, &["dev", "prod"])
        .function("orders-dev")
        .function("orders-prod")
        .route(RouteSpec::lambda_uri("GET /orders", BY_VARIABLE))
        .permission("orders-dev", Some(&source_arn("*")))
        .stage("dev", |s| {
            s.stage_variables = variables(&[("function", "orders-dev")])
        })
        .stage("prod", |s| {
            s.stage_variables = variables(&[("function", "orders-prod")])
        });
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    assert_eq!(bed.send(get("/dev/orders")).await.status().as_u16(), 200);
    bed.send(get("/prod/orders")).await.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        &["orders-prod"],
    );
    assert_eq!(bed.function.invoked_functions(), ["orders-dev"]);
}

#[tokio::test]
async fn a_stage_without_a_deployment_serves_nothing() {
    let stack = Stack::empty()
        .api_with_stages(API_ID, &["draft"])
        .function(FUNCTION)
        .route(RouteSpec::lambda("GET /hello", FUNCTION))
        .permission(FUNCTION, Some(&source_arn("*")))
        .stage("draft", |s| s.auto_deploy = false);
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/draft/hello")).await;
    served.assert_refused_before_invoking(404, NOT_FOUND, &["stage draft has no deployment"]);
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn a_stage_with_a_deployment_id_serves_its_routes() {
    let stack = Stack::hello().stage("$default", |s| {
        s.auto_deploy = false;
        s.deployment_id = Some("dep123".to_owned());
    });
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    assert_eq!(bed.send(get("/hello")).await.status().as_u16(), 200);
}

#[tokio::test]
async fn a_deployment_naming_the_stage_deploys_it() {
    let stack = Stack::hello()
        .stage("$default", |s| s.auto_deploy = false)
        .deployment("$default");
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    assert_eq!(bed.send(get("/hello")).await.status().as_u16(), 200);
}

#[tokio::test]
async fn throttled_requests_are_429_once_the_burst_is_spent() {
    // Rate 0: the bucket never refills, so the count does not depend on timing.
    let stack = Stack::hello().stage("$default", |s| {
        s.default_route_settings = Some(throttling(0.0, 2));
    });
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(bed.send(get("/hello")).await.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 429, 429]);
    assert_eq!(
        bed.function.invocations(),
        2,
        "throttled requests never run"
    );
    let served = bed.send(get("/hello")).await;
    served.assert_refused(
        429,
        TOO_MANY_REQUESTS,
        &["stage $default throttles route GET /hello", "burst of 2"],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn route_settings_override_the_stage_default_for_their_route() {
    let stack = Stack::hello()
        .route(RouteSpec::lambda("GET /free", FUNCTION))
        .stage("$default", |s| {
            s.default_route_settings = Some(throttling(0.0, 0));
            s.route_settings
                .insert("GET /free".to_owned(), throttling(0.0, 3));
        });
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    bed.send(get("/hello"))
        .await
        .assert_refused(429, TOO_MANY_REQUESTS, &["burst of 0"]);
    for _ in 0..3 {
        assert_eq!(bed.send(get("/free")).await.status().as_u16(), 200);
    }
    assert_eq!(bed.send(get("/free")).await.status().as_u16(), 429);
}

#[tokio::test]
async fn throttling_comes_before_the_authorizer() {
    let issuer = Issuer::start().await;
    let stack = Stack::new()
        .jwt_authorizer(issuer.url())
        .route(RouteSpec::lambda("GET /private", FUNCTION).jwt(&[]))
        .permission(FUNCTION, Some(&source_arn("*")))
        .stage("$default", |s| {
            s.default_route_settings = Some(throttling(0.0, 0));
        });
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok()).with_issuer(issuer);
    // No token: the authorizer would say 401, but the bucket refuses first.
    bed.send(get("/private"))
        .await
        .assert_refused_before_invoking(429, TOO_MANY_REQUESTS, &["throttles"]);
}

#[test]
fn route_settings_for_a_route_the_api_lacks_fail_the_deployment() {
    let stack = Stack::hello().stage("$default", |s| {
        s.route_settings
            .insert("GET /nowhere".to_owned(), throttling(1.0, 1));
    });
    let keys = IssuerKeys::new(JwksSettings::default()).unwrap();
    let error = compile(&[stack.record()], &keys).unwrap_err().to_string();
    assert!(
        error.contains("RouteSettings names route key \"GET /nowhere\""),
        "{error}"
    );
}

fn logging(format: &str) -> Stack {
    Stack::hello().stage("$default", |s| {
        s.access_log_settings = Some(AccessLogSettings {
            destination_arn: LOG_GROUP_ARN.to_owned(),
            format: format.to_owned(),
        });
    })
}

#[tokio::test]
async fn a_logging_stage_writes_one_line_per_request_in_its_format() {
    let bed = Bed::serve(
        &[logging("$context.requestId $context.httpMethod $context.routeKey $context.status $context.integrationStatus $context.stage").record()],
        FakeFunction::ok(),
    );
    let served = bed.send(get("/hello")).await;
    let missed = bed.send(get("/nothing")).await;
    assert_eq!(
        bed.stage_lines(),
        [
            (
                "api-logs".to_owned(),
                format!("{} GET GET /hello 200 200 $default", served.log.request_id)
            ),
            (
                "api-logs".to_owned(),
                format!("{} GET - 404 - $default", missed.log.request_id)
            ),
        ]
    );
}

#[tokio::test]
async fn refusals_fill_the_error_variables_of_the_line() {
    let stack = logging(
        "$context.requestId $context.status $context.error.message $context.error.responseType",
    )
    .stage("$default", |s| {
        s.default_route_settings = Some(throttling(0.0, 0))
    });
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/hello")).await;
    assert_eq!(
        bed.stage_lines()[0].1,
        format!("{} 429 Too Many Requests THROTTLED", served.log.request_id)
    );
}

#[tokio::test]
async fn requests_no_stage_serves_write_no_line() {
    let stack = Stack::empty()
        .api_with_stages(API_ID, &["prod"])
        .function(FUNCTION)
        .route(RouteSpec::lambda("GET /hello", FUNCTION))
        .stage("prod", |s| {
            s.access_log_settings = Some(AccessLogSettings {
                destination_arn: LOG_GROUP_ARN.to_owned(),
                format: "$context.requestId".to_owned(),
            });
        });
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    bed.send(get("/dev/hello"))
        .await
        .assert_refused(404, NOT_FOUND, &["no stage"]);
    assert!(bed.stage_lines().is_empty());
}
