//! The bootstrap channel: the transport gantry's own Node.js and Python bootstraps use
//! instead of HTTP long-polling. One Unix stream socket per environment carries
//! length-prefixed frames ([`frame`]); per invocation the platform writes one `EVENT` and
//! reads one result, with no HTTP parsing and no task between the invocation and the
//! socket.
//!
//! The socket is `<channels dir>/<port>.sock`, `<port>` being the environment's HTTP
//! Runtime API port. The bootstrap derives that path from `LAMBDA_RUNTIME_DIR` and
//! `AWS_LAMBDA_RUNTIME_API`, so nothing a handler could see (a variable, an argument) is
//! added; the port is bound by this environment, so the name is unique while it lives,
//! and the file is removed as soon as the runtime has connected. A bootstrap that cannot
//! connect uses the HTTP API, which every environment keeps serving.
//!
//! Frames drive the same [`RuntimeState`] as HTTP calls, and a refused call is answered
//! with the status and document the HTTP API would have returned.

mod calls;
pub(crate) mod frame;

use std::io;
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::{Buf, BytesMut};
use tokio::io::Interest;
use tokio::net::{UnixListener, UnixStream};

use super::Invocation;
use super::state::{RuntimeReply, RuntimeState};
use calls::Streamed;
use frame::FrameReader;

/// The longest socket path `bind(2)` takes (`sun_path` holds 108 bytes with the NUL).
const MAX_SOCKET_PATH: usize = 107;
/// Bytes reserved for each read.
const READ_CHUNK: usize = 64 * 1024;
/// A write buffer grown past this (by a large event) is released once written.
const KEPT_WRITE_CAPACITY: usize = 1024 * 1024;

/// The socket an environment's bootstrap connects to; removed when dropped.
pub(crate) struct ChannelListener {
    listener: UnixListener,
    path: PathBuf,
}

impl ChannelListener {
    /// Listens at `dir/<port>.sock`; `None` when the path is too long or cannot be bound
    /// (the bootstrap then uses HTTP).
    pub(crate) fn bind(dir: &Path, port: u16) -> Option<Self> {
        let path = dir.join(format!("{port}.sock"));
        if path.as_os_str().len() > MAX_SOCKET_PATH {
            return None;
        }
        // A file already there is stale: the port, and so the name, is this environment's.
        let _ = std::fs::remove_file(&path);
        let listener = UnixListener::bind(&path).ok()?;
        Some(ChannelListener { listener, path })
    }

    /// The bootstrap's connection; pends forever if accepting fails.
    pub(crate) async fn accept(&self) -> Channel {
        match self.listener.accept().await {
            Ok((socket, _)) => Channel::new(socket),
            Err(_) => std::future::pending().await,
        }
    }
}

impl Drop for ChannelListener {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// An event ready to be framed.
pub(crate) struct PreparedEvent {
    deadline: String,
    length: u32,
}

/// A connected bootstrap.
pub(crate) struct Channel {
    /// `None` once closed: by the runtime, by an I/O error, or by a framing error.
    socket: Option<UnixStream>,
    reader: FrameReader,
    out: BytesMut,
    /// Bytes of `out` up to the end of the last `EVENT`: delivered once they are written.
    unsent_event: usize,
    streamed: Option<Streamed>,
}

impl Channel {
    fn new(socket: UnixStream) -> Self {
        Channel {
            socket: Some(socket),
            reader: FrameReader::default(),
            out: BytesMut::new(),
            unsent_event: 0,
            streamed: None,
        }
    }

    /// Whether the channel can still carry an event.
    pub(crate) fn is_open(&self) -> bool {
        self.socket.is_some()
    }

    /// Checks that `invocation` fits a frame.
    pub(crate) fn prepare(invocation: &Invocation) -> Option<PreparedEvent> {
        let deadline = invocation.deadline_ms.to_string();
        let length = frame::event_length(invocation, &deadline)?;
        Some(PreparedEvent { deadline, length })
    }

    /// Sends an event the state machine handed out.
    pub(crate) fn send_event(&mut self, invocation: &Invocation, prepared: &PreparedEvent) {
        frame::put_event(
            &mut self.out,
            invocation,
            &prepared.deadline,
            prepared.length,
        );
        self.unsent_event = self.out.len();
        self.flush();
    }

    /// Whether the last event has not been written in full (the runtime cannot have
    /// received it).
    pub(crate) fn undelivered(&self) -> bool {
        self.unsent_event > 0
    }

    /// Runs the channel until a frame completes the in-flight invocation.
    pub(crate) async fn next_reply(&mut self, state: &Arc<RuntimeState>) -> RuntimeReply {
        loop {
            if let Some(reply) = self.step(state).await {
                return reply;
            }
        }
    }

    /// Makes progress until one frame has been applied; returns the reply it completed.
    /// Cancel-safe: every byte read or left to write stays in `self`. Pends forever once
    /// the channel is closed and its frames are used up.
    pub(crate) async fn step(&mut self, state: &Arc<RuntimeState>) -> Option<RuntimeReply> {
        loop {
            match self.reader.next_frame() {
                Ok(Some(frame)) => {
                    let reply = self.apply(state, frame);
                    self.flush();
                    return reply;
                }
                Ok(None) => {}
                // Only a broken bootstrap breaks the framing: it loses the channel, sees
                // it close and exits, which ends the invocation as a crash.
                Err(frame::Malformed) => self.socket = None,
            }
            let Some(socket) = &self.socket else {
                return std::future::pending().await;
            };
            let interest = if self.out.is_empty() {
                Interest::READABLE
            } else {
                Interest::READABLE | Interest::WRITABLE
            };
            match socket.ready(interest).await {
                Ok(ready) => {
                    if ready.is_writable() {
                        self.flush();
                    }
                    if ready.is_readable() {
                        self.read();
                    }
                }
                Err(_) => self.socket = None,
            }
        }
    }

    /// After the process exited: reads whatever it wrote before, whether or not the
    /// reactor has seen it, and returns the reply that completes, if any.
    pub(crate) fn drain_after_exit(&mut self, state: &Arc<RuntimeState>) -> Option<RuntimeReply> {
        if let Some(socket) = &self.socket {
            let mut chunk = vec![0u8; READ_CHUNK];
            loop {
                match nix::unistd::read(socket.as_fd(), &mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(read) => self.reader.buffer().extend_from_slice(&chunk[..read]),
                }
            }
        }
        while let Ok(Some(frame)) = self.reader.next_frame() {
            if let Some(reply) = self.apply(state, frame) {
                return Some(reply);
            }
        }
        None
    }

    fn read(&mut self) {
        let Some(socket) = &self.socket else {
            return;
        };
        let buffer = self.reader.buffer();
        buffer.reserve(READ_CHUNK);
        match socket.try_read_buf(buffer) {
            Ok(0) => self.socket = None,
            Ok(_) => {}
            Err(err)
                if matches!(
                    err.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
                ) => {}
            Err(_) => self.socket = None,
        }
    }

    /// Writes as much of `out` as the socket takes now.
    fn flush(&mut self) {
        while !self.out.is_empty() {
            let Some(socket) = &self.socket else {
                return;
            };
            match socket.try_write(&self.out) {
                Ok(written) => {
                    self.out.advance(written);
                    self.unsent_event = self.unsent_event.saturating_sub(written);
                }
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => return,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => self.socket = None,
            }
        }
        if self.out.capacity() > KEPT_WRITE_CAPACITY {
            self.out = BytesMut::new();
        }
    }
}
