//! A REST API in plain CloudFormation (`fixtures/rest/plain`): `RestApi`, two `Resource`s,
//! a `Method` with a Lambda proxy integration to a Python function, a `Deployment` and a
//! `Stage` with variables. The event's REST fields (aws-rest-api.md §2) and the stage
//! variables arrive.

use serde_json::json;

use super::{INTERNAL_SERVER_ERROR, MISSING_AUTHENTICATION_TOKEN, Served};
use crate::support::{fixture, gantry};

#[test]
fn a_plain_cloudformation_rest_api_serves_its_stage_with_stage_variables() {
    let served = Served::start("plain");
    let output = served.gantry.output();
    let base = &served.gantry.base;
    assert!(
        output.contains(&format!("GET     {base}/test/items/{{id}}")),
        "{output}"
    );

    let reply = served.get("/test/items/42?color=red&color=green", &[]);
    assert_eq!(reply.status, 200, "{}\n{}", reply.text(), reply.log);
    let event = reply.json();
    assert_eq!(event["resource"], "/items/{id}");
    assert_eq!(event["path"], "/items/42");
    assert_eq!(event["httpMethod"], "GET");
    assert_eq!(event["pathParameters"], json!({"id": "42"}));
    assert_eq!(
        event["stageVariables"],
        json!({"color": "blue", "table": "items-test"})
    );
    assert_eq!(event["queryStringParameters"], json!({"color": "green"}));
    assert_eq!(
        event["multiValueQueryStringParameters"],
        json!({"color": ["red", "green"]})
    );
    assert_eq!(event["isBase64Encoded"], false);
    let context = &event["requestContext"];
    assert_eq!(context["stage"], "test");
    assert_eq!(context["path"], "/test/items/42");
    assert_eq!(context["resourcePath"], "/items/{id}");
    assert_eq!(context["httpMethod"], "GET");
    assert_eq!(context["accountId"], "123456789012");
    assert!(context["resourceId"].is_string(), "{context}");
    assert!(context["deploymentId"].is_string(), "{context}");
    assert_eq!(
        reply.header("x-amzn-requestid"),
        context["requestId"].as_str()
    );
    assert_eq!(event.get("version"), None, "REST events have no version");

    // No such resource: 403 Missing Authentication Token.
    let reply = served.get("/test/orders", &[]);
    reply.assert(403, MISSING_AUTHENTICATION_TOKEN);

    // GET /items: the function's permission (SourceArn .../*/GET/items/*) does not cover
    // it: 500 (aws-rest-api.md §3.4), explained.
    let reply = served.get("/test/items", &[]);
    reply.assert(500, INTERNAL_SERVER_ERROR);
    assert!(reply.log.contains("why: "), "{}", reply.log);
    assert!(reply.log.contains("permission"), "{}", reply.log);
}

#[test]
fn a_non_proxy_aws_integration_is_refused_at_deploy_naming_the_method_and_line() {
    let template = fixture("rest/vtl/template.yaml");
    let state = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = gantry(&[
        "up",
        template.to_str().unwrap(),
        "--port",
        "0",
        "--state-dir",
        state.path().to_str().unwrap(),
    ]);
    let output = format!("{stdout}{stderr}");
    assert_eq!(code, 1, "{output}");
    assert!(output.contains("GET /pets"), "{output}");
    assert!(output.contains("Velocity"), "{output}");
    // The diagnostic points at the integration's `Type: AWS` line of the template.
    let at_line = format!("--> {}:24 (", template.display());
    assert!(output.contains(&at_line), "{output}");
}
