use super::*;
use crate::diagnostic::Severity;

fn root(source: &str) -> Node {
    let parsed = parse(source);
    assert!(
        parsed.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        parsed.diagnostics
    );
    parsed.root.expect("a tree")
}

fn error(source: &str) -> Diagnostic {
    let parsed = parse(source);
    assert!(parsed.root.is_none(), "expected a syntax error");
    parsed
        .diagnostics
        .into_iter()
        .next()
        .expect("one diagnostic")
}

fn string(text: &str) -> NodeKind {
    NodeKind::String(text.to_owned())
}

/// `{key: value}` as a one-entry mapping's key and value kind.
fn single(node: &Node) -> (&str, &NodeKind) {
    let entries = node.as_mapping().expect("a mapping");
    assert_eq!(entries.len(), 1);
    (entries[0].key.as_str(), &entries[0].value.kind)
}

#[test]
fn every_short_form_tag_becomes_its_long_form_key() {
    let cases = [
        ("!Ref X", "Ref"),
        ("!Condition X", "Condition"),
        ("!And [a, b]", "Fn::And"),
        ("!Base64 X", "Fn::Base64"),
        ("!Cidr [a, b, c]", "Fn::Cidr"),
        ("!Equals [a, b]", "Fn::Equals"),
        ("!FindInMap [a, b, c]", "Fn::FindInMap"),
        ("!GetAZs ''", "Fn::GetAZs"),
        ("!GetAtt A.B", "Fn::GetAtt"),
        ("!If [c, a, b]", "Fn::If"),
        ("!ImportValue X", "Fn::ImportValue"),
        ("!Join [',', [a]]", "Fn::Join"),
        ("!Not [c]", "Fn::Not"),
        ("!Or [a, b]", "Fn::Or"),
        ("!Select [0, [a]]", "Fn::Select"),
        ("!Split [',', a]", "Fn::Split"),
        ("!Sub X", "Fn::Sub"),
        ("!Transform {Name: M}", "Fn::Transform"),
    ];
    for (yaml, key) in cases {
        let tree = root(&format!("V: {yaml}\n"));
        let (found, _) = single(tree.get("V").expect("V"));
        assert_eq!(found, key, "{yaml}");
    }
}

#[test]
fn short_form_scalar_keeps_text_as_string_even_when_numeric() {
    let tree = root("V: !Ref 123\n");
    assert_eq!(single(tree.get("V").unwrap()), ("Ref", &string("123")));
}

#[test]
fn get_att_short_form_string_is_kept_whole_for_the_intrinsic_parser() {
    // cfn-guard PR #317: `!GetAtt A.B` must not become a plain string.
    let tree = root("V: !GetAtt Role.Arn\n");
    assert_eq!(
        single(tree.get("V").unwrap()),
        ("Fn::GetAtt", &string("Role.Arn"))
    );
}

#[test]
fn nested_short_forms_become_nested_long_forms() {
    let tree = root("V: !Join ['', [!Ref A, !Sub '${B}-x', !Select [0, !GetAZs '']]]\n");
    let (key, args) = single(tree.get("V").unwrap());
    assert_eq!(key, "Fn::Join");
    let NodeKind::Sequence(args) = args else {
        panic!("list")
    };
    let NodeKind::Sequence(items) = &args[1].kind else {
        panic!("list")
    };
    assert_eq!(single(&items[0]).0, "Ref");
    assert_eq!(single(&items[1]).0, "Fn::Sub");
    let (select, select_args) = single(&items[2]);
    assert_eq!(select, "Fn::Select");
    let NodeKind::Sequence(select_args) = select_args else {
        panic!("list")
    };
    assert_eq!(single(&select_args[1]).0, "Fn::GetAZs");
}

#[test]
fn short_form_node_is_positioned_at_its_tag() {
    let tree = root("Resources:\n  Fn:\n    Role: !GetAtt Rol.Arn\n");
    let role = tree
        .get("Resources")
        .unwrap()
        .get("Fn")
        .unwrap()
        .get("Role")
        .unwrap();
    assert_eq!(role.position, Position::new(3, 11));
    assert_eq!(
        role.get("Fn::GetAtt").unwrap().position,
        Position::new(3, 11)
    );
}

#[test]
fn tagged_sequence_is_positioned_at_its_tag() {
    let tree = root("V: !Sub\n  - '${A}'\n  - {A: 1}\n");
    assert_eq!(tree.get("V").unwrap().position, Position::new(1, 4));
}

#[test]
fn keys_have_positions() {
    let tree = root("A: 1\nBee:\n  C: 2\n");
    let entries = tree.as_mapping().unwrap();
    assert_eq!(entries[1].key, "Bee");
    assert_eq!(entries[1].key_position, Position::new(2, 1));
    assert_eq!(
        entries[1].value.as_mapping().unwrap()[0].key_position,
        Position::new(3, 3)
    );
}

#[test]
fn yaml_numbers_keep_their_text() {
    let tree = root("A: 1.0\nB: 2.50\nC: 007\nD: 1e3\nE: -4\n");
    for (key, text) in [
        ("A", "1.0"),
        ("B", "2.50"),
        ("C", "007"),
        ("D", "1e3"),
        ("E", "-4"),
    ] {
        assert_eq!(
            tree.get(key).unwrap().kind,
            NodeKind::Number(text.to_owned()),
            "{key}"
        );
    }
}

#[test]
fn yaml_core_schema_scalars_are_typed_and_quoted_ones_are_strings() {
    let tree = root(
        "A: true\nB: False\nC: null\nD: ~\nE:\nF: 'true'\nG: \"1.0\"\nH: yes\nI: 2010-09-09\n",
    );
    assert_eq!(tree.get("A").unwrap().kind, NodeKind::Bool(true));
    assert_eq!(tree.get("B").unwrap().kind, NodeKind::Bool(false));
    assert_eq!(tree.get("C").unwrap().kind, NodeKind::Null);
    assert_eq!(tree.get("D").unwrap().kind, NodeKind::Null);
    assert_eq!(tree.get("E").unwrap().kind, NodeKind::Null);
    assert_eq!(tree.get("F").unwrap().kind, string("true"));
    assert_eq!(tree.get("G").unwrap().kind, string("1.0"));
    assert_eq!(tree.get("H").unwrap().kind, string("yes"));
    assert_eq!(tree.get("I").unwrap().kind, string("2010-09-09"));
}

#[test]
fn core_str_tag_makes_a_string() {
    let tree = root("A: !!str 1.0\n");
    assert_eq!(tree.get("A").unwrap().kind, string("1.0"));
}

#[test]
fn unsupported_core_tag_is_an_error() {
    let error = error("A: !!binary aGVsbG8=\n");
    assert!(error.message.contains("!!binary"), "{}", error.message);
}

#[test]
fn unknown_short_form_tag_is_an_error_with_a_suggestion() {
    let error = error("A: !GetAttr X.Y\n");
    assert_eq!(error.message, "unknown YAML tag `!GetAttr`");
    assert_eq!(error.help.as_deref(), Some("did you mean `!GetAtt`?"));
    assert_eq!(error.path, "A");
}

#[test]
fn yaml_alias_is_rejected_like_cloudformation() {
    let error = error("A: &x [1]\nB: *x\n");
    assert_eq!(
        error.message,
        "YAML aliases are not allowed in CloudFormation templates"
    );
    assert_eq!(error.position(), Position::new(2, 4));
    assert_eq!(error.path, "B");
}

#[test]
fn yaml_alias_bomb_is_rejected_at_the_first_alias() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, prev) in [
        ("b", "a"),
        ("c", "b"),
        ("d", "c"),
        ("e", "d"),
        ("f", "e"),
        ("g", "f"),
        ("h", "g"),
        ("i", "h"),
    ] {
        bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    let error = error(&bomb);
    assert!(error.message.contains("aliases are not allowed"));
}

#[test]
fn anchors_without_aliases_are_accepted() {
    let tree = root("A: &x [1]\n");
    assert!(matches!(tree.get("A").unwrap().kind, NodeKind::Sequence(_)));
}

#[test]
fn yaml_nesting_deeper_than_the_limit_is_rejected_without_recursion() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let error = error(&deep);
    assert!(
        error.message.contains("more than 128 levels"),
        "{}",
        error.message
    );
}

#[test]
fn yaml_nesting_at_the_limit_is_accepted() {
    let source = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    let parsed = parse(&source);
    assert!(parsed.root.is_some(), "{:?}", parsed.diagnostics);
}

#[test]
fn json_nesting_deeper_than_the_limit_is_rejected() {
    let deep = format!("{{\"a\": {}{}}}", "[".repeat(50_000), "]".repeat(50_000));
    let parsed = parse(&deep);
    assert!(parsed.root.is_none());
    assert!(
        parsed.diagnostics[0]
            .message
            .contains("more than 128 levels")
    );
}

#[test]
fn input_over_the_size_limit_is_rejected() {
    let big = format!("A: '{}'\n", "x".repeat(MAX_SOURCE_BYTES));
    let error = error(&big);
    assert!(error.message.contains("bytes"), "{}", error.message);
}

#[test]
fn yaml_syntax_error_reports_line_and_column() {
    let error = error("Resources:\n  A:\n\tType: X\n");
    assert!(
        error.message.starts_with("invalid YAML: "),
        "{}",
        error.message
    );
    assert_eq!(error.line, 3);
}

#[test]
fn more_than_one_yaml_document_is_an_error() {
    let error = error("A: 1\n---\nB: 2\n");
    assert!(error.message.contains("more than one YAML document"));
}

#[test]
fn empty_text_is_an_error() {
    assert_eq!(error("").message, "the template is empty");
    assert_eq!(error("# only a comment\n").message, "the template is empty");
}

#[test]
fn duplicate_yaml_key_warns_and_the_last_value_wins() {
    let parsed = parse("P:\n  CodeUri: ''\n  Handler: x\n  CodeUri: src/\n");
    let tree = parsed.root.unwrap();
    assert_eq!(
        tree.get("P").unwrap().get("CodeUri").unwrap().kind,
        string("src/")
    );
    let warning = &parsed.diagnostics[0];
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!(warning.path, "P/CodeUri");
    assert_eq!(warning.position(), Position::new(4, 3));
    assert!(warning.message.contains("first at line 2"));
}

#[test]
fn json_is_parsed_with_positions_and_number_text() {
    let parsed = parse("{\n  \"A\": {\"Ref\": \"B\"},\n  \"V\": 1.0\n}");
    assert_eq!(parsed.format, SourceFormat::Json);
    let tree = parsed.root.unwrap();
    assert_eq!(tree.get("A").unwrap().position, Position::new(2, 8));
    assert_eq!(tree.get("V").unwrap().kind, NodeKind::Number("1.0".into()));
}

#[test]
fn json_string_escapes_are_decoded() {
    let tree = root(r#"{"A": "tab\there \u00e9 \ud83d\ude00 \"q\""}"#);
    assert_eq!(tree.get("A").unwrap().kind, string("tab\there é 😀 \"q\""));
}

#[test]
fn json_columns_count_characters_not_bytes() {
    let tree = root("{\"é\": 1, \"B\": 2}");
    let entries = tree.as_mapping().unwrap();
    assert_eq!(entries[1].key_position, Position::new(1, 10));
}

#[test]
fn json_duplicate_key_warns_and_the_last_value_wins() {
    let parsed = parse(r#"{"A": 1, "A": 2}"#);
    assert_eq!(
        parsed.root.unwrap().get("A").unwrap().kind,
        NodeKind::Number("2".into())
    );
    assert_eq!(parsed.diagnostics[0].severity, Severity::Warning);
}

#[test]
fn invalid_json_reports_the_json_error_at_its_position() {
    let error = error("{\n  \"A\": [1, 2,, 3]\n}");
    assert!(
        error.message.starts_with("invalid JSON: "),
        "{}",
        error.message
    );
    assert_eq!(error.position(), Position::new(2, 14));
    assert_eq!(error.path, "A/2");
}

#[test]
fn json_looking_flow_yaml_falls_back_to_yaml() {
    let parsed = parse("{A: !Ref B}");
    assert_eq!(parsed.format, SourceFormat::Yaml);
    assert!(parsed.root.is_some());
}

#[test]
fn byte_order_mark_is_ignored() {
    assert!(parse("\u{feff}A: 1\n").root.is_some());
}

#[test]
fn complex_yaml_keys_are_rejected() {
    let error = error("? [a]\n: b\n");
    assert!(error.message.contains("mapping keys must be plain strings"));
}

#[test]
fn yaml_number_recognition_follows_the_core_schema() {
    for text in [
        "0", "-1", "+2", "1.5", ".5", "5.", "1e10", "1.5E-3", "0o17", "0x1F",
    ] {
        assert!(scalar::is_number(text), "{text}");
    }
    for text in ["", ".", "1.2.3", "e5", "1e", "0x", "12a", "--1", "1_000"] {
        assert!(!scalar::is_number(text), "{text}");
    }
}
