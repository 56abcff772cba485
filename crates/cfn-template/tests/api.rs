//! The public API as the `gantry validate` command and the deploy engine use it.

// Test helpers: a failed expectation is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cfn_template::inputs::PseudoParameters;
use cfn_template::{Error, Inputs, ParameterOverride, validate};
use serde_json::json;

const TEMPLATE: &str = "Parameters:
  Stage: {Type: String, Default: test, NoEcho: true}
Resources:
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub '/gantry/${Stage}'
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Description: !GetAtt Logs.Arn
Outputs:
  RoleArn:
    Value: !GetAtt Role.Arn
";

#[test]
fn json_output_has_exactly_the_documented_shape() {
    let validation = validate(TEMPLATE, &Inputs::default()).unwrap();
    assert_eq!(
        validation.to_json(),
        json!({"valid": true, "order": ["Logs", "Role"], "diagnostics": []})
    );
    let broken = "Resources:\n  Fn:\n    Type: AWS::Lambda::Functoin\n";
    let validation = validate(broken, &Inputs::default()).unwrap();
    assert_eq!(
        validation.to_json(),
        json!({
            "valid": false,
            "order": ["Fn"],
            "diagnostics": [{
                "severity": "error",
                "message": "unknown resource type `AWS::Lambda::Functoin`. Did you mean `AWS::Lambda::Function`?",
                "path": "Resources/Fn/Type",
                "line": 3,
                "column": 11
            }]
        })
    );
}

#[test]
fn a_syntax_error_has_no_plan_and_an_empty_order() {
    let validation = validate("Resources: [\n", &Inputs::default()).unwrap();
    assert!(!validation.is_valid());
    assert!(validation.plan.is_none());
    assert_eq!(validation.to_json()["order"], json!([]));
}

#[test]
fn diagnostics_are_sorted_by_position() {
    let source = "Resources:\n  B:\n    Type: AWS::Nope::B\n  A:\n    Type: AWS::Nope::A\n    DependsOn: Missing\n";
    let validation = validate(source, &Inputs::default()).unwrap();
    let lines: Vec<u32> = validation.diagnostics.iter().map(|d| d.line).collect();
    assert_eq!(lines, [3, 5, 6]);
}

#[test]
fn the_plan_carries_parameters_with_no_echo_conditions_and_outputs() {
    let plan = validate(TEMPLATE, &Inputs::default().with_parameter("Stage", "prod"))
        .unwrap()
        .plan
        .unwrap();
    let stage = &plan.parameters()["Stage"];
    assert!(stage.no_echo);
    assert_eq!(stage.value.to_json(), json!("prod"));
    let outputs: Vec<&str> = plan
        .active_outputs()
        .map(|o| o.logical_id.as_str())
        .collect();
    assert_eq!(outputs, ["RoleArn"]);
    let dependencies: Vec<&str> = plan.graph().dependencies_of("Role").collect();
    assert_eq!(dependencies, ["Logs"]);
}

#[test]
fn malformed_inputs_are_errors_not_diagnostics() {
    let bad_account = Inputs {
        account_id: "1234".into(),
        ..Inputs::default()
    };
    assert_eq!(
        validate(TEMPLATE, &bad_account).unwrap_err(),
        Error::InvalidAccountId {
            value: "1234".into()
        }
    );
    let bad_region = Inputs {
        region: "useast1".into(),
        ..Inputs::default()
    };
    assert!(matches!(
        validate(TEMPLATE, &bad_region),
        Err(Error::InvalidRegion { .. })
    ));
    let bad_stack = Inputs {
        stack_name: "1stack".into(),
        ..Inputs::default()
    };
    assert!(matches!(
        validate(TEMPLATE, &bad_stack),
        Err(Error::InvalidStackName { .. })
    ));
}

#[test]
fn parameter_overrides_parse_key_equals_value() {
    let overrides = Inputs::parse_overrides(&["Stage=prod", "Url=https://x/?a=b"]).unwrap();
    assert_eq!(
        overrides,
        [
            ParameterOverride {
                key: "Stage".into(),
                value: "prod".into()
            },
            ParameterOverride {
                key: "Url".into(),
                value: "https://x/?a=b".into()
            },
        ]
    );
    assert_eq!(
        Inputs::parse_overrides(&["Stage"]).unwrap_err(),
        Error::InvalidParameterOverride {
            argument: "Stage".into()
        }
    );
    assert!(Inputs::parse_overrides(&["=x"]).is_err());
}

#[test]
fn default_stack_id_is_stable_and_shaped_like_aws() {
    let first = PseudoParameters::from_inputs(&Inputs::default()).unwrap();
    let second = PseudoParameters::from_inputs(&Inputs::default()).unwrap();
    assert_eq!(first.stack_id, second.stack_id);
    let prefix = "arn:aws:cloudformation:us-east-1:123456789012:stack/gantry/";
    let uuid = first.stack_id.strip_prefix(prefix).expect("ARN prefix");
    let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12]);
    let other = PseudoParameters::from_inputs(&Inputs {
        stack_name: "other".into(),
        ..Inputs::default()
    })
    .unwrap();
    assert_ne!(
        first.stack_id.rsplit('/').next(),
        other.stack_id.rsplit('/').next()
    );
}

#[test]
fn rendered_text_ends_with_a_summary() {
    let source = "Resources:\n  Fn:\n    Type: AWS::Lambda::Functoin\n";
    let validation = validate(source, &Inputs::default()).unwrap();
    let text = validation.render(source, "t.yaml");
    assert!(
        text.ends_with("error: t.yaml is not valid: 1 error\n"),
        "{text}"
    );
    let valid = validate(TEMPLATE, &Inputs::default()).unwrap();
    assert_eq!(valid.render(TEMPLATE, "t.yaml"), "t.yaml is valid\n");
}

#[test]
fn error_location_becomes_a_diagnostic() {
    let plan = validate(TEMPLATE, &Inputs::default())
        .unwrap()
        .plan
        .unwrap();
    struct Nothing;
    impl cfn_template::Resolve for Nothing {
        fn ref_value(&self, _: &str) -> Option<serde_json::Value> {
            None
        }
        fn get_att(&self, _: &str, _: &str) -> Option<serde_json::Value> {
            None
        }
    }
    let error = plan.resolve_properties("Role", &Nothing).unwrap_err();
    let diagnostic = error.to_diagnostic().expect("located");
    assert_eq!(diagnostic.path, "Resources/Role/Properties/Description");
    assert_eq!((diagnostic.line, diagnostic.column), (12, 20));
    assert!(
        diagnostic
            .message
            .starts_with("Fn::GetAtt `Logs.Arn` has no value"),
        "{}",
        diagnostic.message
    );
}
