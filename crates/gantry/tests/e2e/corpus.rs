//! The plain-CloudFormation templates of `corpus/` (real public templates, unmodified)
//! deployed with `gantry up` and served: each is copied next to handlers written here
//! (the corpus carries no handler code), deployed, and its routes called.
//!
//! Templates that need one feature are tested with that feature (payload 1.0, CORS,
//! stages, HTTP proxies, OpenAPI import); [`PLAIN_TEMPLATES`] names where, and a test
//! checks the list covers every plain template of the manifest.

use std::path::{Path, PathBuf};

use crate::support::{Gantry, Up, client};

/// Every plain-CloudFormation template of corpus/MANIFEST.md and the test that deploys
/// and serves it. #21 (a CDK v1 synth output) belongs to the CDK issue.
const PLAIN_TEMPLATES: &[(&str, &str)] = &[
    (
        "awsdocs-apigw-guide--http-api-with-logging.yaml",
        "stages::corpus_http_api_with_logging_serves_its_stage_and_writes_its_access_log",
    ),
    (
        "awsdocs-apigw-guide--http-with-cors.yaml",
        "cors::cors_corpus_template_deploys_and_answers_as_configured",
    ),
    (
        "sam-cli--start-api-cfn-quick-created-http-api-with-default-route.yaml",
        "corpus::sam_cli_quick_created_apis_with_cors_serve_their_route",
    ),
    (
        "sam-cli--start-api-cfn-quick-created-http-api-with-one-route.yaml",
        "corpus::sam_cli_quick_created_apis_with_cors_serve_their_route",
    ),
    (
        "sam--translator-output-http-api-explicit-stage-variables.json",
        "corpus::sam_output_with_a_body_a_named_stage_cors_throttling_and_access_logs_is_served",
    ),
    (
        "sam--translator-output-http-api-lambda-auth-full.json",
        "corpus::sam_output_with_a_lambda_authorizer_refuses_requests_missing_an_identity_source",
    ),
    (
        "awsdocs-apigw-guide--http-api-parameter-mapping.yaml",
        "http_proxy::corpus_parameter_mapping_template_serves_its_mappings",
    ),
    (
        "awsdocs-apigw-guide--http-quick-create-http-proxy.yaml",
        "http_proxy::corpus_quick_create_http_proxy_forwards_to_its_target",
    ),
    (
        "sam-cli--start-api-cfn-http-api-with-swagger-body.yaml",
        "openapi::the_corpus_template_with_a_swagger_body_serves_its_route_from_python",
    ),
    (
        "sam-cli--start-api-cfn-http-api-with-normal-and-default-routes.yaml",
        "payload_v1::corpus_template_with_a_1_0_route_and_a_default_route_serves_both",
    ),
    (
        "awsdocs-apigw-guide--http-with-jwt-auth.yaml",
        "corpus::cognito_user_pool_domain_is_refused_and_serves_with_allow_unsupported",
    ),
    (
        "awsdocs-apigw-guide--lambda-quick-create.yaml",
        "corpus::lambda_quick_create_serves_every_path",
    ),
];

/// The corpus directory.
fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/templates")
}

/// A temporary project: the corpus template copied in as `template.*`.
pub(crate) struct Project {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) template: PathBuf,
}

impl Project {
    pub(crate) fn new(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let extension = Path::new(name).extension().unwrap().to_str().unwrap();
        let template = dir.path().join(format!("template.{extension}"));
        std::fs::copy(corpus().join(name), &template).unwrap();
        Self { dir, template }
    }

    pub(crate) fn up(&self) -> Up<'_> {
        Up::new(&self.template, self.dir.path()).in_dir(self.dir.path())
    }
}

fn start(up: Up<'_>) -> Gantry {
    up.start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"))
}

#[test]
fn every_plain_template_of_the_manifest_is_deployed_by_a_test() {
    let manifest = std::fs::read_to_string(corpus().join("../MANIFEST.md")).unwrap();
    let plain: Vec<&str> = manifest
        .lines()
        .filter(|line| line.contains("| Plain CFN"))
        .filter_map(|line| line.split('`').nth(1))
        .filter(|name| !name.contains("cdk-synth"))
        .collect();
    assert!(plain.len() >= 12, "{plain:?}");
    for name in plain {
        assert!(
            PLAIN_TEMPLATES.iter().any(|(listed, _)| *listed == name),
            "{name} is not deployed by any test"
        );
    }
    // And each named test exists.
    let e2e = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e");
    for (name, test) in PLAIN_TEMPLATES {
        let (module, function) = test.split_once("::").unwrap();
        let source = std::fs::read_to_string(e2e.join(format!("{module}.rs"))).unwrap();
        assert!(
            source.contains(&format!("fn {function}(")),
            "{name}: no test {test}"
        );
    }
}

#[test]
fn lambda_quick_create_serves_every_path() {
    let project = Project::new("awsdocs-apigw-guide--lambda-quick-create.yaml");
    let gantry = start(project.up());
    // Quick create's `$default` route catches every method and path; the inline
    // nodejs12.x function (deprecated, run with a warning) answers.
    for path in ["/", "/any/path?x=1"] {
        let response = client()
            .get(format!("{}{path}", gantry.base))
            .send()
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.text().unwrap(), "\"Hello from Lambda!\"");
    }
    assert!(
        gantry
            .output()
            .contains("Properties.Runtime: nodejs12.x is deprecated by AWS"),
        "{}",
        gantry.output()
    );
}

#[test]
fn cognito_user_pool_domain_is_refused_and_serves_with_allow_unsupported() {
    // The refusal without the flag: unsupported::corpus_template_with_a_cognito_domain_...
    let project = Project::new("awsdocs-apigw-guide--http-with-jwt-auth.yaml");
    let gantry = start(project.up().extra(&["--allow-unsupported"]));
    let output = gantry.output();
    assert!(
        output.contains("HostedUI: AWS::Cognito::UserPoolDomain is not deployed by gantry"),
        "{output}"
    );
    // The JWT authorizer reads the token from the `access_token` query string; without
    // it API Gateway answers 401 before anything runs.
    let response = client().get(format!("{}/", gantry.base)).send().unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(response.text().unwrap(), r#"{"message":"Unauthorized"}"#);
    // A token cannot be checked against the user pool's issuer (no keys to fetch):
    // still 401, never let through.
    let response = client()
        .get(format!("{}/?access_token=a.b.c", gantry.base))
        .send()
        .unwrap();
    assert_eq!(response.status(), 401);
}

/// A zip holding one file, as the S3 object a template's `S3Key` names.
fn zip_with(path: &Path, file_name: &str, text: &str) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    zip.start_file(file_name, zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, text.as_bytes()).unwrap();
    zip.finish().unwrap();
}

/// Echoes the event it got, so the test can read what API Gateway sent.
const ECHO_NODE: &str = "exports.restapi = async (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });\nexports.handler = exports.restapi;\n";

#[test]
fn sam_output_with_a_body_a_named_stage_cors_throttling_and_access_logs_is_served() {
    let project = Project::new("sam--translator-output-http-api-explicit-stage-variables.json");
    // The function's code is `s3://sam-demo-bucket/todo_list.zip`: a local copy at its key.
    zip_with(
        &project.dir.path().join("todo_list.zip"),
        "index.js",
        ECHO_NODE,
    );
    let gantry = start(project.up());
    let response = client()
        .get(format!("{}/Prod/todos?x=1", gantry.base))
        .header("Origin", "https://app.example.com")
        .send()
        .unwrap();
    assert_eq!(response.status(), 200, "{}", gantry.output());
    // x-amazon-apigateway-cors allows every origin.
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "*",
        "{:?}",
        response.headers()
    );
    let request_id = response.headers()["apigw-requestid"]
        .to_str()
        .unwrap()
        .to_owned();
    let event: serde_json::Value = response.json().unwrap();
    // The PayloadFormatVersion parameter's default, 1.0, on the Prod stage's $default route.
    assert_eq!(event["version"], "1.0", "{event}");
    assert_eq!(event["path"], "/Prod/todos");
    assert_eq!(event["requestContext"]["stage"], "Prod");
    assert_eq!(event["stageVariables"]["VarName"], "VarValue");
    // AccessLogSettings: Format `$context.requestId` to the log group's file.
    let log = std::fs::read_to_string(project.dir.path().join("logs/LogGroupName.log"))
        .unwrap_or_else(|e| panic!("{e}\n{}", gantry.output()));
    assert!(log.lines().any(|line| line == request_id), "{log}");
}

#[test]
fn sam_output_with_a_lambda_authorizer_refuses_requests_missing_an_identity_source() {
    let project = Project::new("sam--translator-output-http-api-lambda-auth-full.json");
    zip_with(
        &project.dir.path().join("todo_list.zip"),
        "index.py",
        "def restapi(event, context):\n    return {'statusCode': 200, 'body': 'ok'}\n",
    );
    zip_with(
        &project.dir.path().join("key"),
        "index.js",
        "exports.handler = async () => ({ isAuthorized: true });\n",
    );
    let gantry = start(project.up());
    // Its identity sources include `$context.contextVar`, a context variable API Gateway
    // does not have: gantry refuses with 500 naming it, without invoking the authorizer
    // (its role, trusted by Lambda only, would not let API Gateway invoke it either).
    let response = client()
        .get(format!("{}/basic?petId=1", gantry.base))
        .header("Authorization", "allow")
        .send()
        .unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(
        response.text().unwrap(),
        r#"{"message":"Internal Server Error"}"#
    );
    let output = gantry.wait_for_output("contextVar");
    assert!(!output.contains("START RequestId"), "{output}");
}

/// SAM CLI's `main.echo_event_handler`: the event back as JSON.
const ECHO_PYTHON: &str = "import json\n\ndef echo_event_handler(event, context):\n    return {'statusCode': 200, 'body': json.dumps(event)}\n";

#[test]
fn sam_cli_quick_created_apis_with_cors_serve_their_route() {
    for (name, path, route_key) in [
        (
            "sam-cli--start-api-cfn-quick-created-http-api-with-default-route.yaml",
            "/anything/here",
            "$default",
        ),
        (
            "sam-cli--start-api-cfn-quick-created-http-api-with-one-route.yaml",
            "/echoeventbody",
            "GET /echoeventbody",
        ),
    ] {
        let project = Project::new(name);
        // `Code: '.'`: the handler sits next to the template.
        std::fs::write(project.dir.path().join("main.py"), ECHO_PYTHON).unwrap();
        let gantry = start(project.up());
        let response = client()
            .get(format!("{}{path}", gantry.base))
            .header("Origin", "https://example.com")
            .send()
            .unwrap();
        assert_eq!(response.status(), 200, "{name}\n{}", gantry.output());
        // CorsConfiguration: AllowOrigins https://example.com, AllowCredentials.
        assert_eq!(
            response.headers()["access-control-allow-origin"],
            "https://example.com",
            "{name}"
        );
        assert_eq!(
            response.headers()["access-control-allow-credentials"],
            "true"
        );
        let event: serde_json::Value = response.json().unwrap();
        assert_eq!(event["routeKey"], route_key, "{name}");
        // A preflight is answered by API Gateway, not the function.
        let preflight = client()
            .request(reqwest::Method::OPTIONS, format!("{}{path}", gantry.base))
            .header("Origin", "https://example.com")
            .header("Access-Control-Request-Method", "GET")
            .send()
            .unwrap();
        if route_key == "$default" {
            // `$default` claims OPTIONS too: the function answers (§8.2).
            assert_eq!(preflight.status(), 200, "{name}");
        } else {
            assert_eq!(preflight.status(), 204, "{name}");
            assert_eq!(preflight.headers()["access-control-max-age"], "600");
        }
    }
}
