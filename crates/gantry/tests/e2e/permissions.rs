//! May API Gateway invoke the function? Every variant through the real server: the wire
//! shows AWS's opaque 500, the log says which permission is missing and how to grant it.

use crate::stack::TestStack;
use crate::support::{client, log_record, request_id};

const INTERNAL_SERVER_ERROR: &str = r#"{"message":"Internal Server Error"}"#;

fn refused(stack: &TestStack, path: &str) -> String {
    let response = client().get(stack.url(path)).send().unwrap();
    assert_eq!(response.status(), 500, "{path}");
    let id = request_id(&response);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.text().unwrap(), INTERNAL_SERVER_ERROR, "{path}");
    log_record(&stack.gantry, &id)
}

#[test]
fn invoke_permission_variants_match_iam_and_denials_are_explained() {
    let stack = TestStack::start();
    let client = client();

    // The integration role may invoke the function.
    assert_eq!(
        client
            .get(stack.url("/open/anything"))
            .send()
            .unwrap()
            .status(),
        200
    );
    // No role: the function's resource policy (AWS::Lambda::Permission) grants GET /items/*.
    assert_eq!(
        client.get(stack.url("/items/42")).send().unwrap().status(),
        200
    );

    // No role, and the resource policy does not cover this route.
    let log = refused(&stack, "/no-permission");
    assert!(
        log.contains("GET/no-permission"),
        "names the source ARN checked: {log}"
    );
    assert!(
        log.contains("AWS::Lambda::Permission"),
        "says what to add: {log}"
    );

    // A role that may invoke another function only.
    let log = refused(&stack, "/other-role");
    assert!(log.contains("OtherRole"), "names the role: {log}");
    assert!(
        log.contains("lambda:InvokeFunction"),
        "names the action: {log}"
    );
    assert!(log.contains("-Echo-"), "names the function: {log}");

    // A role API Gateway cannot assume.
    let log = refused(&stack, "/untrusted-role");
    assert!(log.contains("UntrustedRole"), "names the role: {log}");
    assert!(
        log.contains("apigateway.amazonaws.com") && log.contains("sts:AssumeRole"),
        "says what the trust policy lacks: {log}"
    );
}
