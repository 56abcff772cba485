//! HTTP_PROXY integrations end to end (§6.4, §6.5): the real binary forwards to a real
//! Python endpoint started on 127.0.0.1:0 that echoes what it received; the corpus's
//! parameter-mapping and quick-create templates deploy with their public URL rewritten
//! to that endpoint (there is no network here); an AWS service integration is refused
//! at deploy and answers 500 with `--allow-unsupported`.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::support::{Gantry, Up, client, fixture, log_record, request_id};

/// The public URL the corpus templates proxy to.
const PETSTORE: &str = "http://petstore.execute-api.us-west-1.amazonaws.com";

/// The echo endpoint (`fixtures/http-proxy/echo.py`), killed on drop.
pub(crate) struct Echo {
    child: Child,
    pub(crate) base: String,
}

impl Echo {
    pub(crate) fn start() -> Self {
        let mut child = Command::new("python3")
            .arg(fixture("http-proxy/echo.py"))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs the echo endpoint");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut port = String::new();
        BufReader::new(stdout)
            .read_line(&mut port)
            .expect("the endpoint prints its port");
        let base = format!("http://127.0.0.1:{}", port.trim());
        Self { child, base }
    }
}

impl Drop for Echo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn up(template: &Path, state: &Path, echo: &Echo) -> Gantry {
    Up::new(template, state)
        .parameter("Upstream", &echo.base)
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"))
}

fn echoed(response: reqwest::blocking::Response) -> Value {
    assert_eq!(response.status(), 200, "{:?}", response.headers());
    response.json().unwrap()
}

#[test]
fn requests_are_forwarded_with_path_query_headers_body_and_stage_variables() {
    let echo = Echo::start();
    let state = tempfile::tempdir().unwrap();
    let gantry = up(&fixture("http-proxy/template.yaml"), state.path(), &echo);
    let response = client()
        .post(format!("{}/pets/dogs/7?x=1&y=2", gantry.base))
        .header("x-custom", "kept")
        .header("x-forwarded-for", "10.0.0.1")
        .body("hello")
        .send()
        .unwrap();
    assert_eq!(response.headers()["x-origin"], "backend");
    let seen = echoed(response);
    assert_eq!(seen["method"], "POST");
    assert_eq!(
        seen["path"], "/backend/dogs/7",
        "{{proxy}} carries both segments"
    );
    assert_eq!(seen["query"], "x=1&y=2");
    assert_eq!(seen["body"], "hello");
    assert_eq!(seen["headers"]["x-custom"], "kept");
    assert_eq!(
        seen["headers"]["host"],
        echo.base.trim_start_matches("http://")
    );
    assert!(seen["headers"].get("x-forwarded-for").is_none());
    let forwarded = seen["headers"]["forwarded"].as_str().unwrap();
    assert!(
        forwarded.starts_with("for=10.0.0.1, for=127.0.0.1;host="),
        "{forwarded}"
    );

    // Stage variables fill the integration URI.
    let seen = echoed(
        client()
            .get(format!("{}/area/5", gantry.base))
            .send()
            .unwrap(),
    );
    assert_eq!(seen["path"], "/zone/5");

    // `$default` appends the full path to the integration URI.
    let seen = echoed(
        client()
            .get(format!("{}/any/where?q=1", gantry.base))
            .send()
            .unwrap(),
    );
    assert_eq!(seen["path"], "/base/any/where");
    assert_eq!(seen["query"], "q=1");
}

#[test]
fn request_and_response_parameters_are_applied() {
    let echo = Echo::start();
    let state = tempfile::tempdir().unwrap();
    let gantry = up(&fixture("http-proxy/template.yaml"), state.path(), &echo);
    let response = client()
        .get(format!("{}/items/42?keep=1&drop=2", gantry.base))
        .header("x-custom", "original")
        .header("x-secret", "s")
        .send()
        .unwrap();
    let id = request_id(&response);
    let seen = echoed(response);
    assert_eq!(seen["path"], "/v2/items/42");
    assert_eq!(seen["query"], "keep=1&source=gantry");
    assert_eq!(seen["headers"]["x-custom"], "item-42");
    assert_eq!(seen["headers"]["x-request-id"], id.as_str());
    assert!(seen["headers"].get("x-secret").is_none());

    let mapped = client()
        .get(format!("{}/status/missing", gantry.base))
        .send()
        .unwrap();
    assert_eq!(mapped.status(), 200, "the endpoint's 404 is mapped to 200");
    assert_eq!(mapped.headers()["x-was"], "backend-404");
    let untouched = client()
        .get(format!("{}/status/found", gantry.base))
        .send()
        .unwrap();
    assert_eq!(untouched.status(), 200);
    assert!(untouched.headers().get("x-was").is_none());
}

#[test]
fn a_slow_endpoint_is_503_and_an_unreachable_one_500_both_explained() {
    let echo = Echo::start();
    let state = tempfile::tempdir().unwrap();
    let gantry = up(&fixture("http-proxy/template.yaml"), state.path(), &echo);
    let slow = client()
        .get(format!("{}/slow", gantry.base))
        .send()
        .unwrap();
    assert_eq!(slow.status(), 503);
    let id = request_id(&slow);
    assert_eq!(slow.text().unwrap(), r#"{"message":"Service Unavailable"}"#);
    let record = log_record(&gantry, &id);
    assert!(
        record.contains("within the integration timeout of 500 ms"),
        "{record}"
    );

    let down = client()
        .get(format!("{}/down", gantry.base))
        .send()
        .unwrap();
    assert_eq!(down.status(), 500);
    let id = request_id(&down);
    assert_eq!(
        down.text().unwrap(),
        r#"{"message":"Internal Server Error"}"#
    );
    let record = log_record(&gantry, &id);
    assert!(
        record.contains("why: HTTP_PROXY integration could not connect to http://127.0.0.1:9/down")
            && record.contains("Connection refused"),
        "{record}"
    );
}

/// A corpus template with its public URL pointed at the local endpoint.
fn corpus_pointed_at(name: &str, echo: &Echo, dir: &Path) -> std::path::PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/templates")
        .join(name);
    let text = std::fs::read_to_string(source).unwrap();
    assert!(
        text.contains(PETSTORE),
        "the template proxies to {PETSTORE}"
    );
    let path = dir.join(name);
    std::fs::write(&path, text.replace(PETSTORE, &echo.base)).unwrap();
    path
}

#[test]
fn corpus_parameter_mapping_template_serves_its_mappings() {
    let echo = Echo::start();
    let dir = tempfile::tempdir().unwrap();
    let template = corpus_pointed_at(
        "awsdocs-apigw-guide--http-api-parameter-mapping.yaml",
        &echo,
        dir.path(),
    );
    let state = dir.path().join("state");
    let gantry = Up::new(&template, &state)
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let response = client().get(format!("{}/", gantry.base)).send().unwrap();
    assert_eq!(
        response.headers()["header2"],
        "value2",
        "ResponseParameters for 200"
    );
    let id = request_id(&response);
    let seen = echoed(response);
    assert_eq!(seen["path"], "/petstore/pets");
    assert_eq!(
        seen["headers"]["header1"],
        id.as_str(),
        "append:header.header1 = $context.requestId"
    );
}

#[test]
fn corpus_quick_create_http_proxy_forwards_to_its_target() {
    let echo = Echo::start();
    let dir = tempfile::tempdir().unwrap();
    let template = corpus_pointed_at(
        "awsdocs-apigw-guide--http-quick-create-http-proxy.yaml",
        &echo,
        dir.path(),
    );
    let state = dir.path().join("state");
    let gantry = Up::new(&template, &state)
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let seen = echoed(client().get(format!("{}/", gantry.base)).send().unwrap());
    assert_eq!(seen["path"], "/petstore/pets");
    assert_eq!(seen["method"], "GET");
    let seen = echoed(
        client()
            .delete(format!("{}/7", gantry.base))
            .send()
            .unwrap(),
    );
    assert_eq!(seen["path"], "/petstore/pets/7");
    assert_eq!(seen["method"], "DELETE");
}

#[test]
fn an_aws_service_integration_is_refused_at_deploy_and_500_with_allow_unsupported() {
    let template = fixture("http-proxy/service-integration.yaml");
    let state = tempfile::tempdir().unwrap();
    let (status, output) = match Up::new(&template, state.path()).start() {
        Ok(gantry) => panic!("deployed:\n{}", gantry.output()),
        Err(failure) => failure,
    };
    assert_eq!(status.code(), Some(1), "{output}");
    for words in [
        "EventsIntegration",
        "IntegrationSubtype EventBridge-PutEvents",
        "used by route(s) EventsRoute",
        "--allow-unsupported",
    ] {
        assert!(output.contains(words), "{words}:\n{output}");
    }

    let state = tempfile::tempdir().unwrap();
    let gantry = Up::new(&template, state.path())
        .extra(&["--allow-unsupported"])
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    assert!(
        gantry
            .output()
            .contains("AWS service integrations are not emulated"),
        "{}",
        gantry.output()
    );
    let response = client()
        .post(format!("{}/events", gantry.base))
        .body("{}")
        .send()
        .unwrap();
    assert_eq!(response.status(), 500);
    let id = request_id(&response);
    let record = log_record(&gantry, &id);
    assert!(
        record.contains("IntegrationSubtype EventBridge-PutEvents"),
        "{record}"
    );
}
