//! Payload format 1.0 through the real binary with real Node.js and Python functions
//! (`fixtures/payload-v1`): the REST-shaped event they receive (§4.3), their
//! `multiValueHeaders`, cookies and base64 bodies reaching the client, and output 1.0
//! cannot use answered 500 with the reason on gantry's log line (§5.3, §5.4). And the
//! corpus template SAM CLI's own start-api test uses for a 1.0 route next to a
//! quick-create `$default` route.

use std::path::Path;

use base64::Engine as _;
use serde_json::{Value, json};

use crate::support::{Gantry, Up, client, fixture, log_record, request_id};

const RUNTIMES: [&str; 2] = ["node", "python"];

fn start() -> (Gantry, tempfile::TempDir) {
    let state = tempfile::tempdir().unwrap();
    let template = fixture("payload-v1/template.yaml");
    let gantry = Up::new(&template, state.path())
        .start()
        .unwrap_or_else(|(status, output)| panic!("gantry up failed ({status}):\n{output}"));
    (gantry, state)
}

#[test]
fn functions_receive_the_1_0_event() {
    let (gantry, _state) = start();
    let client = client();
    for runtime in RUNTIMES {
        let response = client
            .post(format!(
                "{}/dev/{runtime}/echo?tag=a&tag=b&q=red+shoes",
                gantry.base
            ))
            .header("x-multi", "one")
            .header("x-multi", "two")
            .header("cookie", "session=abc; theme=dark")
            .header("content-type", "application/json")
            .header("user-agent", "e2e-test/1.0")
            .body(r#"{"hello":"world"}"#)
            .send()
            .unwrap();
        assert_eq!(response.status(), 200, "{runtime}");
        let event: Value = response.json().unwrap();

        assert_eq!(event["version"], "1.0", "{runtime}");
        assert_eq!(event["resource"], format!("/{runtime}/{{action}}"));
        assert_eq!(event["path"], format!("/dev/{runtime}/echo"));
        assert_eq!(event["httpMethod"], "POST");
        let headers = &event["headers"];
        assert_eq!(headers["x-multi"], "two", "{runtime}: the last value");
        assert_eq!(event["multiValueHeaders"]["x-multi"], json!(["one", "two"]));
        assert_eq!(headers["cookie"], "session=abc; theme=dark");
        assert_eq!(headers["Content-Length"], "17");
        assert_eq!(headers["Content-Type"], "application/json");
        assert_eq!(headers["User-Agent"], "e2e-test/1.0");
        assert_eq!(headers["X-Forwarded-For"], "127.0.0.1");
        assert!(
            headers["X-Amzn-Trace-Id"]
                .as_str()
                .unwrap()
                .starts_with("Root=1-")
        );
        assert_eq!(
            event["queryStringParameters"],
            json!({"tag": "b", "q": "red shoes"})
        );
        assert_eq!(
            event["multiValueQueryStringParameters"],
            json!({"tag": ["a", "b"], "q": ["red shoes"]})
        );
        assert_eq!(event["pathParameters"], json!({"action": "echo"}));
        assert_eq!(event["stageVariables"], json!({"table": "pets-dev"}));
        assert_eq!(event["body"], r#"{"hello":"world"}"#);
        assert_eq!(event["isBase64Encoded"], false);
        let context = &event["requestContext"];
        assert_eq!(context["accountId"], "123456789012");
        assert_eq!(context["stage"], "dev");
        assert_eq!(context["path"], format!("/dev/{runtime}/echo"));
        assert_eq!(context["resourceId"], format!("ANY /{runtime}/{{action}}"));
        assert_eq!(context["resourcePath"], format!("/{runtime}/{{action}}"));
        assert_eq!(context["httpMethod"], "POST");
        assert_eq!(context["protocol"], "HTTP/1.1");
        assert_eq!(context["identity"]["sourceIp"], "127.0.0.1");
        assert_eq!(context["identity"]["userAgent"], "e2e-test/1.0");
        assert_eq!(context["identity"]["userArn"], Value::Null);
        assert_eq!(context["extendedRequestId"], context["requestId"]);
        assert!(context.get("authorizer").is_none());
        assert!(
            context["requestTime"].as_str().unwrap().ends_with(" +0000"),
            "CLF in UTC"
        );
    }
}

#[test]
fn empty_parts_of_the_1_0_event_are_null_and_binary_bodies_base64() {
    let (gantry, _state) = start();
    let client = client();
    for runtime in RUNTIMES {
        let event: Value = client
            .get(format!("{}/{runtime}/echo", gantry.base))
            .send()
            .unwrap()
            .json()
            .unwrap();
        for null in [
            "queryStringParameters",
            "multiValueQueryStringParameters",
            "stageVariables",
            "body",
        ] {
            assert!(
                event.get(null).is_some_and(Value::is_null),
                "{runtime}: {null} is null, not absent: {event}"
            );
        }
        assert_eq!(event["headers"]["Content-Length"], "0");
        assert_eq!(event["requestContext"]["stage"], "$default");

        let bytes = [0u8, 159, 146, 150];
        let event: Value = client
            .put(format!("{}/{runtime}/echo", gantry.base))
            .header("content-type", "application/octet-stream")
            .body(bytes.to_vec())
            .send()
            .unwrap()
            .json()
            .unwrap();
        assert_eq!(event["isBase64Encoded"], true, "{runtime}");
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(event["body"].as_str().unwrap())
            .unwrap();
        assert_eq!(decoded, bytes, "{runtime}");
    }
}

#[test]
fn multi_value_headers_cookies_and_base64_bodies_reach_the_client() {
    let (gantry, _state) = start();
    let client = client();
    for runtime in RUNTIMES {
        let response = client
            .get(format!("{}/{runtime}/cookies", gantry.base))
            .send()
            .unwrap();
        assert_eq!(response.status(), 201, "{runtime}");
        let values = |name: &str| -> Vec<String> {
            response
                .headers()
                .get_all(name)
                .iter()
                .map(|v| v.to_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(
            values("set-cookie"),
            ["session=abc; Path=/; HttpOnly", "theme=dark; Path=/"],
            "{runtime}: one set-cookie per cookie"
        );
        assert_eq!(values("x-multi"), ["x", "y"], "{runtime}");
        assert_eq!(values("x-solo"), ["one"], "{runtime}");
        assert_eq!(values("content-type"), ["text/plain"], "{runtime}");
        assert_eq!(response.text().unwrap(), "cookies set");

        let response = client
            .get(format!("{}/{runtime}/binary", gantry.base))
            .send()
            .unwrap();
        assert_eq!(response.status(), 200, "{runtime}");
        assert_eq!(response.headers()["content-type"], "image/png");
        assert_eq!(
            response.bytes().unwrap().as_ref(),
            [0x89, 0x50, 0x4e, 0x47, 0x00, 0xff],
            "{runtime}: the body is decoded to bytes"
        );
    }
}

#[test]
fn output_1_0_cannot_use_is_500_and_explained_in_the_log() {
    let (gantry, _state) = start();
    let client = client();
    for (runtime, why) in [
        ("node", "statusCode is missing"),
        ("python", "body is {\"not\":\"a string\"}"),
    ] {
        let response = client
            .get(format!("{}/{runtime}/invalid", gantry.base))
            .send()
            .unwrap();
        assert_eq!(response.status(), 500, "{runtime}");
        let id = request_id(&response);
        assert_eq!(
            response.text().unwrap(),
            r#"{"message":"Internal Server Error"}"#
        );
        let log = log_record(&gantry, &id);
        assert!(
            log.contains(why),
            "{runtime}: the log should say {why:?}: {log}"
        );
        assert!(log.contains("so it answers 500"), "{log}");
    }
}

/// SAM CLI's `cfn-http-api-with-normal-and-default-routes` template, unchanged: plain
/// CloudFormation with `Code: '.'`, so the test copies it next to the handlers it names
/// (`fixtures/sam-cli-normal-and-default-routes/main.py`) and deploys it from there.
#[test]
fn corpus_template_with_a_1_0_route_and_a_default_route_serves_both() {
    let project = tempfile::tempdir().unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "../../corpus/templates/sam-cli--start-api-cfn-http-api-with-normal-and-default-routes.yaml",
    );
    let template = project.path().join("template.yaml");
    std::fs::copy(&corpus, &template).unwrap();
    std::fs::copy(
        fixture("sam-cli-normal-and-default-routes/main.py"),
        project.path().join("main.py"),
    )
    .unwrap();
    let state = project.path().join(".gantry");
    let gantry = Up::new(&template, &state)
        .start()
        .unwrap_or_else(|(status, output)| panic!("gantry up failed ({status}):\n{output}"));
    let client = client();

    let response = client
        .get(format!("{}/echoeventbody?x=1", gantry.base))
        .send()
        .unwrap();
    assert_eq!(response.status(), 200, "{}", gantry.output());
    let event: Value = response.json().unwrap();
    assert_eq!(
        event["version"], "1.0",
        "MyIntegration has PayloadFormatVersion 1.0"
    );
    assert_eq!(event["resource"], "/echoeventbody");
    assert_eq!(event["requestContext"]["resourceId"], "GET /echoeventbody");
    assert_eq!(event["httpMethod"], "GET");
    assert_eq!(event["queryStringParameters"], json!({"x": "1"}));

    // Every other request reaches the quick-create $default route, payload format 2.0.
    for path in ["/", "/anything/else"] {
        let response = client
            .post(format!("{}{path}", gantry.base))
            .send()
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            response.json::<Value>().unwrap(),
            json!({"hello": "world", "version": "2.0"}),
            "{path}"
        );
    }
}
