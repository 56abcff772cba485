//! Nested stacks (`AWS::CloudFormation::Stack`) deployed inside their parent's run, with
//! the child template read from a real file; and the two other types CDK apps bring,
//! `AWS::CDK::Metadata` and `AWS::SSM::Parameter`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test support code outside #[test] functions

mod nested_support;

use cfn_engine::ResourceStatus;
use store::model::ResourceModel;

use nested_support::{Dir, child_stack, failure, output};

const CHILD: &str = "\
Parameters:
  Greeting:
    Type: String
  Sizes:
    Type: CommaDelimitedList
  Count:
    Type: Number
    Default: 1
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/r
      Code:
        ZipFile: exports.handler = async () => 'hi'
      Environment:
        Variables:
          GREETING: !Ref Greeting
Outputs:
  FunctionArn:
    Value: !GetAtt Fn.Arn
  StackName:
    Value: !Ref AWS::StackName
  Sizes:
    Value: !Join ['+', !Ref Sizes]
";

const PARENT: &str = "\
Resources:
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: child.yaml
      Parameters:
        Greeting: hello
        Sizes: [1, 2]
        Count: 3
Outputs:
  ChildArn:
    Value: !GetAtt Child.Outputs.FunctionArn
  ChildId:
    Value: !Ref Child
";

#[test]
fn the_parent_reads_the_childs_outputs_and_ref_is_the_childs_stack_id() {
    let dir = Dir::new(CHILD);
    let (deployed, events) = dir.deploy(PARENT, None, 1);
    let record = deployed.unwrap().record;
    let child = child_stack(&record);
    let suffix = child.name.strip_prefix("app-Child-").unwrap();
    assert!(
        suffix.len() == 13
            && suffix
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
        "{}",
        child.name
    );
    assert_eq!(output(&record, "ChildId"), child.stack_id);
    assert!(child.stack_id.starts_with(&format!(
        "arn:aws:cloudformation:us-east-1:123456789012:stack/{}/",
        child.name
    )));
    assert_eq!(output(&record, "ChildArn"), output(child, "FunctionArn"));
    assert_eq!(
        output(child, "StackName"),
        child.name,
        "the child's own AWS::StackName"
    );
    // The child's events carry its name and come inside the parent resource's.
    let position = |stack: &str, id: &str, status| {
        events
            .iter()
            .position(|e| e.stack_name == stack && e.logical_id == id && e.status == status)
            .unwrap_or_else(|| panic!("no {status:?} of {stack}/{id} in {events:#?}"))
    };
    let started = position("app", "Child", ResourceStatus::CreateInProgress);
    let function = position(&child.name, "Fn", ResourceStatus::CreateComplete);
    let done = position("app", "Child", ResourceStatus::CreateComplete);
    assert!(started < function && function < done, "{events:#?}");
}

#[test]
fn parameters_go_in_as_strings() {
    let dir = Dir::new(CHILD);
    let record = dir.deploy(PARENT, None, 1).0.unwrap().record;
    let child = child_stack(&record);
    assert_eq!(child.parameters["Greeting"], "hello");
    assert_eq!(child.parameters["Count"], "3");
    assert_eq!(
        output(child, "Sizes"),
        "1+2",
        "a list is passed comma-joined"
    );
}

#[test]
fn a_parameter_the_child_does_not_declare_fails_the_parent_naming_it() {
    let dir = Dir::new(CHILD);
    let parent = PARENT.replace("Count: 3", "Colour: red");
    let (logical_id, reason) = failure(dir.deploy(&parent, None, 1).0);
    assert_eq!(logical_id, "Child");
    assert!(
        reason.starts_with("Properties.Parameters.Colour names a parameter"),
        "{reason}"
    );
    assert!(
        reason.contains("child.yaml") && reason.contains("Greeting"),
        "{reason}"
    );
}

#[test]
fn a_failing_child_fails_the_parent_naming_the_embedded_stack_and_its_resource() {
    let child = CHILD.replace("Handler: index.handler", "Handler: refuse.handler");
    let dir = Dir::new(&child);
    let (result, events) = dir.deploy(PARENT, None, 1);
    let (logical_id, reason) = failure(result);
    assert_eq!(logical_id, "Child");
    assert!(
        reason.starts_with(
            "Embedded stack arn:aws:cloudformation:us-east-1:123456789012:stack/app-Child-"
        ),
        "{reason}"
    );
    assert!(
        reason.contains(
            "was not successfully created: The following resource(s) failed to create: [Fn]"
        ),
        "{reason}"
    );
    assert!(
        reason.contains("child.yaml:10: Properties.Handler: refused by the test"),
        "the child's file and line: {reason}"
    );
    let statuses: Vec<_> = events
        .iter()
        .filter(|e| e.stack_name == "app")
        .map(|e| (e.logical_id.as_str(), e.status))
        .collect();
    assert!(
        statuses.contains(&("Child", ResourceStatus::CreateFailed)),
        "{statuses:?}"
    );
    assert_eq!(
        statuses.last(),
        Some(&("app", ResourceStatus::RollbackComplete))
    );
}

#[test]
fn a_child_template_that_is_not_valid_is_named_with_its_line() {
    let dir = Dir::new(&CHILD.replace("!GetAtt Fn.Arn", "!GetAtt Missing.Arn"));
    let (_, reason) = failure(dir.deploy(PARENT, None, 1).0);
    assert!(
        reason.contains("the template") && reason.contains("child.yaml:23"),
        "{reason}"
    );
}

#[test]
fn an_update_keeps_the_child_and_an_unchanged_child_reports_nothing() {
    let dir = Dir::new(CHILD);
    let first = dir.deploy(PARENT, None, 1).0.unwrap().record;
    let (again, events) = dir.deploy(PARENT, Some(&first), 2);
    let again = again.unwrap().record;
    assert_eq!(child_stack(&again), child_stack(&first));
    assert!(
        events
            .iter()
            .all(|e| e.resource_type == cfn_engine::STACK_RESOURCE_TYPE),
        "{events:#?}"
    );

    let changed = PARENT.replace("Greeting: hello", "Greeting: bonjour");
    let (updated, events) = dir.deploy(&changed, Some(&first), 3);
    let updated = updated.unwrap().record;
    let (before, after) = (child_stack(&first), child_stack(&updated));
    assert_eq!(
        (&after.name, &after.stack_id),
        (&before.name, &before.stack_id)
    );
    assert_eq!(
        output(after, "FunctionArn"),
        output(before, "FunctionArn"),
        "the function keeps its name"
    );
    assert!(events.iter().any(|e| e.stack_name == after.name
        && e.logical_id == "Fn"
        && e.status == ResourceStatus::UpdateComplete));
}

#[test]
fn removing_a_nested_stack_deletes_its_resources_then_the_stack() {
    let dir = Dir::new(CHILD);
    let first = dir.deploy(PARENT, None, 1).0.unwrap().record;
    let child_name = child_stack(&first).name.clone();
    let without = "Resources:\n  Param:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Type: String\n      Value: v\n";
    let (result, events) = dir.deploy(without, Some(&first), 2);
    assert!(result.unwrap().record.stacks().len() == 1);
    let deleted: Vec<_> = events
        .iter()
        .filter(|e| e.status == ResourceStatus::DeleteComplete)
        .map(|e| (e.stack_name.as_str(), e.logical_id.as_str()))
        .collect();
    assert_eq!(
        deleted,
        [
            (child_name.as_str(), "Fn"),
            (child_name.as_str(), child_name.as_str()),
            ("app", "Child")
        ]
    );
}

#[test]
fn a_remote_template_url_is_refused_with_what_to_do() {
    let dir = Dir::new(CHILD);
    let parent = PARENT.replace("child.yaml", "https://s3.amazonaws.com/bucket/child.yaml");
    let (_, reason) = failure(dir.deploy(&parent, None, 1).0);
    assert!(
        reason.contains("https://s3.amazonaws.com/bucket/child.yaml, which gantry cannot fetch"),
        "{reason}"
    );
}

/// The condition the CDK writes for `AWS::CDK::Metadata` (aws-cdk-lib 2.x): an `Fn::Or` of
/// `Fn::Or`s of region comparisons.
const CDK_METADATA: &str = r#"{
  "Resources": {
    "CDKMetadata": {
      "Type": "AWS::CDK::Metadata",
      "Properties": {"Analytics": "v2:deflate64:H4sIAAAAAAAA/zPSMzQw0DNQTCwv1k1OydbNyUzVqw4uSUzO1knOz0vLLMpMzdHLzEvPT8nMz9NLTi0uLSpJTSxOTc7PySzJzC/Szcsvy8tMzlfPzEvPzwEAJ08pSUYAAAA="},
      "Metadata": {"aws:cdk:path": "App/CDKMetadata/Default"},
      "Condition": "CDKMetadataAvailable"
    },
    "Param": {
      "Type": "AWS::SSM::Parameter",
      "Properties": {"Type": "StringList", "Value": "a,b", "Tier": "Standard", "AllowedPattern": "^[a-z,]+$"}
    }
  },
  "Outputs": {
    "ParamName": {"Value": {"Ref": "Param"}},
    "ParamValue": {"Value": {"Fn::GetAtt": ["Param", "Value"]}}
  },
  "Conditions": {
    "CDKMetadataAvailable": {"Fn::Or": [
      {"Fn::Or": [
        {"Fn::Equals": [{"Ref": "AWS::Region"}, "af-south-1"]},
        {"Fn::Equals": [{"Ref": "AWS::Region"}, "ap-east-1"]},
        {"Fn::Equals": [{"Ref": "AWS::Region"}, "ap-northeast-1"]},
        {"Fn::Equals": [{"Ref": "AWS::Region"}, "ap-northeast-2"]},
        {"Fn::Equals": [{"Ref": "AWS::Region"}, "ap-south-1"]},
        {"Fn::Equals": [{"Ref": "AWS::Region"}, "ap-southeast-1"]},
        {"Fn::Equals": [{"Ref": "AWS::Region"}, "ap-southeast-2"]},
        {"Fn::Equals": [{"Ref": "AWS::Region"}, "ca-central-1"]},
        {"Fn::Equals": [{"Ref": "AWS::Region"}, "cn-north-1"]},
        {"Fn::Equals": [{"Ref": "AWS::Region"}, "cn-northwest-1"]}
      ]},
      {"Fn::Or": [
        {"Fn::Equals": [{"Ref": "AWS::Region"}, "eu-central-1"]},
        {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]},
        {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-west-2"]}
      ]}
    ]}
  }
}"#;

#[test]
fn cdk_metadata_deploys_silently_under_its_condition_and_ssm_parameters_get_cloudformation_names() {
    let dir = Dir::new(CHILD);
    let deployed = dir.deploy(CDK_METADATA, None, 1).0.unwrap();
    let record = &deployed.record;
    assert!(
        record
            .resources
            .iter()
            .any(|r| r.model == ResourceModel::CdkMetadata),
        "the condition is true in us-east-1"
    );
    let name = output(record, "ParamName");
    assert!(
        name.starts_with("CFN-Param-") && name.len() == "CFN-Param-".len() + 12,
        "{name}"
    );
    assert_eq!(output(record, "ParamValue"), "a,b");
    let warnings: Vec<String> = deployed.warnings.iter().map(ToString::to_string).collect();
    // The tier changes nothing locally; a pattern the store does not check is named.
    assert_eq!(warnings.len(), 1, "only the SSM pattern: {warnings:?}");
    assert!(
        warnings[0].contains("Param: Properties.AllowedPattern"),
        "{warnings:?}"
    );
}

#[test]
fn a_secure_string_parameter_is_refused_as_cloudformation_does() {
    let dir = Dir::new(CHILD);
    let template = "Resources:\n  Secret:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Type: SecureString\n      Value: s\n";
    let (logical_id, reason) = failure(dir.deploy(template, None, 1).0);
    assert_eq!(logical_id, "Secret");
    assert!(
        reason.starts_with("Properties.Type SecureString is not supported by CloudFormation"),
        "{reason}"
    );
}

#[test]
fn a_cdk_nested_stack_is_found_by_its_asset_metadata_or_by_its_asset_url() {
    let url = "Fn::Join: ['', ['https://s3.', !Ref AWS::Region, '.', !Ref AWS::URLSuffix, '/cdk-hnb659fds-assets-123456789012-us-east-1/abc.json']]";
    let parent = PARENT.replace(
        "TemplateURL: child.yaml",
        &format!("TemplateURL:\n        {url}"),
    );
    let with_metadata = parent.replace(
        "    Type: AWS::CloudFormation::Stack\n",
        "    Type: AWS::CloudFormation::Stack\n    Metadata:\n      aws:asset:path: child.yaml\n      aws:asset:property: TemplateURL\n",
    );
    let dir = Dir::new(CHILD);
    let record = dir.deploy(&with_metadata, None, 1).0.unwrap().record;
    assert!(child_stack(&record).template_path.ends_with("child.yaml"));

    // Without the metadata the URL alone is remote, unless the assets know the object.
    let (_, reason) = failure(dir.deploy(&parent, None, 1).0);
    assert!(reason.contains("which gantry cannot fetch"), "{reason}");
    let mut dir = dir;
    dir.1.insert(
        "cdk-hnb659fds-assets-123456789012-us-east-1",
        "abc.json",
        dir.0.path().join("child.yaml"),
    );
    let record = dir.deploy(&parent, None, 1).0.unwrap().record;
    assert_eq!(output(child_stack(&record), "Sizes"), "1+2");
}

#[test]
fn a_template_that_nests_itself_is_refused_naming_the_chain() {
    let nests_child = "Resources:\n  Again:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child.yaml\n";
    let dir = Dir::new(nests_child);
    let (logical_id, reason) = failure(
        dir.deploy(&nests_child.replace("Again", "Child"), None, 1)
            .0,
    );
    assert_eq!(logical_id, "Child");
    assert!(
        reason.contains("nests itself") && reason.contains("child.yaml -> "),
        "{reason}"
    );
}

#[test]
fn a_parent_failing_after_its_child_updated_rolls_the_child_back_too() {
    let dir = Dir::new(CHILD);
    let first = dir.deploy(PARENT, None, 1).0.unwrap().record;
    let child_name = child_stack(&first).name.clone();
    let failing = PARENT.replace("Greeting: hello", "Greeting: bonjour").replace(
        "Outputs:\n",
        "  Bad:\n    Type: AWS::SSM::Parameter\n    DependsOn: Child\n    Properties:\n      Type: SecureString\n      Value: s\nOutputs:\n",
    );
    let (result, events) = dir.deploy(&failing, Some(&first), 2);
    assert_eq!(failure(result).0, "Bad");
    let child_events: Vec<_> = events
        .iter()
        .filter(|e| e.stack_name == child_name)
        .map(|e| (e.logical_id.as_str(), e.status))
        .collect();
    let rolled_back = child_events
        .iter()
        .position(|&(_, status)| status == ResourceStatus::UpdateRollbackInProgress)
        .unwrap_or_else(|| panic!("{child_events:?}"));
    assert_eq!(
        child_events[rolled_back..],
        [
            (
                child_name.as_str(),
                ResourceStatus::UpdateRollbackInProgress
            ),
            ("Fn", ResourceStatus::UpdateComplete),
            (child_name.as_str(), ResourceStatus::UpdateRollbackComplete),
        ]
    );
}
