//! HTTP APIs defined by an OpenAPI definition (§11), through the real binary with real
//! Node and Python functions: the corpus template with a Body, a Body next to a Route
//! resource, a JWT scope on an imported route, `BodyS3Location` read from a local file,
//! and `FailOnWarnings`.

use std::net::TcpListener;
use std::path::Path;

use serde_json::Value;

use crate::support::{Up, client, fixture, gantry as run_gantry};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn get_json(url: &str, token: Option<&str>) -> (u16, Value) {
    let mut request = client().get(url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().unwrap();
    let status = response.status().as_u16();
    let body = response.text().unwrap();
    (
        status,
        serde_json::from_str(&body).unwrap_or(Value::String(body)),
    )
}

#[test]
fn the_corpus_template_with_a_swagger_body_serves_its_route_from_python() {
    // The template names its code '.', so it is copied next to the handler it names.
    let project = tempfile::tempdir().unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/templates/sam-cli--start-api-cfn-http-api-with-swagger-body.yaml");
    let template = project.path().join("template.yaml");
    std::fs::copy(&corpus, &template).unwrap();
    std::fs::copy(
        fixture("openapi/swagger-body/main.py"),
        project.path().join("main.py"),
    )
    .unwrap();
    let state = tempfile::tempdir().unwrap();
    let gantry = Up::new(&template, state.path())
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));

    let (status, event) = get_json(&format!("{}/echoeventbody", gantry.base), None);
    assert_eq!(status, 200, "{event}");
    assert_eq!(event["routeKey"], "GET /echoeventbody");
    assert_eq!(
        event["version"], "2.0",
        "payloadFormatVersion '2.0' from the Body"
    );
    let (status, _) = get_json(&format!("{}/other", gantry.base), None);
    assert_eq!(status, 404, "only the Body's route is served");
    let output = gantry.output();
    assert!(
        output.contains("API gantry ("),
        "the API is named after info.title (the stack name):\n{output}"
    );
}

#[test]
fn a_body_and_a_route_resource_are_served_together_and_imported_scopes_are_enforced() {
    let state = tempfile::tempdir().unwrap();
    let template = fixture("openapi/body-and-route.yaml");
    let port = free_port();
    let issuer = format!("http://127.0.0.1:{port}/_gantry/issuer/");
    let mut up = Up::new(&template, state.path()).parameter("IssuerUri", &issuer);
    up.port = port;
    let gantry = up
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));

    let (status, body) = get_json(&format!("{}/from-body", gantry.base), None);
    assert_eq!(
        (status, &body["routeKey"]),
        (200, &Value::from("GET /from-body")),
        "{body}"
    );
    let (status, body) = get_json(&format!("{}/from-resource", gantry.base), None);
    assert_eq!(
        (status, &body["routeKey"]),
        (200, &Value::from("GET /from-resource")),
        "{body}"
    );

    let state_dir = state.path().to_str().unwrap();
    let token = |scope: &str| {
        let (code, token, stderr) =
            run_gantry(&["token", "--state-dir", state_dir, "--scope", scope]);
        assert_eq!(code, 0, "{stderr}");
        token.trim().to_owned()
    };
    let scoped = format!("{}/scoped", gantry.base);
    assert_eq!(get_json(&scoped, None).0, 401, "no token");
    let (status, body) = get_json(&scoped, Some(&token("pets/write")));
    assert_eq!(
        (status, body),
        (403, serde_json::json!({"message": "Forbidden"})),
        "a token without the route's scope"
    );
    let (status, body) = get_json(&scoped, Some(&token("pets/read pets/write")));
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["scopes"],
        serde_json::json!(["pets/read", "pets/write"])
    );
}

#[test]
fn body_s3_location_is_read_from_the_file_key_names_next_to_the_template() {
    let state = tempfile::tempdir().unwrap();
    let template = fixture("openapi/s3-location/template.yaml");
    let gantry = Up::new(&template, state.path())
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let (status, body) = get_json(&format!("{}/pets/7", gantry.base), None);
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        serde_json::json!({"routeKey": "GET /pets/{id}", "pet": "7"})
    );
}

#[test]
fn fail_on_warnings_turns_an_import_warning_into_a_failed_deploy() {
    let state = tempfile::tempdir().unwrap();
    let template = fixture("openapi/fail-on-warnings.yaml");
    let (status, output) = match Up::new(&template, state.path()).start() {
        Ok(gantry) => panic!("deployed:\n{}", gantry.output()),
        Err(failure) => failure,
    };
    assert_ne!(status.code(), Some(0), "{output}");
    for needle in [
        "Properties.FailOnWarnings is true",
        "Body.paths./mock.get.x-amazon-apigateway-integration.type",
        "HTTP APIs support only Lambda proxy (aws_proxy) and HTTP proxy (http_proxy) integrations",
    ] {
        assert!(output.contains(needle), "{needle}:\n{output}");
    }
}

#[test]
fn a_route_key_declared_by_the_body_and_a_route_resource_fails_the_deploy_naming_both() {
    let project = tempfile::tempdir().unwrap();
    let template = project.path().join("template.yaml");
    let text = std::fs::read_to_string(fixture("openapi/body-and-route.yaml")).unwrap();
    std::fs::write(
        &template,
        text.replace("RouteKey: GET /from-resource", "RouteKey: GET /from-body"),
    )
    .unwrap();
    let state = tempfile::tempdir().unwrap();
    let up = Up::new(&template, state.path()).parameter("IssuerUri", "https://issuer.example.com/");
    let (status, output) = match up.start() {
        Ok(gantry) => panic!("deployed:\n{}", gantry.output()),
        Err(failure) => failure,
    };
    assert_ne!(status.code(), Some(0), "{output}");
    assert!(
        output.contains(
            "route key \"GET /from-body\" is declared both by the Api's OpenAPI definition (route "
        ) && output.contains(") and by an AWS::ApiGatewayV2::Route resource (route "),
        "{output}"
    );
}
