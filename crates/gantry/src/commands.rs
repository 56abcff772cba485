//! One module per subcommand.

pub(crate) mod invoke;
pub(crate) mod token;
pub(crate) mod up;
pub(crate) mod validate;

use gantry::settings::{StackArgs, StackSettings};

use crate::usage;

/// The stack the arguments describe; an unreadable template or a malformed override is a
/// usage error.
pub(crate) fn stack_settings(args: &StackArgs) -> anyhow::Result<StackSettings> {
    StackSettings::from_args(args).map_err(|e| usage(e.to_string()))
}
