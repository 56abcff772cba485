//! `AWS::ApiGateway::RestApi` with a Swagger 2.0 or OpenAPI 3 definition through the deploy
//! loop (aws-rest-api.md §9.2): the imported resource tree, methods, integrations,
//! authorizers, API keys, gateway responses, validators and API settings; kept ids; each
//! refusal's message; warnings on their template lines.

#![allow(clippy::unwrap_used)] // test support code outside #[test] functions

use std::collections::BTreeMap;
use std::path::Path;

use cfn_engine::{
    CheckNote, DeployChecks, DeployError, DeployRequest, Deployed, IdSource, LocalEndpoints, deploy,
};
use store::StackRecord;
use store::model::apigateway::{
    ApiKeySourceType, ImportedRestDefinition, MethodAuthorizationType, RestApi, RestAuthorizerType,
};
use store::model::{Function, IntegrationType, ResourceModel};

struct Checks;

impl DeployChecks for Checks {
    fn check_function(&self, _: &Function) -> Result<Vec<CheckNote>, CheckNote> {
        Ok(vec![])
    }

    fn check_route_key(&self, _: &str) -> Result<(), CheckNote> {
        Ok(())
    }
}

fn deploy_at(
    template_path: &Path,
    template: &str,
    previous: Option<&StackRecord>,
    seed: u64,
) -> Result<Deployed, DeployError> {
    let ids = IdSource::seeded(seed);
    let exports = BTreeMap::new();
    let request = DeployRequest {
        stack_name: "hello",
        template_path,
        template_body: template,
        parameter_overrides: vec![],
        region: "us-east-1",
        account_id: "123456789012",
        previous,
        exports: &exports,
        allow_unsupported: true,
        endpoints: LocalEndpoints { port: 3000 },
        checks: &Checks,
        ids: &ids,
        now: 1_700_000_000,
    };
    deploy(&request, &mut Vec::new())
}

fn deploy_template(template: &str) -> Result<Deployed, DeployError> {
    deploy_at(Path::new("template.yaml"), template, None, 1)
}

fn rest_api(deployed: &Deployed) -> &RestApi {
    deployed
        .record
        .resources
        .iter()
        .find_map(|r| match &r.model {
            ResourceModel::RestApi(api) => Some(api),
            _ => None,
        })
        .unwrap()
}

fn imported(deployed: &Deployed) -> &ImportedRestDefinition {
    rest_api(deployed).imported.as_ref().unwrap()
}

fn failure(result: Result<Deployed, DeployError>) -> String {
    match result {
        Err(DeployError::ResourceFailed { reason, .. }) => reason,
        other => panic!("expected a failed resource, found {other:?}"),
    }
}

/// What `gantry transform` makes of `sam init`'s hello world (the RestApi and the
/// function it integrates with).
const HELLO_WORLD: &str = r#"
Resources:
  HelloWorldFunction:
    Type: AWS::Lambda::Function
    Properties:
      Handler: app.lambdaHandler
      Runtime: nodejs20.x
      Code: {ZipFile: "exports.lambdaHandler = async () => ({statusCode: 200, body: 'hi'})"}
      Role: arn:aws:iam::123456789012:role/hello
  ServerlessRestApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        swagger: "2.0"
        info:
          version: "1.0"
          title: !Ref AWS::StackName
        paths:
          /hello:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${HelloWorldFunction.Arn}/invocations
              responses: {}
Outputs:
  Root:
    Value: !GetAtt ServerlessRestApi.RootResourceId
  Id:
    Value: !GetAtt ServerlessRestApi.RestApiId
  Ref:
    Value: !Ref ServerlessRestApi
"#;

#[test]
fn sam_init_hello_world_imports_get_hello_with_its_lambda_proxy_integration() {
    let deployed = deploy_template(HELLO_WORLD).unwrap();
    let api = rest_api(&deployed);
    assert_eq!(api.name, "hello", "Name comes from info.title");
    assert_eq!(api.rest_api_id.len(), 10);
    assert!(api.rest_api_id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
    assert_eq!(api.root_resource_id.len(), 10);
    assert_eq!(api.api_endpoint, format!("http://{}.execute-api.localhost:3000", api.rest_api_id));
    assert_eq!(api.api_key_source_type, ApiKeySourceType::Header);
    let imported = imported(&deployed);
    assert_eq!(imported.resources.len(), 1);
    let hello = &imported.resources[0];
    assert_eq!((hello.path.as_str(), hello.path_part.as_str()), ("/hello", "hello"));
    assert_eq!(hello.parent_id, api.root_resource_id);
    assert_eq!(hello.resource_id.len(), 6);
    let [method] = imported.methods.as_slice() else {
        panic!("one method: {:?}", imported.methods)
    };
    assert_eq!((method.http_method.as_str(), method.resource_path.as_str()), ("GET", "/hello"));
    assert_eq!(method.resource_id, hello.resource_id);
    assert_eq!(method.authorization_type, MethodAuthorizationType::None);
    let integration = method.integration.as_ref().unwrap();
    assert_eq!(integration.integration_type, IntegrationType::AwsProxy);
    assert_eq!(integration.integration_http_method.as_deref(), Some("POST"));
    let uri = integration.uri.as_deref().unwrap();
    assert!(
        uri.starts_with("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:")
            && uri.ends_with("/invocations"),
        "{uri}"
    );
    assert_eq!(integration.timeout_in_millis, 29_000);
    let outputs: BTreeMap<_, _> = deployed
        .record
        .outputs
        .iter()
        .map(|o| (o.key.as_str(), o.value.as_str()))
        .collect();
    assert_eq!(outputs["Root"], api.root_resource_id);
    assert_eq!(outputs["Id"], api.rest_api_id);
    assert_eq!(outputs["Ref"], api.rest_api_id);
    assert!(deployed.warnings.is_empty(), "{:?}", deployed.warnings);
}
