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
        "corpus::cognito_user_pool_is_refused_and_serves_with_allow_unsupported",
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

    /// Writes a handler file (or any file) next to the template.
    pub(crate) fn file(&self, relative: &str, text: &str) -> &Self {
        let path = self.dir.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
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
fn cognito_user_pool_is_refused_and_serves_with_allow_unsupported() {
    // The refusal without the flag: unsupported::corpus_template_with_cognito_...
    let project = Project::new("awsdocs-apigw-guide--http-with-jwt-auth.yaml");
    let gantry = start(project.up().extra(&["--allow-unsupported"]));
    let output = gantry.output();
    assert!(
        output.contains("UserPool: AWS::Cognito::UserPool is not deployed by gantry"),
        "{output}"
    );
    // The JWT authorizer reads the token from the `access_token` query string; without
    // it API Gateway answers 401 before anything runs.
    let response = client().get(format!("{}/", gantry.base)).send().unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(response.text().unwrap(), r#"{"message":"Unauthorized"}"#);
    // A token cannot be checked against the placeholder user pool (no keys to fetch):
    // still 401, never let through.
    let response = client()
        .get(format!("{}/?access_token=a.b.c", gantry.base))
        .send()
        .unwrap();
    assert_eq!(response.status(), 401);
}
