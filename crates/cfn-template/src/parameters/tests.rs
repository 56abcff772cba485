use crate::diagnostic::Diagnostic;
use crate::inputs::Inputs;
use crate::parameters::{ParameterValue, ResolvedParameter};
use crate::validate::validate;

const RESOURCE: &str = "Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n";

fn resolve(parameters: &str, inputs: &Inputs) -> (Option<ResolvedParameter>, Vec<Diagnostic>) {
    let source = format!("Parameters:\n  P:\n{parameters}{RESOURCE}");
    let validation = validate(&source, inputs).unwrap();
    let value = validation
        .plan
        .and_then(|plan| plan.parameters().get("P").cloned());
    (value, validation.diagnostics)
}

fn given(value: &str) -> Inputs {
    Inputs::default().with_parameter("P", value)
}

fn only_problem(parameters: &str, inputs: &Inputs) -> String {
    let (value, diagnostics) = resolve(parameters, inputs);
    assert!(value.is_none(), "a failing value is not resolved");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    diagnostics[0].message.clone()
}

#[test]
fn default_is_used_without_an_override() {
    let (value, _) = resolve("    Type: String\n    Default: abc\n", &Inputs::default());
    let value = value.unwrap();
    assert_eq!(value.value, ParameterValue::String("abc".into()));
    assert!(value.from_default);
}

#[test]
fn override_wins_over_default() {
    let (value, _) = resolve("    Type: String\n    Default: abc\n", &given("xyz"));
    assert_eq!(value.unwrap().value, ParameterValue::String("xyz".into()));
}

#[test]
fn numeric_default_keeps_its_text() {
    let (value, _) = resolve("    Type: Number\n    Default: 1.50\n", &Inputs::default());
    assert_eq!(value.unwrap().value, ParameterValue::String("1.50".into()));
}

#[test]
fn comma_delimited_list_members_are_trimmed() {
    let (value, _) = resolve("    Type: CommaDelimitedList\n", &given(" a, b ,c"));
    assert_eq!(
        value.unwrap().value,
        ParameterValue::List(vec!["a".into(), "b".into(), "c".into()])
    );
}

#[test]
fn aws_specific_list_types_are_lists_of_strings() {
    let (value, _) = resolve(
        "    Type: List<AWS::EC2::Subnet::Id>\n",
        &given("subnet-1,subnet-2"),
    );
    assert_eq!(
        value.unwrap().value,
        ParameterValue::List(vec!["subnet-1".into(), "subnet-2".into()])
    );
    let (value, _) = resolve("    Type: AWS::EC2::VPC::Id\n", &given("vpc-1"));
    assert_eq!(value.unwrap().value, ParameterValue::String("vpc-1".into()));
}

#[test]
fn missing_value_without_default_is_reported_with_what_to_do() {
    let (value, diagnostics) = resolve("    Type: String\n", &Inputs::default());
    assert!(value.is_none());
    assert_eq!(diagnostics[0].message, "parameter `P` has no value");
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("pass one with --parameter-overrides P=VALUE, or give the parameter a Default")
    );
    assert_eq!(diagnostics[0].path, "Parameters/P");
}

#[test]
fn allowed_values_are_enforced_with_the_constraint_description() {
    let parameters = "    Type: String\n    AllowedValues: [dev, prod]\n    ConstraintDescription: pick dev or prod\n";
    let (_, diagnostics) = resolve(parameters, &given("test"));
    assert_eq!(
        diagnostics[0].message,
        "parameter `P`: the value given `test` is not one of the AllowedValues: dev, prod"
    );
    assert_eq!(diagnostics[0].help.as_deref(), Some("pick dev or prod"));
}

#[test]
fn allowed_pattern_must_match_the_whole_value() {
    let parameters = "    Type: String\n    AllowedPattern: '[a-z]+'\n";
    assert!(resolve(parameters, &given("abc")).0.is_some());
    assert!(
        only_problem(parameters, &given("abc1"))
            .contains("does not match the AllowedPattern `[a-z]+`")
    );
}

#[test]
fn length_limits_are_enforced() {
    let parameters = "    Type: String\n    MinLength: 2\n    MaxLength: 3\n";
    assert!(only_problem(parameters, &given("a")).ends_with("is shorter than MinLength 2"));
    assert!(only_problem(parameters, &given("abcd")).ends_with("is longer than MaxLength 3"));
}

#[test]
fn value_limits_are_enforced_on_numbers() {
    let parameters = "    Type: Number\n    MinValue: 1\n    MaxValue: 10\n";
    assert!(only_problem(parameters, &given("0")).ends_with("is less than MinValue 1"));
    assert!(only_problem(parameters, &given("11")).ends_with("is greater than MaxValue 10"));
    assert!(only_problem(parameters, &given("ten")).ends_with("is not a number (`ten`)"));
}

#[test]
fn number_list_members_must_be_numbers() {
    assert!(
        only_problem("    Type: List<Number>\n", &given("1,x")).ends_with("is not a number (`x`)")
    );
}

#[test]
fn a_failing_default_is_named_as_the_default() {
    let message = only_problem(
        "    Type: String\n    Default: c\n    AllowedValues: [a, b]\n",
        &Inputs::default(),
    );
    assert!(
        message.starts_with("parameter `P`: its Default `c`"),
        "{message}"
    );
}

#[test]
fn no_echo_hides_the_value_in_messages_and_is_kept_in_the_plan() {
    let parameters = "    Type: String\n    NoEcho: true\n    MinLength: 8\n";
    let message = only_problem(parameters, &given("secret"));
    assert!(!message.contains("secret"), "{message}");
    assert!(message.contains("****"));
    let (value, _) = resolve(parameters, &given("long secret"));
    assert!(value.unwrap().no_echo);
}

#[test]
fn override_for_an_undeclared_parameter_is_reported() {
    let inputs = Inputs::default()
        .with_parameter("p", "1")
        .with_parameter("P", "x");
    let (_, diagnostics) = resolve("    Type: String\n", &inputs);
    assert_eq!(
        diagnostics[0].message,
        "parameter override `p` does not match a parameter of the template"
    );
    assert_eq!(diagnostics[0].help.as_deref(), Some("did you mean `P`?"));
}

fn with_ssm(entries: &[(&str, &str)]) -> Inputs {
    Inputs {
        ssm_parameters: entries
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect(),
        ..Inputs::default()
    }
}

#[test]
fn ssm_value_string_yields_the_stored_value_and_keeps_the_name() {
    let (value, diagnostics) = resolve(
        "    Type: AWS::SSM::Parameter::Value<String>\n    Default: /my/param\n",
        &with_ssm(&[("/my/param", "stored")]),
    );
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let value = value.unwrap();
    assert_eq!(value.value, ParameterValue::String("stored".into()));
    assert_eq!(value.ssm_name.as_deref(), Some("/my/param"));
    assert!(value.from_default);
}

#[test]
fn ssm_list_types_yield_the_stored_string_list_split_on_commas() {
    let store = with_ssm(&[("/subnets", "subnet-1,subnet-2")]);
    for parameter_type in [
        "AWS::SSM::Parameter::Value<List<String>>",
        "AWS::SSM::Parameter::Value<CommaDelimitedList>",
        "AWS::SSM::Parameter::Value<List<AWS::EC2::Subnet::Id>>",
    ] {
        let store = store.clone().with_parameter("P", "/subnets");
        let (value, diagnostics) = resolve(&format!("    Type: {parameter_type}\n"), &store);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        assert_eq!(
            value.unwrap().value,
            ParameterValue::List(vec!["subnet-1".into(), "subnet-2".into()]),
            "{parameter_type}"
        );
    }
    let (value, _) = resolve(
        "    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>\n    Default: /ami\n",
        &with_ssm(&[("/ami", "ami-123")]),
    );
    assert_eq!(
        value.unwrap().value,
        ParameterValue::String("ami-123".into())
    );
}

#[test]
fn ssm_name_must_exist_and_yields_the_name() {
    let (value, diagnostics) = resolve(
        "    Type: AWS::SSM::Parameter::Name\n    Default: /my/param\n",
        &with_ssm(&[("/my/param", "stored")]),
    );
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert_eq!(
        value.unwrap().value,
        ParameterValue::String("/my/param".into())
    );
    let problem = only_problem(
        "    Type: AWS::SSM::Parameter::Name\n    Default: /nope\n",
        &Inputs::default(),
    );
    assert!(problem.contains("`/nope`"), "{problem}");
}

#[test]
fn a_missing_ssm_name_is_an_error_at_the_parameter_saying_what_to_do() {
    let (value, diagnostics) = resolve(
        "    Type: AWS::SSM::Parameter::Value<String>\n    Default: /cdk-bootstrap/hnb659fds/version\n",
        &Inputs::default(),
    );
    assert!(value.is_none());
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        diagnostics[0].message,
        "parameter `P` (AWS::SSM::Parameter::Value<String>) names the SSM parameter `/cdk-bootstrap/hnb659fds/version`, which is not in gantry's parameter store"
    );
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some(
            "give it with `--ssm /cdk-bootstrap/hnb659fds/version=VALUE` or in an `--ssm-file`, \
             or name another SSM parameter with --parameter-overrides P=NAME"
        )
    );
    assert_eq!(
        (diagnostics[0].path.as_str(), diagnostics[0].line),
        ("Parameters/P", 2)
    );
}

#[test]
fn ssm_constraints_apply_to_the_name_not_the_stored_value() {
    let parameters =
        "    Type: AWS::SSM::Parameter::Value<String>\n    AllowedPattern: '/app/.*'\n";
    let store = with_ssm(&[("/app/x", "anything"), ("/other", "v")]);
    let (value, _) = resolve(parameters, &store.clone().with_parameter("P", "/app/x"));
    assert_eq!(
        value.unwrap().value,
        ParameterValue::String("anything".into())
    );
    let problem = only_problem(parameters, &store.with_parameter("P", "/other"));
    assert!(
        problem.contains("`/other` does not match the AllowedPattern"),
        "{problem}"
    );
}

#[test]
fn unknown_parameter_type_is_reported_with_a_suggestion() {
    let (_, diagnostics) = resolve("    Type: Strng\n", &given("x"));
    assert_eq!(diagnostics[0].message, "unknown parameter type `Strng`");
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("did you mean `String`?")
    );
}

#[test]
fn a_dynamic_reference_gantry_does_not_resolve_is_a_warning_that_it_is_passed_on_literally() {
    let source = "Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: '{{resolve:ssm:/logs/name}}'\n  Other:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Sub 'x-{{resolve:secretsmanager:logs/${AWS::Region}}}'\n  Third:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: 'a-{{resolve:ssm:/a}}-{{resolve:ssm-secure:/b:1}}'\nOutputs:\n  Said:\n    Value: '{{resolve:ssm:/logs/name}}'\n";
    let validation = validate(source, &Inputs::default()).unwrap();
    let found: Vec<(&str, u32)> = validation
        .diagnostics
        .iter()
        .map(|d| (d.message.as_str(), d.line))
        .collect();
    // `ssm` references in resource properties are resolved by the deploy engine; the
    // others, and an `ssm` one in an output, are not.
    assert_eq!(
        found,
        [
            (
                "the dynamic reference `{{resolve:secretsmanager:logs/` is passed on literally: gantry resolves only `ssm` dynamic references, in resource properties",
                9
            ),
            (
                "the dynamic reference `{{resolve:ssm-secure:/b:1}}` is passed on literally: gantry resolves only `ssm` dynamic references, in resource properties",
                13
            ),
            (
                "the dynamic reference `{{resolve:ssm:/logs/name}}` is passed on literally: gantry resolves only `ssm` dynamic references, in resource properties",
                16
            ),
        ]
    );
    assert!(validation.is_valid());
}
