//! Routes gantry deploys but cannot serve yet: 500 with an explanation naming what is
//! unsupported, and the function never runs.

use store::model::{AuthorizationType, PayloadFormatVersion};

use crate::INTERNAL_SERVER_ERROR;
use crate::support::{Bed, FUNCTION, FakeFunction, RouteSpec, Stack, get, source_arn};

async fn serve_route(route: RouteSpec) -> crate::support::Served {
    let stack = Stack::new()
        .route(route)
        .permission(FUNCTION, Some(&source_arn("*")));
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/hello")).await;
    assert_eq!(served.log.route_key.as_deref(), Some("GET /hello"));
    served
}

#[tokio::test]
async fn lambda_authorizer_route_is_500() {
    let served = serve_route(
        RouteSpec::lambda("GET /hello", FUNCTION).authorization(AuthorizationType::Custom),
    )
    .await;
    served.assert_refused_before_invoking(
        500,
        INTERNAL_SERVER_ERROR,
        &["Lambda (REQUEST) authorizer", "gantry does not run yet"],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn http_proxy_integration_is_500() {
    let served = serve_route(RouteSpec::http_proxy(
        "GET /hello",
        "https://backend.example.com/hello",
    ))
    .await;
    served.assert_refused_before_invoking(
        500,
        INTERNAL_SERVER_ERROR,
        &[
            "is of type HTTP_PROXY",
            "Lambda proxy (AWS_PROXY) integrations only",
        ],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn payload_format_1_0_is_500() {
    let served =
        serve_route(RouteSpec::lambda("GET /hello", FUNCTION).payload(PayloadFormatVersion::V1_0))
            .await;
    served.assert_refused_before_invoking(
        500,
        INTERNAL_SERVER_ERROR,
        &[
            "uses payload format 1.0",
            "payload format 2.0 only",
            "PayloadFormatVersion: '2.0'",
        ],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn integration_to_a_function_of_no_stack_is_500() {
    let served = serve_route(RouteSpec::lambda("GET /hello", "not-deployed")).await;
    served.assert_refused_before_invoking(
        500,
        INTERNAL_SERVER_ERROR,
        &[
            "function:not-deployed, which is not a function of any deployed stack",
            "!GetAtt MyFunction.Arn",
        ],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}
