//! Stage settings and the other integrations, on a plain-CloudFormation REST API
//! (`fixtures/rest/stage`): stage variables in the event, an `HTTP_PROXY` to a real
//! endpoint, `MethodSettings` throttling a `MOCK` (429), the access log in the stage's
//! format, `TracingEnabled` noted, and a custom domain's base path mapping.

use reqwest::Method;
use serde_json::json;

use super::{TOO_MANY_REQUESTS, send};
use crate::http_proxy::Echo;
use crate::support::{Gantry, Up, fixture};

/// `gantry up` of the fixture, proxying to `echo`.
fn start(echo: &Echo, state: &tempfile::TempDir) -> Gantry {
    Up::new(&fixture("rest/stage/template.yaml"), state.path())
        .parameter("Upstream", &echo.base)
        .start()
        .unwrap_or_else(|(status, output)| panic!("gantry up failed ({status}):\n{output}"))
}

#[test]
fn an_http_proxy_forwards_the_method_greedy_path_query_and_body() {
    let echo = Echo::start();
    let state = tempfile::tempdir().unwrap();
    let gantry = start(&echo, &state);
    // HTTP_PROXY: method, greedy path, query and body forwarded; the answer passed back
    // (aws-rest-api.md §8.2).
    let reply = send(&gantry, Method::POST, "/dev/upstream/pets/7?x=1", |r| {
        r.body("hello")
    });
    assert_eq!(reply.status, 200, "{}\n{}", reply.text(), reply.log);
    assert_eq!(reply.header("x-origin"), Some("backend"));
    let seen = reply.json();
    assert_eq!(seen["method"], "POST", "{seen}");
    assert_eq!(seen["path"], "/backend/pets/7", "{seen}");
    assert_eq!(seen["query"], "x=1", "{seen}");
    assert_eq!(seen["body"], "hello", "{seen}");
}

#[test]
fn a_stage_serves_variables_throttles_logs_and_its_custom_domain() {
    let echo = Echo::start();
    let state = tempfile::tempdir().unwrap();
    let gantry = start(&echo, &state);
    let output = gantry.output();
    assert!(output.contains("TracingEnabled"), "a note: {output}");

    // Lambda proxy: the stage's variables in the event (aws-rest-api.md §2.1).
    let reply = send(&gantry, Method::GET, "/dev/echo", |r| r);
    assert_eq!(reply.status, 200, "{}\n{}", reply.text(), reply.log);
    let event = reply.json();
    assert_eq!(event["stageVariables"], json!({"color": "blue"}));
    let echo_id = reply.header("x-amzn-requestid").unwrap().to_owned();

    // MethodSettings throttle GET /limited (burst 1): a quick burst gets 429.
    let replies: Vec<(u16, String)> = (0..6)
        .map(|_| {
            let reply = send(&gantry, Method::GET, "/dev/limited", |r| r);
            (reply.status, reply.text())
        })
        .collect();
    assert_eq!(replies[0], (200, r#"{"limited": true}"#.to_owned()));
    assert!(
        replies
            .iter()
            .any(|(status, body)| *status == 429 && body == TOO_MANY_REQUESTS),
        "{replies:?}"
    );

    // The custom domain: base path v1 maps to stage dev (aws-rest-api.md §1.1, §2.4).
    let reply = send(&gantry, Method::GET, "/v1/echo", |r| {
        r.header("Host", "api.example.com")
    });
    assert_eq!(reply.status, 200, "{}\n{}", reply.text(), reply.log);
    let event = reply.json();
    assert_eq!(event["requestContext"]["stage"], "dev", "{event}");
    assert_eq!(event["resource"], "/echo", "{event}");

    // The access log, in the stage's format, in the state directory.
    let file = state.path().join("logs/_rest-e2e_access.log");
    let log = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}: {output}"));
    assert!(
        log.lines()
            .any(|line| line == format!("{echo_id} GET /echo dev 200")),
        "{log}"
    );
}
