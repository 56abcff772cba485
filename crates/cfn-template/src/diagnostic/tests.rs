use super::render::{render, summary};
use super::*;

fn at(line: u32, column: u32) -> Position {
    Position::new(line, column)
}

#[test]
fn json_form_appends_help_to_the_message() {
    let diagnostic = Diagnostic::error("unknown resource type `X`", "Resources/A/Type", at(3, 11))
        .with_help("did you mean `Y`?");
    assert_eq!(
        diagnostic.to_json(),
        serde_json::json!({
            "severity": "error",
            "message": "unknown resource type `X`. Did you mean `Y`?",
            "path": "Resources/A/Type",
            "line": 3,
            "column": 11
        })
    );
}

#[test]
fn sort_orders_by_position_then_severity_and_drops_duplicates() {
    let mut diagnostics = vec![
        Diagnostic::warning("w", "", at(2, 1)),
        Diagnostic::error("e", "", at(2, 1)),
        Diagnostic::error("first", "", at(1, 9)),
        Diagnostic::error("e", "", at(2, 1)),
    ];
    sort(&mut diagnostics);
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["first", "e", "w"]);
}

#[test]
fn closest_suggests_typos_but_not_unrelated_names() {
    assert_eq!(
        closest("Runtim", ["Runtime", "Role", "Code"]),
        Some("Runtime")
    );
    assert_eq!(closest("rolearn", ["Arn", "RoleArn"]), Some("RoleArn"));
    assert_eq!(closest("Zzz", ["Runtime", "Role"]), None);
    assert_eq!(
        closest("Same", ["Same"]),
        None,
        "an exact match is not a suggestion"
    );
}

#[test]
fn suggestions_stop_when_the_budget_is_spent() {
    let suggestions = Suggestions::new(1);
    assert_eq!(suggestions.closest("Rol", ["Role"]), Some("Role"));
    assert_eq!(suggestions.closest("Rol", ["Role"]), None);
}

#[test]
fn render_leaves_out_the_excerpt_when_the_line_is_not_in_the_source() {
    let diagnostic = Diagnostic::error(
        "parameter override `X` does not match",
        "Parameters",
        at(9, 1),
    );
    assert_eq!(
        render(&diagnostic, "A: 1\n", "t.yaml"),
        "error: parameter override `X` does not match\n --> t.yaml:9:1\n  = path: Parameters\n"
    );
}

#[test]
fn render_handles_crlf_line_endings() {
    let diagnostic = Diagnostic::warning("w", "A", at(2, 3));
    let text = render(&diagnostic, "A: 1\r\nB: 2\r\n", "t.yaml");
    assert!(text.contains("2 | B: 2\n"), "{text}");
    assert!(text.contains("  |   ^\n"), "{text}");
}

#[test]
fn summary_counts_errors_and_warnings() {
    let error = Diagnostic::error("e", "", at(1, 1));
    let warning = Diagnostic::warning("w", "", at(1, 1));
    assert_eq!(summary(&[], "t"), "t is valid");
    assert_eq!(
        summary(std::slice::from_ref(&warning), "t"),
        "t is valid, with 1 warning"
    );
    assert_eq!(
        summary(&[error.clone(), error, warning.clone(), warning], "t"),
        "error: t is not valid: 2 errors, 2 warnings"
    );
}
