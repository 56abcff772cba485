use std::collections::BTreeSet;

use crate::diagnostic::Diagnostic;
use crate::graph::{DependencyKind, Edge};
use crate::inputs::Inputs;
use crate::validate::{Validation, validate};

fn run(resources: &str) -> Validation {
    validate(&format!("Resources:\n{resources}"), &Inputs::default()).unwrap()
}

fn edges(validation: &Validation) -> BTreeSet<(String, String)> {
    validation
        .plan
        .as_ref()
        .unwrap()
        .graph()
        .edges()
        .map(
            |Edge {
                 dependent,
                 dependency,
             }| (dependent.clone(), dependency.clone()),
        )
        .collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_owned(), b.to_owned())
}

fn errors(validation: &Validation) -> Vec<&Diagnostic> {
    validation.errors().collect()
}

const LOGS: &str = "    Type: AWS::Logs::LogGroup\n";

#[test]
fn ref_get_att_sub_and_depends_on_each_make_an_edge() {
    let validation = run(&format!(
        "  A:\n{LOGS}  B:\n{LOGS}    Properties:\n      LogGroupName: !Ref A\n  C:\n{LOGS}    Properties:\n      LogGroupName: !GetAtt A.Arn\n  D:\n{LOGS}    Properties:\n      LogGroupName: !Sub '${{B}}-${{C.Arn}}'\n  E:\n{LOGS}    DependsOn: [D]\n"
    ));
    assert!(
        errors(&validation).is_empty(),
        "{:#?}",
        validation.diagnostics
    );
    assert_eq!(
        edges(&validation),
        BTreeSet::from([
            pair("B", "A"),
            pair("C", "A"),
            pair("D", "B"),
            pair("D", "C"),
            pair("E", "D")
        ])
    );
    let plan = validation.plan.as_ref().unwrap();
    let kinds: Vec<DependencyKind> = plan
        .graph()
        .edges_with_references()
        .map(|(_, r)| r.kind)
        .collect();
    assert!(kinds.contains(&DependencyKind::DependsOn) && kinds.contains(&DependencyKind::Sub));
    assert_eq!(validation.order(), ["A", "B", "C", "D", "E"]);
}

#[test]
fn parameters_pseudo_parameters_and_sub_map_variables_make_no_edges() {
    let validation = validate(
        &format!("Parameters:\n  P: {{Type: String, Default: x}}\nResources:\n  A:\n{LOGS}  B:\n{LOGS}    Properties:\n      LogGroupName: !Sub ['${{P}}${{AWS::Region}}${{A}}', {{A: literal}}]\n"),
        &Inputs::default(),
    )
    .unwrap();
    assert!(edges(&validation).is_empty());
}

#[test]
fn order_breaks_ties_alphabetically_not_by_declaration() {
    let validation = run(&format!(
        "  Zed:\n{LOGS}  Alpha:\n{LOGS}  Mid:\n{LOGS}    DependsOn: Zed\n"
    ));
    assert_eq!(validation.order(), ["Alpha", "Zed", "Mid"]);
}

#[test]
fn a_cycle_names_every_member_and_every_link() {
    let validation = run(&format!(
        "  A:\n{LOGS}    DependsOn: C\n  B:\n{LOGS}    Properties:\n      LogGroupName: !Ref A\n  C:\n{LOGS}    Properties:\n      LogGroupName: !GetAtt B.Arn\n  Free:\n{LOGS}"
    ));
    let errors = errors(&validation);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(
        errors[0].message,
        "circular dependency between resources: [A, B, C]"
    );
    assert_eq!(errors[0].path, "Resources/A");
    let help = errors[0].help.as_deref().unwrap();
    assert!(
        help.contains("`A` depends on `C` (DependsOn at line 4)"),
        "{help}"
    );
    assert!(
        help.contains("`B` depends on `A` (Ref at line 8)"),
        "{help}"
    );
    assert!(
        help.contains("`C` depends on `B` (Fn::GetAtt at line 12)"),
        "{help}"
    );
    assert_eq!(validation.order(), ["Free"]);
}

#[test]
fn two_separate_cycles_are_reported_separately() {
    let validation = run(&format!(
        "  A:\n{LOGS}    DependsOn: B\n  B:\n{LOGS}    DependsOn: A\n  C:\n{LOGS}    DependsOn: D\n  D:\n{LOGS}    DependsOn: C\n"
    ));
    let messages: Vec<&str> = errors(&validation)
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "circular dependency between resources: [A, B]",
            "circular dependency between resources: [C, D]"
        ]
    );
}

#[test]
fn a_resource_that_refers_to_itself_is_a_cycle_of_one() {
    let validation = run(&format!(
        "  A:\n{LOGS}    Properties:\n      LogGroupName: !GetAtt A.Arn\n"
    ));
    assert_eq!(
        errors(&validation)[0].message,
        "circular dependency between resources: [A]"
    );
}

#[test]
fn a_resource_waiting_on_a_cycle_is_not_ordered_but_not_blamed() {
    let validation = run(&format!(
        "  A:\n{LOGS}    DependsOn: B\n  B:\n{LOGS}    DependsOn: A\n  After:\n{LOGS}    DependsOn: A\n"
    ));
    assert_eq!(
        errors(&validation)[0].message,
        "circular dependency between resources: [A, B]"
    );
    assert!(validation.order().is_empty());
}

#[test]
fn a_long_chain_does_not_overflow_the_stack() {
    let mut resources = String::new();
    for index in 0..3000 {
        resources.push_str(&format!("  R{index}:\n{LOGS}"));
        if index == 0 {
            resources.push_str("    Properties:\n      LogGroupName: !Ref R2999\n");
        } else {
            resources.push_str(&format!("    DependsOn: R{}\n", index - 1));
        }
    }
    let validation = run(&resources);
    assert!(
        errors(&validation)[0]
            .message
            .starts_with("circular dependency between resources: [R0, R1, R10,")
    );
}

#[test]
fn conditions_remove_resources_and_untaken_if_branches() {
    let validation = validate(
        &format!("Conditions:\n  No: !Equals [a, b]\nResources:\n  Gone:\n{LOGS}    Condition: No\n  Kept:\n{LOGS}  User:\n{LOGS}    Properties:\n      LogGroupName: !If [No, !Ref Gone, !Ref Kept]\n"),
        &Inputs::default(),
    )
    .unwrap();
    assert!(validation.is_valid(), "{:#?}", validation.diagnostics);
    assert_eq!(edges(&validation), BTreeSet::from([pair("User", "Kept")]));
    assert_eq!(validation.order(), ["Kept", "User"]);
    assert!(!validation.plan.unwrap().is_active("Gone"));
}

#[test]
fn referring_to_a_resource_that_is_not_created_is_an_error() {
    let validation = validate(
        &format!("Conditions:\n  No: !Equals [a, b]\nResources:\n  Gone:\n{LOGS}    Condition: No\n  User:\n{LOGS}    Properties:\n      LogGroupName: !Ref Gone\n"),
        &Inputs::default(),
    )
    .unwrap();
    let errors = errors(&validation);
    assert_eq!(
        errors[0].message,
        "`User` refers to `Gone` (Ref), which is not created because its condition `No` is false"
    );
    assert_eq!(errors[0].path, "Resources/User/Properties/LogGroupName");
}
