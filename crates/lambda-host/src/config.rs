//! Typed configuration: [`HostConfig`] for the host, [`FunctionConfig`] per function.
//!
//! Both are plain data. The `gantry` binary fills `HostConfig` from its arguments and the
//! process environment, and each `FunctionConfig` from a deployed function's model; this
//! crate knows nothing of templates.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::logs::{LogSink, NullLogSink};
use crate::runtime::Runtime;

/// Lambda's default `MemorySize`, in MB.
pub const DEFAULT_MEMORY_MB: u32 = 128;
/// Lambda's default `Timeout`.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(3);
/// How long Lambda lets an on-demand environment initialise.
pub const DEFAULT_INIT_TIMEOUT: Duration = Duration::from_secs(10);

/// How a host runs: where it writes files, what it may start and where logs go.
#[derive(Clone)]
#[non_exhaustive]
pub struct HostConfig {
    /// Region reported to functions (`AWS_REGION`) and used in ARNs.
    pub region: String,
    /// Account id used in ARNs.
    pub account_id: String,
    /// Directory for the embedded bootstraps and extracted code; created if missing.
    pub work_dir: PathBuf,
    /// PATH-style list of directories searched for `node` and `python3`; also the
    /// environments' `PATH`.
    pub search_path: OsString,
    /// Environments per function when the function sets no `ReservedConcurrentExecutions`.
    pub default_concurrency: NonZeroUsize,
    /// An idle environment is stopped after this long without an invocation.
    pub idle_timeout: Duration,
    /// How long an environment may take from start to its first `/next` request.
    pub init_timeout: Duration,
    /// Where every log line goes (function output and platform lines).
    pub log_sink: Arc<dyn LogSink>,
    /// Bytes of recent log lines kept in memory per function (see `LambdaHost::recent_logs`).
    pub log_tail_bytes: usize,
    /// A line longer than this is split, so output without newlines cannot exhaust memory.
    pub max_log_line_bytes: usize,
    /// Whether gantry's own Node.js and Python bootstraps talk to the host over a Unix
    /// socket in the work directory (fast) rather than the HTTP Runtime API (AWS's
    /// protocol). Handlers see no difference; custom runtimes always use HTTP, which is
    /// served for every environment either way.
    pub bootstrap_channel: bool,
}

impl HostConfig {
    /// A configuration with Lambda-like defaults: region `us-east-1`, account
    /// `123456789012`, 10 environments per function, 5 minutes idle timeout, 10 s init
    /// timeout, no log sink.
    pub fn new(work_dir: impl Into<PathBuf>, search_path: impl Into<OsString>) -> Self {
        HostConfig {
            region: "us-east-1".to_owned(),
            account_id: "123456789012".to_owned(),
            work_dir: work_dir.into(),
            search_path: search_path.into(),
            default_concurrency: NonZeroUsize::new(10).unwrap_or(NonZeroUsize::MIN),
            idle_timeout: Duration::from_secs(300),
            init_timeout: DEFAULT_INIT_TIMEOUT,
            log_sink: Arc::new(NullLogSink),
            log_tail_bytes: 1024 * 1024,
            // Unconfirmed: CloudWatch Logs caps an event at 256 KiB; how Lambda splits
            // longer lines is not documented.
            max_log_line_bytes: 256 * 1024,
            bootstrap_channel: true,
        }
    }
}

impl std::fmt::Debug for HostConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostConfig")
            .field("region", &self.region)
            .field("account_id", &self.account_id)
            .field("work_dir", &self.work_dir)
            .field("search_path", &self.search_path)
            .field("default_concurrency", &self.default_concurrency)
            .field("idle_timeout", &self.idle_timeout)
            .field("init_timeout", &self.init_timeout)
            .field("log_tail_bytes", &self.log_tail_bytes)
            .field("max_log_line_bytes", &self.max_log_line_bytes)
            .field("bootstrap_channel", &self.bootstrap_channel)
            .finish_non_exhaustive()
    }
}

/// Where a function's code is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeSource {
    /// Source text (`Code.ZipFile`), written as `index.js` or `index.py` like AWS does.
    Inline(String),
    /// A directory used in place as the task root (edits apply to new environments).
    Directory(PathBuf),
    /// A `.zip` archive, extracted into the work directory at deploy.
    Zip(PathBuf),
}

/// One Lambda function: everything needed to run it, no CloudFormation knowledge.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FunctionConfig {
    /// `FunctionName`: letters, digits, `-` and `_`, at most 64 characters.
    pub function_name: String,
    /// The ARN; `None` builds `arn:{partition}:lambda:{region}:{account}:function:{name}`
    /// from the host's region and account.
    pub function_arn: Option<String>,
    /// The runtime.
    pub runtime: Runtime,
    /// `Handler` (`index.handler`); required for Node.js and Python, informational for
    /// custom runtimes.
    pub handler: Option<String>,
    /// The code.
    pub code: CodeSource,
    /// `MemorySize` in MB (reported to the function; not enforced).
    pub memory_mb: u32,
    /// `Timeout`; whole seconds in CloudFormation, any duration here.
    pub timeout: Duration,
    /// `Environment.Variables`.
    pub environment: BTreeMap<String, String>,
    /// `ReservedConcurrentExecutions`: the most environments this function may use at
    /// once; `Some(0)` throttles every invocation. `None` uses the host default.
    pub reserved_concurrency: Option<u32>,
    /// `LoggingConfig.LogGroup`; `None` means `/aws/lambda/<name>`.
    pub log_group: Option<String>,
    /// `Layers`: each layer's content (a directory or a `.zip`), in order; laid out where
    /// Lambda's `/opt` would be (see `code::layers`).
    pub layers: Vec<CodeSource>,
}

impl FunctionConfig {
    /// A function with Lambda's defaults (128 MB, 3 s, no variables, no reservation).
    pub fn new(
        function_name: impl Into<String>,
        runtime: Runtime,
        handler: Option<String>,
        code: CodeSource,
    ) -> Self {
        FunctionConfig {
            function_name: function_name.into(),
            function_arn: None,
            runtime,
            handler,
            code,
            memory_mb: DEFAULT_MEMORY_MB,
            timeout: DEFAULT_TIMEOUT,
            environment: BTreeMap::new(),
            reserved_concurrency: None,
            log_group: None,
            layers: Vec::new(),
        }
    }

    /// The log group this function writes to.
    pub fn log_group_name(&self) -> String {
        self.log_group
            .clone()
            .unwrap_or_else(|| format!("/aws/lambda/{}", self.function_name))
    }
}
