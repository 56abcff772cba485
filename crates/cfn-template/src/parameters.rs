//! Parameter values: overrides, defaults, type checks and constraints.
//!
//! Reference: AWS CloudFormation User Guide, "Parameters template section syntax"
//! (types, `AllowedValues`, `AllowedPattern`, `MinLength`/`MaxLength`,
//! `MinValue`/`MaxValue`, `NoEcho`). Systems Manager parameter types read their value
//! from the local parameter store (`parameters/ssm.rs`, cdk.md §5).

mod ssm;

use std::collections::BTreeMap;

use indexmap::IndexMap;
use regex::Regex;
use serde_json::Value as Json;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::inputs::ParameterOverride;
use crate::model::{Parameter, ParameterType, Template};
use crate::position::Position;

/// A parameter's value for one deployment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParameterValue {
    /// String, Number and single-value AWS-specific types.
    String(String),
    /// `CommaDelimitedList`, `List<Number>` and `List<...>` types.
    List(Vec<String>),
}

impl ParameterValue {
    /// What `Ref` returns: a string, or a list of strings. Numbers stay strings, as in
    /// CloudFormation ("the parameter value becomes a string").
    pub fn to_json(&self) -> Json {
        match self {
            ParameterValue::String(text) => Json::String(text.clone()),
            ParameterValue::List(items) => {
                Json::Array(items.iter().cloned().map(Json::String).collect())
            }
        }
    }

    /// The value as one text, a list's items joined with commas.
    pub fn to_text(&self) -> String {
        match self {
            ParameterValue::String(text) => text.clone(),
            ParameterValue::List(items) => items.join(","),
        }
    }
}

/// A parameter with its value resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedParameter {
    /// The value.
    pub value: ParameterValue,
    /// `NoEcho`: show `****` instead of the value.
    pub no_echo: bool,
    /// Whether the value came from `Default` (rather than an override).
    pub from_default: bool,
    /// For the Systems Manager types (`AWS::SSM::Parameter::Value<...>` and
    /// `AWS::SSM::Parameter::Name`): the SSM parameter name given (or the `Default`),
    /// which is what CloudFormation records as the stack's parameter value; `value` is
    /// what `Ref` yields (the stored value, or the name itself for `Name`).
    pub ssm_name: Option<String>,
}

/// Resolves every parameter: override, else `Default`, else a diagnostic. Values are
/// checked against the type and constraints; failing ones are reported and left out.
/// Systems Manager types are then looked up in `ssm_store` (name -> value).
pub fn resolve(
    template: &Template,
    overrides: &[ParameterOverride],
    ssm_store: &BTreeMap<String, String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> IndexMap<String, ResolvedParameter> {
    let section = template
        .section_positions
        .get("Parameters")
        .copied()
        .unwrap_or(Position::START);
    for unknown in overrides
        .iter()
        .filter(|o| !template.parameters.contains_key(&o.key))
    {
        diagnostics.push(
            Diagnostic::error(
                format!("parameter override `{}` does not match a parameter of the template", unknown.key),
                "Parameters",
                section,
            )
            .with_optional_help(did_you_mean(&unknown.key, template.parameters.keys().map(String::as_str)).or_else(
                || Some("CloudFormation rejects values for parameters the template does not declare".to_owned()),
            )),
        );
    }
    let mut resolved = IndexMap::new();
    for parameter in template.parameters.values() {
        let Some(parameter_type) = &parameter.parameter_type else {
            continue;
        };
        let given = overrides
            .iter()
            .rev()
            .find(|o| o.key == parameter.logical_id);
        let (text, from_default) = match (given, &parameter.default) {
            (Some(given), _) => (given.value.clone(), false),
            (None, Some(default)) => (default.clone(), true),
            (None, None) => {
                diagnostics.push(
                    Diagnostic::error(
                        format!("parameter `{}` has no value", parameter.logical_id),
                        format!("Parameters/{}", parameter.logical_id),
                        parameter.position,
                    )
                    .with_help(format!(
                        "pass one with --parameter-overrides {}=VALUE, or give the parameter a Default",
                        parameter.logical_id
                    )),
                );
                continue;
            }
        };
        // The constraints of an SSM type apply to the name, not the stored value.
        let value = if parameter_type.is_list() && !parameter_type.is_ssm() {
            ParameterValue::List(split_list(&text))
        } else {
            ParameterValue::String(text.clone())
        };
        let problems = violations(parameter, parameter_type, &value);
        if problems.is_empty() {
            let resolution = if parameter_type.is_ssm() {
                ssm::read(parameter, parameter_type, &text, ssm_store, diagnostics)
            } else {
                Some((value.clone(), None))
            };
            if let Some((value, ssm_name)) = resolution {
                resolved.insert(
                    parameter.logical_id.clone(),
                    ResolvedParameter {
                        value,
                        no_echo: parameter.no_echo,
                        from_default,
                        ssm_name,
                    },
                );
            }
        }
        for problem in problems {
            let source = if from_default {
                "its Default"
            } else {
                "the value given"
            };
            let shown = if parameter.no_echo {
                "****".to_owned()
            } else {
                display(&value)
            };
            let mut diagnostic = Diagnostic::error(
                format!(
                    "parameter `{}`: {source} `{shown}` {problem}",
                    parameter.logical_id
                ),
                format!("Parameters/{}", parameter.logical_id),
                parameter.position,
            );
            if let Some(description) = &parameter.constraint_description {
                diagnostic = diagnostic.with_help(description.clone());
            }
            diagnostics.push(diagnostic);
        }
    }
    resolved
}

/// `CommaDelimitedList` values: split on commas, each member trimmed of spaces.
fn split_list(text: &str) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    text.split(',').map(|item| item.trim().to_owned()).collect()
}

fn display(value: &ParameterValue) -> String {
    match value {
        ParameterValue::String(text) => text.clone(),
        ParameterValue::List(items) => items.join(","),
    }
}

/// Every constraint the value breaks, as "does not ..." phrases.
fn violations(
    parameter: &Parameter,
    parameter_type: &ParameterType,
    value: &ParameterValue,
) -> Vec<String> {
    let items: Vec<&str> = match value {
        ParameterValue::String(text) => vec![text.as_str()],
        ParameterValue::List(items) => items.iter().map(String::as_str).collect(),
    };
    let numeric = matches!(
        parameter_type,
        ParameterType::Number | ParameterType::NumberList
    );
    let mut problems = Vec::new();
    for item in items {
        let number = item.trim().parse::<f64>().ok().filter(|n| n.is_finite());
        if numeric && number.is_none() {
            problems.push(format!("is not a number (`{item}`)"));
            continue;
        }
        if !parameter.allowed_values.is_empty()
            && !parameter.allowed_values.iter().any(|a| a == item)
        {
            problems.push(format!(
                "is not one of the AllowedValues: {}",
                parameter.allowed_values.join(", ")
            ));
        }
        if let Some(pattern) = &parameter.allowed_pattern {
            // AWS matches the whole value against the pattern (Java `matches`).
            match Regex::new(&format!("^(?:{pattern})$")) {
                Ok(regex) if !regex.is_match(item) => {
                    problems.push(format!("does not match the AllowedPattern `{pattern}`"));
                }
                Ok(_) => {}
                Err(_) => problems.push(format!("cannot be checked: AllowedPattern `{pattern}` is not a valid regular expression")),
            }
        }
        let length = item.chars().count() as u64;
        if let Some(min) = parameter.min_length.filter(|min| length < *min) {
            problems.push(format!("is shorter than MinLength {min}"));
        }
        if let Some(max) = parameter.max_length.filter(|max| length > *max) {
            problems.push(format!("is longer than MaxLength {max}"));
        }
        if let Some(number) = number.filter(|_| numeric) {
            if let Some(min) = parameter.min_value.filter(|min| number < *min) {
                problems.push(format!("is less than MinValue {min}"));
            }
            if let Some(max) = parameter.max_value.filter(|max| number > *max) {
                problems.push(format!("is greater than MaxValue {max}"));
            }
        }
    }
    problems.dedup();
    problems
}

#[cfg(test)]
mod tests;
