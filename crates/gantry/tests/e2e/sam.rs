//! SAM templates end to end: `examples/sam-http-api` (Globals, Node.js and Python
//! functions from local CodeUri folders, a JWT authorizer from Globals.HttpApi.Auth
//! trusting the built-in issuer, a Lambda authorizer, CORS, samconfig.toml parameters,
//! `--env-vars`) served by `gantry up`; `gantry transform` against AWS's translator's
//! output; refusals and diagnostics pointing at the SAM template's lines.

mod corpus;
mod layers;

use std::net::TcpListener;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{Up, client, fixture, gantry};

/// The example project.
fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/sam-http-api")
}

/// A copy of a directory tree (the example, so that tests can edit its samconfig).
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A free port, so the issuer's URL can be written in samconfig before gantry starts.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The example copied into a temporary project, its samconfig's issuer on `port`.
fn project(port: u16) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&example(), dir.path());
    let samconfig = dir.path().join("samconfig.toml");
    let text = std::fs::read_to_string(&samconfig).unwrap();
    assert!(text.contains("127.0.0.1:3000"), "{text}");
    std::fs::write(
        &samconfig,
        text.replace("127.0.0.1:3000", &format!("127.0.0.1:{port}")),
    )
    .unwrap();
    dir
}

#[test]
fn the_sam_example_serves_its_authorizers_cors_samconfig_parameters_and_env_vars() {
    let port = free_port();
    let project = project(port);
    let template = project.path().join("template.yaml");
    let mut up = Up::new(&template, Path::new(".gantry"))
        .in_dir(project.path())
        .extra(&["--env-vars", "env.json"]);
    up.port = port;
    let gantry_up = up
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let output = gantry_up.output();
    // samconfig's stack_name; the transform named.
    assert!(output.contains("deploying stack sam-http-api"), "{output}");
    assert!(
        output.contains("ran the AWS::Serverless-2016-10-31 transform"),
        "{output}"
    );
    let client = client();
    let base = &gantry_up.base;

    // JWT from Globals.HttpApi.Auth (the default authorizer): 401 without a token.
    let response = client.get(format!("{base}/hello")).send().unwrap();
    assert_eq!(response.status(), 401);
    let state = project.path().join(".gantry");
    let (code, token, stderr) = gantry(&["token", "--state-dir", state.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let response = client
        .get(format!("{base}/hello"))
        .bearer_auth(token.trim())
        .header("Origin", "https://app.example.com")
        .send()
        .unwrap();
    assert_eq!(response.status(), 200, "{}", gantry_up.output());
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://app.example.com"
    );
    let body: Value = response.json().unwrap();
    // Greeting from samconfig's parameter_overrides, through Globals.Function.Environment;
    // DATABASE_URL replaced by --env-vars; the token's subject from the JWT authorizer.
    assert_eq!(body["greeting"], "hello from samconfig", "{body}");
    assert_eq!(body["database"], "postgres://localhost:5432/app", "{body}");
    assert_eq!(body["subject"], "gantry@clients", "{body}");

    // CORS preflight: answered by API Gateway, before any authorizer.
    let preflight = client
        .request(reqwest::Method::OPTIONS, format!("{base}/hello"))
        .header("Origin", "https://app.example.com")
        .header("Access-Control-Request-Method", "GET")
        .send()
        .unwrap();
    assert_eq!(preflight.status(), 204);
    assert_eq!(preflight.headers()["access-control-max-age"], "600");
    assert_eq!(
        preflight.headers()["access-control-allow-methods"],
        "GET,POST"
    );

    // The Lambda authorizer (Node.js) in front of the Python function.
    let report = |key: Option<&str>| {
        let mut request = client.get(format!("{base}/report"));
        if let Some(key) = key {
            request = request.header("x-api-key", key);
        }
        request.send().unwrap()
    };
    assert_eq!(report(None).status(), 401);
    assert_eq!(report(Some("wrong")).status(), 403);
    let allowed = report(Some("letmein"));
    assert_eq!(allowed.status(), 200, "{}", gantry_up.output());
    let body: Value = allowed.json().unwrap();
    assert_eq!(body["caller"], "key-holder");
    assert_eq!(body["greeting"], "hello from samconfig");
}

#[test]
fn gantry_transform_prints_what_aws_s_translator_produces() {
    let (code, stdout, stderr) = gantry(&[
        "transform",
        example().join("template.yaml").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let processed: Value = serde_json::from_str(&stdout).unwrap();
    // AWS's translator's output for the template with S3 CodeUris, each `Code` then set
    // to the local folder as SAM CLI keeps it (`aws cloudformation package`'s convention).
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("sam/sam-http-api.processed.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(processed, expected);
}

#[test]
fn an_invalid_sam_template_fails_with_the_translator_s_message_at_its_line() {
    let template = fixture("sam/invalid.yaml");
    for command in ["transform", "validate", "up", "invoke"] {
        let mut args = vec![command, template.to_str().unwrap()];
        if command == "invoke" {
            args.push("Fn");
        }
        if command == "up" {
            args.extend(["--port", "0", "--state-dir", "/nonexistent/never-written"]);
        }
        let (code, stdout, stderr) = gantry(&args);
        assert_eq!(code, 1, "{command}: {stdout}{stderr}");
        // `validate` reports on stdout, the others on stderr.
        let stderr = format!("{stdout}{stderr}");
        assert!(
            stderr.contains(
                "Invalid Serverless Application Specification document. Number of errors found: 1. \
                 Resource with id [Fn] is invalid. Event with id [Get] is invalid. Unable to set \
                 Authorizer [Missing] on API method [get] for path [/x] because the related API \
                 does not define any Authorizers."
            ),
            "{command}: {stderr}"
        );
        // The event's line in the SAM template.
        assert!(stderr.contains("invalid.yaml:10:9"), "{command}: {stderr}");
    }
}

#[test]
fn validate_json_reports_a_transform_refusal_as_diagnostics() {
    let template = fixture("sam/invalid.yaml");
    let (code, stdout, stderr) =
        gantry(&["validate", template.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 1, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["valid"], false);
    assert_eq!(
        report["diagnostics"][0]["path"],
        "Resources/Fn/Properties/Events/Get"
    );
    assert_eq!(report["diagnostics"][0]["line"], 10);
}

#[test]
fn validation_diagnostics_point_at_the_lines_of_the_sam_template() {
    let template = fixture("sam/references.yaml");
    let (code, stdout, stderr) =
        gantry(&["validate", template.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 1, "{stderr}");
    let result: Value = serde_json::from_str(&stdout).unwrap();
    let at: Vec<(String, u64)> = result["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        at,
        [
            // The generated role: the SAM function it came from.
            (
                "Resources/FnRole/Properties/ManagedPolicyArns/1".to_owned(),
                3
            ),
            // The same property of the SAM function.
            ("Resources/Fn/Properties/Timeout".to_owned(), 11),
            // Sections the transform passes through keep their lines.
            ("Outputs/Arn/Value".to_owned(), 14),
        ]
    );
    assert!(
        result["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("in FnRole, which the SAM transform generates from Fn"),
        "{result}"
    );
}

#[test]
fn invoke_runs_a_sam_function_with_samconfig_env_vars_and_flags_winning() {
    let project = project(3000);
    let template = project.path().join("template.yaml");
    let template = template.to_str().unwrap();
    let env_vars = project.path().join("env.json");
    let (code, stdout, stderr) = gantry(&[
        "invoke",
        template,
        "HelloFunction",
        "--env-vars",
        env_vars.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let result: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(result["statusCode"], 200, "{result}");
    let body: Value = serde_json::from_str(result["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["greeting"], "hello from samconfig");
    assert_eq!(body["database"], "postgres://localhost:5432/app");

    // An explicit --parameter-overrides replaces samconfig's (as in SAM CLI); without
    // --env-vars the template's own value stays.
    let (code, stdout, stderr) = gantry(&[
        "invoke",
        template,
        "ReportFunction",
        "--parameter-overrides",
        "Greeting=from the command line",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let result: Value = serde_json::from_str(stdout.trim()).unwrap();
    let body: Value = serde_json::from_str(result["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["greeting"], "from the command line");

    // --config-env picks another environment of the file.
    std::fs::write(
        project.path().join("samconfig.toml"),
        "version = 0.1\n[staging.deploy.parameters]\nparameter_overrides = [\"Greeting=staging\"]\n",
    )
    .unwrap();
    let (code, stdout, stderr) = gantry(&[
        "invoke",
        template,
        "ReportFunction",
        "--config-env",
        "staging",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(r#"\"greeting\": \"staging\""#), "{stdout}");
}

#[test]
fn the_output_of_sam_build_runs_with_the_project_s_samconfig() {
    let project = project(3000);
    // `sam build` copies the template and each CodeUri folder into .aws-sam/build.
    let build = project.path().join(".aws-sam/build");
    std::fs::create_dir_all(&build).unwrap();
    let template = std::fs::read_to_string(project.path().join("template.yaml")).unwrap();
    std::fs::write(
        build.join("template.yaml"),
        template
            .replace("CodeUri: hello/", "CodeUri: HelloFunction")
            .replace("CodeUri: report/", "CodeUri: ReportFunction")
            .replace("CodeUri: authorizer/", "CodeUri: ApiKeyAuthorizerFunction"),
    )
    .unwrap();
    for (folder, function) in [
        ("hello", "HelloFunction"),
        ("report", "ReportFunction"),
        ("authorizer", "ApiKeyAuthorizerFunction"),
    ] {
        copy_tree(&project.path().join(folder), &build.join(function));
        std::fs::remove_dir_all(project.path().join(folder)).unwrap();
    }
    let (code, stdout, stderr) = gantry(&[
        "invoke",
        build.join("template.yaml").to_str().unwrap(),
        "ReportFunction",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("hello from samconfig"), "{stdout}");
}

#[test]
fn a_sam_rest_api_is_transformed_and_served() {
    let template = fixture("sam/rest-api.yaml");
    let (code, stdout, stderr) = gantry(&["transform", template.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let processed: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        processed["Resources"]["ServerlessRestApi"]["Type"],
        "AWS::ApiGateway::RestApi"
    );

    let state = tempfile::tempdir().unwrap();
    let served = Up::new(&template, state.path())
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let response = client()
        .get(format!("{}/Prod/hello", served.base))
        .send()
        .unwrap();
    assert_eq!(response.status(), 200, "{}", served.output());
    assert_eq!(response.text().unwrap(), "hi");
}
