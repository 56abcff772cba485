//! How function results become HTTP responses (payload format 2.0), and how function
//! failures become AWS's 500 and 503, with the reason in the log.

use crate::stack::TestStack;
use crate::support::{client, log_record, request_id};

#[test]
fn function_results_are_mapped_like_payload_format_2_0() {
    let stack = TestStack::start();
    let client = client();

    let response = client.get(stack.url("/open/cookies")).send().unwrap();
    assert_eq!(response.status(), 200);
    let cookies: Vec<_> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        cookies,
        ["seen=1; Path=/", "flavour=oat"],
        "one set-cookie per cookie"
    );
    assert_eq!(response.headers()["x-echo"], "yes");

    // No statusCode: 200, application/json, the JSON as the body (§5.2).
    let response = client.get(stack.url("/bare")).send().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(
        response.json::<serde_json::Value>().unwrap(),
        serde_json::json!({"message": "no statusCode here"})
    );

    // isBase64Encoded: the body is decoded to bytes.
    let response = client.get(stack.url("/binary")).send().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().unwrap().as_ref(), [0u8, 1, 2, 255]);
}

#[test]
fn function_failures_are_500_or_503_on_the_wire_and_explained_in_the_log() {
    let stack = TestStack::start();
    let client = client();
    let cases = [
        (
            "/malformed",
            500,
            r#"{"message":"Internal Server Error"}"#,
            "body",
        ),
        (
            "/throws",
            500,
            r#"{"message":"Internal Server Error"}"#,
            "boom: cannot read the order",
        ),
        (
            "/crash",
            500,
            r#"{"message":"Internal Server Error"}"#,
            "Runtime.ExitError",
        ),
        (
            "/hang",
            503,
            r#"{"message":"Service Unavailable"}"#,
            "2000 ms",
        ),
    ];
    for (path, status, body, why) in cases {
        let response = client.get(stack.url(path)).send().unwrap();
        assert_eq!(response.status(), status, "{path}");
        let id = request_id(&response);
        assert_eq!(response.text().unwrap(), body, "{path}");
        let log = log_record(&stack.gantry, &id);
        assert!(
            log.contains(why),
            "{path}: the log should mention {why:?}: {log}"
        );
    }
    // After a crash and a hang, the function still serves.
    assert_eq!(client.get(stack.url("/slow")).send().unwrap().status(), 200);
    assert_eq!(client.get(stack.url("/bare")).send().unwrap().status(), 200);
}
