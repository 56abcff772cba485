//! Systems Manager parameter types (cdk.md §5): the parameter's value is the *name* of
//! an SSM parameter, read from the local parameter store ([`crate::Inputs`]'s
//! `ssm_parameters`) at each deployment.
//!
//! What it does not do: `SecureString` values (CloudFormation does not support them
//! for these types either), versions or labels (`name:3`), or the dynamic references
//! `{{resolve:ssm:...}}` inside property values.

use std::collections::BTreeMap;

use super::{ParameterValue, split_list};
use crate::diagnostic::Diagnostic;
use crate::model::{Parameter, ParameterType};

/// What `Ref` yields for an SSM-typed parameter whose value (the SSM name) is `name`,
/// and the name to record; `None` when the store has no such parameter (reported).
pub(super) fn read(
    parameter: &Parameter,
    parameter_type: &ParameterType,
    name: &str,
    store: &BTreeMap<String, String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(ParameterValue, Option<String>)> {
    let Some(stored) = store.get(name) else {
        diagnostics.push(missing(parameter, name));
        return None;
    };
    let value = match parameter_type {
        ParameterType::SsmName => ParameterValue::String(name.to_owned()),
        // A StringList is stored with its items joined by commas.
        // Unconfirmed: its members are trimmed of spaces, as CommaDelimitedList ones are.
        ParameterType::SsmValue { list: true } => ParameterValue::List(split_list(stored)),
        _ => ParameterValue::String(stored.clone()),
    };
    Some((value, Some(name.to_owned())))
}

fn missing(parameter: &Parameter, name: &str) -> Diagnostic {
    let id = &parameter.logical_id;
    Diagnostic::error(
        format!(
            "parameter `{id}` ({}) names the SSM parameter `{name}`, which is not in gantry's parameter store",
            parameter.type_name
        ),
        format!("Parameters/{id}"),
        parameter.position,
    )
    .with_help(format!(
        "give it with `--ssm {name}=VALUE` or in an `--ssm-file`, or name another SSM parameter with --parameter-overrides {id}=NAME"
    ))
}
