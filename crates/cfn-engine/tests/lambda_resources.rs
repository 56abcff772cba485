//! The Lambda and DynamoDB types SAM templates generate, through the deploy loop: what
//! `Ref` and `Fn::GetAtt` return (read back from outputs), version numbering across
//! deployments, layers reaching the function's model, and the warnings that say what is
//! not served.

#![allow(clippy::unwrap_used)] // test support code outside #[test] functions

use std::collections::BTreeMap;
use std::path::Path;

use cfn_engine::{
    CheckNote, DeployChecks, DeployError, DeployRequest, Deployed, IdSource, LocalEndpoints, deploy,
};
use store::StackRecord;
use store::model::{Code, Function, ResourceModel};

struct Accept;

impl DeployChecks for Accept {
    fn check_function(&self, _: &Function) -> Result<Vec<CheckNote>, CheckNote> {
        Ok(vec![])
    }

    fn check_route_key(&self, _: &str) -> Result<(), CheckNote> {
        Ok(())
    }
}

const TEMPLATE: &str = r#"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: []}
  Shared:
    Type: AWS::Lambda::LayerVersion
    Properties:
      LayerName: shared
      Content: layer/
      CompatibleRuntimes: [nodejs22.x]
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: orders
      Runtime: nodejs22.x
      Handler: index.handler
      Role: !GetAtt Role.Arn
      Code: {ZipFile: "exports.handler = async () => 1"}
      Layers:
        - !Ref Shared
        - arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3:7
  FnVersionabc:
    Type: AWS::Lambda::Version
    Properties:
      FunctionName: !Ref Fn
  FnAliaslive:
    Type: AWS::Lambda::Alias
    Properties:
      Name: live
      FunctionName: !Ref Fn
      FunctionVersion: !GetAtt FnVersionabc.Version
  FnUrl:
    Type: AWS::Lambda::Url
    Properties:
      AuthType: NONE
      TargetFunctionArn: !Ref FnAliaslive
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      BillingMode: PAY_PER_REQUEST
      StreamSpecification: {StreamViewType: NEW_IMAGE}
Outputs:
  LayerRef: {Value: !Ref Shared}
  LayerArn: {Value: !GetAtt Shared.LayerVersionArn}
  VersionRef: {Value: !Ref FnVersionabc}
  VersionNumber: {Value: !GetAtt FnVersionabc.Version}
  AliasRef: {Value: !Ref FnAliaslive}
  AliasArn: {Value: !GetAtt FnAliaslive.AliasArn}
  UrlRef: {Value: !Ref FnUrl}
  Url: {Value: !GetAtt FnUrl.FunctionUrl}
  TableRef: {Value: !Ref Table}
  TableArn: {Value: !GetAtt Table.Arn}
  StreamArn: {Value: !GetAtt Table.StreamArn}
"#;

fn deploy_template(
    template: &str,
    previous: Option<&StackRecord>,
) -> Result<Deployed, DeployError> {
    let exports = BTreeMap::new();
    let ids = IdSource::seeded(3);
    let request = DeployRequest {
        stack_name: "shop",
        template_path: Path::new("/project/template.yaml"),
        template_body: template,
        parameter_overrides: Vec::new(),
        region: "eu-west-1",
        account_id: "111122223333",
        previous,
        exports: &exports,
        assets: &cfn_engine::LocalAssets::new(),
        ssm_parameters: &BTreeMap::new(),
        allow_unsupported: false,
        endpoints: LocalEndpoints { port: 3000 },
        checks: &Accept,
        ids: &ids,
        // 2023-11-14T22:13:20Z
        now: 1_700_000_000,
    };
    deploy(&request, &mut Vec::new())
}

fn output<'a>(stack: &'a StackRecord, key: &str) -> &'a str {
    &stack.outputs.iter().find(|o| o.key == key).unwrap().value
}

const FUNCTION: &str = "arn:aws:lambda:eu-west-1:111122223333:function:orders";

#[test]
fn ref_and_get_att_return_aws_values() {
    let stack = deploy_template(TEMPLATE, None).unwrap().record;
    let layer = "arn:aws:lambda:eu-west-1:111122223333:layer:shared:1";
    assert_eq!(output(&stack, "LayerRef"), layer);
    assert_eq!(output(&stack, "LayerArn"), layer);
    assert_eq!(output(&stack, "VersionRef"), format!("{FUNCTION}:1"));
    assert_eq!(output(&stack, "VersionNumber"), "1");
    assert_eq!(output(&stack, "AliasRef"), format!("{FUNCTION}:live"));
    assert_eq!(output(&stack, "AliasArn"), format!("{FUNCTION}:live"));
    assert_eq!(output(&stack, "UrlRef"), format!("{FUNCTION}:live"));
    let url = output(&stack, "Url");
    let url_id = url
        .strip_prefix("https://")
        .and_then(|rest| rest.strip_suffix(".lambda-url.eu-west-1.on.aws/"))
        .unwrap();
    assert_eq!(url_id.len(), 32, "{url}");
    let table = output(&stack, "TableRef");
    assert!(table.starts_with("shop-Table-"), "{table}");
    let table_arn = format!("arn:aws:dynamodb:eu-west-1:111122223333:table/{table}");
    assert_eq!(output(&stack, "TableArn"), table_arn);
    assert_eq!(
        output(&stack, "StreamArn"),
        format!("{table_arn}/stream/2023-11-14T22:13:20.000")
    );
}

#[test]
fn a_function_gets_the_content_of_its_stacks_layers_and_a_warning_for_others() {
    let deployed = deploy_template(TEMPLATE, None).unwrap();
    let function = deployed
        .record
        .resources
        .iter()
        .find_map(|r| match &r.model {
            ResourceModel::Function(f) => Some(f),
            _ => None,
        })
        .unwrap();
    assert_eq!(function.layers.len(), 2);
    assert_eq!(function.layer_contents.len(), 1);
    assert_eq!(
        function.layer_contents[0].content,
        Code::LocalPath {
            path: "/project/layer/".into()
        }
    );
    let warnings: Vec<String> = deployed.warnings.iter().map(ToString::to_string).collect();
    let about = |needle: &str| warnings.iter().filter(|w| w.contains(needle)).count();
    assert_eq!(
        about("AWSLambdaPowertoolsPythonV3:7 is not a layer version of this stack"),
        1,
        "{warnings:#?}"
    );
    assert_eq!(about("gantry does not serve DynamoDB"), 1, "{warnings:#?}");
    assert_eq!(
        about("FnUrl: Properties.TargetFunctionArn: function URLs are not served"),
        1,
        "{warnings:#?}"
    );
    assert_eq!(
        about("a version runs the function's current code"),
        1,
        "{warnings:#?}"
    );
}

#[test]
fn a_changed_layer_or_a_new_version_resource_is_the_next_version() {
    let first = deploy_template(TEMPLATE, None).unwrap().record;
    let again = deploy_template(TEMPLATE, Some(&first)).unwrap().record;
    assert_eq!(output(&again, "LayerRef"), output(&first, "LayerRef"));
    assert_eq!(output(&again, "StreamArn"), output(&first, "StreamArn"));
    assert_eq!(output(&again, "Url"), output(&first, "Url"));
    let changed = TEMPLATE
        .replace("Content: layer/", "Content: layer-v2/")
        .replace("FnVersionabc", "FnVersiondef");
    let second = deploy_template(&changed, Some(&again)).unwrap().record;
    assert_eq!(
        output(&second, "LayerRef"),
        "arn:aws:lambda:eu-west-1:111122223333:layer:shared:2"
    );
    assert_eq!(output(&second, "VersionRef"), format!("{FUNCTION}:2"));
    assert_eq!(output(&second, "AliasRef"), format!("{FUNCTION}:live"));
}

#[test]
fn invalid_lambda_resources_are_refused_naming_the_property() {
    let reason = |template: String| match deploy_template(&template, None) {
        Err(DeployError::ResourceFailed { reason, .. }) => reason,
        other => panic!("not refused: {other:?}"),
    };
    let too_many = TEMPLATE.replace(
        "        - !Ref Shared\n",
        &"        - !Ref Shared\n".repeat(5),
    );
    assert_eq!(
        reason(too_many),
        "Properties.Layers has 6 layers; Lambda allows at most 5 per function"
    );
    let unpublished = TEMPLATE.replace(
        "FunctionVersion: !GetAtt FnVersionabc.Version",
        "FunctionVersion: '7'",
    );
    assert!(
        reason(unpublished).starts_with("Properties.FunctionVersion \"7\" is not a version of")
    );
    let numeric = TEMPLATE.replace("Name: live", "Name: '12'");
    assert!(reason(numeric).starts_with("Properties.Name \"12\" is not an alias name"));
}
