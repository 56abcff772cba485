//! CORS against the real binary and a real Node.js function (§8): the two cases
//! (a CORS request to a quick-created API's `$default` route gets
//! `Access-Control-Allow-Origin`; a preflight with no OPTIONS route is answered without
//! invoking), a disallowed origin, the function's own CORS headers replaced,
//! `AllowCredentials` and `MaxAge`, and the corpus template with CORS.

use std::path::Path;

use crate::support::{Gantry, Up, client, fixture, log_record, request_id};

fn up(template: &Path) -> (tempfile::TempDir, Gantry) {
    let state = tempfile::tempdir().unwrap();
    let gantry = Up::new(template, state.path())
        .start()
        .unwrap_or_else(|(s, o)| panic!("{s}\n{o}"));
    (state, gantry)
}

/// The ids of the APIs in the banner, by name.
fn api_id(gantry: &Gantry, name: &str) -> String {
    let output = gantry.output();
    let line = output
        .lines()
        .find(|l| l.starts_with(&format!("API {name} (")))
        .unwrap_or_else(|| panic!("no API {name}:\n{output}"));
    line.split('(')
        .nth(1)
        .unwrap()
        .split(')')
        .next()
        .unwrap()
        .to_owned()
}

fn host(api_id: &str) -> String {
    format!("{api_id}.execute-api.localhost")
}

#[test]
fn cors_is_served_as_the_configuration_says() {
    let (_state, gantry) = up(&fixture("cors.yaml"));
    let client = client();
    let open = host(&api_id(&gantry, "open"));
    let routed = host(&api_id(&gantry, "routed"));

    // The first case: a CORS request to $default of a quick-created API.
    let response = client
        .get(format!("{}/anything", gantry.base))
        .header("host", &open)
        .header("origin", "https://example.com")
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://example.com"
    );
    assert_eq!(headers["access-control-allow-credentials"], "true");
    assert_eq!(headers["access-control-expose-headers"], "x-invocations");
    assert!(
        headers.get("access-control-allow-methods").is_none(),
        "the function's own CORS headers are replaced"
    );
    let invocations: u32 = headers["x-invocations"].to_str().unwrap().parse().unwrap();

    // A disallowed origin: served, without CORS headers, explained on the log line.
    let response = client
        .get(format!("{}/anything", gantry.base))
        .header("host", &open)
        .header("origin", "https://evil.example")
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    let record = log_record(&gantry, &request_id(&response));
    assert!(
        record.contains("why: Origin https://evil.example is not allowed"),
        "{record}"
    );

    // The second case: a preflight with no OPTIONS route is answered by API
    // Gateway, without invoking the function.
    let response = client
        .request(reqwest::Method::OPTIONS, format!("{}/items", gantry.base))
        .header("host", &routed)
        .header("origin", "https://app.example")
        .header("access-control-request-method", "PUT")
        .header("access-control-request-headers", "Content-Type")
        .send()
        .unwrap();
    assert_eq!(response.status(), 204);
    let headers = response.headers();
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://app.example"
    );
    assert_eq!(headers["access-control-allow-methods"], "GET,PUT");
    assert_eq!(
        headers["access-control-allow-headers"],
        "content-type,x-trace"
    );
    assert_eq!(headers["access-control-max-age"], "600");
    assert!(headers.get("access-control-allow-credentials").is_none());
    let record = log_record(&gantry, &request_id(&response));
    assert!(
        record.contains("CORS preflight answered by API Gateway"),
        "{record}"
    );
    assert!(!record.contains("function="), "no invocation: {record}");

    // A preflight from an origin of another scheme: answered, no CORS headers.
    let response = client
        .request(reqwest::Method::OPTIONS, format!("{}/items", gantry.base))
        .header("host", &routed)
        .header("origin", "http://app.example")
        .header("access-control-request-method", "GET")
        .send()
        .unwrap();
    assert_eq!(response.status(), 204);
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );

    // The function ran once more (the disallowed origin), never for the preflights.
    let response = client
        .get(format!("{}/anything", gantry.base))
        .header("host", &open)
        .send()
        .unwrap();
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    let now: u32 = response.headers()["x-invocations"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        now,
        invocations + 2,
        "preflights did not invoke the function"
    );
}

#[test]
fn cors_corpus_template_deploys_and_answers_as_configured() {
    let template = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/templates/awsdocs-apigw-guide--http-with-cors.yaml");
    let (_state, gantry) = up(&template);
    let client = client();
    let response = client
        .request(reqwest::Method::OPTIONS, format!("{}/", gantry.base))
        .header("origin", "https://localhost:8080")
        .header("access-control-request-method", "PUT")
        .header("access-control-request-headers", "authorization")
        .send()
        .unwrap();
    // Quick create's $default route claims OPTIONS too (§8.2): the function answers and
    // API Gateway puts the CORS headers on its response.
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://localhost:8080"
    );
    assert_eq!(headers["access-control-allow-credentials"], "true");
    assert_eq!(headers["access-control-expose-headers"], "Date,x-api-id");
    let response = client
        .get(format!("{}/", gantry.base))
        .header("origin", "https://www.example.com")
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://www.example.com"
    );
    assert_eq!(response.text().unwrap(), "\"Hello from Lambda!\"");
}
