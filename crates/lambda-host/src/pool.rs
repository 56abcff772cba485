//! The execution environments of one function.
//!
//! One invocation per environment. An invocation takes the most recently used idle
//! environment (LIFO keeps the warmest one busy and lets the others age out), or starts a
//! new one when none is idle, up to the function's concurrency cap. Beyond the cap,
//! invocations wait in a FIFO queue (Tokio's semaphore is fair). Idle environments are
//! stopped after the host's idle timeout; environments that time out or crash are not
//! reused.
//!
//! An invocation outlives a caller that gives up on it, like Lambda's. Waiting in the
//! queue and running in a warm environment happen in the caller's task, and move to a new
//! task only if the caller drops it ([`inline`]); cold starts run in a task of their own.
//!
//! Between `host`, which owns one pool per function, and `environment`, whose
//! environments a pool owns; the function it runs (`function`) and the host's state
//! (`shared`) come from below.

mod inline;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore, TryAcquireError};

use crate::environment::{ExecutionEnvironment, InvocationRequest, InvokeAttempt};
use crate::error::{Error, Result};
use crate::function::PreparedFunction;
use crate::invoke::{InvokeOutcome, InvokeResult, platform_error};
use crate::shared::HostShared;
use inline::Queued;

/// A point-in-time view of a function's environments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    /// Environments that exist (starting, busy or idle).
    pub environments: usize,
    /// Environments waiting for an invocation.
    pub idle: usize,
    /// The most environments the function may have at once.
    pub cap: usize,
}

/// How an invocation handed to a pool ended.
pub(crate) enum Turn {
    /// It ran.
    Ran(InvokeOutcome),
    /// The pool was closed before its turn; it did not run.
    Closed(InvocationRequest),
}

pub(crate) struct FunctionPool {
    pub(crate) function: Arc<PreparedFunction>,
    host: Arc<HostShared>,
    cap: usize,
    permits: Arc<Semaphore>,
    idle: Mutex<Vec<ExecutionEnvironment>>,
    live: Arc<AtomicUsize>,
}

impl FunctionPool {
    pub(crate) fn new(function: PreparedFunction, host: Arc<HostShared>) -> Self {
        let cap = function
            .config
            .reserved_concurrency
            .map_or(host.config.default_concurrency.get(), |reserved| {
                reserved as usize
            });
        FunctionPool {
            function: Arc::new(function),
            host,
            cap,
            permits: Arc::new(Semaphore::new(cap)),
            idle: Mutex::new(Vec::new()),
            live: Arc::new(AtomicUsize::new(0)),
        }
    }

    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<ExecutionEnvironment>> {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs one invocation to its end, or hands it back if the pool is closed (its
    /// function replaced or removed) before the invocation's turn.
    pub(crate) async fn invoke(self: &Arc<Self>, request: InvocationRequest) -> Result<Turn> {
        if self.cap == 0 {
            return Ok(Turn::Ran(InvokeOutcome {
                request_id: request.request_id,
                result: InvokeResult::Throttled {
                    payload: platform_error::throttled(),
                },
                duration: Duration::ZERO,
                init_duration: None,
            }));
        }
        // A free permit means no invocation is queued (the semaphore hands released
        // permits to waiters first), so taking it keeps the queue's order.
        let (permit, request) = match Arc::clone(&self.permits).try_acquire_owned() {
            Ok(permit) => (permit, request),
            Err(TryAcquireError::NoPermits) => match Queued::new(self, request).admitted().await? {
                Ok(admitted) => admitted,
                Err(request) => return Ok(Turn::Closed(request)),
            },
            Err(TryAcquireError::Closed) => return Ok(Turn::Closed(request)),
        };
        self.run_admitted(permit, request).await.map(Turn::Ran)
    }

    /// Runs an invocation in its own task, so that it finishes even if the caller gives
    /// up.
    async fn run_in_task(
        self: &Arc<Self>,
        request: InvocationRequest,
        permit: OwnedSemaphorePermit,
        attempts: usize,
    ) -> Result<InvokeOutcome> {
        let pool = Arc::clone(self);
        let task = tokio::spawn(async move { pool.run(request, permit, attempts).await });
        task.await
            .map_err(|err| self.task_failed(&err.to_string()))?
    }

    /// Runs an invocation in an idle environment or a new one, trying `attempts`
    /// environments in all.
    async fn run(
        &self,
        request: InvocationRequest,
        _permit: OwnedSemaphorePermit,
        attempts: usize,
    ) -> Result<InvokeOutcome> {
        for _ in 0..attempts {
            let mut environment = match self.take_idle() {
                Some(environment) => environment,
                None => {
                    let started = ExecutionEnvironment::start(
                        Arc::clone(&self.function),
                        &self.host,
                        &request.request_id,
                        &self.live,
                    )
                    .await?;
                    match started {
                        Ok(environment) => environment,
                        Err(init_failure) => return Ok(init_failure),
                    }
                }
            };
            match environment.invoke(&request).await {
                InvokeAttempt::Finished { outcome, reusable } => {
                    if reusable {
                        self.put_idle(environment);
                    }
                    return Ok(outcome);
                }
                InvokeAttempt::NotDelivered => {}
            }
        }
        Err(self
            .task_failed("two execution environments in a row exited before receiving the event"))
    }

    fn task_failed(&self, reason: &str) -> Error {
        Error::InvocationTaskFailed {
            function_name: self.function.config.function_name.clone(),
            reason: reason.to_owned(),
        }
    }

    fn take_idle(&self) -> Option<ExecutionEnvironment> {
        let mut idle = self.idle();
        while let Some(environment) = idle.pop() {
            if environment.is_alive() {
                return Some(environment);
            }
        }
        None
    }

    fn put_idle(&self, environment: ExecutionEnvironment) {
        if !self.permits.is_closed() {
            self.idle().push(environment);
        }
    }

    /// Stops environments idle for longer than the host's idle timeout (and dead ones).
    pub(crate) fn reap_idle(&self, now: Instant) {
        let timeout = self.host.config.idle_timeout;
        let stopped: Vec<ExecutionEnvironment> = {
            let mut idle = self.idle();
            let (keep, stop) = idle.drain(..).partition(|environment| {
                environment.is_alive() && now.duration_since(environment.last_used()) < timeout
            });
            *idle = keep;
            stop
        };
        drop(stopped);
    }

    /// Refuses new invocations and stops idle environments; busy ones finish and are then
    /// stopped.
    pub(crate) fn close(&self) {
        self.permits.close();
        let stopped = std::mem::take(&mut *self.idle());
        drop(stopped);
    }

    pub(crate) fn stats(&self) -> PoolStats {
        PoolStats {
            environments: self.live.load(Ordering::Relaxed),
            idle: self.idle().len(),
            cap: self.cap,
        }
    }

    /// Process ids of idle environments (for tests and diagnostics).
    pub(crate) fn idle_pids(&self) -> Vec<u32> {
        self.idle().iter().map(ExecutionEnvironment::pid).collect()
    }
}

/// Environments tried per invocation: a warm environment whose process died just before
/// the event reached it is replaced once; a second failure in a row is reported.
const ATTEMPTS: usize = 2;
