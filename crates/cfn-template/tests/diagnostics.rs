//! Snapshot tests of the rendered text of each kind of diagnostic (one template per
//! kind). Review changes with `INSTA_UPDATE=always` / `cargo insta review`.

// Test helpers: a failed expectation is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cfn_template::{Inputs, validate};

fn rendered_with(source: &str, inputs: &Inputs) -> String {
    let validation = validate(source, inputs).expect("inputs are valid");
    validation.render(source, "template.yaml")
}

fn rendered(source: &str) -> String {
    rendered_with(source, &Inputs::default())
}

const ROLE: &str = "  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
";

fn with_function(function_properties: &str) -> String {
    format!(
        "Resources:
{ROLE}  TestFunction:
    Type: AWS::Lambda::Function
    Properties:
{function_properties}"
    )
}

#[test]
fn yaml_syntax_error() {
    insta::assert_snapshot!(rendered(
        "Resources:\n  Role:\n    Type: AWS::IAM::Role\n   Properties: {}\n"
    ));
}

#[test]
fn json_syntax_error() {
    insta::assert_snapshot!(rendered(
        "{\n  \"Resources\": {\n    \"Role\": {\"Type\": \"AWS::IAM::Role\" \"Properties\": {}}\n  }\n}\n"
    ));
}

#[test]
fn unknown_get_att_target_with_suggestion() {
    insta::assert_snapshot!(rendered(&with_function(
        "      Role: !GetAtt Rol.Arn\n      Code: {ZipFile: x}\n"
    )));
}

#[test]
fn unknown_ref_target_with_suggestion() {
    insta::assert_snapshot!(rendered(&with_function(
        "      Role: !Ref Roles\n      Code: {ZipFile: x}\n"
    )));
}

#[test]
fn unknown_sub_variable() {
    insta::assert_snapshot!(rendered(&with_function(
        "      Role: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountID}:role/${Role}'\n      Code: {ZipFile: x}\n"
    )));
}

#[test]
fn attribute_the_type_does_not_have() {
    insta::assert_snapshot!(rendered(&with_function(
        "      Role: !GetAtt Role.RoleArn\n      Code: {ZipFile: x}\n"
    )));
}

#[test]
fn unknown_resource_type_with_suggestion() {
    insta::assert_snapshot!(rendered(
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Functoin\n"
    ));
}

#[test]
fn misspelled_property_with_suggestion() {
    insta::assert_snapshot!(rendered(&with_function(
        "      Role: !GetAtt Role.Arn\n      Code: {ZipFile: x}\n      Runtim: nodejs20.x\n"
    )));
}

#[test]
fn misspelled_nested_property_with_suggestion() {
    insta::assert_snapshot!(rendered(
        "Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: api\n      ProtocolType: HTTP\n      CorsConfiguration:\n        AllowOrigin: ['*']\n"
    ));
}

#[test]
fn missing_required_property() {
    insta::assert_snapshot!(rendered(&with_function("      Code: {ZipFile: x}\n")));
}

#[test]
fn missing_parameter_value() {
    insta::assert_snapshot!(rendered(
        "Parameters:\n  Stage:\n    Type: String\nResources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Ref Stage\n"
    ));
}

#[test]
fn parameter_constraint_violation() {
    let source = "Parameters:\n  Stage:\n    Type: String\n    AllowedPattern: '[a-z]+'\n    ConstraintDescription: lower-case letters only\nResources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n";
    insta::assert_snapshot!(rendered_with(
        source,
        &Inputs::default().with_parameter("Stage", "Prod1")
    ));
}

#[test]
fn circular_dependency() {
    insta::assert_snapshot!(rendered(
        "Resources:\n  A:\n    Type: AWS::Logs::LogGroup\n    DependsOn: B\n  B:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Ref A\n"
    ));
}

#[test]
fn sam_template() {
    insta::assert_snapshot!(rendered(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: index.handler\n      Events:\n        Api: {Type: HttpApi}\n      Role: !GetAtt ServerlessRole.Arn\n"
    ));
}

#[test]
fn macro_transform() {
    insta::assert_snapshot!(rendered(
        "Transform: MyMacro\nResources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n"
    ));
}

#[test]
fn yaml_alias() {
    insta::assert_snapshot!(rendered(
        "Resources:\n  A:\n    Type: AWS::Logs::LogGroup\n    Properties: &props\n      RetentionInDays: 7\n  B:\n    Type: AWS::Logs::LogGroup\n    Properties: *props\n"
    ));
}

#[test]
fn nesting_too_deep() {
    let source = format!(
        "Resources:\n  A:\n    Type: AWS::Logs::LogGroup\n    Metadata: {}{}\n",
        "[".repeat(200),
        "]".repeat(200)
    );
    insta::assert_snapshot!(rendered(&source));
}

#[test]
fn duplicate_key() {
    insta::assert_snapshot!(rendered(
        "Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 7\n      RetentionInDays: 14\n"
    ));
}

#[test]
fn undeclared_resource_condition() {
    insta::assert_snapshot!(rendered(
        "Resources:\n  Meta:\n    Type: AWS::CDK::Metadata\n    Properties:\n      Analytics: v2\n    Condition: CDKMetadataAvailable\n"
    ));
}

#[test]
fn depends_on_unknown_resource() {
    insta::assert_snapshot!(rendered(
        "Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n  Other:\n    Type: AWS::Logs::LogGroup\n    DependsOn: [Logs, Log]\n"
    ));
}

#[test]
fn select_index_out_of_range() {
    insta::assert_snapshot!(rendered(
        "Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Select [3, [a, b, c]]\n"
    ));
}

#[test]
fn find_in_map_missing_key() {
    let source = "Mappings:\n  RegionMap:\n    us-west-2:\n      Name: oregon\nResources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !FindInMap [RegionMap, !Ref AWS::Region, Name]\n";
    insta::assert_snapshot!(rendered(source));
}

#[test]
fn reference_to_a_resource_that_is_not_created() {
    insta::assert_snapshot!(rendered(
        "Conditions:\n  IsProd: !Equals [dev, prod]\nResources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Condition: IsProd\n  Other:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Ref Logs\n"
    ));
}

#[test]
fn output_dropped_because_its_resource_is_not_created() {
    insta::assert_snapshot!(rendered(
        "Conditions:\n  IsProd: !Equals [dev, prod]\nResources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Condition: IsProd\n  Other:\n    Type: AWS::Logs::LogGroup\nOutputs:\n  LogsArn:\n    Value: !GetAtt Logs.Arn\n"
    ));
}

#[test]
fn bare_no_value_string() {
    insta::assert_snapshot!(rendered(
        "Conditions:\n  IsProd: !Equals [dev, prod]\nResources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !If [IsProd, prod-logs, AWS::NoValue]\n"
    ));
}

#[test]
fn tabs_in_the_source_line_keep_the_caret_aligned() {
    let source = "{\n\t\"Resources\": {\"Fn\": {\"Type\": \"AWS::Lambda::Functoin\"}}\n}\n";
    insta::assert_snapshot!(rendered(source));
}

#[test]
fn valid_template_with_a_warning() {
    insta::assert_snapshot!(rendered(
        "Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: api\n      ProtocolType: HTTP\n      ApiEndpoint: https://example.com\n"
    ));
}
