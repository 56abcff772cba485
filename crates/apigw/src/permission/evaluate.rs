//! Policy evaluation for one request: every statement is judged, an explicit `Deny`
//! wins over any `Allow`, and each `Allow` that did not apply leaves a finding saying
//! which element failed (IAM: "Policy evaluation logic").

use std::fmt::Write as _;

use serde_json::Value;

use super::StatementRef;
use super::condition::{self, ContextKeys};
use super::policy::{Effect, Principals, Statement, parse_document};
use super::wildcard::{action_matches, arn_like};

/// A policy document and the name explanations use for it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NamedDocument<'a> {
    pub(crate) name: &'a str,
    pub(crate) document: &'a Value,
}

/// What is being asked: a principal (for resource-based and trust policies; `None` for
/// identity policies) performing an action on a resource, with context keys.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AccessRequest<'a> {
    pub(crate) service_principal: Option<&'a str>,
    pub(crate) action: &'a str,
    pub(crate) resource: &'a str,
    pub(crate) context: &'a ContextKeys<'a>,
}

/// The verdict of a set of policies, with the near misses.
#[derive(Debug, Clone, Default)]
pub(crate) struct Evaluation {
    pub(crate) allowed_by: Option<StatementRef>,
    pub(crate) denied_by: Option<StatementRef>,
    pub(crate) findings: Vec<String>,
}

impl Evaluation {
    pub(crate) fn is_allowed(&self) -> bool {
        self.allowed_by.is_some() && self.denied_by.is_none()
    }
}

pub(crate) fn evaluate(policies: &[NamedDocument<'_>], request: &AccessRequest<'_>) -> Evaluation {
    let mut evaluation = Evaluation::default();
    for policy in policies {
        let statements = match parse_document(policy.document) {
            Ok(statements) => statements,
            Err(problem) => {
                evaluation.findings.push(format!(
                    "policy {:?} is malformed and was ignored: {problem}",
                    policy.name
                ));
                continue;
            }
        };
        for (index, parsed) in statements.into_iter().enumerate() {
            let statement = match parsed {
                Ok(statement) => statement,
                Err(problem) => {
                    let at = StatementRef::new(policy.name, index, None);
                    evaluation
                        .findings
                        .push(format!("{at} is malformed and was ignored: {problem}"));
                    continue;
                }
            };
            let at = StatementRef::new(policy.name, index, statement.sid.clone());
            match (applies(&statement, request), statement.effect) {
                (Ok(()), Effect::Deny) => {
                    evaluation.denied_by.get_or_insert(at);
                }
                (Ok(()), Effect::Allow) => {
                    evaluation.allowed_by.get_or_insert(at);
                }
                (Err(why), Effect::Allow) => evaluation
                    .findings
                    .push(format!("{at} does not apply: {why}")),
                (Err(_), Effect::Deny) => {}
            }
        }
    }
    evaluation
}

/// Whether every element of the statement matches the request; otherwise the first
/// element that does not, and why.
fn applies(statement: &Statement, request: &AccessRequest<'_>) -> Result<(), String> {
    check_principal(statement, request)?;
    let action_listed = statement
        .action
        .values
        .iter()
        .any(|pattern| action_matches(pattern, request.action));
    if action_listed == statement.action.negated {
        let element = if statement.action.negated {
            "NotAction"
        } else {
            "Action"
        };
        return Err(format!(
            "{element} {:?} {} {}",
            statement.action.values,
            if statement.action.negated {
                "excludes"
            } else {
                "does not include"
            },
            request.action
        ));
    }
    if let Some(resource) = &statement.resource {
        let listed = resource
            .values
            .iter()
            .any(|pattern| arn_like(pattern, request.resource));
        if listed == resource.negated {
            let element = if resource.negated {
                "NotResource"
            } else {
                "Resource"
            };
            return Err(format!(
                "{element} {:?} {} {}",
                resource.values,
                if resource.negated {
                    "excludes"
                } else {
                    "does not match"
                },
                request.resource
            ));
        }
    }
    for condition in &statement.conditions {
        condition::check(condition, request.context)?;
    }
    Ok(())
}

fn check_principal(statement: &Statement, request: &AccessRequest<'_>) -> Result<(), String> {
    let Some(service) = request.service_principal else {
        return match statement.principal {
            None => Ok(()),
            Some(_) => Err("identity policies cannot name a Principal".to_owned()),
        };
    };
    let Some(principal) = &statement.principal else {
        return Err(
            "it names no Principal, which a resource-based policy statement needs".to_owned(),
        );
    };
    let named = match &principal.values {
        Principals::Everyone => true,
        Principals::Named(by_type) => by_type
            .iter()
            .any(|(kind, ids)| kind == "Service" && ids.iter().any(|id| id == service)),
    };
    if named != principal.negated {
        return Ok(());
    }
    let mut why = String::new();
    let element = if principal.negated {
        "NotPrincipal"
    } else {
        "Principal"
    };
    let _ = write!(why, "{element} ");
    match &principal.values {
        Principals::Everyone => why.push('*'),
        Principals::Named(by_type) => {
            let _ = write!(why, "{by_type:?}");
        }
    }
    let _ = write!(
        why,
        " {} {service}",
        if principal.negated {
            "excludes"
        } else {
            "does not name"
        }
    );
    Err(why)
}
