//! The Runtime API's state machine for one execution environment, independent of the
//! transport that carries it.
//!
//! Phases follow the Runtime Interface Emulator's runtime states: `Started` →
//! (first `/next`) `Ready` → (event handed out) `Running` → (`/response` or `/error`)
//! `InvocationResponse`/`InvocationErrorResponse` → `ResponseSent` → (`/next`) `Ready`.
//! `/init/error` is only allowed while `Started`. Any other call is refused as an invalid
//! state transition, which each transport renders as RIE does (403).
//!
//! Both transports of an environment drive the same state: the HTTP Runtime API parks
//! `/next` until [`RuntimeState::dispatch`] queues an event; the bootstrap channel, whose
//! runtime is always waiting once it is `Ready`, takes the event at once
//! ([`RuntimeState::hand_out`]) and reports results synchronously. A runtime may mix them:
//! a result posted over HTTP answers an event handed out over the channel.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use bytes::Bytes;
use tokio::sync::{Notify, oneshot};
use tokio_util::sync::CancellationToken;

use super::Invocation;

/// What the runtime answered for one invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RuntimeReply {
    /// `/response` with a body within the limit.
    Response { body: Bytes },
    /// `/error`, or a streamed response that ended with an error trailer.
    Error { error_type: String, body: Bytes },
    /// A response larger than the limit (the runtime got `413`).
    TooLarge { size: u64 },
}

/// How initialisation ended, as seen by the Runtime API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum InitSignal {
    /// The first `/next` arrived.
    Ready,
    /// `/init/error` was posted.
    Failed { error_type: String, body: Bytes },
}

/// Which result endpoint the runtime called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResultKind {
    Response,
    Error,
}

impl ResultKind {
    fn phase_name(self) -> &'static str {
        match self {
            ResultKind::Response => "InvocationResponse",
            ResultKind::Error => "InvocationErrorResponse",
        }
    }
}

/// Why a runtime's call was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The call is not allowed in the current phase.
    InvalidStateTransition {
        from: &'static str,
        to: &'static str,
    },
    /// `/response` or `/error` named an id that is not in flight.
    InvalidRequestId,
    /// The environment is being stopped.
    ShuttingDown,
}

enum Phase {
    Started,
    Ready,
    Running {
        request_id: String,
        reply: oneshot::Sender<RuntimeReply>,
    },
    Answering(ResultKind),
    ResponseSent,
    InitError,
}

impl Phase {
    fn name(&self) -> &'static str {
        match self {
            Phase::Started => "Started",
            Phase::Ready => "Ready",
            Phase::Running { .. } => "Running",
            Phase::Answering(kind) => kind.phase_name(),
            Phase::ResponseSent => "ResponseSent",
            Phase::InitError => "InitError",
        }
    }
}

struct Inner {
    phase: Phase,
    /// An event dispatched by the platform and not yet handed to the runtime.
    pending: Option<(Invocation, oneshot::Sender<RuntimeReply>)>,
    init: Option<oneshot::Sender<InitSignal>>,
}

/// Shared by the platform side (dispatch) and the transport (the runtime's calls).
pub(crate) struct RuntimeState {
    inner: Mutex<Inner>,
    event_available: Notify,
    stopping: CancellationToken,
}

impl RuntimeState {
    pub(crate) fn new() -> (Arc<Self>, oneshot::Receiver<InitSignal>) {
        let (init_tx, init_rx) = oneshot::channel();
        let state = Arc::new(RuntimeState {
            inner: Mutex::new(Inner {
                phase: Phase::Started,
                pending: None,
                init: Some(init_tx),
            }),
            event_available: Notify::new(),
            stopping: CancellationToken::new(),
        });
        (state, init_rx)
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn stopping(&self) -> &CancellationToken {
        &self.stopping
    }

    // ---- platform side

    /// Queues an event for the runtime's next `/next`; the receiver yields its answer.
    pub(crate) fn dispatch(&self, invocation: Invocation) -> oneshot::Receiver<RuntimeReply> {
        let (reply_tx, reply_rx) = oneshot::channel();
        self.lock().pending = Some((invocation, reply_tx));
        self.event_available.notify_one();
        reply_rx
    }

    /// Takes back a dispatched event that no runtime has received yet; `true` if it was
    /// still waiting.
    pub(crate) fn withdraw(&self) -> bool {
        self.lock().pending.take().is_some()
    }

    /// Ends every parked `/next`; later calls are refused.
    pub(crate) fn stop(&self) {
        self.stopping.cancel();
    }

    /// Queues an event for the channel's runtime, which waits for it whenever it is
    /// `Ready`: the event is handed out at once and returned for the transport to send.
    /// In any other phase it is queued like [`RuntimeState::dispatch`] (`None`).
    pub(crate) fn hand_out(
        &self,
        invocation: Invocation,
    ) -> (oneshot::Receiver<RuntimeReply>, Option<Invocation>) {
        let (reply_tx, reply_rx) = oneshot::channel();
        let mut inner = self.lock();
        if matches!(inner.phase, Phase::Ready) {
            inner.phase = Phase::Running {
                request_id: invocation.request_id.clone(),
                reply: reply_tx,
            };
            return (reply_rx, Some(invocation));
        }
        inner.pending = Some((invocation, reply_tx));
        drop(inner);
        self.event_available.notify_one();
        (reply_rx, None)
    }

    // ---- runtime side

    /// The phase change of `/next`: the runtime is ready for an event (the first time,
    /// initialisation has finished).
    pub(crate) fn ready(&self) -> Result<(), Refusal> {
        let mut inner = self.lock();
        match inner.phase {
            Phase::Started => {
                inner.phase = Phase::Ready;
                if let Some(init) = inner.init.take() {
                    let _ = init.send(InitSignal::Ready);
                }
                Ok(())
            }
            Phase::Ready | Phase::ResponseSent => {
                inner.phase = Phase::Ready;
                Ok(())
            }
            // Unconfirmed: RIE lets a runtime call /next again while Running; gantry
            // refuses it, since one event is in flight per environment.
            ref other => Err(Refusal::InvalidStateTransition {
                from: other.name(),
                to: "Ready",
            }),
        }
    }

    /// `/next`: waits for an event and hands it out.
    pub(crate) async fn next(&self) -> Result<Invocation, Refusal> {
        self.ready()?;
        loop {
            let available = self.event_available.notified();
            {
                let mut inner = self.lock();
                if matches!(inner.phase, Phase::Ready)
                    && let Some((invocation, reply)) = inner.pending.take()
                {
                    inner.phase = Phase::Running {
                        request_id: invocation.request_id.clone(),
                        reply,
                    };
                    return Ok(invocation);
                }
            }
            tokio::select! {
                () = available => {}
                () = self.stopping.cancelled() => return Err(Refusal::ShuttingDown),
            }
        }
    }

    /// `/response` or `/error`: claims the in-flight invocation while its body is read.
    pub(crate) fn begin_result(
        self: &Arc<Self>,
        request_id: &str,
        kind: ResultKind,
    ) -> Result<ResultSlot, Refusal> {
        let mut inner = self.lock();
        match &inner.phase {
            Phase::Running { request_id: id, .. } if id == request_id => {}
            Phase::Running { .. } => return Err(Refusal::InvalidRequestId),
            other => {
                return Err(Refusal::InvalidStateTransition {
                    from: other.name(),
                    to: kind.phase_name(),
                });
            }
        }
        let Phase::Running { request_id, reply } =
            std::mem::replace(&mut inner.phase, Phase::Answering(kind))
        else {
            return Err(Refusal::InvalidRequestId);
        };
        Ok(ResultSlot {
            state: Arc::clone(self),
            request_id,
            reply: Some(reply),
        })
    }

    /// `/init/error`: initialisation failed.
    pub(crate) fn init_error(&self, error_type: String, body: Bytes) -> Result<(), Refusal> {
        let mut inner = self.lock();
        if !matches!(inner.phase, Phase::Started) {
            return Err(Refusal::InvalidStateTransition {
                from: inner.phase.name(),
                to: "InitError",
            });
        }
        inner.phase = Phase::InitError;
        if let Some(init) = inner.init.take() {
            let _ = init.send(InitSignal::Failed { error_type, body });
        }
        Ok(())
    }
}

/// An invocation whose result is being received. Completing it answers the platform;
/// dropping it (the body could not be read) puts the invocation back in flight.
pub(crate) struct ResultSlot {
    state: Arc<RuntimeState>,
    request_id: String,
    reply: Option<oneshot::Sender<RuntimeReply>>,
}

impl ResultSlot {
    /// Records the result and sends it to the platform's waiting receiver.
    pub(crate) fn complete(mut self, reply: RuntimeReply) {
        self.state.lock().phase = Phase::ResponseSent;
        if let Some(sender) = self.reply.take() {
            let _ = sender.send(reply);
        }
    }

    /// Records the result for a transport that hands it to the platform itself (the
    /// channel, read by the waiting invocation): the receiver just sees a closed channel.
    pub(crate) fn complete_here(mut self, reply: RuntimeReply) -> RuntimeReply {
        self.state.lock().phase = Phase::ResponseSent;
        self.reply = None;
        reply
    }
}

impl Drop for ResultSlot {
    fn drop(&mut self) {
        if let Some(reply) = self.reply.take() {
            self.state.lock().phase = Phase::Running {
                request_id: std::mem::take(&mut self.request_id),
                reply,
            };
        }
    }
}

#[cfg(test)]
mod tests;
