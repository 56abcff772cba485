use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::inputs::Inputs;
use crate::validate::validate;

const RESOURCE: &str = "Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n";
const PARAMETERS: &str = "Parameters:\n  Env: {Type: String, Default: prod}\n  Size: {Type: String, Default: small}\n  Zones: {Type: CommaDelimitedList, Default: 'a,b'}\n";

/// The errors of a template with the test parameters, `rules` and one resource.
fn errors(rules: &str, inputs: &Inputs) -> Vec<Diagnostic> {
    let source = format!("{PARAMETERS}Rules:\n{rules}{RESOURCE}");
    validate(&source, inputs)
        .unwrap()
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

/// Whether the one rule `R: {Assertions: [{Assert: <assert>}]}` passes.
fn passes(assert: &str) -> bool {
    let found = errors(
        &format!("  R:\n    Assertions:\n      - Assert: {assert}\n"),
        &Inputs::default(),
    );
    match found.as_slice() {
        [] => true,
        [failure] if failure.message.starts_with("Rule R failed") => false,
        other => panic!("{assert}: {other:#?}"),
    }
}

#[test]
fn contains_is_true_when_the_string_is_one_of_the_members() {
    assert!(passes("{'Fn::Contains': [[dev, prod], !Ref Env]}"));
    assert!(!passes("{'Fn::Contains': [[dev, test], !Ref Env]}"));
}

#[test]
fn each_member_equals_is_true_when_every_member_is_the_string() {
    assert!(passes("{'Fn::EachMemberEquals': [[prod, prod], !Ref Env]}"));
    assert!(!passes("{'Fn::EachMemberEquals': [!Ref Zones, a]}"));
}

#[test]
fn each_member_in_is_true_when_every_member_is_in_the_second_list() {
    assert!(passes("{'Fn::EachMemberIn': [!Ref Zones, [c, b, a]]}"));
    assert!(!passes("{'Fn::EachMemberIn': [!Ref Zones, [a]]}"));
}

#[test]
fn equals_and_or_not_combine_as_in_conditions() {
    assert!(passes("!Equals [!Ref Env, prod]"));
    assert!(passes(
        "!And [!Equals [!Ref Env, prod], !Not [!Equals [!Ref Size, big]]]"
    ));
    assert!(!passes(
        "!And [!Equals [!Ref Env, prod], !Equals [!Ref Size, big]]"
    ));
    assert!(passes(
        "!Or [!Equals [!Ref Env, dev], !Equals [!Ref Size, small]]"
    ));
    assert!(!passes("!Not [!Equals [!Ref Env, prod]]"));
}

#[test]
fn pseudo_parameters_and_list_parameters_can_be_referenced() {
    assert!(passes("!Equals [!Ref 'AWS::Region', us-east-1]"));
    assert!(passes("!Equals [!Ref Zones, [a, b]]"));
}

#[test]
fn fn_if_picks_by_a_template_condition() {
    let source = format!(
        "{PARAMETERS}Conditions:\n  IsProd: !Equals [!Ref Env, prod]\nRules:\n  R:\n    Assertions:\n      - Assert: {{'Fn::Contains': [!If [IsProd, [small], [big]], !Ref Size]}}\n{RESOURCE}"
    );
    let validation = validate(&source, &Inputs::default()).unwrap();
    assert!(validation.is_valid(), "{:#?}", validation.diagnostics);
    let validation = validate(&source, &Inputs::default().with_parameter("Env", "dev")).unwrap();
    assert_eq!(
        validation.errors().count(),
        1,
        "{:#?}",
        validation.diagnostics
    );
}

#[test]
fn a_false_assertion_is_an_error_at_its_line_with_its_description_and_the_values_read() {
    let rules = "  ProdIsSmall:\n    Assertions:\n      - Assert: {'Fn::Contains': [[small], !Ref Size]}\n        AssertDescription: Production runs small instances\n";
    let found = errors(rules, &Inputs::default().with_parameter("Size", "big"));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].message,
        "Rule ProdIsSmall failed: Production runs small instances"
    );
    assert_eq!(found[0].path, "Rules/ProdIsSmall/Assertions/0/Assert");
    assert_eq!((found[0].line, found[0].column), (8, 17));
    assert_eq!(
        found[0].help.as_deref(),
        Some(
            "the assertion read `Size` = `big`; give other values with --parameter-overrides NAME=VALUE"
        )
    );
}

#[test]
fn every_false_assertion_is_reported_and_one_without_description_says_which() {
    let rules = "  R:\n    Assertions:\n      - Assert: !Equals [!Ref Env, dev]\n        AssertDescription: first\n      - Assert: !Equals [!Ref Env, prod]\n      - Assert: !Equals [!Ref Env, test]\n";
    let messages: Vec<String> = errors(rules, &Inputs::default())
        .into_iter()
        .map(|d| d.message)
        .collect();
    assert_eq!(
        messages,
        [
            "Rule R failed: first",
            "Rule R failed: assertion 2 is false (it has no AssertDescription)"
        ]
    );
}

#[test]
fn a_false_rule_condition_skips_the_rule() {
    let rules = "  TestIsSmall:\n    RuleCondition: !Equals [!Ref Env, test]\n    Assertions:\n      - Assert: {'Fn::Contains': [[small], !Ref Size]}\n";
    assert!(errors(rules, &Inputs::default().with_parameter("Size", "big")).is_empty());
    let applies = Inputs::default()
        .with_parameter("Size", "big")
        .with_parameter("Env", "test");
    assert_eq!(errors(rules, &applies).len(), 1);
}

#[test]
fn ec2_inventory_functions_fail_closed_naming_the_rule_and_function() {
    for assert in [
        "{'Fn::Contains': [{'Fn::RefAll': 'AWS::EC2::VPC::Id'}, !Ref Env]}",
        "{'Fn::EachMemberEquals': [{'Fn::ValueOf': [Zones, VpcId]}, vpc-1]}",
        "{'Fn::EachMemberIn': [{'Fn::ValueOfAll': ['AWS::EC2::Subnet::Id', VpcId]}, [vpc-1]]}",
    ] {
        let found = errors(
            &format!("  Subnets:\n    Assertions:\n      - Assert: {assert}\n"),
            &Inputs::default(),
        );
        assert_eq!(found.len(), 1, "{assert}: {found:#?}");
        assert!(
            found[0].message.starts_with("rule `Subnets`: uses Fn::"),
            "{}",
            found[0].message
        );
        assert!(
            found[0].message.contains("no EC2 inventory"),
            "{}",
            found[0].message
        );
        assert!(
            found[0]
                .help
                .as_deref()
                .unwrap()
                .contains("remove the rule")
        );
    }
}

#[test]
fn structure_errors_are_reported_at_their_lines() {
    let rules = "  NoAssertions:\n    RuleCondition: !Equals [a, a]\n  Empty:\n    Assertions: []\n  Odd:\n    Asertions: []\n    Assertions:\n      - AssertDescription: 3\n        Extra: 1\n      - Assert: just text\n";
    let found: Vec<(String, u32)> = errors(rules, &Inputs::default())
        .into_iter()
        .map(|d| (d.message, d.line))
        .collect();
    let expected = [
        ("rule `NoAssertions` has no `Assertions`", 6),
        ("`Assertions` is empty", 9),
        ("`Asertions` is not a rule attribute", 11),
        ("an assertion has no `Assert`", 13),
        ("`AssertDescription` must be a string, not a number", 13),
        ("`Extra` is not an assertion attribute", 14),
        (
            "a rule condition or assertion must be a rule function that is true or false, not a string",
            15,
        ),
    ];
    assert_eq!(found, expected.map(|(m, l)| (m.to_owned(), l)),);
}

#[test]
fn functions_rules_may_not_use_are_named() {
    let source = format!(
        "{PARAMETERS}Conditions:\n  IsProd: !Equals [!Ref Env, prod]\nRules:\n  R:\n    Assertions:\n      - Assert: !Equals [!GetAtt Logs.Arn, x]\n      - Assert: !Equals [!Ref Logs, x]\n      - Assert: !Not [{{Condition: IsProd}}]\n      - Assert: !Equals [!Join ['', [a]], a]\n      - Assert: {{'Fn::Contain': [[a], a]}}\n      - Assert: !Equals [!Ref Siz, a]\n{RESOURCE}"
    );
    let validation = validate(&source, &Inputs::default()).unwrap();
    let found: Vec<String> = validation.errors().map(|d| d.message.clone()).collect();
    assert_eq!(
        found,
        [
            "Fn::GetAtt cannot be used in Rules: rules are checked before any resource exists",
            "rule `R`: `Ref Logs` names a resource; rules are checked before any resource exists",
            "`Condition` cannot be used in Rules: a rule cannot refer to a template condition",
            "Fn::Join cannot be used in Rules",
            "unknown rule function `Fn::Contain`",
            "rule `R`: `Ref Siz` names no parameter",
        ]
    );
    let unknown = validation.errors().last().unwrap();
    assert_eq!(unknown.help.as_deref(), Some("did you mean `Size`?"));
}

#[test]
fn a_rule_on_a_parameter_without_a_value_reports_only_the_parameter() {
    let source = format!(
        "Parameters:\n  Env: {{Type: String}}\nRules:\n  R:\n    Assertions:\n      - Assert: !Equals [!Ref Env, prod]\n{RESOURCE}"
    );
    let validation = validate(&source, &Inputs::default()).unwrap();
    let found: Vec<&str> = validation.errors().map(|d| d.message.as_str()).collect();
    assert_eq!(found, ["parameter `Env` has no value"]);
}

/// The parameter and rule every CDK v2 stack has (cdk.md §4.3).
const CDK_BOOTSTRAP: &str = r#"{
  "Parameters": {
    "BootstrapVersion": {
      "Type": "AWS::SSM::Parameter::Value<String>",
      "Default": "/cdk-bootstrap/hnb659fds/version",
      "Description": "Version of the CDK Bootstrap resources in this environment, automatically retrieved from SSM Parameter Store. [cdk:skip]"
    }
  },
  "Rules": {
    "CheckBootstrapVersion": {
      "Assertions": [
        {
          "Assert": {"Fn::Not": [{"Fn::Contains": [["1", "2", "3", "4", "5"], {"Ref": "BootstrapVersion"}]}]},
          "AssertDescription": "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI."
        }
      ]
    }
  },
  "Resources": {"Logs": {"Type": "AWS::Logs::LogGroup"}}
}"#;

fn with_bootstrap_version(version: &str) -> Inputs {
    Inputs {
        ssm_parameters: BTreeMap::from([(
            "/cdk-bootstrap/hnb659fds/version".to_owned(),
            version.to_owned(),
        )]),
        ..Inputs::default()
    }
}

#[test]
fn cdk_check_bootstrap_version_passes_with_a_current_bootstrap_version() {
    let validation = validate(CDK_BOOTSTRAP, &with_bootstrap_version("32")).unwrap();
    assert!(validation.is_valid(), "{:#?}", validation.diagnostics);
    assert!(
        validation.diagnostics.is_empty(),
        "{:#?}",
        validation.diagnostics
    );
}

#[test]
fn cdk_check_bootstrap_version_fails_with_an_old_one_and_says_where_the_value_came_from() {
    let validation = validate(CDK_BOOTSTRAP, &with_bootstrap_version("5")).unwrap();
    let found: Vec<&Diagnostic> = validation.errors().collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].message,
        "Rule CheckBootstrapVersion failed: CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI."
    );
    assert_eq!(found[0].line, 13);
    assert_eq!(
        found[0].help.as_deref(),
        Some(
            "the assertion read `BootstrapVersion` = `5` (SSM parameter `/cdk-bootstrap/hnb659fds/version`); \
             give other values with --parameter-overrides NAME=VALUE, or store another value with --ssm NAME=VALUE"
        )
    );
}
