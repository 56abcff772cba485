//! A deployed function ([`PreparedFunction`]): its configuration plus everything its
//! execution environments share.
//!
//! `deploy` builds it and `environment` runs it, so it sits below both; it holds only
//! what deploying fixed (code, launch command, variables, log tail) and does nothing
//! itself but remove its code directory when the last user drops it.

use std::sync::Arc;

use crate::code::PreparedCode;
use crate::config::FunctionConfig;
use crate::logs::LogTail;
use crate::process::Launch;

/// A deployed function: its configuration plus everything its environments share.
pub(crate) struct PreparedFunction {
    pub(crate) config: FunctionConfig,
    pub(crate) function_name: Arc<str>,
    pub(crate) function_arn: Arc<str>,
    pub(crate) log_group: Arc<str>,
    pub(crate) code: PreparedCode,
    pub(crate) launch: Launch,
    pub(crate) variables: Vec<(String, String)>,
    pub(crate) tail: Arc<LogTail>,
}

impl Drop for PreparedFunction {
    /// The last user of a deployment (its pool or an environment finishing an
    /// invocation after removal) removes the code directory gantry created for it.
    fn drop(&mut self) {
        self.code.remove();
    }
}
