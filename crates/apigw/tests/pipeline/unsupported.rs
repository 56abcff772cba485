//! Routes gantry deploys but cannot serve yet: 500 with an explanation naming what is
//! unsupported, and the function never runs.

use store::model::AuthorizationType;

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
async fn custom_route_without_authorizer_id_is_500() {
    let served = serve_route(
        RouteSpec::lambda("GET /hello", FUNCTION).authorization(AuthorizationType::Custom),
    )
    .await;
    served.assert_refused_before_invoking(
        500,
        INTERNAL_SERVER_ERROR,
        &["AuthorizationType CUSTOM but no AuthorizerId"],
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
