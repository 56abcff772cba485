//! Lambda execution environments on the local machine.
//!
//! [`LambdaHost`] runs AWS Lambda functions as OS processes with Lambda's behaviour: one
//! process per execution environment, each with its own Runtime API listener on
//! `127.0.0.1`; warm reuse, one invocation per environment, more environments up to a
//! concurrency cap, a FIFO queue beyond it; timeouts, crashes and init failures reported
//! as Lambda reports them; logs with `START`/`END`/`REPORT` lines.
//!
//! - Runtimes ([`Runtime`]): `nodejs18.x`–`nodejs24.x` and `python3.9`–`python3.14` run on
//!   the `node`/`python3` found on the configured PATH, with bootstraps shipped in this
//!   crate; `provided`, `provided.al2`, `provided.al2023` run the code's own `bootstrap`.
//! - Configuration is typed: [`HostConfig`] for the host, [`FunctionConfig`] per function.
//! - [`Invoke`] is the interface the gateway depends on; every way a function can end is
//!   an [`InvokeOutcome`] value, not an error.
//!
//! Deliberately not done here: reading the process environment (everything comes in
//! through [`HostConfig`]), parsing templates (that is `cfn-template`), HTTP API
//! semantics (that is `apigw`), Lambda's control-plane API, versions and aliases (a
//! version or alias runs the function as deployed), container images, memory limits (`MemorySize` is reported, not enforced), response
//! streaming to callers (streamed responses are buffered), and isolation: functions run
//! with the user's permissions, like `sam local` without Docker.
//!
//! Inside, modules depend only on modules below them, top to bottom:
//!
//! - `host`: [`LambdaHost`], one pool per function;
//! - `pool`: a function's execution environments, its concurrency cap and queue;
//!   `deploy`: validating and preparing a function;
//! - `environment`: one execution environment (a runtime process serving invocations);
//! - `shared`: the host state pools and environments share; `function`: a deployed
//!   function; `runtime_api`: the Runtime API an environment serves;
//! - `process`: runtime processes, their launch command and environment variables;
//!   `code`: task roots on disk;
//! - `config`: host and function configuration;
//! - `runtime`: runtime identifiers and bootstraps; `invoke`: invocations and their
//!   outcomes; `logs`: log lines and sinks;
//! - `error`.
//!
//! Modules named in the same item do not depend on each other.

mod code;
mod config;
mod deploy;
mod environment;
mod error;
mod function;
mod host;
mod invoke;
mod logs;
mod pool;
mod process;
mod runtime;
mod runtime_api;
mod shared;

pub use config::{
    CodeSource, DEFAULT_INIT_TIMEOUT, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, FunctionConfig,
    HostConfig,
};
pub use deploy::DeployWarning;
pub use error::{Error, Result};
pub use host::LambdaHost;
pub use invoke::{Invoke, InvokeFuture, InvokeOptions, InvokeOutcome, InvokeResult, RequestId};
pub use logs::{LogEvent, LogOrigin, LogSink, NullLogSink};
pub use pool::PoolStats;
pub use runtime::{ProvidedRuntime, Runtime};
