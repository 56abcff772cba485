//! The SAM templates of `corpus/` (real public templates, unmodified): each one with
//! HttpApi events is deployed with `gantry up` and its routes called, with handlers
//! written here for every function it names (the corpus carries no code; an S3 CodeUri
//! gets a folder at its key, which gantry uses as the object's local copy). The others
//! transform, or fail with the refusal [`SAM_TEMPLATES`] names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{Up, client, fixture, gantry, log_record, request_id};

/// What a SAM template of the corpus does with gantry.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    /// Deploys and serves its HttpApi routes.
    Serves,
    /// Deploys, and has no route to serve (every condition of its functions is false).
    DeploysNothingToServe,
    /// Transforms (it has no HttpApi event to serve).
    Transforms,
    /// The transform refuses it with this text (AWS's translator's, or gantry's named
    /// refusal of something it does not transform).
    Refused(&'static str),
}

use Outcome::{DeploysNothingToServe, Refused, Serves, Transforms};

/// Every SAM template of corpus/MANIFEST.md and what gantry does with it.
const SAM_TEMPLATES: &[(&str, Outcome)] = &[
    (
        "sam--integ-connector-apigwv2-to-function-zipfile.yaml",
        Refused("gantry does not transform AWS::Serverless::Connector"),
    ),
    (
        "sam--integ-function-with-http-api-definitionbody.yaml",
        Serves,
    ),
    ("sam--integ-function-with-http-api-iam-auth.yaml", Serves),
    ("sam--integ-http-api-with-cors-payload-1.0.yaml", Serves),
    ("sam--integ-http-api-with-jwt-and-lambda-auth.yaml", Serves),
    (
        "sam--translator-api-http-paths-with-if-condition.yaml",
        Transforms,
    ),
    (
        "sam--translator-explicit-http-api-jwt-http-proxy.yaml",
        Serves,
    ),
    (
        "sam--translator-http-api-explicit-stage-variables.yaml",
        Serves,
    ),
    ("sam--translator-http-api-lambda-auth-full.yaml", Serves),
    ("sam--translator-http-api-multiple-authorizers.yaml", Serves),
    ("sam--translator-http-api-with-cors-fn-if.yaml", Serves),
    (
        "sam--translator-implicit-http-api-with-many-conditions.yaml",
        DeploysNothingToServe,
    ),
    (
        "sam-cli--start-api-cfn-apigw-v2-request-authorizers.yaml",
        Transforms,
    ),
    // AWS's translator refuses it too: `Authorizer: !Ref AuthOverride` is not resolved.
    (
        "sam-cli--start-api-serverless-httpapi-lambda-authorizers.yaml",
        Refused(
            "The method authorizer must be a string with a corresponding dict entry in the api authorizer.",
        ),
    ),
    ("sam-cli--start-api-template-cors.yaml", Serves),
    // A SAM type newer than the transform knows (AWS::Serverless::CapacityProvider), refused by name.
    (
        "sam-cli--start-api-template-http-api.yaml",
        Refused("gantry does not transform AWS::Serverless::CapacityProvider"),
    ),
    (
        "serverless-patterns--apigw-eventbridge-credentialsarn-subtype.yml",
        Transforms,
    ),
    (
        "serverless-patterns--apigw-http-api-lambda-python-inline.yaml",
        Serves,
    ),
    (
        "serverless-patterns--apigw-http-api-lambda-quick-create.yml",
        Transforms,
    ),
    ("serverless-patterns--apigw-lambda-efs-sam-vpc.yaml", Serves),
    (
        "serverless-patterns--apigw-sqs-lambda-ddb-simple-lambda-authorizer.yaml",
        Transforms,
    ),
    // Its application's auth.yaml is deployed as a nested stack in e2e/nested.rs.
    ("serverless-patterns--cognito-httpapi-jwt.yaml", Transforms),
    (
        "serverless-samples--serverless-rest-api-python-http-sam.yaml",
        Serves,
    ),
    (
        "sessions-with-aws-sam--appconfig-httpapi-mappings.yaml",
        Serves,
    ),
    (
        "sessions-with-aws-sam--custom-domain-http-conditions.yaml",
        Refused("gantry does not transform the 'Domain' property"),
    ),
    ("sessions-with-aws-sam--http-api-jwt-scopes.yaml", Serves),
    ("sessions-with-aws-sam--http-api-logging.yaml", Serves),
];

/// Parameter values a template needs (its parameters have no default).
const PARAMETERS: &[(&str, &[(&str, &str)])] = &[(
    "sessions-with-aws-sam--http-api-jwt-scopes.yaml",
    &[
        ("UserPoolId", "us-east-1_EXAMPLE"),
        ("Audience", "example-client"),
    ],
)];

/// Stacks a template imports from (`Fn::ImportValue`), deployed first in the same state
/// directory: (template, fixture, stack name).
const IMPORTED_STACKS: &[(&str, &str, &str)] = &[(
    "serverless-samples--serverless-rest-api-python-http-sam.yaml",
    "sam/cognito-exports.yaml",
    "serverless-api-cognito",
)];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/templates")
}

#[test]
fn every_sam_template_of_the_manifest_is_listed() {
    let manifest = std::fs::read_to_string(corpus().join("../MANIFEST.md")).unwrap();
    let sam: Vec<&str> = manifest
        .lines()
        .filter(|line| line.contains("| SAM"))
        .filter_map(|line| line.split('`').nth(1))
        .collect();
    assert_eq!(sam.len(), 27, "{sam:?}");
    for name in sam {
        assert!(
            SAM_TEMPLATES.iter().any(|(listed, _)| *listed == name),
            "{name} is not listed"
        );
    }
}

/// The template copied into a project directory, with the SAM `Transform` line the
/// translator's own test fixtures leave to their harness.
fn project(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(corpus().join(name)).unwrap();
    let text = if text.contains("Transform:") {
        text
    } else {
        format!("Transform: AWS::Serverless-2016-10-31\n{text}")
    };
    let template = dir.path().join("template.yaml");
    std::fs::write(&template, text).unwrap();
    (dir, template)
}

#[test]
fn corpus_sam_templates_transform_or_are_refused_by_name() {
    for (name, outcome) in SAM_TEMPLATES {
        let (_dir, template) = project(name);
        let (code, stdout, stderr) = gantry(&["transform", template.to_str().unwrap()]);
        match outcome {
            Refused(text) => {
                assert_eq!(code, 1, "{name}: {stderr}");
                assert!(stderr.contains(text), "{name}: {stderr}");
            }
            _ => {
                assert_eq!(code, 0, "{name}: {stderr}");
                let processed: Value = serde_json::from_str(&stdout).unwrap();
                let resources = processed["Resources"].as_object().unwrap();
                assert!(
                    resources
                        .values()
                        .all(|r| !r["Type"].as_str().unwrap().starts_with("AWS::Serverless::")),
                    "{name}"
                );
            }
        }
    }
}

/// Writes a handler for every function of the processed template that names local
/// code: each handler answers with its function's logical id; an authorizer (its event
/// has a `type` or a `routeArn`) allows the request in both of API Gateway's formats.
fn write_handlers(dir: &Path, processed: &Value) {
    let mut files: BTreeMap<PathBuf, (String, BTreeSet<String>)> = BTreeMap::new();
    for (logical_id, resource) in processed["Resources"].as_object().unwrap() {
        if resource["Type"] != "AWS::Lambda::Function" {
            continue;
        }
        let properties = &resource["Properties"];
        let folder = match &properties["Code"] {
            Value::String(path) => dir.join(path),
            Value::Object(code) if code.contains_key("S3Key") => {
                dir.join(code["S3Key"].as_str().unwrap_or("code"))
            }
            _ => continue,
        };
        let runtime = properties["Runtime"].as_str().unwrap_or("nodejs20.x");
        let handler = properties["Handler"].as_str().unwrap_or("index.handler");
        let (module, export) = handler.rsplit_once('.').unwrap();
        let extension = if runtime.starts_with("python") {
            "py"
        } else {
            "js"
        };
        let entry = files
            .entry(folder.join(format!("{module}.{extension}")))
            .or_insert_with(|| (extension.to_owned(), BTreeSet::new()));
        entry.1.insert(format!("{export}\u{0}{logical_id}"));
    }
    for (path, (extension, exports)) in files {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut text = String::new();
        for export in exports {
            let (export, logical_id) = export.split_once('\u{0}').unwrap();
            text.push_str(&if extension == "py" {
                format!(
                    "def {export}(event, context):\n    if 'routeArn' in event or 'methodArn' in event or event.get('type') in ('REQUEST', 'TOKEN'):\n        return {{'isAuthorized': True, 'principalId': 'user', 'policyDocument': {{'Version': '2012-10-17', 'Statement': [{{'Action': 'execute-api:Invoke', 'Effect': 'Allow', 'Resource': '*'}}]}}}}\n    return {{'statusCode': 200, 'body': '{logical_id}'}}\n\n"
                )
            } else {
                format!(
                    "exports.{export} = async (event) => (event.routeArn || event.methodArn || event.type === 'REQUEST' || event.type === 'TOKEN')\n  ? {{ isAuthorized: true, principalId: 'user', policyDocument: {{ Version: '2012-10-17', Statement: [{{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' }}] }} }}\n  : {{ statusCode: 200, body: '{logical_id}' }};\n"
                )
            });
        }
        std::fs::write(path, text).unwrap();
    }
}

/// A URL `up` lists, as one on 127.0.0.1 and the Host header that selects its API.
fn local(url: &str, port: u16) -> (String, Option<String>) {
    let rest = url.strip_prefix("http://").unwrap();
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    if authority.starts_with("127.0.0.1") {
        (url.to_owned(), None)
    } else {
        (
            format!("http://127.0.0.1:{port}/{path}"),
            Some(authority.to_owned()),
        )
    }
}

/// How `up` lists a route's authorization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guard {
    None,
    /// JWT, Lambda or AWS_IAM: the authorizer decides.
    Authorizer,
    /// An authorizer gantry cannot evaluate: it answers 500 and never lets through.
    NotSupported,
}

/// The routes `up` lists: (method, URL, guard).
fn routes(output: &str) -> Vec<(String, String, Guard)> {
    output
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let method = words.next()?;
            let url = words.next()?;
            let rest: Vec<&str> = words.collect();
            let guard = if rest.is_empty() {
                Guard::None
            } else if rest.join(" ").contains("not supported by gantry") {
                Guard::NotSupported
            } else {
                Guard::Authorizer
            };
            (url.starts_with("http://") && method.chars().all(|c| c.is_ascii_uppercase()))
                .then(|| (method.to_owned(), url.to_owned(), guard))
        })
        .collect()
}

#[test]
fn corpus_sam_templates_with_http_api_events_deploy_and_serve() {
    for (name, outcome) in SAM_TEMPLATES {
        if !matches!(outcome, Serves | DeploysNothingToServe) {
            continue;
        }
        let (dir, template) = project(name);
        let (code, stdout, stderr) = gantry(&["transform", template.to_str().unwrap()]);
        assert_eq!(code, 0, "{name}: {stderr}");
        write_handlers(dir.path(), &serde_json::from_str(&stdout).unwrap());
        for (_, exports, stack_name) in IMPORTED_STACKS.iter().filter(|(n, ..)| n == name) {
            let exporter = fixture(exports);
            let (status, output) = Up::new(&exporter, dir.path())
                .extra(&["--stack-name", stack_name])
                .start()
                .unwrap_or_else(|(status, output)| panic!("{name}: {status}\n{output}"))
                .stop();
            assert!(status.success(), "{output}");
        }
        let mut up = Up::new(&template, dir.path())
            .in_dir(dir.path())
            .extra(&["--allow-unsupported"]);
        for (_, parameters) in PARAMETERS.iter().filter(|(n, _)| n == name) {
            for (key, value) in *parameters {
                up = up.parameter(key, value);
            }
        }
        let started = up.start();
        let gantry_up =
            started.unwrap_or_else(|(status, output)| panic!("{name}: {status}\n{output}"));
        let output = gantry_up.output();
        let routes = routes(&output);
        if matches!(outcome, DeploysNothingToServe) {
            assert!(routes.is_empty(), "{name}\n{output}");
            continue;
        }
        assert!(!routes.is_empty(), "{name}: no routes\n{output}");
        for (method, url, guard) in &routes {
            let url = url.replace("{proxy+}", "a/b").replace(['{', '}'], "");
            let method = if method == "ANY" {
                "GET"
            } else {
                method.as_str()
            };
            // With several APIs each is listed at its own host, `{id}.execute-api.localhost`.
            let (url, host) = local(&url, gantry_up.port);
            let mut request = client()
                .request(method.parse().unwrap(), &url)
                .header("Authorization", "allow");
            if let Some(host) = host {
                request = request.header("Host", host);
            }
            let response = request.send().unwrap();
            let status = response.status().as_u16();
            if status == 500 && *guard == Guard::Authorizer {
                // SAM gives API Gateway no permission to invoke a Lambda authorizer
                // without a FunctionInvokeRole: AWS answers 500, and so does gantry.
                let record = log_record(&gantry_up, &request_id(&response));
                assert!(
                    record.contains("permission"),
                    "{name}: {method} {url}\n{record}"
                );
            }
            let allowed: &[u16] = match guard {
                Guard::None => &[200],
                // Authorizers decide; they never fail open or crash.
                Guard::Authorizer => &[200, 401, 403, 500],
                Guard::NotSupported => &[500],
            };
            assert!(
                allowed.contains(&status),
                "{name}: {method} {url}: {status}\n{}",
                gantry_up.output()
            );
        }
    }
}
