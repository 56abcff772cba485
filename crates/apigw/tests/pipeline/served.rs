//! Requests that reach the function: the payload format 2.0 event it receives (§4.1) and
//! the mapping of its response (§5.1, §5.2).

use serde_json::json;

use crate::support::{
    ACCOUNT, API_ID, Bed, FUNCTION, FakeFunction, GATEWAY_PORT, RouteSpec, Stack, get, request,
    source_arn,
};

#[tokio::test]
async fn served_request_is_200_with_the_event_checked() {
    let stack = Stack::new()
        .route(RouteSpec::lambda("POST /pets/{id}", FUNCTION))
        .permission(FUNCTION, Some(&source_arn("*")));
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed
        .send(
            request("POST", "/pets/42?verbose=1&tag=a&tag=b")
                .api_host(API_ID)
                .header("content-type", "application/json")
                .header("user-agent", "pipeline-test")
                .body(r#"{"name":"Rex"}"#),
        )
        .await;

    assert_eq!(served.status().as_u16(), 200);
    assert_eq!(served.response.body().as_ref(), br#"{"ok":true}"#);
    assert_eq!(served.log.explanation, None);
    assert_eq!(served.log.route_key.as_deref(), Some("POST /pets/{id}"));
    let call = served
        .log
        .function
        .as_ref()
        .expect("the log names the call");
    assert_eq!(call.function_name, FUNCTION);
    insta::assert_yaml_snapshot!(served.outcome());

    let invocation = bed.function.only_invocation();
    assert_eq!(invocation.function_name, FUNCTION);
    assert!(
        invocation
            .trace_id
            .is_some_and(|t| t.starts_with("Root=1-"))
    );
    let event = invocation.event;
    assert_eq!(event["version"], "2.0");
    assert_eq!(event["routeKey"], "POST /pets/{id}");
    assert_eq!(event["rawPath"], "/pets/42");
    assert_eq!(event["rawQueryString"], "verbose=1&tag=a&tag=b");
    assert_eq!(
        event["queryStringParameters"],
        json!({"verbose": "1", "tag": "a,b"})
    );
    assert_eq!(event["pathParameters"], json!({"id": "42"}));
    assert_eq!(event["body"], r#"{"name":"Rex"}"#);
    assert_eq!(event["isBase64Encoded"], false);
    assert_eq!(event["headers"]["content-type"], "application/json");
    assert_eq!(
        event["headers"]["x-forwarded-port"],
        GATEWAY_PORT.to_string()
    );
    let context = &event["requestContext"];
    assert_eq!(context["stage"], "$default");
    assert_eq!(context["routeKey"], "POST /pets/{id}");
    assert_eq!(context["apiId"], API_ID);
    assert_eq!(context["accountId"], ACCOUNT);
    assert_eq!(
        context["domainName"],
        format!("{API_ID}.execute-api.localhost:{GATEWAY_PORT}")
    );
    assert_eq!(context["http"]["method"], "POST");
    assert_eq!(context["http"]["path"], "/pets/42");
    assert_eq!(context["http"]["sourceIp"], "127.0.0.1");
    assert_eq!(context["http"]["userAgent"], "pipeline-test");
    assert_eq!(
        context["requestId"],
        served.response.headers()["apigw-requestid"]
            .to_str()
            .unwrap(),
        "the event's request id is the one the client sees"
    );
    assert!(context.get("authorizer").is_none_or(|a| a.is_null()));
}

#[tokio::test]
async fn named_stage_is_in_the_path_but_not_in_the_route_key() {
    let stack = Stack::empty()
        .api_with_stages(API_ID, &["$default", "prod"])
        .function(FUNCTION)
        .route(RouteSpec::lambda("GET /hello", FUNCTION))
        .permission(FUNCTION, Some(&source_arn("prod/GET/hello")));
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    let served = bed.send(get("/prod/hello")).await;
    assert_eq!(served.status().as_u16(), 200, "{:?}", served.outcome());
    let event = bed.function.only_invocation().event;
    assert_eq!(event["requestContext"]["stage"], "prod");
    assert_eq!(event["routeKey"], "GET /hello");
    assert_eq!(event["rawPath"], "/prod/hello");

    // The permission names stage prod only: the same route on $default is refused.
    let refused = bed.send(get("/hello")).await;
    refused.assert_refused(
        500,
        crate::INTERNAL_SERVER_ERROR,
        &[&source_arn("$default/GET/hello")],
    );
    assert_eq!(bed.function.invocations(), 1);
}

#[tokio::test]
async fn full_response_maps_status_headers_and_cookies() {
    let bed = Bed::serve(
        &[Stack::hello().record()],
        FakeFunction::returning(
            r#"{"statusCode":201,"headers":{"x-custom":"yes","content-type":"text/html"},"cookies":["a=1","b=2; Secure"],"body":"<p>made</p>"}"#,
        ),
    );
    let served = bed.send(get("/hello")).await;
    assert_eq!(served.status().as_u16(), 201);
    assert_eq!(served.response.body().as_ref(), b"<p>made</p>");
    let headers = served.response.headers();
    assert_eq!(headers["x-custom"], "yes");
    assert_eq!(headers["content-type"], "text/html");
    let cookies: Vec<_> = headers.get_all("set-cookie").iter().collect();
    assert_eq!(cookies, ["a=1", "b=2; Secure"]);
    assert!(headers.contains_key("apigw-requestid"));
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn output_without_status_code_is_inferred_as_200_json() {
    let bed = Bed::serve(
        &[Stack::hello().record()],
        FakeFunction::returning(r#"{"message":"hi"}"#),
    );
    let served = bed.send(get("/hello")).await;
    assert_eq!(served.status().as_u16(), 200);
    assert_eq!(served.response.body().as_ref(), br#"{"message":"hi"}"#);
    assert_eq!(
        served.outcome().content_type.as_deref(),
        Some("application/json")
    );
}

#[tokio::test]
async fn function_chosen_status_is_passed_through_unexplained() {
    // A 500 the function chose is its response, not a gateway refusal.
    let bed = Bed::serve(
        &[Stack::hello().record()],
        FakeFunction::returning(r#"{"statusCode":500,"body":"oops"}"#),
    );
    let served = bed.send(get("/hello")).await;
    assert_eq!(served.status().as_u16(), 500);
    assert_eq!(served.response.body().as_ref(), b"oops");
    assert_eq!(served.log.explanation, None);
}
