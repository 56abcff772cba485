//! The `gantry` command line: arguments → typed configuration → one command.
//!
//! Exit codes: 0 success, 1 failure (invalid template, failed deployment, function
//! error), 2 usage errors (bad arguments, unreadable files).

mod args;
mod commands;
mod config;
mod console;
mod deploy;
mod inspector;
mod server;
mod watch;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Args, Command};

// Per request the gateway allocates and frees many small buffers across two runtime
// threads; glibc's allocator spent ~10% of gantry's CPU on that (and on arena locks)
// under load, mimalloc a fraction of it. Built without transparent huge pages
// (`no_thp`): with them, idle RSS grew from 19 to 36 MiB.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// An error in how gantry was called (exit code 2), as opposed to a failure of what it
/// was asked to do (exit code 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct UsageError(String);

/// A failure already explained on the console (exit code 1, nothing more printed).
#[derive(Debug, thiserror::Error)]
#[error("failed (see above)")]
pub(crate) struct Reported;

/// Shorthand for a usage error.
pub(crate) fn usage(message: impl Into<String>) -> anyhow::Error {
    UsageError(message.into()).into()
}

fn main() -> ExitCode {
    let args = Args::parse();
    config::init_logging();
    config::raise_open_files_limit();
    let result = match args.command {
        Command::Validate(mut args) => {
            commands::take_template(&mut args.stack, args.template.take())
                .and_then(|()| commands::validate::run(&args))
        }
        Command::Transform(mut args) => {
            commands::take_template(&mut args.stack, args.template.take())
                .and_then(|()| commands::transform::run(&args))
        }
        Command::Invoke(mut args) => {
            args.stack.template = args.template.clone();
            run_async(commands::invoke::run(args))
        }
        Command::Up(mut args) => commands::take_template(&mut args.stack, args.template.take())
            .and_then(|()| run_async(commands::up::run(args))),
        Command::Token(args) => commands::token::run(&args),
        Command::Credentials(args) => commands::credentials::run(&args),
    };
    let code = match result {
        Ok(code) => code,
        Err(error) if error.downcast_ref::<Reported>().is_some() => ExitCode::FAILURE,
        Err(error) => {
            console::error(&format!("{error:#}"));
            if error.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    };
    console::flush();
    code
}

fn run_async(command: impl Future<Output = anyhow::Result<ExitCode>>) -> anyhow::Result<ExitCode> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start the async runtime: {e}"))?
        .block_on(command)
}
