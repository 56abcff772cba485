//! The Lambda Runtime API of one execution environment.
//!
//! Each environment gets its own listener on `127.0.0.1:<ephemeral port>`, passed to the
//! runtime as `AWS_LAMBDA_RUNTIME_API`: a shared listener could not tell which process is
//! calling `/next`, and a path prefix breaks clients that treat the value as `host:port`.
//!
//! The seam: [`RuntimeApi`] is what the platform side uses (dispatch an event, await the
//! answer); [`state`] holds the transport-independent state machine; two transports drive
//! it. [`http`] is AWS's HTTP/1.1 Runtime API, served for every environment and the only
//! one custom runtimes know. [`channel`] is a Unix socket with length-prefixed frames that
//! gantry's own Node.js and Python bootstraps use instead, when offered: it costs one
//! write and one read per invocation, where HTTP long-polling costs two requests, their
//! parsing and a hand-over between tasks. [`answers`] renders what both answer.

mod answers;
mod channel;
mod headers;
mod http;
mod state;

pub(crate) use state::{InitSignal, RuntimeReply};

use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;

use axum::serve::ListenerExt;
use bytes::Bytes;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::error::{Error, Result};
use channel::{Channel, ChannelListener};
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
    /// How initialisation ends; taken when it has.
    init: Option<oneshot::Receiver<InitSignal>>,
    channel: ChannelSlot,
    /// The answer to the dispatched event, when it comes through the state machine.
    reply: Option<oneshot::Receiver<RuntimeReply>>,
}

enum ChannelSlot {
    None,
    Listening(ChannelListener),
    /// Boxed: the channel's buffers dwarf the listener (once per environment).
    Open(Box<Channel>),
}

impl RuntimeApi {
    /// Binds `127.0.0.1:0` and serves the HTTP API; with `channels`, also offers the
    /// bootstrap channel in that directory.
    pub(crate) async fn start(channels: Option<&Path>) -> Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .map_err(|err| Error::io("binding a Runtime API listener on 127.0.0.1", err))?;
        let address = listener
            .local_addr()
            .map_err(|err| Error::io("reading the Runtime API listener's address", err))?;
        let (state, init) = RuntimeState::new();
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
        let channel = channels
            .and_then(|dir| ChannelListener::bind(dir, address.port()))
            .map_or(ChannelSlot::None, ChannelSlot::Listening);
        Ok(RuntimeApi {
            state,
            address,
            init: Some(init),
            channel,
            reply: None,
        })
    }

    /// The `host:port` for `AWS_LAMBDA_RUNTIME_API`.
    pub(crate) fn address(&self) -> SocketAddr {
        self.address
    }

    /// Waits until initialisation ends, over either transport; `None` if it cannot be
    /// known any more (call once).
    pub(crate) async fn initialised(&mut self) -> Option<InitSignal> {
        let RuntimeApi {
            state,
            init,
            channel,
            ..
        } = self;
        let mut signal = init.take()?;
        let ended = loop {
            tokio::select! {
                biased;
                ended = &mut signal => break ended.ok(),
                () = channel.drive(state) => {}
            }
        };
        // Initialised over HTTP: the bootstrap will not connect any more.
        if let ChannelSlot::Listening(_) = channel {
            *channel = ChannelSlot::None;
        }
        ended
    }

    /// Hands an event to the runtime: over the channel when the bootstrap uses it,
    /// otherwise queued for the next `/next`.
    pub(crate) fn dispatch(&mut self, invocation: Invocation) {
        if let ChannelSlot::Open(channel) = &mut self.channel
            && channel.is_open()
            && let Some(prepared) = Channel::prepare(&invocation)
        {
            let (reply, handed_out) = self.state.hand_out(invocation);
            if let Some(invocation) = handed_out {
                channel.send_event(&invocation, &prepared);
            }
            self.reply = Some(reply);
            return;
        }
        self.reply = Some(self.state.dispatch(invocation));
    }

    /// The runtime's answer to the dispatched event. Cancel-safe; pends forever if no
    /// answer can come (the process's exit or the timeout ends the wait).
    pub(crate) async fn reply(&mut self) -> RuntimeReply {
        let RuntimeApi {
            state,
            channel,
            reply,
            ..
        } = self;
        let posted = std::future::poll_fn(|cx| {
            let Some(receiver) = reply.as_mut() else {
                return Poll::Pending;
            };
            match Pin::new(receiver).poll(cx) {
                Poll::Ready(answer) => {
                    *reply = None;
                    // Closed: the channel answered (or nothing will); the other arm decides.
                    answer.map_or(Poll::Pending, Poll::Ready)
                }
                Poll::Pending => Poll::Pending,
            }
        });
        let framed = async {
            match channel {
                ChannelSlot::Open(channel) => channel.next_reply(state).await,
                _ => std::future::pending().await,
            }
        };
        tokio::select! {
            biased;
            answer = posted => answer,
            answer = framed => answer,
        }
    }

    /// After the process exited: an answer it completed before exiting, if any.
    pub(crate) fn reply_after_exit(&mut self) -> Option<RuntimeReply> {
        if let Some(Ok(answer)) = self.reply.as_mut().map(oneshot::Receiver::try_recv) {
            return Some(answer);
        }
        match &mut self.channel {
            ChannelSlot::Open(channel) => channel.drain_after_exit(&self.state),
            _ => None,
        }
    }

    /// Takes back an event no runtime has received yet; `true` if it was still queued
    /// or not completely written to the channel.
    pub(crate) fn withdraw(&mut self) -> bool {
        let unsent = matches!(&self.channel, ChannelSlot::Open(channel) if channel.undelivered());
        self.state.withdraw() || unsent
    }
}

impl ChannelSlot {
    /// Accepts the bootstrap's connection, then applies its frames one by one.
    async fn drive(&mut self, state: &Arc<RuntimeState>) {
        match self {
            ChannelSlot::None => std::future::pending().await,
            ChannelSlot::Listening(listener) => {
                let channel = listener.accept().await;
                // Connected: the socket file goes away with the listener.
                *self = ChannelSlot::Open(Box::new(channel));
            }
            ChannelSlot::Open(channel) => {
                channel.step(state).await;
            }
        }
    }
}

impl Drop for RuntimeApi {
    fn drop(&mut self) {
        self.state.stop();
    }
}
