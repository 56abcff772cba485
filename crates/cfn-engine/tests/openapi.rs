//! `AWS::ApiGatewayV2::Api` with an OpenAPI definition through the deploy loop: `Body`,
//! `BodyS3Location` read from a local file, `FailOnWarnings`, names and kept ids (§11).

#![allow(clippy::unwrap_used)] // test support code outside #[test] functions

mod deploy_support;

use std::path::Path;

use cfn_engine::{CheckNote, DeployChecks, DeployError, Deployed};
use deploy_support::{EMPTY_STORE, TestDeploy};
use store::StackRecord;
use store::model::{Api, AuthorizationType, Function, ResourceModel};

struct Checks;

impl DeployChecks for Checks {
    fn check_function(&self, _: &Function) -> Result<Vec<CheckNote>, CheckNote> {
        Ok(vec![])
    }

    fn check_route_key(&self, route_key: &str) -> Result<(), CheckNote> {
        if route_key.ends_with('/') && route_key.len() > 6 {
            Err(CheckNote::resource("route paths cannot end with /"))
        } else {
            Ok(())
        }
    }
}

fn deploy_at(
    template_path: &Path,
    template: &str,
    previous: Option<&StackRecord>,
    seed: u64,
) -> Result<Deployed, DeployError> {
    let setup = TestDeploy {
        stack_name: "pets",
        region: "us-east-1",
        account_id: "123456789012",
        allow_unsupported: false,
        checks: &Checks,
        seed,
        ssm_parameters: &EMPTY_STORE,
    };
    setup.deploy(template_path, template, previous)
}

fn deploy_template(template: &str) -> Result<Deployed, DeployError> {
    deploy_at(Path::new("template.yaml"), template, None, 1)
}

fn api(deployed: &Deployed) -> &Api {
    deployed
        .record
        .resources
        .iter()
        .find_map(|r| match &r.model {
            ResourceModel::Api(api) => Some(api),
            _ => None,
        })
        .unwrap()
}

fn failure(result: Result<Deployed, DeployError>) -> String {
    match result {
        Err(DeployError::ResourceFailed { reason, .. }) => reason,
        other => panic!("expected a failed resource, found {other:?}"),
    }
}

const BODY_TEMPLATE: &str = r#"
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      FailOnWarnings: FAIL
      Body:
        openapi: 3.0.1
        info: {title: !Sub "${AWS::StackName}-api", version: "1.0"}
        paths:
          /pets:
            get:
              security: [{Jwt: [pets/read]}]
              x-amazon-apigateway-integration:
                type: aws_proxy
                uri: arn:aws:lambda:us-east-1:123456789012:function:pets
                payloadFormatVersion: 2.0
          /mock:
            get:
              x-amazon-apigateway-integration: {type: mock}
        components:
          securitySchemes:
            Jwt:
              type: oauth2
              x-amazon-apigateway-authorizer:
                type: jwt
                identitySource: $request.header.Authorization
                jwtConfiguration: {issuer: "https://issuer.example.com", audience: [pets]}
"#;

#[test]
fn a_body_is_imported_into_the_api_named_after_its_title() {
    let deployed = deploy_template(&BODY_TEMPLATE.replace("FAIL", "false")).unwrap();
    let api = api(&deployed);
    assert_eq!(api.name, "pets-api", "Name comes from info.title");
    let imported = api.imported.as_ref().unwrap();
    let keys: Vec<_> = imported
        .routes
        .iter()
        .map(|r| r.route_key.as_str())
        .collect();
    assert_eq!(keys, ["GET /pets", "GET /mock"]);
    assert_eq!(
        imported.routes[0].authorization_type,
        AuthorizationType::Jwt
    );
    assert_eq!(imported.routes[0].authorization_scopes, ["pets/read"]);
    assert_eq!(imported.integrations.len(), 1);
    assert!(
        deployed.warnings.iter().any(|w| w.logical_id.as_deref() == Some("Api")
            && w.message.starts_with(
                "Properties.Body.paths./mock.get.x-amazon-apigateway-integration.type: import warning:"
            )),
        "{:?}",
        deployed.warnings
    );
}

#[test]
fn fail_on_warnings_turns_an_import_warning_into_a_failed_deploy() {
    let reason = failure(deploy_template(&BODY_TEMPLATE.replace("FAIL", "true")));
    assert!(reason.starts_with("Properties.FailOnWarnings is true and importing the OpenAPI definition gave warnings: Body.paths./mock.get.x-amazon-apigateway-integration.type:"), "{reason}");
}

#[test]
fn ids_are_kept_when_the_stack_is_updated() {
    let first = deploy_template(&BODY_TEMPLATE.replace("FAIL", "false")).unwrap();
    let updated = BODY_TEMPLATE
        .replace("FAIL", "false")
        .replace("/mock:", "/cats:");
    let second = deploy_at(Path::new("template.yaml"), &updated, Some(&first.record), 2).unwrap();
    let (before, after) = (
        api(&first).imported.as_ref().unwrap(),
        api(&second).imported.as_ref().unwrap(),
    );
    assert_eq!(api(&first).api_id, api(&second).api_id);
    assert_eq!(
        before.routes[0], after.routes[0],
        "GET /pets keeps its route and integration ids"
    );
    assert_eq!(before.integrations[0], after.integrations[0]);
    assert_eq!(
        before.authorizers[0], after.authorizers[0],
        "the authorizer keeps its id by name"
    );
    assert_ne!(
        before.routes[1].route_id, after.routes[1].route_id,
        "GET /cats is a new route"
    );
}

#[test]
fn errors_in_the_body_name_their_json_path() {
    let template = BODY_TEMPLATE
        .replace("FAIL", "false")
        .replace("payloadFormatVersion: 2.0", "payloadFormatVersion: 3.0");
    let reason = failure(deploy_template(&template));
    assert_eq!(
        reason,
        "Properties.Body.paths./pets.get.x-amazon-apigateway-integration.payloadFormatVersion must be \"1.0\" or \"2.0\", found \"3.0\""
    );
}

const S3_TEMPLATE: &str = r#"
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: from-file
      BodyS3Location: {Bucket: my-bucket, Key: api/openapi.yaml}
"#;

#[test]
fn body_s3_location_is_read_from_key_next_to_the_template() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("api")).unwrap();
    std::fs::write(
        dir.path().join("api/openapi.yaml"),
        "openapi: 3.0.1\ninfo: {title: ignored, version: '1'}\npaths:\n  /$default:\n    x-amazon-apigateway-any-method:\n      x-amazon-apigateway-integration: {type: http_proxy, httpMethod: ANY, uri: 'http://127.0.0.1:9/', payloadFormatVersion: '1.0'}\n",
    )
    .unwrap();
    let deployed = deploy_at(&dir.path().join("template.yaml"), S3_TEMPLATE, None, 1).unwrap();
    let api = api(&deployed);
    assert_eq!(api.name, "from-file", "Name wins over info.title");
    assert_eq!(
        api.imported.as_ref().unwrap().routes[0].route_key,
        "$default"
    );
}

#[test]
fn a_missing_body_s3_location_file_names_the_path_tried_and_the_convention() {
    let dir = tempfile::tempdir().unwrap();
    let reason = failure(deploy_at(
        &dir.path().join("template.yaml"),
        S3_TEMPLATE,
        None,
        1,
    ));
    let tried = dir.path().join("api/openapi.yaml");
    assert!(
        reason.starts_with(
            "Properties.BodyS3Location.Key names \"api/openapi.yaml\", read locally as "
        ),
        "{reason}"
    );
    assert!(reason.contains(&tried.display().to_string()), "{reason}");
    assert!(
        reason.contains("relative to the template's directory"),
        "{reason}"
    );
}
