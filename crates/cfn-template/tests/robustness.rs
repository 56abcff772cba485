//! Hostile inputs: each must end quickly with clear diagnostics, never a panic, a
//! stack overflow or super-linear work. (Crashes found by fuzzing are added here.)

// Test helpers: a failed expectation is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;

use cfn_template::syntax::MAX_SOURCE_BYTES;
use cfn_template::{Inputs, validate};

fn messages(source: &str) -> Vec<String> {
    assert!(source.len() <= MAX_SOURCE_BYTES, "{} bytes", source.len());
    let validation = validate(source, &Inputs::default()).unwrap();
    validation
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn a_mapping_value_that_looks_itself_up_is_rejected_not_recursed() {
    let source = "Mappings:\n  M:\n    a:\n      b: !FindInMap [M, a, b]\nResources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !FindInMap [M, a, b]\n";
    let found = messages(source);
    assert!(
        found
            .iter()
            .any(|m| m.starts_with("mapping values must be literal")),
        "{found:#?}"
    );
}

#[test]
fn a_mapping_with_a_hundred_thousand_keys_is_read_in_linear_time() {
    let mut source = String::from("Metadata:\n");
    for i in 0..60_000 {
        let _ = writeln!(source, "  k{i}: 1");
    }
    let _ = writeln!(source, "  k0: 2");
    source.push_str("Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n");
    let found = messages(&source);
    assert_eq!(
        found,
        ["duplicate key `k0` (first at line 2); CloudFormation silently uses this last value"]
    );
}

#[test]
fn a_long_chain_of_conditions_is_evaluated_without_recursion() {
    let mut source = String::from("Conditions:\n  C0: !Equals [a, a]\n");
    for i in 1..20_000 {
        let _ = writeln!(source, "  C{i}: !Not [!Condition C{}]", i - 1);
    }
    source.push_str("Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Condition: C19999\n");
    let validation = validate(&source, &Inputs::default()).unwrap();
    assert!(validation.is_valid(), "{:#?}", validation.diagnostics);
    // C0 is true and every step negates: C19999 is false, so nothing is created.
    assert!(validation.order().is_empty());
}

#[test]
fn thousands_of_unknown_references_are_all_reported_quickly() {
    let mut source = String::from("Resources:\n");
    for i in 0..3_000 {
        let _ = write!(
            source,
            "  Res{i}:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Ref Missing{i}\n"
        );
    }
    let found = messages(&source);
    assert_eq!(found.len(), 3_000);
}

#[test]
fn thousands_of_self_references_are_each_a_cycle() {
    let mut source = String::from("Resources:\n");
    for i in 0..3_000 {
        let _ = write!(
            source,
            "  R{i}:\n    Type: AWS::Logs::LogGroup\n    DependsOn: R{i}\n"
        );
    }
    let found = messages(&source);
    assert_eq!(found.len(), 3_000);
    assert!(
        found
            .iter()
            .all(|m| m.starts_with("circular dependency between resources: [R"))
    );
}

#[test]
fn deeply_nested_block_yaml_is_rejected() {
    let mut source = String::from("Resources:\n");
    for depth in 0..300 {
        let _ = writeln!(source, "{}k{depth}:", " ".repeat(depth + 2));
    }
    let found = messages(&source);
    assert_eq!(
        found,
        ["the template nests mappings and lists more than 128 levels deep"]
    );
}

#[test]
fn deeply_nested_intrinsics_are_rejected_before_evaluation() {
    let value = format!("{}x{}", "!Base64 [".repeat(300), "]".repeat(300));
    let source = format!(
        "Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: {value}\n"
    );
    let found = messages(&source);
    assert_eq!(
        found,
        ["the template nests mappings and lists more than 128 levels deep"]
    );
}

#[test]
fn a_billion_laughs_yaml_document_is_rejected_at_its_first_alias() {
    let mut source = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (level, previous) in ('b'..='j').zip('a'..='i') {
        let refs = vec![format!("*{previous}"); 9].join(", ");
        let _ = writeln!(source, "{level}: &{level} [{refs}]");
    }
    assert_eq!(
        messages(&source),
        ["YAML aliases are not allowed in CloudFormation templates"]
    );
}
