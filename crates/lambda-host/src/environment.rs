//! One execution environment: a runtime process with its own Runtime API listener and
//! log stream, serving one invocation at a time.
//!
//! Life cycle: [`ExecutionEnvironment::start`] spawns the process and waits for its first
//! `/next` (init). An invocation is [`begin`](ExecutionEnvironment::begin) (hand over one
//! event), [`wait`](ExecutionEnvironment::wait) (for the answer, the process's exit or the
//! function's timeout; cancel-safe, so a caller that gives up can leave the rest to a
//! task) and [`finish`](ExecutionEnvironment::finish) (log and decide on reuse). A
//! timeout or a crash ends the environment; the process group is killed when the
//! environment is dropped.
//!
//! Below `pool`, which owns environments; above what one is made of: the deployed
//! `function`, the host's `shared` state, the runtime `process`, `runtime_api` and `logs`.

mod init_failure;
pub(crate) mod memory;
mod outcome;

use std::process::ExitStatus;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use tokio::task::JoinHandle;

use crate::error::{Error, Result};
use crate::function::PreparedFunction;
use crate::invoke::platform_error::{self, RUNTIME_EXIT_ERROR};
use crate::invoke::{InvokeOutcome, InvokeResult, RequestId};
use crate::logs::LogEmitter;
use crate::logs::capture::LogCapture;
use crate::logs::platform::{self, Report, ReportStatus};
use crate::process::{RuntimeProcess, variables};
use crate::runtime::RuntimeFamily;
use crate::runtime_api::{InitSignal, Invocation, RuntimeApi, RuntimeReply};
use crate::shared::HostShared;
use init_failure::{InitFailure, InitProblem, init_failed, invalid_entrypoint};
use outcome::answered;

/// How stale `Max Memory Used` may be when invocations follow each other closely.
const MEMORY_SAMPLE_INTERVAL: Duration = Duration::from_millis(50);

/// One invocation as the pool hands it to an environment.
#[derive(Debug, Clone)]
pub(crate) struct InvocationRequest {
    pub(crate) request_id: RequestId,
    pub(crate) payload: Bytes,
    pub(crate) trace_id: String,
    pub(crate) client_context: Option<String>,
    /// The ARN the caller named, when it is not the function's own.
    pub(crate) invoked_function_arn: Option<Arc<str>>,
}

/// How an attempt to run an invocation in an environment ended.
pub(crate) enum InvokeAttempt {
    /// The environment died before its runtime took the event; try another.
    NotDelivered,
    /// The invocation ended; `reusable` says whether the environment can serve again.
    Finished {
        outcome: InvokeOutcome,
        reusable: bool,
    },
}

/// How an invocation's wait ended, and when.
pub(crate) struct Ended {
    end: InvocationEnd,
    duration: Duration,
}

/// The invocation an environment is running.
struct InFlight {
    started: Instant,
    deadline: tokio::time::Instant,
}

pub(crate) struct ExecutionEnvironment {
    function: Arc<PreparedFunction>,
    api: RuntimeApi,
    process: RuntimeProcess,
    logs: Arc<LogCapture>,
    pump: JoinHandle<()>,
    /// Reported by the first invocation's `REPORT`, then cleared.
    init_duration: Option<Duration>,
    peak_memory_kib: u64,
    memory: memory::MemoryProbe,
    memory_sampled_at: Option<Instant>,
    last_used: Instant,
    in_flight: Option<InFlight>,
    _live: LiveCount,
}

/// Counts the environments of a pool that exist.
struct LiveCount(Arc<AtomicUsize>);

impl LiveCount {
    fn new(counter: &Arc<AtomicUsize>) -> Self {
        counter.fetch_add(1, Ordering::Relaxed);
        LiveCount(Arc::clone(counter))
    }
}

impl Drop for LiveCount {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

enum InvocationEnd {
    Reply(RuntimeReply),
    Exited(ExitStatus),
    TimedOut,
}

impl ExecutionEnvironment {
    /// Starts an environment for `request_id`'s invocation. `Ok(Err(outcome))` means
    /// initialisation failed and `outcome` is that invocation's result.
    pub(crate) async fn start(
        function: Arc<PreparedFunction>,
        host: &HostShared,
        request_id: &RequestId,
        live: &Arc<AtomicUsize>,
    ) -> Result<Result<Self, InvokeOutcome>> {
        let started = Instant::now();
        let live = LiveCount::new(live);
        let channels = match function.config.runtime.family() {
            RuntimeFamily::Node | RuntimeFamily::Python => host.channels.as_deref(),
            RuntimeFamily::Provided => None,
        };
        let api = RuntimeApi::start(channels).await?;
        let log_stream: Arc<str> = platform::log_stream_name(SystemTime::now()).into();
        let (output, logs) = capture_output(&function, host, &log_stream)?;
        let pump = tokio::spawn(Arc::clone(&logs).pump());
        let mut variables = function.variables.clone();
        variables.extend(variables::per_environment(api.address(), &log_stream));
        let spawned = RuntimeProcess::spawn(
            &function.launch,
            &variables,
            &function.code.task_root,
            output,
            &host.processes,
        );
        let process = match spawned {
            Ok(process) => process,
            Err(err) if function.config.runtime.family() == RuntimeFamily::Provided => {
                pump.abort();
                return Ok(Err(invalid_entrypoint(
                    &function,
                    &logs,
                    request_id,
                    &err,
                    started.elapsed(),
                )));
            }
            Err(err) => {
                pump.abort();
                let action = format!("starting {}", function.launch.program.display());
                return Err(Error::io(action, err));
            }
        };
        let mut environment = ExecutionEnvironment {
            function,
            api,
            memory: memory::MemoryProbe::new(process.pid()),
            memory_sampled_at: None,
            process,
            logs,
            pump,
            init_duration: None,
            peak_memory_kib: 0,
            last_used: Instant::now(),
            in_flight: None,
            _live: live,
        };
        let limit = host.config.init_timeout;
        let problem = tokio::select! {
            biased;
            signal = environment.api.initialised() => match signal {
                Some(InitSignal::Ready) => None,
                Some(InitSignal::Failed { error_type, body }) => Some(InitProblem::Reported { error_type, body }),
                None => Some(InitProblem::Exited(environment.process.exited().await)),
            },
            status = environment.process.exited() => Some(InitProblem::Exited(status)),
            () = tokio::time::sleep(limit) => Some(InitProblem::TimedOut(limit)),
        };
        let init_duration = started.elapsed();
        environment.sample_memory();
        let Some(problem) = problem else {
            environment.init_duration = Some(init_duration);
            return Ok(Ok(environment));
        };
        environment.process.kill();
        let failure = InitFailure::new(
            problem,
            request_id,
            init_duration,
            environment.peak_memory_kib,
        );
        Ok(Err(init_failed(
            &environment.function,
            &environment.logs,
            request_id,
            failure,
        )))
    }

    /// Runs one invocation: [`begin`](Self::begin), [`wait`](Self::wait),
    /// [`finish`](Self::finish).
    pub(crate) async fn invoke(&mut self, request: &InvocationRequest) -> InvokeAttempt {
        if !self.begin(request) {
            return InvokeAttempt::NotDelivered;
        }
        let ended = self.wait().await;
        self.finish(request, ended)
    }

    /// Writes `START` and hands the event to the runtime; `false` if the process has
    /// already exited (nothing was handed over).
    pub(crate) fn begin(&mut self, request: &InvocationRequest) -> bool {
        if self.process.has_exited() {
            return false;
        }
        let id = request.request_id.as_str();
        let timeout = self.function.config.timeout;
        let start = [platform::start_line(id)];
        // The first invocation: what initialisation printed comes before `START`.
        let after_init = self.init_duration.is_some();
        self.logs.begin_invocation(id, &start, after_init);
        self.in_flight = Some(InFlight {
            started: Instant::now(),
            deadline: tokio::time::Instant::now() + timeout,
        });
        self.api.dispatch(Invocation {
            request_id: id.to_owned(),
            payload: request.payload.clone(),
            deadline_ms: epoch_millis(SystemTime::now() + timeout),
            invoked_function_arn: request
                .invoked_function_arn
                .clone()
                .unwrap_or_else(|| Arc::clone(&self.function.function_arn)),
            trace_id: request.trace_id.clone(),
            client_context: request.client_context.clone(),
        });
        true
    }

    /// Waits for the runtime's answer, the process's exit or the timeout. Cancel-safe:
    /// after a cancellation, calling it again continues the same wait.
    pub(crate) async fn wait(&mut self) -> Ended {
        let Some(flight) = &self.in_flight else {
            return std::future::pending().await;
        };
        let end = tokio::select! {
            biased;
            reply = self.api.reply() => InvocationEnd::Reply(reply),
            status = self.process.exited() => InvocationEnd::Exited(status),
            () = tokio::time::sleep_until(flight.deadline) => InvocationEnd::TimedOut,
        };
        let duration = flight.started.elapsed();
        // A runtime may answer and exit at once; its answer counts.
        let end = match end {
            InvocationEnd::Exited(status) => self
                .api
                .reply_after_exit()
                .map_or(InvocationEnd::Exited(status), InvocationEnd::Reply),
            end => end,
        };
        Ended { end, duration }
    }

    /// Logs the end of the invocation (`END`, `REPORT`) and builds its outcome.
    pub(crate) fn finish(&mut self, request: &InvocationRequest, ended: Ended) -> InvokeAttempt {
        let id = request.request_id.as_str();
        let timeout = self.function.config.timeout;
        let Ended { end, duration } = ended;
        self.in_flight = None;
        let (result, status, mut lines) = match end {
            InvocationEnd::Exited(status) => {
                if self.api.withdraw() {
                    // Its `START` was written; what the dying process wrote is its.
                    self.logs.end_invocation(&[]);
                    return InvokeAttempt::NotDelivered;
                }
                let result = InvokeResult::ExitError {
                    exit: platform_error::describe_exit(status),
                    payload: platform_error::exit_error(id, status),
                };
                let lines = vec![
                    platform_error::exit_message(id, status),
                    RUNTIME_EXIT_ERROR.to_owned(),
                ];
                (
                    result,
                    ReportStatus::Error(RUNTIME_EXIT_ERROR.to_owned()),
                    lines,
                )
            }
            InvocationEnd::TimedOut => {
                self.sample_memory();
                self.process.kill();
                let result = InvokeResult::Timeout {
                    timeout,
                    payload: platform_error::timeout(id, timeout),
                };
                (
                    result,
                    ReportStatus::Timeout,
                    vec![platform::timeout_line(id, timeout)],
                )
            }
            InvocationEnd::Reply(reply) => {
                self.sample_memory_if_due();
                let (result, status) = answered(reply);
                (result, status, vec![])
            }
        };
        let init_duration = self.init_duration.take();
        lines.push(platform::end_line(id));
        lines.push(platform::report_line(&Report {
            request_id: id,
            duration,
            memory_size_mb: self.function.config.memory_mb,
            max_memory_used_mb: memory::kib_to_mb(self.peak_memory_kib),
            init_duration,
            status,
        }));
        self.logs.end_invocation(&lines);
        let reusable = matches!(
            result,
            InvokeResult::Success { .. }
                | InvokeResult::FunctionError { .. }
                | InvokeResult::ResponseTooLarge { .. }
        ) && !self.process.has_exited();
        self.last_used = Instant::now();
        InvokeAttempt::Finished {
            outcome: InvokeOutcome {
                request_id: request.request_id.clone(),
                result,
                duration,
                init_duration,
            },
            reusable,
        }
    }

    /// When this environment last finished an invocation (or finished starting).
    pub(crate) fn last_used(&self) -> Instant {
        self.last_used
    }

    /// Whether the runtime process is still running.
    pub(crate) fn is_alive(&self) -> bool {
        !self.process.has_exited()
    }

    /// The runtime process's id.
    pub(crate) fn pid(&self) -> u32 {
        self.process.pid()
    }

    fn sample_memory(&mut self) {
        self.memory_sampled_at = Some(Instant::now());
        if let Some(kib) = self.memory.peak_kib() {
            self.peak_memory_kib = self.peak_memory_kib.max(kib);
        }
    }

    /// Samples unless the last sample is fresher than `MEMORY_SAMPLE_INTERVAL`: reading
    /// `/proc` was 7% of gantry's CPU per request under load.
    // Deviation from AWS: under sustained load `Max Memory Used` can lag the process's
    // true peak by up to `MEMORY_SAMPLE_INTERVAL`; invocations further apart are exact.
    fn sample_memory_if_due(&mut self) {
        let fresh = self
            .memory_sampled_at
            .is_some_and(|at| at.elapsed() < MEMORY_SAMPLE_INTERVAL);
        if !fresh {
            self.sample_memory();
        }
    }
}

impl Drop for ExecutionEnvironment {
    fn drop(&mut self) {
        self.process.kill();
        self.pump.abort();
    }
}

/// A pipe for the process's stdout and stderr, and its reader.
fn capture_output(
    function: &PreparedFunction,
    host: &HostShared,
    log_stream: &Arc<str>,
) -> Result<(std::os::fd::OwnedFd, Arc<LogCapture>)> {
    let pipe_error = |err| Error::io("creating a log pipe", err);
    let (writer, reader) = tokio::net::unix::pipe::pipe().map_err(pipe_error)?;
    let output = writer.into_blocking_fd().map_err(pipe_error)?;
    let emitter = LogEmitter {
        sink: Arc::clone(&host.config.log_sink),
        tail: Arc::clone(&function.tail),
        function_name: Arc::clone(&function.function_name),
        log_group: Arc::clone(&function.log_group),
        log_stream: Arc::clone(log_stream),
        request_id: None,
    };
    Ok((
        output,
        LogCapture::new(reader, emitter, host.config.max_log_line_bytes),
    ))
}

fn epoch_millis(at: SystemTime) -> u64 {
    at.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |since| {
            u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
        })
}
