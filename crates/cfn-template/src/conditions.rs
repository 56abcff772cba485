//! The `Conditions` section, evaluated once per deployment from parameters, pseudo
//! parameters and mappings.
//!
//! Conditions are evaluated in dependency order (a `Condition` reference is evaluated
//! before the condition that uses it), without recursion across conditions; a cycle of
//! conditions is reported.
//!
//! Reference: AWS CloudFormation Template Reference, "Condition functions".

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde_json::Value as Json;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::eval::{Evaluated, Evaluator, Scope, functions_text_of};
use crate::model::Template;
use crate::value::{Intrinsic, Value, ValueKind, walk};

/// Evaluates every condition. Conditions that cannot be evaluated are reported and
/// count as false.
pub(crate) fn evaluate(
    scope: Scope<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> IndexMap<String, bool> {
    let template = scope.template;
    let order = evaluation_order(template, diagnostics);
    let mut results: IndexMap<String, bool> = IndexMap::new();
    for name in order {
        let Some(condition) = template.conditions.get(&name) else {
            continue;
        };
        let path = format!("Conditions/{name}");
        let mut evaluator = Evaluator::dry(Scope {
            conditions: &results,
            ..scope
        });
        let mut judge = Judge {
            evaluator: &mut evaluator,
            template,
            results: &results,
            diagnostics: Vec::new(),
        };
        let truth = judge.truth(&condition.expression, &path, true);
        let mut found = judge.diagnostics;
        let collected = evaluator.into_errors();
        let had_errors = !collected.is_empty() || !found.is_empty();
        found.extend(
            collected
                .iter()
                .filter_map(crate::error::Error::to_diagnostic),
        );
        if truth.is_none() && !had_errors {
            found.push(
                Diagnostic::error(
                    format!("condition `{name}` cannot be evaluated before resources are created"),
                    path.clone(),
                    condition.position,
                )
                .with_help("conditions may use only parameters, pseudo parameters, mappings and other conditions"),
            );
        }
        diagnostics.extend(found);
        results.insert(name, truth.unwrap_or(false));
    }
    // Keep the template's order for readers of the plan.
    template
        .conditions
        .keys()
        .filter_map(|name| results.get(name).map(|value| (name.clone(), *value)))
        .collect()
}

/// Condition names in an order where each comes after the conditions it refers to.
fn evaluation_order(template: &Template, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut depends: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (name, condition) in &template.conditions {
        let mut used = BTreeSet::new();
        walk(&condition.expression, "", &mut |value, _| {
            if let Some(Intrinsic::Condition(other)) = value.as_intrinsic()
                && template.conditions.contains_key(other)
            {
                used.insert(other.as_str());
            }
        });
        depends.insert(name.as_str(), used);
    }
    // Kahn's algorithm: linear in conditions plus references.
    let mut waiting: BTreeMap<&str, usize> = depends
        .iter()
        .map(|(name, used)| (*name, used.len()))
        .collect();
    let mut users: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, used) in &depends {
        for other in used {
            users.entry(other).or_default().push(name);
        }
    }
    let mut ready: Vec<&str> = waiting
        .iter()
        .filter(|(_, n)| **n == 0)
        .map(|(name, _)| *name)
        .collect();
    let mut order = Vec::new();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    while let Some(name) = ready.pop() {
        done.insert(name);
        order.push(name.to_owned());
        for user in users.get(name).into_iter().flatten() {
            if let Some(count) = waiting.get_mut(user) {
                *count -= 1;
                if *count == 0 {
                    ready.push(user);
                }
            }
        }
    }
    let stuck: Vec<&str> = depends
        .keys()
        .filter(|name| !done.contains(*name))
        .copied()
        .collect();
    if let Some(first) = stuck
        .first()
        .and_then(|name| template.conditions.get(*name))
    {
        diagnostics.push(
            Diagnostic::error(
                format!(
                    "circular reference between conditions: {}",
                    stuck.join(", ")
                ),
                format!("Conditions/{}", first.name),
                first.position,
            )
            .with_help("a condition cannot depend on itself through `Condition` references"),
        );
    }
    order
}

struct Judge<'e, 'a> {
    evaluator: &'e mut Evaluator<'a>,
    template: &'a Template,
    results: &'e IndexMap<String, bool>,
    diagnostics: Vec<Diagnostic>,
}

impl Judge<'_, '_> {
    /// The truth of a condition function; `None` when it cannot be decided (reported).
    fn truth(&mut self, expression: &Value, path: &str, top: bool) -> Option<bool> {
        let Some(call) = expression.as_intrinsic() else {
            self.not_a_condition(expression, path, top);
            return None;
        };
        let at = |index: usize| format!("{path}/{}/{index}", call.name());
        match call {
            Intrinsic::Equals(left, right) => {
                let left = self.operand(left, &at(0))?;
                let right = self.operand(right, &at(1))?;
                Some(same(&left, &right))
            }
            Intrinsic::And(items) => {
                let values: Option<Vec<bool>> = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.truth(item, &at(i), false))
                    .collect();
                values.map(|values| values.iter().all(|v| *v))
            }
            Intrinsic::Or(items) => {
                let values: Option<Vec<bool>> = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.truth(item, &at(i), false))
                    .collect();
                values.map(|values| values.iter().any(|v| *v))
            }
            Intrinsic::Not(item) => self.truth(item, &at(0), false).map(|value| !value),
            Intrinsic::Condition(name) => match self.results.get(name) {
                Some(value) => Some(*value),
                None => {
                    if !self.template.conditions.contains_key(name) {
                        let known = self.template.conditions.keys().map(String::as_str);
                        self.diagnostics.push(
                            Diagnostic::error(
                                format!("condition `{name}` is not declared"),
                                format!("{path}/Condition"),
                                expression.position,
                            )
                            .with_optional_help(did_you_mean(name, known)),
                        );
                    }
                    None
                }
            },
            _ => {
                self.not_a_condition(expression, path, top);
                None
            }
        }
    }

    fn operand(&mut self, value: &Value, path: &str) -> Option<Json> {
        match self.evaluator.eval(value, path).ok()? {
            Evaluated::Value(json) => Some(json),
            Evaluated::NoValue => Some(Json::Null),
            Evaluated::Unknown => None,
        }
    }

    fn not_a_condition(&mut self, expression: &Value, path: &str, top: bool) {
        let what = match &expression.kind {
            ValueKind::Intrinsic(call) => call.name().to_owned(),
            _ => "a literal value".to_owned(),
        };
        let place = if top {
            "a condition"
        } else {
            "an operand of Fn::And, Fn::Or or Fn::Not"
        };
        self.diagnostics.push(
            Diagnostic::error(
                format!("{place} must be a condition function, not {what}"),
                path,
                expression.position,
            )
            .with_help("use Fn::Equals, Fn::And, Fn::Or, Fn::Not or `Condition: OtherCondition`"),
        );
    }
}

/// `Fn::Equals`: scalars compare by their text (so the string parameter `"true"`
/// equals the YAML boolean `true`), lists element by element.
///
/// Unconfirmed: AWS does not document how values of different JSON types compare; this
/// follows its rule that parameter values are strings.
pub(crate) fn same(left: &Json, right: &Json) -> bool {
    match (left, right) {
        (Json::Array(a), Json::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Json::Object(_), _) | (_, Json::Object(_)) | (Json::Array(_), _) | (_, Json::Array(_)) => {
            left == right
        }
        (Json::Null, Json::Null) => true,
        _ => match (functions_text_of(left), functions_text_of(right)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests;
