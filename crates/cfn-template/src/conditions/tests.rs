use crate::diagnostic::Diagnostic;
use crate::inputs::Inputs;
use crate::validate::validate;

const RESOURCE: &str = "Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n";

fn evaluate(conditions: &str, inputs: &Inputs) -> (Vec<(String, bool)>, Vec<Diagnostic>) {
    let source = format!(
        "Parameters:\n  Env: {{Type: String, Default: prod}}\n  Flag: {{Type: String, Default: 'true'}}\nConditions:\n{conditions}{RESOURCE}"
    );
    let validation = validate(&source, inputs).unwrap();
    let plan = validation.plan.expect("a plan");
    let values = plan
        .conditions()
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    (values, validation.diagnostics)
}

fn values(conditions: &str) -> Vec<(String, bool)> {
    let (values, diagnostics) = evaluate(conditions, &Inputs::default());
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    values
}

fn pairs(expected: &[(&str, bool)]) -> Vec<(String, bool)> {
    expected
        .iter()
        .map(|(k, v)| ((*k).to_owned(), *v))
        .collect()
}

#[test]
fn equals_compares_parameter_values() {
    assert_eq!(
        values("  IsProd: !Equals [!Ref Env, prod]\n  IsTest: !Equals [test, !Ref Env]\n"),
        pairs(&[("IsProd", true), ("IsTest", false)])
    );
}

#[test]
fn equals_compares_a_string_parameter_with_a_yaml_boolean_by_text() {
    assert_eq!(
        values("  On: !Equals [!Ref Flag, true]\n"),
        pairs(&[("On", true)])
    );
}

#[test]
fn and_or_not_combine_conditions() {
    let conditions = "  IsProd: !Equals [!Ref Env, prod]\n  IsTest: !Equals [!Ref Env, test]\n  Both: !And [!Condition IsProd, !Condition IsTest]\n  Either: !Or [!Condition IsProd, !Condition IsTest]\n  NotProd: !Not [!Condition IsProd]\n";
    assert_eq!(
        values(conditions),
        pairs(&[
            ("IsProd", true),
            ("IsTest", false),
            ("Both", false),
            ("Either", true),
            ("NotProd", false)
        ])
    );
}

#[test]
fn conditions_may_refer_to_conditions_declared_later() {
    assert_eq!(
        values("  Outer: !Not [!Condition Inner]\n  Inner: !Equals [a, a]\n"),
        pairs(&[("Outer", false), ("Inner", true)])
    );
}

#[test]
fn conditions_use_overrides() {
    let (values, _) = evaluate(
        "  IsProd: !Equals [!Ref Env, prod]\n",
        &Inputs::default().with_parameter("Env", "dev"),
    );
    assert_eq!(values, pairs(&[("IsProd", false)]));
}

#[test]
fn conditions_may_use_mappings_and_pseudo_parameters() {
    let source = format!(
        "Mappings:\n  Envs:\n    us-east-1: {{Main: 'yes'}}\nConditions:\n  InMain: !Equals [!FindInMap [Envs, !Ref AWS::Region, Main], 'yes']\n{RESOURCE}"
    );
    let plan = validate(&source, &Inputs::default()).unwrap().plan.unwrap();
    assert!(plan.conditions()["InMain"]);
}

#[test]
fn a_cycle_of_conditions_is_reported_with_its_members() {
    let (_, diagnostics) = evaluate(
        "  A: !Not [!Condition B]\n  B: !Not [!Condition A]\n",
        &Inputs::default(),
    );
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        diagnostics[0].message,
        "circular reference between conditions: A, B"
    );
}

#[test]
fn an_undeclared_condition_is_reported_with_a_suggestion() {
    let (values, diagnostics) = evaluate(
        "  IsProd: !Equals [!Ref Env, prod]\n  X: !Not [!Condition IsProdd]\n",
        &Inputs::default(),
    );
    assert_eq!(values, pairs(&[("IsProd", true), ("X", false)]));
    assert_eq!(
        diagnostics[0].message,
        "condition `IsProdd` is not declared"
    );
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("did you mean `IsProd`?")
    );
}

#[test]
fn a_condition_that_reads_a_resource_is_reported() {
    let (_, diagnostics) = evaluate("  HasLogs: !Equals [!Ref Logs, x]\n", &Inputs::default());
    assert_eq!(
        diagnostics[0].message,
        "condition `HasLogs` cannot be evaluated before resources are created"
    );
}

#[test]
fn a_literal_is_not_a_condition() {
    let (_, diagnostics) = evaluate("  Bad: true\n", &Inputs::default());
    assert_eq!(
        diagnostics[0].message,
        "a condition must be a condition function, not a literal value"
    );
}
