//! One module per subcommand.

pub(crate) mod credentials;
pub(crate) mod invoke;
pub(crate) mod token;
pub(crate) mod up;
pub(crate) mod validate;

use std::path::Path;

use gantry::settings::{StackArgs, StackSettings};
use store::Store;

use crate::{console, usage};

/// The stack the arguments describe; an unreadable template or a malformed override is a
/// usage error.
pub(crate) fn stack_settings(args: &StackArgs) -> anyhow::Result<StackSettings> {
    StackSettings::from_args(args).map_err(|e| usage(e.to_string()))
}

/// The state, upgraded in place (with a note saying so) if an earlier gantry wrote it.
pub(crate) fn open_state(state_dir: &Path) -> anyhow::Result<Store> {
    let store = Store::open_upgrading(state_dir, &cfn_engine::StateUpgrade)?;
    if let Some(upgraded) = store.upgraded() {
        console::line(&format!(
            "gantry: upgraded the state in {} from schema {} to {} (the old state is kept at {})",
            state_dir.display(),
            upgraded.from,
            upgraded.to,
            upgraded.backup.display()
        ));
    }
    Ok(store)
}
