//! One test (at least) per intrinsic function, using the examples of AWS's
//! "Intrinsic function reference" pages where they exist.

use std::collections::HashMap;

use serde_json::{Value as Json, json};

use super::Resolve;
use crate::error::Error;
use crate::inputs::Inputs;
use crate::plan::Plan;
use crate::validate::validate;

/// A fake deploy engine: what it has deployed.
#[derive(Default)]
struct Deployed {
    refs: HashMap<&'static str, Json>,
    attributes: HashMap<(&'static str, &'static str), Json>,
    exports: HashMap<&'static str, Json>,
}

impl Resolve for Deployed {
    fn ref_value(&self, logical_id: &str) -> Option<Json> {
        self.refs.get(logical_id).cloned()
    }
    fn get_att(&self, logical_id: &str, attribute: &str) -> Option<Json> {
        self.attributes.get(&(logical_id, attribute)).cloned()
    }
    fn import_value(&self, export_name: &str) -> Option<Json> {
        self.exports.get(export_name).cloned()
    }
}

fn deployed() -> Deployed {
    let mut deployed = Deployed::default();
    deployed.refs.insert("MyVPC", json!("vpc-0123"));
    deployed
        .attributes
        .insert(("MyVPC", "CidrBlock"), json!("10.0.0.0/16"));
    deployed
        .exports
        .insert("AccountSubnetIDs", json!("subnet-a,subnet-b,subnet-c"));
    deployed
}

/// A template around `Value: <expression>` on a custom resource, plus `sections`.
fn template(sections: &str, expression: &str) -> String {
    format!(
        "{sections}\nResources:\n  MyVPC:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n  Thing:\n    Type: Custom::Thing\n    Properties:\n      ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:f\n      Value: {expression}\n"
    )
}

fn plan_of(source: &str, inputs: &Inputs) -> Plan {
    let validation = validate(source, inputs).expect("inputs are valid");
    assert!(validation.is_valid(), "{:#?}", validation.diagnostics);
    validation.plan.expect("a plan")
}

fn eval_with(sections: &str, expression: &str, inputs: &Inputs) -> Option<Json> {
    let plan = plan_of(&template(sections, expression), inputs);
    let properties = plan
        .resolve_properties("Thing", &deployed())
        .expect("resolves");
    properties.get("Value").cloned()
}

fn eval(expression: &str) -> Json {
    eval_with("", expression, &Inputs::default()).expect("a value")
}

#[test]
fn base64_encodes_the_aws_documentation_example() {
    assert_eq!(
        eval("!Base64 AWS CloudFormation"),
        json!("QVdTIENsb3VkRm9ybWF0aW9u")
    );
}

#[test]
fn cidr_splits_a_slash_24_into_six_slash_27s_as_documented() {
    assert_eq!(
        eval("!Cidr [ \"192.168.0.0/24\", 6, 5 ]"),
        json!([
            "192.168.0.0/27",
            "192.168.0.32/27",
            "192.168.0.64/27",
            "192.168.0.96/27",
            "192.168.0.128/27",
            "192.168.0.160/27"
        ])
    );
}

#[test]
fn cidr_splits_ipv6_blocks() {
    assert_eq!(
        eval("!Cidr [ \"2001:db8::/56\", 2, 64 ]"),
        json!(["2001:db8::/64", "2001:db8:0:1::/64"])
    );
}

#[test]
fn cidr_reads_a_resource_attribute() {
    assert_eq!(
        eval("!Select [1, !Cidr [!GetAtt MyVPC.CidrBlock, 2, 8]]"),
        json!("10.0.1.0/24")
    );
}

const REGION_MAP: &str = "Mappings:\n  RegionMap:\n    us-east-1:\n      HVM64: ami-0ff8a91507f77f867\n      HVMG2: ami-0a584ac55a7631c0c\n    us-west-1:\n      HVM64: ami-0bdb828fd58c52235\n      HVMG2: ami-066ee5fd4a9ef77f1\n";

#[test]
fn find_in_map_looks_up_by_region_as_documented() {
    let value = eval_with(
        REGION_MAP,
        "!FindInMap [RegionMap, !Ref \"AWS::Region\", HVM64]",
        &Inputs::default(),
    );
    assert_eq!(value, Some(json!("ami-0ff8a91507f77f867")));
    let west = Inputs {
        region: "us-west-1".into(),
        ..Inputs::default()
    };
    let value = eval_with(
        REGION_MAP,
        "!FindInMap [RegionMap, !Ref \"AWS::Region\", HVMG2]",
        &west,
    );
    assert_eq!(value, Some(json!("ami-066ee5fd4a9ef77f1")));
}

#[test]
fn get_azs_of_the_empty_string_means_the_stack_region() {
    assert_eq!(
        eval("!GetAZs ''"),
        json!(["us-east-1a", "us-east-1b", "us-east-1c"])
    );
    assert_eq!(
        eval("!GetAZs {Ref: AWS::Region}"),
        json!(["us-east-1a", "us-east-1b", "us-east-1c"])
    );
    assert_eq!(
        eval("!GetAZs eu-west-3"),
        json!(["eu-west-3a", "eu-west-3b", "eu-west-3c"])
    );
}

#[test]
fn get_att_asks_the_resolver_in_both_forms() {
    assert_eq!(eval("!GetAtt MyVPC.CidrBlock"), json!("10.0.0.0/16"));
    assert_eq!(
        eval("{'Fn::GetAtt': [MyVPC, CidrBlock]}"),
        json!("10.0.0.0/16")
    );
}

#[test]
fn get_att_attribute_name_may_come_from_a_parameter() {
    let sections = "Parameters:\n  Attr: {Type: String, Default: CidrBlock}\n";
    let value = eval_with(
        sections,
        "{'Fn::GetAtt': [MyVPC, !Ref Attr]}",
        &Inputs::default(),
    );
    assert_eq!(value, Some(json!("10.0.0.0/16")));
}

#[test]
fn if_picks_the_branch_of_the_condition() {
    let sections = "Parameters:\n  Env: {Type: String, Default: prod}\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n";
    assert_eq!(
        eval_with(sections, "!If [IsProd, big, small]", &Inputs::default()),
        Some(json!("big"))
    );
    let test = Inputs::default().with_parameter("Env", "test");
    assert_eq!(
        eval_with(sections, "!If [IsProd, big, small]", &test),
        Some(json!("small"))
    );
}

#[test]
fn if_with_no_value_removes_the_property() {
    let sections = "Conditions:\n  Never: !Equals [a, b]\n";
    assert_eq!(
        eval_with(
            sections,
            "!If [Never, x, !Ref AWS::NoValue]",
            &Inputs::default()
        ),
        None
    );
}

#[test]
fn no_value_removes_map_keys_and_list_items() {
    assert_eq!(eval("{A: 1, B: !Ref AWS::NoValue}"), json!({"A": "1"}));
    assert_eq!(eval("[a, !Ref AWS::NoValue, c]"), json!(["a", "c"]));
}

#[test]
fn import_value_asks_the_resolver() {
    assert_eq!(
        eval("!Select [2, !Split [\",\", !ImportValue AccountSubnetIDs]]"),
        json!("subnet-c")
    );
}

#[test]
fn join_joins_the_documented_examples() {
    assert_eq!(eval("!Join [ \":\", [ a, b, c ] ]"), json!("a:b:c"));
    assert_eq!(
        eval(
            "!Join ['', ['arn:', !Ref AWS::Partition, ':s3:::elasticbeanstalk-*-', !Ref AWS::AccountId]]"
        ),
        json!("arn:aws:s3:::elasticbeanstalk-*-123456789012")
    );
}

#[test]
fn join_of_a_list_parameter_joins_its_items() {
    let sections = "Parameters:\n  Subnets: {Type: CommaDelimitedList, Default: 'a, b ,c'}\n";
    assert_eq!(
        eval_with(sections, "!Join [';', !Ref Subnets]", &Inputs::default()),
        Some(json!("a;b;c"))
    );
}

#[test]
fn select_picks_the_documented_element() {
    assert_eq!(
        eval("!Select [ \"1\", [ \"apples\", \"grapes\", \"oranges\", \"mangoes\" ] ]"),
        json!("grapes")
    );
    assert_eq!(eval("!Select [0, !GetAZs '']"), json!("us-east-1a"));
}

#[test]
fn split_splits_the_documented_examples() {
    assert_eq!(eval("!Split [ \"|\" , \"a|b|c\" ]"), json!(["a", "b", "c"]));
    assert_eq!(
        eval("!Split [ \"|\" , \"a||c|\" ]"),
        json!(["a", "", "c", ""])
    );
}

#[test]
fn sub_with_a_variable_map_and_pseudo_parameters_as_documented() {
    assert_eq!(
        eval(
            "!Sub ['arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc/${vpc}', {vpc: !Ref MyVPC}]"
        ),
        json!("arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0123")
    );
}

#[test]
fn sub_resolves_resource_ref_when_bare_and_resource_attribute_when_dotted() {
    assert_eq!(
        eval("!Sub '${MyVPC} has ${MyVPC.CidrBlock}'"),
        json!("vpc-0123 has 10.0.0.0/16")
    );
}

#[test]
fn sub_resolves_parameters() {
    let sections = "Parameters:\n  RootDomainName: {Type: String, Default: example.com}\n";
    assert_eq!(
        eval_with(sections, "!Sub 'www.${RootDomainName}'", &Inputs::default()),
        Some(json!("www.example.com"))
    );
}

#[test]
fn sub_writes_bang_variables_literally() {
    assert_eq!(
        eval("!Sub '${!Literal}-${AWS::Region}'"),
        json!("${Literal}-us-east-1")
    );
}

#[test]
fn sub_variable_map_wins_over_a_resource_of_the_same_name() {
    assert_eq!(eval("!Sub ['${MyVPC}', {MyVPC: mine}]"), json!("mine"));
}

#[test]
fn ref_returns_every_pseudo_parameter() {
    let inputs = Inputs {
        stack_name: "shop".into(),
        stack_id: Some("arn:aws:cloudformation:us-east-1:123456789012:stack/shop/1".into()),
        notification_arns: vec!["arn:aws:sns:us-east-1:123456789012:t".into()],
        ..Inputs::default()
    };
    let value = eval_with(
        "",
        "[!Ref AWS::AccountId, !Ref AWS::Region, !Ref AWS::StackName, !Ref AWS::StackId, !Ref AWS::Partition, !Ref AWS::URLSuffix, !Ref AWS::NotificationARNs]",
        &inputs,
    );
    assert_eq!(
        value,
        Some(json!([
            "123456789012",
            "us-east-1",
            "shop",
            "arn:aws:cloudformation:us-east-1:123456789012:stack/shop/1",
            "aws",
            "amazonaws.com",
            ["arn:aws:sns:us-east-1:123456789012:t"]
        ]))
    );
}

#[test]
fn partition_and_url_suffix_follow_the_region() {
    let china = Inputs {
        region: "cn-north-1".into(),
        ..Inputs::default()
    };
    assert_eq!(
        eval_with("", "!Sub '${AWS::Partition} ${AWS::URLSuffix}'", &china),
        Some(json!("aws-cn amazonaws.com.cn"))
    );
    let gov = Inputs {
        region: "us-gov-west-1".into(),
        ..Inputs::default()
    };
    assert_eq!(
        eval_with("", "!Ref AWS::Partition", &gov),
        Some(json!("aws-us-gov"))
    );
    for (region, partition) in [
        ("us-isob-east-1", "aws-iso-b sc2s.sgov.gov"),
        ("us-isof-south-1", "aws-iso-f csp.hci.ic.gov"),
        ("eusc-de-east-1", "aws-eusc amazonaws.eu"),
    ] {
        let inputs = Inputs {
            region: region.into(),
            ..Inputs::default()
        };
        assert_eq!(
            eval_with("", "!Sub '${AWS::Partition} ${AWS::URLSuffix}'", &inputs),
            Some(json!(partition)),
            "{region}"
        );
    }
}

#[test]
fn ref_of_a_number_parameter_is_a_string() {
    let sections = "Parameters:\n  Size: {Type: Number, Default: 128}\n  Sizes: {Type: List<Number>, Default: '1,2'}\n";
    assert_eq!(
        eval_with(sections, "[!Ref Size, !Ref Sizes]", &Inputs::default()),
        Some(json!(["128", ["1", "2"]]))
    );
}

#[test]
fn numbers_keep_their_template_text_and_booleans_stay_booleans() {
    assert_eq!(
        eval("{PayloadFormatVersion: 1.0, MaxAge: 300, Enabled: true, Nothing: null}"),
        json!({
            "PayloadFormatVersion": "1.0",
            "MaxAge": "300",
            "Enabled": true,
            "Nothing": null
        })
    );
}

#[test]
fn unresolved_ref_is_an_error_naming_the_path_never_a_placeholder() {
    let plan = plan_of(&template("", "!Ref MyVPC"), &Inputs::default());
    let error = plan
        .resolve_properties("Thing", &Deployed::default())
        .unwrap_err();
    let Error::UnresolvedRef {
        logical_id,
        location,
    } = error
    else {
        panic!("{error:?}")
    };
    assert_eq!(logical_id, "MyVPC");
    assert_eq!(location.path, "Resources/Thing/Properties/Value");
    assert_eq!(location.line, 11);
}

#[test]
fn unresolved_attribute_is_an_error_naming_the_attribute() {
    let plan = plan_of(
        &template("", "!Sub 'x-${MyVPC.CidrBlock}'"),
        &Inputs::default(),
    );
    let error = plan
        .resolve_properties("Thing", &Deployed::default())
        .unwrap_err();
    assert!(
        matches!(error, Error::UnresolvedAttribute { ref attribute, .. } if attribute == "CidrBlock"),
        "{error:?}"
    );
}

#[test]
fn missing_export_is_an_error() {
    let plan = plan_of(&template("", "!ImportValue Nope"), &Inputs::default());
    let error = plan.resolve_properties("Thing", &deployed()).unwrap_err();
    assert!(
        matches!(error, Error::UnresolvedImport { ref export_name, .. } if export_name == "Nope"),
        "{error:?}"
    );
}

#[test]
fn resolving_an_unknown_resource_is_an_error() {
    let plan = plan_of(&template("", "x"), &Inputs::default());
    assert_eq!(
        plan.resolve_properties("Nope", &deployed()).unwrap_err(),
        Error::UnknownResource {
            logical_id: "Nope".into()
        }
    );
}

#[test]
fn outputs_resolve_value_and_export_name() {
    let source = format!(
        "{}Outputs:\n  VpcId:\n    Value: !Ref MyVPC\n    Description: the VPC\n    Export:\n      Name: !Sub '${{AWS::StackName}}-VpcId'\n",
        template("", "x")
    );
    let plan = plan_of(&source, &Inputs::default());
    let output = plan.resolve_output("VpcId", &deployed()).unwrap();
    assert_eq!(output.value, json!("vpc-0123"));
    assert_eq!(output.description.as_deref(), Some("the VPC"));
    assert_eq!(output.export_name.as_deref(), Some("gantry-VpcId"));
}
