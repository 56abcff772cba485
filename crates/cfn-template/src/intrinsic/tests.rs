use super::*;
use crate::diagnostic::Diagnostic;
use crate::syntax::{Position, parse};
use crate::value::{Context, Value, ValueKind};

fn value_in(source: &str, context: Context) -> (Value, Vec<Diagnostic>) {
    let root = parse(&format!("V: {source}\n")).root.expect("parses");
    let mut diagnostics = Vec::new();
    let value = Value::from_node(root.get("V").expect("V"), context, "V", &mut diagnostics);
    (value, diagnostics)
}

fn call(source: &str) -> Intrinsic {
    let (value, diagnostics) = value_in(source, Context::Value);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    match value.kind {
        ValueKind::Intrinsic(call) => *call,
        other => panic!("not an intrinsic: {other:?}"),
    }
}

fn problem(source: &str) -> Diagnostic {
    let (value, mut diagnostics) = value_in(source, Context::Value);
    assert!(
        value.as_intrinsic().is_none(),
        "a malformed call stays a plain mapping"
    );
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    diagnostics.remove(0)
}

fn text(value: &Value) -> &str {
    value.as_str().expect("a string")
}

#[test]
fn long_and_short_forms_parse_to_the_same_intrinsic() {
    let pairs = [
        ("!Ref X", "{Ref: X}"),
        ("!GetAtt A.B", "{'Fn::GetAtt': [A, B]}"),
        ("!Sub 'a${B}'", "{'Fn::Sub': 'a${B}'}"),
        ("!Join [',', [a, b]]", "{'Fn::Join': [',', [a, b]]}"),
        ("!Select [1, [a, b]]", "{'Fn::Select': [1, [a, b]]}"),
        ("!Split ['|', 'a|b']", "{'Fn::Split': ['|', 'a|b']}"),
        ("!If [C, a, b]", "{'Fn::If': [C, a, b]}"),
        ("!FindInMap [M, a, b]", "{'Fn::FindInMap': [M, a, b]}"),
        ("!GetAZs ''", "{'Fn::GetAZs': ''}"),
        ("!Base64 x", "{'Fn::Base64': x}"),
        (
            "!Cidr [10.0.0.0/16, 2, 8]",
            "{'Fn::Cidr': [10.0.0.0/16, 2, 8]}",
        ),
        ("!ImportValue X", "{'Fn::ImportValue': X}"),
    ];
    // Positions differ between the two spellings; everything else must not.
    let without_positions = |call: Intrinsic| {
        let positions = regex::Regex::new(r"Position \{ line: \d+, column: \d+ \}").unwrap();
        positions
            .replace_all(&format!("{call:?}"), "_")
            .into_owned()
    };
    for (short, long) in pairs {
        assert_eq!(
            without_positions(call(short)),
            without_positions(call(long)),
            "{short} vs {long}"
        );
    }
}

#[test]
fn get_att_dotted_form_splits_at_the_first_dot() {
    let Intrinsic::GetAtt {
        logical_id,
        attribute,
    } = call("!GetAtt AuthStack.Outputs.Issuer")
    else {
        panic!("GetAtt");
    };
    assert_eq!(logical_id, "AuthStack");
    assert_eq!(text(&attribute), "Outputs.Issuer");
}

#[test]
fn get_att_list_form_accepts_a_ref_as_attribute_name() {
    let Intrinsic::GetAtt { attribute, .. } = call("{'Fn::GetAtt': [Res, !Ref AttrParam]}") else {
        panic!("GetAtt");
    };
    assert_eq!(
        attribute.as_intrinsic(),
        Some(&Intrinsic::Ref("AttrParam".into()))
    );
}

#[test]
fn get_att_without_attribute_is_reported() {
    let diagnostic = problem("!GetAtt Role");
    assert!(
        diagnostic.message.contains("does not name an attribute"),
        "{}",
        diagnostic.message
    );
    assert_eq!(diagnostic.path, "V/Fn::GetAtt");
}

#[test]
fn sub_list_form_keeps_the_variable_map() {
    let Intrinsic::Sub { parts, variables } =
        call("!Sub ['www.${Domain}', {Domain: !Ref RootDomainName}]")
    else {
        panic!("Sub");
    };
    assert_eq!(
        parts,
        vec![
            SubPart::Literal("www.".into()),
            SubPart::Variable("Domain".into())
        ]
    );
    assert_eq!(
        variables["Domain"].as_intrinsic(),
        Some(&Intrinsic::Ref("RootDomainName".into()))
    );
}

#[test]
fn sub_string_must_be_literal() {
    let diagnostic = problem("!Sub [!Ref X, {}]");
    assert!(
        diagnostic.message.contains("literal string"),
        "{}",
        diagnostic.message
    );
}

#[test]
fn if_records_the_condition_name_and_its_position() {
    let Intrinsic::If { condition, .. } = call("!If [IsProd, a, b]") else {
        panic!("If")
    };
    assert_eq!(condition.value, "IsProd");
    assert_eq!(condition.position, Position::new(1, 9));
}

#[test]
fn wrong_arity_is_reported_with_the_expected_shape() {
    let diagnostic = problem("!Join [',']");
    assert_eq!(
        diagnostic.message,
        "Fn::Join takes a list of 2 elements: [delimiter, [values]]"
    );
    assert_eq!(
        diagnostic.help.as_deref(),
        Some("write `Fn::Join: [delimiter, [values]]`")
    );
}

#[test]
fn ref_of_a_list_is_reported() {
    let diagnostic = problem("{Ref: [a]}");
    assert_eq!(
        diagnostic.message,
        "Ref takes the name of a parameter or resource, not a list"
    );
}

#[test]
fn unknown_function_is_reported_with_a_suggestion() {
    let diagnostic = problem("{'Fn::Joint': [',', [a]]}");
    assert_eq!(
        diagnostic.message,
        "unsupported intrinsic function `Fn::Joint`"
    );
    assert_eq!(diagnostic.help.as_deref(), Some("did you mean `Fn::Join`?"));
}

#[test]
fn condition_functions_are_rejected_outside_conditions() {
    let diagnostic = problem("!Equals [a, b]");
    assert_eq!(
        diagnostic.message,
        "Fn::Equals can only be used in the Conditions section"
    );
}

#[test]
fn condition_key_is_plain_data_in_values_and_a_reference_in_conditions() {
    let (value, _) = value_in("{Condition: X}", Context::Value);
    assert!(matches!(value.kind, ValueKind::Map(_)));
    let (condition, _) = value_in("{Condition: X}", Context::Condition);
    assert_eq!(
        condition.as_intrinsic(),
        Some(&Intrinsic::Condition("X".into()))
    );
}

#[test]
fn and_takes_two_to_ten_conditions() {
    let (_, diagnostics) = value_in("!And [!Condition A]", Context::Condition);
    assert_eq!(
        diagnostics[0].message,
        "Fn::And takes 2 to 10 conditions, not 1"
    );
    let (value, diagnostics) = value_in("!And [!Condition A, !Condition B]", Context::Condition);
    assert!(diagnostics.is_empty());
    assert!(matches!(value.as_intrinsic(), Some(Intrinsic::And(items)) if items.len() == 2));
}

#[test]
fn multi_key_mapping_with_a_function_key_is_plain_data() {
    let (value, diagnostics) = value_in("{Ref: X, Other: 1}", Context::Value);
    assert!(diagnostics.is_empty());
    assert!(matches!(value.kind, ValueKind::Map(_)));
}

#[test]
fn transform_needs_a_name() {
    let Intrinsic::Transform { name, .. } =
        call("{'Fn::Transform': {Name: AWS::Include, Parameters: {Location: s3://b/k}}}")
    else {
        panic!("Transform");
    };
    assert_eq!(name, "AWS::Include");
    assert!(
        problem("{'Fn::Transform': {Parameters: {}}}")
            .message
            .contains("needs a `Name`")
    );
}

#[test]
fn sub_parser_handles_literals_escapes_and_unclosed_braces() {
    assert_eq!(
        parse_sub("plain").unwrap(),
        vec![SubPart::Literal("plain".into())]
    );
    assert_eq!(
        parse_sub("${!Literal}").unwrap(),
        vec![SubPart::Literal("${Literal}".into())]
    );
    assert_eq!(
        parse_sub("${A}${B.C}").unwrap(),
        vec![
            SubPart::Variable("A".into()),
            SubPart::Variable("B.C".into())
        ]
    );
    assert_eq!(
        parse_sub("cost $5 ${").unwrap(),
        vec![SubPart::Literal("cost $5 ${".into())]
    );
    assert!(parse_sub("a${}b").is_err());
}

#[test]
fn arguments_list_each_value_with_its_relative_path() {
    let join = call("!Join [',', [a]]");
    let paths: Vec<String> = join.arguments().into_iter().map(|(path, _)| path).collect();
    assert_eq!(paths, ["Fn::Join/1"]);
    let sub = call("!Sub ['${X}', {X: 1}]");
    let paths: Vec<String> = sub.arguments().into_iter().map(|(path, _)| path).collect();
    assert_eq!(paths, ["Fn::Sub/1/X"]);
}
