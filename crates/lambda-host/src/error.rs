//! The one error type of this crate: things gantry itself could not do.
//!
//! A function that throws, times out, crashes or fails to initialise is *not* an error
//! here; it is an [`InvokeOutcome`](crate::InvokeOutcome). `Err` means the request could
//! not be served at all (unknown function, unusable configuration, I/O failure).

use std::path::PathBuf;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why the Lambda host could not do what was asked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The runtime identifier is not one gantry can run.
    #[error(
        "runtime `{runtime}` is not supported by gantry; supported runtimes are \
         nodejs18.x, nodejs20.x, nodejs22.x, nodejs24.x, python3.9 to python3.14, \
         provided, provided.al2 and provided.al2023 (and the deprecated nodejs10.x to \
         nodejs16.x and python3.6 to python3.8)"
    )]
    UnsupportedRuntime {
        /// The identifier as written in the function configuration.
        runtime: String,
    },

    /// The interpreter a runtime needs is not on the configured search path.
    #[error(
        "runtime {runtime} needs `{program}`, which was not found on PATH ({search_path}); \
         install {install_hint} and make sure `{program}` is on PATH"
    )]
    InterpreterNotFound {
        /// The runtime identifier.
        runtime: String,
        /// The program looked for (`node`, `python3`).
        program: &'static str,
        /// The search path, for the message.
        search_path: String,
        /// What to install, e.g. "Node.js 20".
        install_hint: String,
    },

    /// The interpreter was found but `--version` did not work.
    #[error("`{} --version` failed: {reason}", interpreter.display())]
    InterpreterUnusable {
        /// The interpreter that was run.
        interpreter: PathBuf,
        /// What went wrong.
        reason: String,
    },

    /// A field of the function configuration is invalid.
    #[error("function {function_name}: {field} {reason}")]
    InvalidFunctionConfig {
        /// The function's name.
        function_name: String,
        /// The configuration field at fault (`FunctionName`, `Handler`, `MemorySize`, ...).
        field: &'static str,
        /// What is wrong and how to fix it.
        reason: String,
    },

    /// The function's code cannot be found or read.
    #[error("function {function_name}: cannot use code at {}: {reason}", path.display())]
    CodeUnavailable {
        /// The function's name.
        function_name: String,
        /// The path that was tried.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },

    /// No function of that name is deployed on this host.
    #[error("function {function_name} is not deployed")]
    FunctionNotFound {
        /// The name asked for.
        function_name: String,
    },

    /// The invocation payload is not JSON, which Lambda's Invoke API rejects.
    #[error("function {function_name}: could not parse request body into json: {reason}")]
    InvalidPayload {
        /// The function that was to be invoked.
        function_name: String,
        /// The JSON parser's message.
        reason: String,
    },

    /// The invocation payload is larger than Lambda's synchronous invocation limit.
    #[error(
        "function {function_name}: request must be smaller than {limit} bytes for the \
         InvokeFunction operation (it is {size} bytes)"
    )]
    RequestTooLarge {
        /// The function that was to be invoked.
        function_name: String,
        /// The payload's size.
        size: usize,
        /// Lambda's limit.
        limit: usize,
    },

    /// The host has been shut down.
    #[error("the Lambda host has been shut down")]
    ShutDown,

    /// Tokio is not running; the host needs a Tokio runtime.
    #[error("the Lambda host must be started inside a Tokio runtime")]
    NoAsyncRuntime,

    /// An I/O operation of the host failed.
    #[error("{action}: {source}")]
    Io {
        /// What the host was doing, e.g. "writing the Node.js bootstrap to /tmp/x".
        action: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },

    /// A `.zip` code archive could not be extracted.
    #[error("function {function_name}: cannot extract {}: {source}", archive.display())]
    Zip {
        /// The function's name.
        function_name: String,
        /// The archive.
        archive: PathBuf,
        /// The underlying error.
        #[source]
        source: zip::result::ZipError,
    },

    /// An invocation task ended without producing an outcome (a bug in gantry).
    #[error("function {function_name}: the invocation task failed: {reason}")]
    InvocationTaskFailed {
        /// The function that was invoked.
        function_name: String,
        /// What happened to the task.
        reason: String,
    },
}

impl Error {
    /// Wraps an I/O error with what the host was doing.
    pub(crate) fn io(action: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            action: action.into(),
            source,
        }
    }
}
