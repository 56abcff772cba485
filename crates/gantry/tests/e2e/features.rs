//! The feature examples (`examples/features/*.yaml`), each deployed in place by the real
//! binary with a temporary state directory and checked for exactly what its header
//! comment (and the README) promises: the curl lines' statuses, headers and bodies.

mod auth;
mod serving;

use std::path::PathBuf;

use tempfile::TempDir;

use crate::support::{Gantry, Up, client, log_record, request_id};

pub(crate) const FORBIDDEN: &str = r#"{"message":"Forbidden"}"#;
pub(crate) const NOT_FOUND: &str = r#"{"message":"Not Found"}"#;

/// `examples/features/{name}`.
pub(crate) fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/features")
        .join(name)
}

/// `gantry up examples/features/{name}` with a fresh state directory.
pub(crate) fn up(name: &str, parameters: &[(&str, &str)]) -> (Gantry, TempDir) {
    let state = tempfile::tempdir().unwrap();
    let template = example(name);
    let mut up = Up::new(&template, state.path());
    for (key, value) in parameters {
        up = up.parameter(key, value);
    }
    let gantry = up
        .start()
        .unwrap_or_else(|(status, output)| panic!("gantry up {name} failed ({status}):\n{output}"));
    (gantry, state)
}

/// How many invocations of functions whose name starts with `prefix` gantry has printed.
fn invocations(gantry: &Gantry, prefix: &str) -> usize {
    gantry
        .output()
        .lines()
        .filter(|line| {
            line.starts_with(&format!("[{prefix}")) && line.contains("] START RequestId: ")
        })
        .count()
}

/// Waits until gantry has printed at least `expected` invocations of functions whose name
/// starts with `prefix` (their log lines may trail the access-log line), then a moment
/// more for any beyond it; returns how many it printed.
pub(crate) fn wait_for_invocations(gantry: &Gantry, prefix: &str, expected: usize) -> usize {
    let started = std::time::Instant::now();
    while invocations(gantry, prefix) < expected && started.elapsed().as_secs() < 10 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    invocations(gantry, prefix)
}

/// Every value of a response header, in order.
pub(crate) fn values(response: &reqwest::blocking::Response, name: &str) -> Vec<String> {
    response
        .headers()
        .get_all(name)
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .collect()
}

#[test]
fn example_payload_v1_sends_the_1_0_event_and_returns_multi_value_headers() {
    let (gantry, _state) = up("payload-v1.yaml", &[]);
    let response = client()
        .get(format!("{}/hello/ann?tag=a&tag=b", gantry.base))
        .send()
        .unwrap();
    assert_eq!(response.status(), 200, "{}", gantry.output());
    assert_eq!(
        values(&response, "set-cookie"),
        ["a=1; Path=/", "b=2; Path=/"]
    );
    assert_eq!(
        response.text().unwrap(),
        "GET /hello/{name} {'tag': ['a', 'b']}"
    );
}

#[test]
fn example_cors_adds_allow_origin_and_answers_preflights_without_invoking() {
    let (gantry, _state) = up("cors.yaml", &[]);
    let client = client();
    let items = format!("{}/items", gantry.base);

    let response = client
        .get(&items)
        .header("origin", "https://app.example.com")
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        values(&response, "access-control-allow-origin"),
        ["https://app.example.com"]
    );
    assert_eq!(response.text().unwrap(), "GET /items");
    assert_eq!(wait_for_invocations(&gantry, "gantry-Function-", 1), 1);

    let response = client
        .request(reqwest::Method::OPTIONS, &items)
        .header("origin", "https://app.example.com")
        .header("access-control-request-method", "POST")
        .send()
        .unwrap();
    assert_eq!(response.status(), 204);
    let id = request_id(&response);
    for (name, value) in [
        ("access-control-allow-origin", "https://app.example.com"),
        ("access-control-allow-methods", "GET,POST"),
        ("access-control-allow-headers", "authorization"),
        ("access-control-max-age", "600"),
    ] {
        assert_eq!(values(&response, name), [value], "{name}");
    }
    assert!(response.text().unwrap().is_empty());
    let record = log_record(&gantry, &id);
    assert!(
        record.contains("CORS preflight answered by API Gateway"),
        "{record}"
    );
    assert_eq!(
        wait_for_invocations(&gantry, "gantry-Function-", 1),
        1,
        "the preflight did not invoke the function:\n{}",
        gantry.output()
    );

    let response = client
        .get(&items)
        .header("origin", "https://evil.example.com")
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none(),
        "{:?}",
        response.headers()
    );
}

#[test]
fn example_openapi_serves_the_paths_of_its_body_only() {
    let (gantry, _state) = up("openapi.yaml", &[]);
    let response = client()
        .get(format!("{}/pets", gantry.base))
        .send()
        .unwrap();
    assert_eq!(response.status(), 200, "{}", gantry.output());
    assert_eq!(response.text().unwrap(), "pets");
    let response = client()
        .get(format!("{}/other", gantry.base))
        .send()
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(response.text().unwrap(), NOT_FOUND);
}
