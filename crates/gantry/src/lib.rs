//! gantry's wiring, shared by the `gantry` binary and the bench's gateway-only: how a
//! stack is described on the command line ([`settings`]), how the deploy engine's checks
//! are answered by the serving components ([`checks`]), how a deployed function becomes a
//! running one ([`function`]), and how the state is opened ([`open_state`]).
//!
//! Everything else of the binary (commands, console, the HTTP server) lives in `main.rs`
//! and its modules.

pub mod checks;
pub mod function;
pub mod settings;

use std::path::Path;

use store::Store;

/// Opens the state in `state_dir`, upgrading in place a state an earlier gantry wrote
/// (see [`Store::upgraded`]).
pub fn open_state(state_dir: &Path) -> Result<Store, store::Error> {
    Store::open_upgrading(state_dir, &cfn_engine::StateUpgrade)
}
