//! What a failed initialisation looks like: the invocation's `InitError` outcome and
//! the platform lines Lambda writes for it.

use std::process::ExitStatus;
use std::time::Duration;

use bytes::Bytes;

use super::memory;
use crate::function::PreparedFunction;
use crate::invoke::platform_error::{
    self, RUNTIME_EXIT_ERROR, RUNTIME_INVALID_ENTRYPOINT, SANDBOX_TIMEDOUT,
};
use crate::invoke::{InvokeOutcome, InvokeResult, RequestId};
use crate::logs::capture::LogCapture;
use crate::logs::platform::{self, Report, ReportStatus};
use crate::runtime::BOOTSTRAP_FILE;

/// Why an environment did not reach its first `/next`.
pub(super) enum InitProblem {
    /// `/init/error` was posted.
    Reported { error_type: String, body: Bytes },
    /// The process exited first.
    Exited(ExitStatus),
    /// The init limit passed.
    TimedOut(Duration),
}

pub(super) struct InitFailure {
    pub(super) error_type: String,
    pub(super) payload: Bytes,
    pub(super) status: ReportStatus,
    pub(super) extra_lines: Vec<String>,
    pub(super) init_duration: Duration,
    pub(super) peak_memory_kib: u64,
}

impl InitFailure {
    /// The error type, document and platform lines Lambda reports for `problem`.
    pub(super) fn new(
        problem: InitProblem,
        request_id: &RequestId,
        init_duration: Duration,
        peak_memory_kib: u64,
    ) -> Self {
        let id = request_id.as_str();
        let (error_type, payload, status, extra_lines) = match problem {
            InitProblem::Reported { error_type, body } => {
                let status = ReportStatus::Error(error_type.clone());
                (error_type, body, status, vec![])
            }
            InitProblem::Exited(status) => (
                RUNTIME_EXIT_ERROR.to_owned(),
                platform_error::exit_error(id, status),
                ReportStatus::Error(RUNTIME_EXIT_ERROR.to_owned()),
                vec![
                    platform_error::exit_message(id, status),
                    RUNTIME_EXIT_ERROR.to_owned(),
                ],
            ),
            // Deviation from AWS: no second, "suppressed" init inside the invocation.
            InitProblem::TimedOut(limit) => (
                SANDBOX_TIMEDOUT.to_owned(),
                platform_error::timeout(id, limit),
                ReportStatus::Timeout,
                vec![platform::timeout_line(id, limit)],
            ),
        };
        InitFailure {
            error_type,
            payload,
            status,
            extra_lines,
            init_duration,
            peak_memory_kib,
        }
    }
}

/// Logs a failed initialisation as Lambda does and builds the invocation's outcome.
pub(super) fn init_failed(
    function: &PreparedFunction,
    logs: &LogCapture,
    request_id: &RequestId,
    failure: InitFailure,
) -> InvokeOutcome {
    let id = request_id.as_str();
    // Unconfirmed: the exact order Lambda writes these lines in after a failed init.
    // Initialisation's output and `INIT_REPORT` belong to no invocation, as in Lambda.
    logs.platform(&[platform::init_report_line(
        failure.init_duration,
        &failure.status,
    )]);
    logs.begin_invocation(id, &[platform::start_line(id)], false);
    let mut lines = failure.extra_lines;
    lines.push(platform::end_line(id));
    lines.push(platform::report_line(&Report {
        request_id: id,
        duration: failure.init_duration,
        memory_size_mb: function.config.memory_mb,
        max_memory_used_mb: memory::kib_to_mb(failure.peak_memory_kib),
        init_duration: Some(failure.init_duration),
        status: failure.status,
    }));
    logs.end_invocation(&lines);
    InvokeOutcome {
        request_id: request_id.clone(),
        result: InvokeResult::InitError {
            error_type: failure.error_type,
            payload: failure.payload,
        },
        duration: failure.init_duration,
        init_duration: Some(failure.init_duration),
    }
}

/// A custom runtime whose `bootstrap` cannot be executed.
pub(super) fn invalid_entrypoint(
    function: &PreparedFunction,
    logs: &LogCapture,
    request_id: &RequestId,
    err: &std::io::Error,
    init_duration: Duration,
) -> InvokeOutcome {
    let bootstrap = function.code.task_root.join(BOOTSTRAP_FILE);
    let reason = if err.kind() == std::io::ErrorKind::NotFound {
        format!(
            "Couldn't find valid bootstrap(s): [{}]",
            bootstrap.display()
        )
    } else {
        format!("fork/exec {}: {err}", bootstrap.display())
    };
    init_failed(
        function,
        logs,
        request_id,
        InitFailure {
            error_type: RUNTIME_INVALID_ENTRYPOINT.to_owned(),
            payload: platform_error::invalid_entrypoint(request_id.as_str(), &reason),
            status: ReportStatus::Error(RUNTIME_INVALID_ENTRYPOINT.to_owned()),
            extra_lines: vec![
                format!("RequestId: {request_id} Error: {reason}"),
                RUNTIME_INVALID_ENTRYPOINT.to_owned(),
            ],
            init_duration,
            peak_memory_kib: 0,
        },
    )
}
