//! The `Rules` section, checked once per deployment as CloudFormation does: after every
//! parameter value is known (Systems Manager ones read from the store) and before
//! anything is created (cdk.md §4.1). A rule whose `RuleCondition` is false is skipped;
//! otherwise every `Assert` must be true, and each false one is an error carrying its
//! `AssertDescription`, so validation fails and the deploy engine creates nothing.
//!
//! What it does not do: answer `Fn::RefAll`, `Fn::ValueOf` and `Fn::ValueOfAll`, which
//! need the account's EC2 inventory; a rule that uses them is an error (fail closed),
//! never a pass. `Ref` goes through the template evaluator ([`Evaluator::reference`])
//! and `Fn::Equals` compares as the `Conditions` section does.

mod functions;

use serde_json::Value as Json;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::error::Location;
use crate::eval::{Evaluated, Evaluator, Scope};
use crate::inputs::PSEUDO_PARAMETERS;
use crate::model::{Rule, RuleExpression, RuleExpressionKind, RuleFunction, Template};

/// Checks every rule; each problem and each failed assertion is an error diagnostic.
pub(crate) fn evaluate(scope: Scope<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for rule in scope.template.rules.values() {
        // What a rule names is checked whether or not its condition holds, as the
        // rest of the template's references are.
        if !names_are_declared(scope.template, rule, diagnostics) {
            continue;
        }
        let mut judge = Judge {
            evaluator: Evaluator::dry(scope),
            scope,
            rule,
            diagnostics: &mut *diagnostics,
        };
        judge.rule();
    }
}

/// Reports each `Ref` in `rule` that is not a parameter or pseudo parameter and each
/// `Fn::If` or `Fn::ValueOf` naming an undeclared condition or parameter; `false` when
/// there was one.
fn names_are_declared(template: &Template, rule: &Rule, diagnostics: &mut Vec<Diagnostic>) -> bool {
    let before = diagnostics.len();
    let expressions = rule
        .condition
        .iter()
        .chain(rule.assertions.iter().filter_map(|a| a.assert.as_ref()));
    for expression in expressions {
        expression.walk(&mut |found| {
            let problem = match found.as_call() {
                Some(RuleFunction::Ref(name)) => reference_problem(template, name),
                Some(RuleFunction::ValueOf { parameter, .. })
                    if !template.parameters.contains_key(parameter) =>
                {
                    let known = template.parameters.keys().map(String::as_str);
                    Some((
                        format!("Fn::ValueOf names `{parameter}`, which is not a parameter"),
                        did_you_mean(parameter, known)
                            .unwrap_or_else(|| "declare it under Parameters".to_owned()),
                    ))
                }
                Some(RuleFunction::If { condition, .. })
                    if !template.conditions.contains_key(&condition.value) =>
                {
                    let known = template.conditions.keys().map(String::as_str);
                    Some((
                        format!(
                            "Fn::If names condition `{}`, which is not declared",
                            condition.value
                        ),
                        did_you_mean(&condition.value, known)
                            .unwrap_or_else(|| "declare it under Conditions".to_owned()),
                    ))
                }
                _ => None,
            };
            if let Some((problem, help)) = problem {
                diagnostics.push(
                    Diagnostic::error(
                        format!("rule `{}`: {problem}", rule.name),
                        found.path.clone(),
                        found.position,
                    )
                    .with_help(help),
                );
            }
        });
    }
    diagnostics.len() == before
}

fn reference_problem(template: &Template, name: &str) -> Option<(String, String)> {
    if template.resources.contains_key(name) {
        return Some((
            format!("`Ref {name}` names a resource; rules are checked before any resource exists"),
            "rules may Ref only parameters and pseudo parameters".to_owned(),
        ));
    }
    // Unconfirmed: AWS documents `Ref` to parameters in rules; pseudo parameters are
    // accepted too (their values are known before anything is created).
    if template.parameters.contains_key(name) || PSEUDO_PARAMETERS.contains(&name) {
        return None;
    }
    let known = template.parameters.keys().map(String::as_str);
    Some((
        format!("`Ref {name}` names no parameter"),
        did_you_mean(name, known.chain(PSEUDO_PARAMETERS.iter().copied()))
            .unwrap_or_else(|| "declare it under Parameters".to_owned()),
    ))
}

/// Evaluates one rule's expressions. `None` from a method means "cannot be decided":
/// the reason is already reported (here, or as the parameter's own error).
struct Judge<'a, 'd> {
    evaluator: Evaluator<'a>,
    scope: Scope<'a>,
    rule: &'a Rule,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl Judge<'_, '_> {
    fn rule(&mut self) {
        let rule = self.rule;
        if let Some(condition) = &rule.condition
            && self.truth(condition) != Some(true)
        {
            return;
        }
        for (index, assertion) in rule.assertions.iter().enumerate() {
            let Some(assert) = &assertion.assert else {
                continue;
            };
            if self.truth(assert) != Some(false) {
                continue;
            }
            // Unconfirmed: CloudFormation's wording of a failed rule is not documented;
            // gantry says `Rule <name> failed: <AssertDescription>` (cdk.md §4.1).
            let message = match &assertion.description {
                Some(description) => format!("Rule {} failed: {description}", rule.name),
                None => format!(
                    "Rule {} failed: assertion {index} is false (it has no AssertDescription)",
                    rule.name
                ),
            };
            let help = self.what_it_reads(assert);
            self.diagnostics.push(
                Diagnostic::error(message, assert.path.clone(), assert.position).with_help(help),
            );
        }
    }

    /// The help of a failed assertion: the parameter values it read and how to change
    /// them.
    fn what_it_reads(&self, assert: &RuleExpression) -> String {
        let mut names: Vec<&str> = Vec::new();
        assert.walk(&mut |expression| {
            if let Some(RuleFunction::Ref(name)) = expression.as_call()
                && !names.contains(&name.as_str())
            {
                names.push(name);
            }
        });
        let mut read = Vec::new();
        let mut ssm = false;
        for name in names {
            let Some(parameter) = self.scope.parameters.get(name) else {
                continue;
            };
            let shown = if parameter.no_echo {
                "****".to_owned()
            } else {
                parameter.value.to_text()
            };
            match &parameter.ssm_name {
                Some(ssm_name) => {
                    ssm = true;
                    read.push(format!("`{name}` = `{shown}` (SSM parameter `{ssm_name}`)"));
                }
                None => read.push(format!("`{name}` = `{shown}`")),
            }
        }
        let change = if ssm {
            "give other values with --parameter-overrides NAME=VALUE, or store another value with --ssm NAME=VALUE"
        } else {
            "give other values with --parameter-overrides NAME=VALUE"
        };
        if read.is_empty() {
            change.to_owned()
        } else {
            format!("the assertion read {}; {change}", read.join(", "))
        }
    }

    /// A rule condition or assertion: true or false.
    fn truth(&mut self, expression: &RuleExpression) -> Option<bool> {
        match self.value(expression)? {
            Json::Bool(value) => Some(value),
            other => {
                self.report(
                    expression,
                    format!("must be true or false, but it is `{other}`"),
                    "use a rule function that compares values, such as Fn::Equals or Fn::Contains",
                );
                None
            }
        }
    }

    /// Any rule value: booleans from the comparing functions, strings and lists.
    fn value(&mut self, expression: &RuleExpression) -> Option<Json> {
        match &expression.kind {
            RuleExpressionKind::Literal(json) => Some(json.clone()),
            RuleExpressionKind::List(items) => {
                // Evaluate every item, so each problem is reported.
                let values: Vec<Option<Json>> = items.iter().map(|item| self.value(item)).collect();
                values
                    .into_iter()
                    .collect::<Option<Vec<Json>>>()
                    .map(Json::Array)
            }
            RuleExpressionKind::Call(call) => self.call(call, expression),
        }
    }

    fn call(&mut self, call: &RuleFunction, at: &RuleExpression) -> Option<Json> {
        match call {
            RuleFunction::Ref(name) => self.reference(name, at),
            RuleFunction::And(items) | RuleFunction::Or(items) => {
                let values: Vec<Option<bool>> = items.iter().map(|item| self.truth(item)).collect();
                let values: Vec<bool> = values.into_iter().collect::<Option<_>>()?;
                let result = if matches!(call, RuleFunction::And(_)) {
                    values.iter().all(|v| *v)
                } else {
                    values.iter().any(|v| *v)
                };
                Some(Json::Bool(result))
            }
            RuleFunction::Not(item) => self.truth(item).map(|value| Json::Bool(!value)),
            RuleFunction::Equals(left, right) => {
                let (left, right) = (self.value(left), self.value(right));
                Some(Json::Bool(crate::conditions::same(&left?, &right?)))
            }
            RuleFunction::If {
                condition,
                if_true,
                if_false,
            } => match self.scope.conditions.get(&condition.value)? {
                true => self.value(if_true),
                false => self.value(if_false),
            },
            RuleFunction::Contains(list, string) | RuleFunction::EachMemberEquals(list, string) => {
                let members = self.strings(list, call.name(), "first")?;
                let wanted = self.string(string, call.name())?;
                let result = if matches!(call, RuleFunction::Contains(..)) {
                    members.contains(&wanted)
                } else {
                    members.iter().all(|member| *member == wanted)
                };
                Some(Json::Bool(result))
            }
            RuleFunction::EachMemberIn(check, allowed) => {
                let check = self.strings(check, call.name(), "first");
                let allowed = self.strings(allowed, call.name(), "second")?;
                Some(Json::Bool(
                    check?.iter().all(|member| allowed.contains(member)),
                ))
            }
            RuleFunction::RefAll(_)
            | RuleFunction::ValueOf { .. }
            | RuleFunction::ValueOfAll { .. } => {
                // Deviation from AWS: CloudFormation reads the account's EC2 resources;
                // gantry has none, so the rule can be neither passed nor failed honestly.
                self.report(
                    at,
                    format!("uses {}, which reads the AWS account's EC2 resources; gantry has no EC2 inventory and cannot check this rule", call.name()),
                    "gantry refuses rather than pass the rule unchecked: remove the rule from the template you deploy locally",
                );
                None
            }
        }
    }

    /// `Ref`: a parameter's value (a list for list types) or a pseudo parameter. The
    /// name was checked by [`names_are_declared`]; a declared parameter without a
    /// value has its own error already.
    fn reference(&mut self, name: &str, at: &RuleExpression) -> Option<Json> {
        let location = Location::new(&at.path, at.position);
        match self.evaluator.reference(name, location).ok()? {
            Evaluated::Value(json) => Some(json),
            Evaluated::NoValue => Some(Json::Null),
            Evaluated::Unknown => None,
        }
    }

    /// An error about `at`, naming the rule.
    fn report(&mut self, at: &RuleExpression, problem: String, help: &str) {
        self.diagnostics.push(
            Diagnostic::error(
                format!("rule `{}`: {problem}", self.rule.name),
                at.path.clone(),
                at.position,
            )
            .with_help(help),
        );
    }
}

#[cfg(test)]
mod tests;
