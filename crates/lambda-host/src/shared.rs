//! [`HostShared`]: what every pool and execution environment of a host shares.
//!
//! `host` owns the pools, pools own the environments, and both need the host's
//! configuration and process registry; keeping that state here, below all three, lets
//! each of them depend on it without depending on the modules above.

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::HostConfig;
use crate::process::ProcessRegistry;

/// What every pool and environment of a host shares.
pub(crate) struct HostShared {
    pub(crate) config: HostConfig,
    pub(crate) processes: Arc<ProcessRegistry>,
    /// Where gantry's bootstraps find their channel sockets, if they are offered one.
    pub(crate) channels: Option<PathBuf>,
}
