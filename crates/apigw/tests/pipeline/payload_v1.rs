//! Routes whose integration has `PayloadFormatVersion: '1.0'`: the function receives the
//! REST-shaped event (§4.3) and its response is mapped by the 1.0 rules (§5.3); what
//! 1.0 cannot use is 500 with the explanation on the log line (§5.4).

use serde_json::{Value, json};
use store::model::PayloadFormatVersion;

use crate::INTERNAL_SERVER_ERROR;
use crate::support::{
    API_ID, Bed, FUNCTION, FakeFunction, Issuer, RouteSpec, Stack, get, request, source_arn,
};

/// One 1.0 route to [`FUNCTION`] on these stages, permission granted everywhere.
fn v1_stack(stages: &[&str], route: RouteSpec) -> Stack {
    Stack::empty()
        .api_with_stages(API_ID, stages)
        .function(FUNCTION)
        .route(route.payload(PayloadFormatVersion::V1_0))
        .permission(FUNCTION, Some(&source_arn("*")))
}

fn set_cookies(served: &crate::support::Served) -> Vec<String> {
    served
        .response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn function_receives_the_1_0_event_on_a_named_stage() {
    let stack = v1_stack(
        &["$default", "prod"],
        RouteSpec::lambda("POST /pets/{id}", FUNCTION),
    );
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed
        .send(
            request("POST", "/prod/pets/42?tag=a&tag=b")
                .header("content-type", "application/json")
                .header("x-multi", "one")
                .header("x-multi", "two")
                .body(r#"{"name":"Rex"}"#),
        )
        .await;
    assert_eq!(served.status().as_u16(), 200, "{:?}", served.outcome());
    assert_eq!(served.response.body().as_ref(), br#"{"ok":true}"#);

    let event = bed.function.only_invocation().event;
    assert_eq!(event["version"], "1.0");
    assert_eq!(event["resource"], "/pets/{id}");
    assert_eq!(event["path"], "/prod/pets/42", "the stage prefix stays");
    assert_eq!(event["httpMethod"], "POST");
    assert_eq!(event["headers"]["x-multi"], "two");
    assert_eq!(event["multiValueHeaders"]["x-multi"], json!(["one", "two"]));
    assert_eq!(event["headers"]["Content-Type"], "application/json");
    assert_eq!(event["queryStringParameters"], json!({"tag": "b"}));
    assert_eq!(
        event["multiValueQueryStringParameters"],
        json!({"tag": ["a", "b"]})
    );
    assert_eq!(event["pathParameters"], json!({"id": "42"}));
    assert_eq!(event["stageVariables"], Value::Null);
    assert_eq!(event["body"], r#"{"name":"Rex"}"#);
    assert_eq!(event["isBase64Encoded"], false);
    let context = &event["requestContext"];
    assert_eq!(context["stage"], "prod");
    assert_eq!(context["path"], "/prod/pets/42");
    assert_eq!(context["resourceId"], "POST /pets/{id}");
    assert_eq!(context["resourcePath"], "/pets/{id}");
    assert_eq!(context["identity"]["sourceIp"], "127.0.0.1");
    assert_eq!(
        context["requestId"],
        served.response.headers()["apigw-requestid"]
            .to_str()
            .unwrap(),
        "the event's request id is the one the client sees"
    );
    assert!(context.get("authorizer").is_none());
}

#[tokio::test]
async fn multi_value_headers_cookies_and_base64_body_reach_the_client() {
    let response = json!({
        "statusCode": 201,
        "headers": {"content-type": "image/png", "x-solo": "1"},
        "multiValueHeaders": {"set-cookie": ["a=1; Path=/", "b=2; HttpOnly"], "x-multi": ["x", "y"]},
        "body": "AAEC/w==",
        "isBase64Encoded": true,
    });
    let stack = v1_stack(&["$default"], RouteSpec::lambda("GET /img", FUNCTION));
    let bed = Bed::serve(
        &[stack.record()],
        FakeFunction::returning(&response.to_string()),
    );
    let served = bed.send(get("/img")).await;
    assert_eq!(served.status().as_u16(), 201);
    assert_eq!(served.response.body().as_ref(), [0, 1, 2, 255]);
    assert_eq!(set_cookies(&served), ["a=1; Path=/", "b=2; HttpOnly"]);
    let headers = served.response.headers();
    let multi: Vec<_> = headers.get_all("x-multi").iter().collect();
    assert_eq!(multi, ["x", "y"], "one header line per value");
    assert_eq!(headers["x-solo"], "1");
    assert_eq!(headers["content-type"], "image/png");
    assert_eq!(served.log.explanation, None);
}

#[tokio::test]
async fn output_without_status_code_is_500_because_1_0_infers_nothing() {
    let stack = v1_stack(&["$default"], RouteSpec::lambda("GET /hello", FUNCTION));
    let bed = Bed::serve(
        &[stack.record()],
        FakeFunction::returning(r#"{"message":"hi"}"#),
    );
    let served = bed.send(get("/hello")).await;
    served.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        &["statusCode is missing", "an integer HTTP status code"],
    );
    assert_eq!(bed.function.invocations(), 1);
    insta::assert_yaml_snapshot!(served.outcome());

    // The same output on a 2.0 route is inferred as a 200 (§5.2).
    let stack = Stack::hello();
    let bed = Bed::serve(
        &[stack.record()],
        FakeFunction::returning(r#"{"message":"hi"}"#),
    );
    assert_eq!(bed.send(get("/hello")).await.status().as_u16(), 200);
}

#[tokio::test]
async fn plain_string_output_is_500_with_what_to_return() {
    let stack = v1_stack(&["$default"], RouteSpec::lambda("GET /hello", FUNCTION));
    let bed = Bed::serve(
        &[stack.record()],
        FakeFunction::returning(r#""Hello from Lambda!""#),
    );
    let served = bed.send(get("/hello")).await;
    served.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        &[
            "\"Hello from Lambda!\"",
            "infers nothing",
            "\"statusCode\": 200",
        ],
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn multi_value_header_that_is_not_a_list_is_500() {
    let stack = v1_stack(&["$default"], RouteSpec::lambda("GET /hello", FUNCTION));
    let bed = Bed::serve(
        &[stack.record()],
        FakeFunction::returning(r#"{"statusCode":200,"multiValueHeaders":{"x-a":"1"}}"#),
    );
    let served = bed.send(get("/hello")).await;
    served.assert_refused(
        500,
        INTERNAL_SERVER_ERROR,
        &["multiValueHeaders.x-a is \"1\"", "a list of strings"],
    );
}

#[tokio::test]
async fn jwt_claims_reach_the_1_0_authorizer_field() {
    let issuer = Issuer::start().await;
    let stack = Stack::new()
        .jwt_authorizer(issuer.url())
        .route(
            RouteSpec::lambda("GET /pets", FUNCTION)
                .jwt(&["pets:read"])
                .payload(PayloadFormatVersion::V1_0),
        )
        .permission(FUNCTION, Some(&source_arn("*")));
    let token = issuer.token();
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok()).with_issuer(issuer);
    let served = bed.send(get("/pets").bearer(&token)).await;
    assert_eq!(served.status().as_u16(), 200, "{:?}", served.outcome());
    let event = bed.function.only_invocation().event;
    let authorizer = &event["requestContext"]["authorizer"];
    assert_eq!(authorizer["claims"]["sub"], "user-1");
    assert_eq!(authorizer["claims"]["aud"], "api");
    assert_eq!(authorizer["scopes"], json!(["pets:read"]));
    assert!(authorizer.get("jwt").is_none(), "1.0 has no jwt wrapper");
    assert_eq!(event["headers"]["authorization"], format!("Bearer {token}"));
}
