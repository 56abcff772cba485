//! `GET /_gantry/api/requests`: every answer valid against the published JSON Schema,
//! the exact values of a 200 with its log lines, a 401 and a 404 explained, credentials
//! masked, `?limit`, and gantry's own endpoints not recorded.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use super::Seed;
use crate::support::{client, request_id};

pub(super) fn schema() -> jsonschema::Validator {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/inspector/requests.schema.json");
    let schema: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    jsonschema::draft202012::new(&schema).unwrap()
}

pub(super) fn assert_valid(validator: &jsonschema::Validator, answer: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(answer)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{answer:#}");
}

#[test]
fn requests_json_matches_its_schema_and_shows_what_happened() {
    let seed = Seed::start(&[]);
    let base = &seed.gantry.base;
    let client = client();
    let validator = schema();

    let unauthorized = client.get(format!("{base}/test")).send().unwrap();
    assert_eq!(unauthorized.status(), 401);
    let unauthorized = request_id(&unauthorized);
    let no_route = client.get(format!("{base}/nowhere?x=1")).send().unwrap();
    assert_eq!(no_route.status(), 404);
    let no_route = request_id(&no_route);
    let ok = client
        .get(format!("{base}/test"))
        .bearer_auth(&seed.token)
        .send()
        .unwrap();
    assert_eq!(ok.status(), 200);
    let ok = request_id(&ok);
    // gantry's own endpoints are not API requests.
    client.get(format!("{base}/_gantry/health")).send().unwrap();

    let record = seed.record(&ok);
    let answer = seed.requests("");
    assert_valid(&validator, &answer);
    let ids: Vec<&str> = answer["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [ok.as_str(), &no_route, &unauthorized], "newest first");

    // The 200, field by field.
    let api_id = seed.gantry.api_id();
    assert_eq!(record["method"], "GET");
    assert_eq!(record["path"], "/test");
    assert_eq!(record["status"], 200);
    assert_eq!(record["apiId"], api_id.as_str());
    assert_eq!(record["stage"], "$default");
    assert_eq!(record["routeKey"], "GET /test");
    assert_eq!(record["authorizer"]["type"], "JWT");
    assert_eq!(record["authorizer"]["outcome"], "allow");
    assert_eq!(record["explanation"], Value::Null);
    let integration = &record["integration"];
    let invocation = integration["lambdaRequestId"].as_str().unwrap();
    assert!(
        integration["function"]
            .as_str()
            .unwrap()
            .contains("TestFunction"),
        "{integration:#}"
    );
    assert_eq!(integration["event"]["version"], "2.0");
    assert_eq!(integration["event"]["routeKey"], "GET /test");
    assert_eq!(
        integration["event"]["requestContext"]["requestId"],
        ok.as_str()
    );
    let logs: Vec<&str> = integration["logs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(
        logs[0].starts_with(&format!("START RequestId: {invocation}")),
        "{logs:#?}"
    );
    assert!(
        logs.last()
            .unwrap()
            .starts_with(&format!("REPORT RequestId: {invocation}")),
        "{logs:#?}"
    );
    assert_eq!(
        record["response"],
        json!({
            "status": 200,
            "headers": record["response"]["headers"],
            "body": "\"Hello from Lambda!\"",
            "isBase64Encoded": false,
            "truncated": false
        })
    );
    assert_eq!(
        record["response"]["headers"]["apigw-requestid"],
        ok.as_str()
    );

    // The token is masked everywhere: header and claims shown, signature gone.
    let signature = seed.token.rsplit('.').next().unwrap();
    let shown = record.to_string();
    assert!(!shown.contains(signature), "{shown}");
    let authorization = record["request"]["headers"]["authorization"]
        .as_str()
        .unwrap();
    let decoded = |segment: &str| -> Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(segment).unwrap()).unwrap()
    };
    let mut segments = seed.token.split('.');
    let (header, claims) = (
        decoded(segments.next().unwrap()),
        decoded(segments.next().unwrap()),
    );
    assert_eq!(
        authorization,
        format!("Bearer <JWT header {header} claims {claims} signature masked>")
    );
    assert_eq!(
        integration["event"]["headers"]["authorization"]
            .as_str()
            .unwrap(),
        authorization
    );

    // The 401: the JWT authorizer's denial and gantry's explanation.
    let denied = seed.record(&unauthorized);
    assert_eq!(denied["status"], 401);
    assert_eq!(denied["integration"], Value::Null);
    assert_eq!(denied["authorizer"]["type"], "JWT");
    assert_eq!(denied["authorizer"]["outcome"], "deny");
    assert!(
        denied["explanation"]
            .as_str()
            .unwrap()
            .contains("Authorization"),
        "{denied:#}"
    );

    // The 404: no route, explained.
    let missing = seed.record(&no_route);
    assert_eq!(missing["status"], 404);
    assert_eq!(missing["path"], "/nowhere?x=1");
    assert_eq!(missing["routeKey"], Value::Null);
    assert_eq!(missing["authorizer"], Value::Null);
    assert!(missing["explanation"].is_string(), "{missing:#}");

    // A poll naming what is still shown gets a 304.
    let polled = client
        .get(format!("{base}/_gantry/api/requests"))
        .send()
        .unwrap();
    let etag = polled.headers()["etag"].clone();
    let again = client
        .get(format!("{base}/_gantry/api/requests"))
        .header("if-none-match", etag)
        .send()
        .unwrap();
    assert_eq!(again.status(), 304);

    // ?limit keeps the newest.
    let limited = seed.requests("?limit=1");
    assert_valid(&validator, &limited);
    assert_eq!(limited["requests"].as_array().unwrap().len(), 1);
    assert_eq!(limited["requests"][0]["id"], ok.as_str());
    let bad = client
        .get(format!("{base}/_gantry/api/requests?limit=many"))
        .send()
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert!(bad.text().unwrap().contains("?limit=20"));
}

#[test]
fn history_zero_turns_the_inspector_off_and_says_how_to_turn_it_on() {
    let seed = Seed::start(&["--inspector-history", "0"]);
    let response = client()
        .get(format!("{}/_gantry/api/requests", seed.gantry.base))
        .send()
        .unwrap();
    assert_eq!(response.status(), 404);
    assert!(response.text().unwrap().contains("--inspector-history N"));
}

#[test]
fn the_page_is_served_with_a_strict_content_security_policy() {
    let seed = Seed::start(&[]);
    let client = client();
    let redirect = client
        .get(format!("{}/_gantry", seed.gantry.base))
        .send()
        .unwrap();
    assert_eq!(redirect.status(), 308);
    assert_eq!(redirect.headers()["location"], "/_gantry/");
    let page = client
        .get(format!("{}/_gantry/", seed.gantry.base))
        .send()
        .unwrap();
    assert_eq!(page.status(), 200);
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.starts_with("default-src 'none'; script-src 'self'"),
        "{policy}"
    );
    assert!(
        page.text()
            .unwrap()
            .contains("/_gantry/assets/inspector.js")
    );
}
