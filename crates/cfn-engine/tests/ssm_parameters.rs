//! Systems Manager parameters through the deploy loop: an SSM parameter type's `Ref`
//! yields the value read from the request's SSM store, and the stack record keeps the SSM
//! parameter *name* as the parameter's value, as CloudFormation's DescribeStacks does; an
//! `ssm` dynamic reference in a property resolves from the same store (docs/cdk.md §5).

#![allow(clippy::unwrap_used)] // test support code outside #[test] functions

mod deploy_support;

use std::collections::BTreeMap;
use std::path::Path;

use cfn_engine::{DeployError, Deployed};
use deploy_support::{Checks, TestDeploy};

const TEMPLATE: &str = r"
Parameters:
  Greeting:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /app/greeting
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
Outputs:
  Said:
    Value: !Ref Greeting
";

fn deploy_with(template: &str, ssm: &BTreeMap<String, String>) -> Result<Deployed, DeployError> {
    let setup = TestDeploy {
        stack_name: "ssm",
        region: "us-east-1",
        account_id: "123456789012",
        allow_unsupported: false,
        checks: &Checks,
        seed: 1,
        ssm_parameters: ssm,
    };
    setup.deploy(Path::new("template.yaml"), template, None)
}

#[test]
fn ref_yields_the_stored_value_and_the_record_keeps_the_ssm_name() {
    let ssm = BTreeMap::from([("/app/greeting".to_owned(), "hello".to_owned())]);
    let stack = deploy_with(TEMPLATE, &ssm).unwrap().record;
    assert_eq!(stack.outputs[0].value, "hello");
    assert_eq!(stack.parameters["Greeting"], "/app/greeting");
}

#[test]
fn a_name_missing_from_the_store_stops_the_deploy_before_anything_is_created() {
    let Err(DeployError::Invalid(validation)) = deploy_with(TEMPLATE, &BTreeMap::new()) else {
        panic!("deployed without the SSM parameter");
    };
    let messages: Vec<&str> = validation.errors().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "parameter `Greeting` (AWS::SSM::Parameter::Value<String>) names the SSM parameter `/app/greeting`, which is not in gantry's parameter store"
        ]
    );
}

const DYNAMIC: &str = r"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Description: !Sub 'greets with {{resolve:ssm:/app/greeting:2}} in ${AWS::Region}'
";

#[test]
fn an_ssm_dynamic_reference_resolves_from_the_store() {
    let ssm = BTreeMap::from([("/app/greeting".to_owned(), "hello".to_owned())]);
    let stack = deploy_with(DYNAMIC, &ssm).unwrap().record;
    assert_eq!(
        stack.resources[0].properties["Description"],
        "greets with hello in us-east-1"
    );
}

#[test]
fn an_ssm_dynamic_reference_missing_from_the_store_fails_the_resource_at_its_line() {
    let Err(DeployError::ResourceFailed {
        logical_id,
        reason,
        line,
        ..
    }) = deploy_with(DYNAMIC, &BTreeMap::new())
    else {
        panic!("deployed without the SSM parameter");
    };
    assert_eq!((logical_id.as_str(), line), ("Role", Some(7)));
    assert!(
        reason.starts_with("Properties.Description names the SSM parameter /app/greeting"),
        "{reason}"
    );
}
