//! One module per subcommand.

pub(crate) mod invoke;
pub(crate) mod token;
pub(crate) mod up;
pub(crate) mod validate;

use std::path::Path;

use cfn_template::{Inputs, ParameterOverride};

use crate::args::ParameterArgs;
use crate::usage;

/// Reads a template file; an unreadable file is a usage error.
pub(crate) fn read_template(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path)
        .map_err(|e| usage(format!("cannot read template {}: {e}", path.display())))
}

/// `--parameter-overrides KEY=VALUE ...`; a malformed pair is a usage error.
pub(crate) fn parameter_overrides(args: &ParameterArgs) -> anyhow::Result<Vec<ParameterOverride>> {
    Inputs::parse_overrides(&args.parameter_overrides).map_err(|e| usage(e.to_string()))
}

/// The template engine's inputs from the command line.
pub(crate) fn inputs(args: &ParameterArgs, stack_name: &str) -> anyhow::Result<Inputs> {
    Ok(Inputs {
        region: args.region.clone(),
        account_id: args.account_id.clone(),
        stack_name: stack_name.to_owned(),
        stack_id: None,
        notification_arns: Vec::new(),
        parameter_overrides: parameter_overrides(args)?,
    })
}
