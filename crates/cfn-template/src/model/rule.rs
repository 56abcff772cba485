//! The `Rules` section: each rule an optional `RuleCondition` and a non-empty list of
//! `Assertions`, each an `Assert` with an optional `AssertDescription` (cdk.md §4.1).
//!
//! This module reads the section's *shape* and parses the rule functions into a
//! [`RuleExpression`] tree of their own: rules use a different set of functions from
//! the rest of the template (cdk.md §4.2), so they do not go through
//! [`crate::value::Intrinsic`]. What a `Ref` names and the evaluation are
//! [`crate::rules`]'s job.

mod expression;

pub use expression::{RULE_FUNCTIONS, RuleExpression, RuleExpressionKind, RuleFunction};

use super::expected;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::syntax::{Node, NodeKind, Position};

const RULE_ATTRIBUTES: &[&str] = &["RuleCondition", "Assertions"];
const ASSERTION_ATTRIBUTES: &[&str] = &["Assert", "AssertDescription"];

/// One entry of `Rules`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// The rule's name.
    pub name: String,
    /// Where the name is.
    pub position: Position,
    /// `RuleCondition`: when false, the assertions are not checked.
    pub condition: Option<RuleExpression>,
    /// `Assertions`, in template order.
    pub assertions: Vec<Assertion>,
}

/// One item of a rule's `Assertions`.
#[derive(Clone, Debug, PartialEq)]
pub struct Assertion {
    /// Where the item starts.
    pub position: Position,
    /// `Assert`: must be true for the stack operation to go ahead.
    pub assert: Option<RuleExpression>,
    /// `AssertDescription`: what the user is told when `Assert` is false.
    pub description: Option<String>,
}

impl Rule {
    /// Reads one rule, reporting every shape problem with its line.
    pub fn from_node(
        name: &str,
        position: Position,
        node: &Node,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Self {
        let path = format!("Rules/{name}");
        let mut rule = Rule {
            name: name.to_owned(),
            position,
            condition: None,
            assertions: Vec::new(),
        };
        let Some(entries) = node.as_mapping() else {
            diagnostics.push(expected(&path, node, "a mapping"));
            return rule;
        };
        let mut has_assertions = false;
        for entry in entries {
            let child = format!("{path}/{}", entry.key);
            match entry.key.as_str() {
                "RuleCondition" => {
                    rule.condition = RuleExpression::boolean(&entry.value, &child, diagnostics);
                }
                "Assertions" => {
                    has_assertions = true;
                    rule.assertions = assertions(&entry.value, &child, diagnostics);
                }
                unknown => diagnostics.push(unknown_key(
                    unknown,
                    "a rule",
                    RULE_ATTRIBUTES,
                    child,
                    entry.key_position,
                )),
            }
        }
        if !has_assertions {
            diagnostics.push(
                Diagnostic::error(format!("rule `{name}` has no `Assertions`"), path, position)
                    .with_help("add `Assertions:` with at least one `- Assert: ...`"),
            );
        }
        rule
    }
}

fn assertions(node: &Node, path: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<Assertion> {
    let NodeKind::Sequence(items) = &node.kind else {
        diagnostics.push(expected(path, node, "a list of assertions"));
        return Vec::new();
    };
    if items.is_empty() {
        diagnostics.push(
            Diagnostic::error("`Assertions` is empty", path, node.position)
                .with_help("a rule needs at least one `- Assert: ...`"),
        );
    }
    items
        .iter()
        .enumerate()
        .map(|(index, item)| assertion(item, &format!("{path}/{index}"), diagnostics))
        .collect()
}

fn assertion(node: &Node, path: &str, diagnostics: &mut Vec<Diagnostic>) -> Assertion {
    let mut assertion = Assertion {
        position: node.position,
        assert: None,
        description: None,
    };
    let Some(entries) = node.as_mapping() else {
        diagnostics.push(expected(path, node, "a mapping with `Assert`"));
        return assertion;
    };
    let mut has_assert = false;
    for entry in entries {
        let child = format!("{path}/{}", entry.key);
        match entry.key.as_str() {
            "Assert" => {
                has_assert = true;
                assertion.assert = RuleExpression::boolean(&entry.value, &child, diagnostics);
            }
            "AssertDescription" => match &entry.value.kind {
                NodeKind::String(text) => assertion.description = Some(text.clone()),
                _ => diagnostics.push(expected(&child, &entry.value, "a string")),
            },
            unknown => diagnostics.push(unknown_key(
                unknown,
                "an assertion",
                ASSERTION_ATTRIBUTES,
                child,
                entry.key_position,
            )),
        }
    }
    if !has_assert {
        diagnostics.push(
            Diagnostic::error("an assertion has no `Assert`", path, node.position).with_help(
                "write `- Assert: !Equals [...]` (a rule function that is true or false)",
            ),
        );
    }
    assertion
}

fn unknown_key(
    key: &str,
    what: &str,
    known: &[&str],
    path: String,
    position: Position,
) -> Diagnostic {
    Diagnostic::error(format!("`{key}` is not {what} attribute"), path, position)
        .with_optional_help(
            did_you_mean(key, known.iter().copied())
                .or_else(|| Some(format!("{what} has only {}", known.join(" and ")))),
        )
}
