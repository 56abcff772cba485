//! The Lambda Runtime API of one execution environment.
//!
//! Each environment gets its own listener on `127.0.0.1:<ephemeral port>`, passed to the
//! runtime as `AWS_LAMBDA_RUNTIME_API`: a shared listener could not tell which process is
//! calling `/next`, and a path prefix breaks clients that treat the value as `host:port`.
//!
//! The seam: [`RuntimeApi`] is what the platform side uses (dispatch an event, await the
//! answer); [`state`] holds the transport-independent state machine; [`http`] is the
//! HTTP/1.1 transport. A leaner channel for gantry's own bootstraps would be another
//! transport over the same state.

mod headers;
mod http;
mod state;

pub(crate) use state::{InitSignal, RuntimeReply};

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::serve::ListenerExt;
use bytes::Bytes;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::error::{Error, Result};
use state::RuntimeState;

/// One event, as handed to the runtime by `/next`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Invocation {
    pub(crate) request_id: String,
    pub(crate) payload: Bytes,
    /// Unix epoch milliseconds.
    pub(crate) deadline_ms: u64,
    pub(crate) invoked_function_arn: Arc<str>,
    /// Empty when there is none.
    pub(crate) trace_id: String,
    pub(crate) client_context: Option<String>,
}

/// The platform's handle on a running Runtime API; stops it when dropped.
pub(crate) struct RuntimeApi {
    state: Arc<RuntimeState>,
    address: SocketAddr,
}

impl RuntimeApi {
    /// Binds `127.0.0.1:0` and serves the API; the receiver reports how init ends.
    pub(crate) async fn start() -> Result<(Self, oneshot::Receiver<InitSignal>)> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .map_err(|err| Error::io("binding a Runtime API listener on 127.0.0.1", err))?;
        let address = listener
            .local_addr()
            .map_err(|err| Error::io("reading the Runtime API listener's address", err))?;
        let (state, init) = RuntimeState::new();
        let state = Arc::new(state);
        let stopping = state.stopping().clone();
        // Small request/response exchanges on loopback: never wait for Nagle.
        let listener = listener.tap_io(|stream| {
            let _ = stream.set_nodelay(true);
        });
        let server = axum::serve(listener, http::router(Arc::clone(&state)))
            .with_graceful_shutdown(stopping.cancelled_owned());
        tokio::spawn(async move {
            // Serving ends when the environment stops; errors then are of no interest.
            let _ = server.await;
        });
        Ok((RuntimeApi { state, address }, init))
    }

    /// The `host:port` for `AWS_LAMBDA_RUNTIME_API`.
    pub(crate) fn address(&self) -> SocketAddr {
        self.address
    }

    /// Queues an event; the receiver yields the runtime's answer.
    pub(crate) fn dispatch(&self, invocation: Invocation) -> oneshot::Receiver<RuntimeReply> {
        self.state.dispatch(invocation)
    }

    /// Takes back an event no runtime has received yet; `true` if it was still queued.
    pub(crate) fn withdraw(&self) -> bool {
        self.state.withdraw()
    }
}

impl Drop for RuntimeApi {
    fn drop(&mut self) {
        self.state.stop();
    }
}
