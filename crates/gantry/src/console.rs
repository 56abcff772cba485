//! What gantry prints for people: progress, outputs, request and function logs on
//! stderr; results on stdout.
//!
//! Lines go through one writer thread that batches them into few `write` calls: under
//! load gantry prints several lines per request (the access log, the function's
//! `START`/`END`/`REPORT`), and a system call per line would cost more than serving the
//! request. [`flush`] waits until everything queued is written.

use std::io::Write as _;
use std::sync::OnceLock;
use std::sync::mpsc::{self, Receiver, SyncSender};

/// Lines waiting to be written; a full queue makes the caller wait (back-pressure)
/// instead of growing without bound when stderr is slow.
const QUEUE_LINES: usize = 64 * 1024;

enum Message {
    Line(String),
    Flush(SyncSender<()>),
}

static QUEUE: OnceLock<SyncSender<Message>> = OnceLock::new();

fn queue() -> &'static SyncSender<Message> {
    QUEUE.get_or_init(|| {
        let (sender, receiver) = mpsc::sync_channel(QUEUE_LINES);
        std::thread::Builder::new()
            .name("console".into())
            .spawn(move || write_lines(&receiver))
            .map_err(|e| eprintln!("warning: no console thread ({e}); logs are lost"))
            .ok();
        sender
    })
}

fn write_lines(receiver: &Receiver<Message>) {
    // Not `stderr().lock()`: holding the lock between batches would block every other
    // writer to stderr (tracing, panics) for good.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stderr());
    while let Ok(first) = receiver.recv() {
        let mut message = Some(first);
        // Write everything already queued, then flush once.
        while let Some(next) = message.take() {
            match next {
                Message::Line(line) => {
                    let _ = out.write_all(line.as_bytes());
                    let _ = out.write_all(b"\n");
                }
                Message::Flush(done) => {
                    let _ = out.flush();
                    let _ = done.send(());
                }
            }
            message = receiver.try_recv().ok();
        }
        let _ = out.flush();
    }
}

/// A progress or log line.
pub(crate) fn line(message: &str) {
    send_line(message.to_owned());
}

/// A line built by the caller (saves a copy on the request path).
pub(crate) fn send_line(message: String) {
    if let Err(mpsc::SendError(Message::Line(message))) = queue().send(Message::Line(message)) {
        eprintln!("{message}");
    }
}

/// An error line.
pub(crate) fn error(message: &str) {
    send_line(format!("error: {message}"));
}

/// A warning line.
pub(crate) fn warning(message: &str) {
    send_line(format!("warning: {message}"));
}

/// Waits until every line queued so far is written.
pub(crate) fn flush() {
    let (done, written) = mpsc::sync_channel(1);
    if queue().send(Message::Flush(done)).is_ok() {
        let _ = written.recv();
    }
}
