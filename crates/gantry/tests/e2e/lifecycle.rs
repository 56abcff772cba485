//! Deploy, restart, update, rollback and shutdown of `gantry up`, with its state on disk.

use std::time::Duration;

use serde_json::json;
use test_support::issuer::{IssuerServer, TestKey};

use crate::stack::TestStack;
use crate::support::{Up, client, fixture, processes_mentioning};

#[test]
fn restart_update_and_failed_update_keep_ids_and_state() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let key = TestKey::generate("k");
    let issuer = runtime.block_on(IssuerServer::start(json!({"keys": [key.jwk(None)]})));
    let state = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(fixture("stack.yaml")).unwrap();
    let template = dir.path().join("template.yaml");
    let client = client();
    let up = || {
        Up::new(&template, state.path())
            .parameter("IssuerUri", &issuer.issuer)
            .start()
    };

    // First deployment.
    std::fs::write(&template, &original).unwrap();
    let first = up().unwrap();
    let api_id = first.api_id();
    assert!(
        first.output().contains("CREATE_COMPLETE"),
        "{}",
        first.output()
    );
    let (status, _) = first.stop();
    assert!(
        status.success(),
        "SIGTERM ends gantry with exit 0: {status}"
    );

    // Same template, same state: same API, nothing created or changed.
    let second = up().unwrap();
    assert_eq!(second.api_id(), api_id, "stable URLs across restarts");
    let output = second.output();
    assert!(
        !output.contains("CREATE_IN_PROGRESS      ") && !output.contains("AWS::Lambda::Function  "),
        "{output}"
    );
    assert!(
        output.contains(&format!("http://{api_id}.execute-api.localhost:")),
        "{output}"
    );
    assert_eq!(
        client
            .get(second.base.clone() + "/items/1")
            .send()
            .unwrap()
            .status(),
        200
    );
    second.stop();

    // Changed template: a route added, one removed, applied as an update.
    let updated = original
        .replace(
            "      RouteKey: GET /items/{id}\n",
            "      RouteKey: GET /things/{id}\n",
        )
        .replace("${Api}/*/GET/items/*", "${Api}/*/GET/things/*");
    std::fs::write(&template, &updated).unwrap();
    let third = up().unwrap();
    let output = third.output();
    assert_eq!(third.api_id(), api_id);
    assert!(
        output.contains("UPDATE_COMPLETE") && output.contains("ItemRoute"),
        "{output}"
    );
    assert_eq!(
        client
            .get(third.base.clone() + "/things/1")
            .send()
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        client
            .get(third.base.clone() + "/items/1")
            .send()
            .unwrap()
            .status(),
        404
    );
    third.stop();

    // A failing update rolls back and leaves the previous deployment in the state.
    let broken = updated.replace(
        "      Code:\n        ZipFile: |\n          exports.handler = async () => ({ statusCode: 200, body: 'other' });",
        "      Code:\n        S3Bucket: my-bucket\n        S3Key: code/other.zip",
    );
    assert_ne!(broken, updated);
    std::fs::write(&template, &broken).unwrap();
    let (status, output) = match up() {
        Ok(gantry) => panic!("the broken template deployed:\n{}", gantry.output()),
        Err(failure) => failure,
    };
    assert_eq!(status.code(), Some(1), "{output}");
    assert!(
        output.contains("UPDATE_FAILED") && output.contains("Other"),
        "{output}"
    );
    assert!(
        output.contains("s3://my-bucket/code/other.zip") || output.contains("my-bucket"),
        "{output}"
    );
    assert!(output.contains("UPDATE_ROLLBACK_COMPLETE"), "{output}");

    std::fs::write(&template, &updated).unwrap();
    let fourth = up().unwrap();
    assert_eq!(fourth.api_id(), api_id);
    assert_eq!(
        client
            .get(fourth.base.clone() + "/things/1")
            .send()
            .unwrap()
            .status(),
        200
    );
    drop(fourth);
    drop(issuer);
}

#[test]
fn sigterm_lets_requests_in_flight_finish_then_stops_every_function_process() {
    let stack = TestStack::start();
    let slow = {
        let url = stack.url("/slow");
        std::thread::spawn(move || {
            client()
                .get(url)
                .send()
                .map(|r| (r.status().as_u16(), r.text().unwrap_or_default()))
        })
    };
    // Let the request reach the function, then ask gantry to stop.
    stack.gantry.wait_for_output("START RequestId");
    std::thread::sleep(Duration::from_millis(100));
    let state = stack.state.path().to_owned();
    assert!(
        !processes_mentioning(&state).is_empty(),
        "the function runs in its own process"
    );
    let (status, output) = stack.gantry.stop();
    let (code, body) = slow
        .join()
        .unwrap()
        .expect("the request in flight was answered");
    assert_eq!((code, body.as_str()), (200, "slow but done"), "{output}");
    assert!(status.success(), "exit 0 after SIGTERM: {status}\n{output}");
    assert!(
        processes_mentioning(&state).is_empty(),
        "function processes left: {:?}",
        processes_mentioning(&state)
    );
}

#[test]
fn health_answers_on_every_host_and_hosts_select_among_several_apis() {
    let state = tempfile::tempdir().unwrap();
    let template = fixture("two-apis.yaml");
    let gantry = Up::new(&template, state.path())
        .start()
        .unwrap_or_else(|(s, o)| panic!("{s}\n{o}"));
    let client = client();
    let output = gantry.output();
    let ids: Vec<String> = output
        .lines()
        .filter(|l| l.starts_with("API "))
        .map(|l| {
            l.split('(')
                .nth(1)
                .unwrap()
                .split(')')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 2, "{output}");
    let first = client
        .get(format!("{}/x", gantry.base))
        .header("host", format!("{}.execute-api.localhost", ids[0]))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let second = client
        .get(format!("{}/x", gantry.base))
        .header("host", format!("{}.execute-api.localhost", ids[1]))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert_ne!(first, second, "each host reaches its own API");

    // A host naming no API, with two deployed: 404, and the log says how to choose.
    let response = client.get(format!("{}/x", gantry.base)).send().unwrap();
    assert_eq!(response.status(), 404);
    let id = crate::support::request_id(&response);
    assert_eq!(response.text().unwrap(), r#"{"message":"Not Found"}"#);
    let log = crate::support::log_record(&gantry, &id);
    assert!(log.contains("2 APIs are deployed"), "{log}");

    // gantry's own endpoints answer on every host.
    for host in [
        "127.0.0.1",
        "whatever.execute-api.localhost",
        ids[0].as_str(),
    ] {
        let response = client
            .get(format!("{}/_gantry/health", gantry.base))
            .header("host", host)
            .send()
            .unwrap();
        assert_eq!(response.status(), 200, "{host}");
    }
}
