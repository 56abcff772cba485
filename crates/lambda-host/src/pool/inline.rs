//! Running an invocation in the caller's task, without a task of its own, yet to its end
//! even if the caller gives up: each stage is held by a guard that, when dropped early,
//! hands what is left of the invocation to a new task. [`Queued`] keeps the very
//! semaphore wait (and so the invocation's place in the queue); [`Detach`] keeps the
//! environment and its cancel-safe wait for the answer.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use tokio::sync::{AcquireError, OwnedSemaphorePermit};

use super::{ATTEMPTS, FunctionPool};
use crate::environment::{Ended, ExecutionEnvironment, InvocationRequest, InvokeAttempt};
use crate::error::Result;
use crate::invoke::InvokeOutcome;

/// Why a guard no longer holds its invocation after it was checked (cannot happen).
const LOST: &str = "the invocation was lost";

type Acquire =
    Pin<Box<dyn Future<Output = std::result::Result<OwnedSemaphorePermit, AcquireError>> + Send>>;

/// An invocation waiting for a permit.
pub(super) struct Queued {
    pool: Arc<FunctionPool>,
    waiting: Option<(Acquire, InvocationRequest)>,
}

impl Queued {
    pub(super) fn new(pool: &Arc<FunctionPool>, request: InvocationRequest) -> Self {
        let acquire: Acquire = Box::pin(Arc::clone(&pool.permits).acquire_owned());
        Queued {
            pool: Arc::clone(pool),
            waiting: Some((acquire, request)),
        }
    }

    /// Waits for the invocation's turn; `Err` hands the invocation back when the pool
    /// was closed first (it did not run).
    pub(super) async fn admitted(
        mut self,
    ) -> Result<std::result::Result<(OwnedSemaphorePermit, InvocationRequest), InvocationRequest>>
    {
        let permit = match self.waiting.as_mut() {
            Some((acquire, _)) => acquire.await,
            None => return Err(self.pool.task_failed(LOST)),
        };
        let Some((_, request)) = self.waiting.take() else {
            return Err(self.pool.task_failed(LOST));
        };
        Ok(match permit {
            Ok(permit) => Ok((permit, request)),
            Err(_closed) => Err(request),
        })
    }
}

impl Drop for Queued {
    fn drop(&mut self) {
        let Some((acquire, request)) = self.waiting.take() else {
            return;
        };
        let pool = Arc::clone(&self.pool);
        // Without a runtime (it is shutting down) the invocation is simply dropped.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Ok(permit) = acquire.await {
                    let _ = pool.run(request, permit, ATTEMPTS).await;
                }
            });
        }
    }
}

impl FunctionPool {
    /// Runs an invocation that holds a permit: in a warm environment, in the caller's
    /// task; otherwise (a cold start) in a task of its own.
    pub(super) async fn run_admitted(
        self: &Arc<Self>,
        permit: OwnedSemaphorePermit,
        request: InvocationRequest,
    ) -> Result<InvokeOutcome> {
        let Some(mut environment) = self.take_idle() else {
            return self.run_in_task(request, permit, ATTEMPTS).await;
        };
        if !environment.begin(&request) {
            drop(environment);
            return self.run_in_task(request, permit, ATTEMPTS - 1).await;
        }
        let mut detach = Detach(Some(Running {
            pool: Arc::clone(self),
            environment,
            request,
            permit,
        }));
        let ended = match detach.0.as_mut() {
            Some(running) => running.environment.wait().await,
            None => return Err(self.task_failed(LOST)),
        };
        match detach.0.take() {
            Some(running) => running.conclude(ended).await,
            None => Err(self.task_failed(LOST)),
        }
    }
}

/// A warm invocation whose event has been handed over.
struct Running {
    pool: Arc<FunctionPool>,
    environment: ExecutionEnvironment,
    request: InvocationRequest,
    permit: OwnedSemaphorePermit,
}

impl Running {
    async fn conclude(mut self, ended: Ended) -> Result<InvokeOutcome> {
        match self.environment.finish(&self.request, ended) {
            InvokeAttempt::Finished { outcome, reusable } => {
                if reusable {
                    self.pool.put_idle(self.environment);
                }
                drop(self.permit);
                Ok(outcome)
            }
            InvokeAttempt::NotDelivered => {
                drop(self.environment);
                self.pool.run(self.request, self.permit, ATTEMPTS - 1).await
            }
        }
    }
}

/// Holds a warm invocation while the caller waits.
struct Detach(Option<Running>);

impl Drop for Detach {
    fn drop(&mut self) {
        let Some(mut running) = self.0.take() else {
            return;
        };
        // Without a runtime (it is shutting down) the environment is simply dropped,
        // which stops its process.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let ended = running.environment.wait().await;
                let _ = running.conclude(ended).await;
            });
        }
    }
}
