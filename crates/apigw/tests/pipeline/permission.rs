//! May API Gateway invoke the function (§9)? Without a grant the client gets 500 and the
//! function never runs (§9.3); the explanation names what was checked and the fix.

use crate::INTERNAL_SERVER_ERROR;
use crate::support::{
    Bed, FUNCTION, FakeFunction, ROLE_NAME, RouteSpec, Stack, api_gateway_trust, function_arn, get,
    invoke_policy, lambda_only_trust, role_arn, source_arn,
};

/// `GET /hello` → [`FUNCTION`], without any permission yet.
fn ungranted(route: RouteSpec) -> Stack {
    Stack::new().route(route)
}

fn hello() -> RouteSpec {
    RouteSpec::lambda("GET /hello", FUNCTION)
}

#[tokio::test]
async fn no_permission_at_all_is_500() {
    let bed = Bed::serve(&[ungranted(hello()).record()], FakeFunction::ok());
    let served = bed.send(get("/hello")).await;
    served.assert_refused_before_invoking(
        500,
        INTERNAL_SERVER_ERROR,
        &[
            &format!("API Gateway may not invoke {}", function_arn(FUNCTION)),
            "no AWS::Lambda::Permission",
            "Type: AWS::Lambda::Permission",
            &source_arn("$default/GET/hello"),
        ],
    );
    assert_eq!(served.log.route_key.as_deref(), Some("GET /hello"));
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn permission_for_another_route_is_500() {
    let stack = ungranted(hello()).permission(FUNCTION, Some(&source_arn("*/GET/other")));
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/hello")).await;
    served.assert_refused_before_invoking(
        500,
        INTERNAL_SERVER_ERROR,
        &[
            "no statement of its resource-based policy allows apigateway.amazonaws.com",
            &format!("with source ARN {}", source_arn("$default/GET/hello")),
        ],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn permission_for_another_stage_is_500() {
    let stack = ungranted(hello()).permission(FUNCTION, Some(&source_arn("prod/GET/hello")));
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/hello")).await;
    served.assert_refused_before_invoking(
        500,
        INTERNAL_SERVER_ERROR,
        &[
            "no statement of its resource-based policy allows",
            &source_arn("$default/GET/hello"),
        ],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn permission_for_this_route_and_stage_is_enough() {
    let stack = ungranted(hello()).permission(FUNCTION, Some(&source_arn("$default/GET/hello")));
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/hello")).await;
    assert_eq!(served.status().as_u16(), 200, "{:?}", served.outcome());
    assert_eq!(bed.function.invocations(), 1);
}

#[tokio::test]
async fn integration_role_without_a_policy_is_500() {
    let stack =
        ungranted(hello().credentials(&role_arn(ROLE_NAME))).role(api_gateway_trust(), vec![]);
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/hello")).await;
    served.assert_refused_before_invoking(
        500,
        INTERNAL_SERVER_ERROR,
        &[
            &format!(
                "integration role {} may not call lambda:InvokeFunction on {}: none of its policies allows it",
                role_arn(ROLE_NAME),
                function_arn(FUNCTION)
            ),
            "service-role/AWSLambdaRole",
        ],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn integration_role_api_gateway_cannot_assume_is_500() {
    let stack = ungranted(hello().credentials(&role_arn(ROLE_NAME)))
        .role(lambda_only_trust(), vec![invoke_policy(FUNCTION)]);
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/hello")).await;
    served.assert_refused_before_invoking(
        500,
        INTERNAL_SERVER_ERROR,
        &[
            "API Gateway cannot assume integration role",
            "AssumeRolePolicyDocument",
        ],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn integration_role_outside_the_stacks_is_500() {
    let stranger = "arn:aws:iam::123456789012:role/DefinedElsewhere";
    let bed = Bed::serve(
        &[ungranted(hello().credentials(stranger)).record()],
        FakeFunction::ok(),
    );
    let served = bed.send(get("/hello")).await;
    served.assert_refused_before_invoking(
        500,
        INTERNAL_SERVER_ERROR,
        &[stranger, "define the role in the stack"],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn integration_role_with_an_invoke_policy_is_enough() {
    let stack = ungranted(hello().credentials(&role_arn(ROLE_NAME)))
        .role(api_gateway_trust(), vec![invoke_policy(FUNCTION)]);
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/hello")).await;
    assert_eq!(served.status().as_u16(), 200, "{:?}", served.outcome());
    assert_eq!(bed.function.invocations(), 1);
}
