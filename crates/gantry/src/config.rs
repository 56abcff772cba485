//! The only module that reads the process environment: everything else gets typed values.

#![allow(clippy::disallowed_methods)] // reading the environment is this module's job

use std::ffi::OsString;

/// `PATH`, where function interpreters (`node`, `python3`) are looked up.
pub(crate) fn search_path() -> OsString {
    std::env::var_os("PATH").unwrap_or_default()
}

/// Environments per function by default: enough to keep every core busy while one
/// environment waits on I/O, few enough that processes do not fight over the cores.
pub(crate) fn default_max_environments() -> std::num::NonZeroUsize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    std::num::NonZeroUsize::new(cores * 2).unwrap_or(std::num::NonZeroUsize::MIN)
}

/// Sets up `tracing` for gantry's own diagnostics (not the request and function logs,
/// which the console prints). `GANTRY_LOG` takes a filter such as `debug` or
/// `apigw=debug`; the default shows warnings.
pub(crate) fn init_logging() {
    let filter = std::env::var("GANTRY_LOG").unwrap_or_else(|_| "warn".to_owned());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(|| crate::console::TracingWriter)
        .with_target(false)
        .try_init();
}

/// Raises the open-files soft limit to the hard limit: each connection, function process
/// and Runtime API listener holds descriptors, and shells commonly start programs with a
/// soft limit of 1,024, which a few hundred keep-alive clients exhaust. Says so only when
/// it cannot.
pub(crate) fn raise_open_files_limit() {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let raised = getrlimit(Resource::RLIMIT_NOFILE).and_then(|(soft, hard)| {
        if soft < hard {
            setrlimit(Resource::RLIMIT_NOFILE, hard, hard)
        } else {
            Ok(())
        }
    });
    if let Err(error) = raised {
        crate::console::warning(&format!(
            "could not raise the open-files limit to its hard limit ({error}); with many \
             connections gantry may run out of file descriptors: raise it with `ulimit -n`"
        ));
    }
}
