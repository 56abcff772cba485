//! Systems Manager parameter types through the deploy loop: `Ref` yields the value read
//! from the request's SSM store, and the stack record keeps the SSM parameter *name* as
//! the parameter's value, as CloudFormation's DescribeStacks does (docs/cdk.md §5).

#![allow(clippy::unwrap_used)] // test support code outside #[test] functions

use std::collections::BTreeMap;
use std::path::Path;

use cfn_engine::{
    CheckNote, DeployChecks, DeployError, DeployRequest, Deployed, IdSource, LocalEndpoints, deploy,
};
use store::model::Function;

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

struct Accept;

impl DeployChecks for Accept {
    fn check_function(&self, _: &Function) -> Result<Vec<CheckNote>, CheckNote> {
        Ok(vec![])
    }

    fn check_route_key(&self, _: &str) -> Result<(), CheckNote> {
        Ok(())
    }
}

fn deploy_with(ssm: &BTreeMap<String, String>) -> Result<Deployed, DeployError> {
    let ids = IdSource::seeded(1);
    let request = DeployRequest {
        stack_name: "ssm",
        template_path: Path::new("template.yaml"),
        template_body: TEMPLATE,
        parameter_overrides: vec![],
        region: "us-east-1",
        account_id: "123456789012",
        previous: None,
        exports: &BTreeMap::new(),
        assets: &cfn_engine::LocalAssets::new(),
        ssm_parameters: ssm,
        allow_unsupported: false,
        endpoints: LocalEndpoints { port: 3000 },
        checks: &Accept,
        ids: &ids,
        now: 1_700_000_000,
    };
    deploy(&request, &mut Vec::new())
}

#[test]
fn ref_yields_the_stored_value_and_the_record_keeps_the_ssm_name() {
    let ssm = BTreeMap::from([("/app/greeting".to_owned(), "hello".to_owned())]);
    let stack = deploy_with(&ssm).unwrap().record;
    assert_eq!(stack.outputs[0].value, "hello");
    assert_eq!(stack.parameters["Greeting"], "/app/greeting");
}

#[test]
fn a_name_missing_from_the_store_stops_the_deploy_before_anything_is_created() {
    let Err(DeployError::Invalid(validation)) = deploy_with(&BTreeMap::new()) else {
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
