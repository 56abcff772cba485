//! What gantry prints for people: progress, outputs, request and function logs on
//! stderr; results on stdout.
//!
//! Lines are queued and written by one thread in batches. Under load gantry prints
//! several lines per request (the access log, the function's `START`/`END`/`REPORT`); a
//! `write` per line, or waking a writer thread per line, would cost more than serving the
//! request. So queueing a line only appends to a buffer, and the writer wakes on its own
//! every [`LINGER`] to write what has accumulated. [`flush`] writes everything queued now.
//!
//! Printing never waits for the output to be read: when nobody reads gantry's stderr (a
//! paused terminal, `| less`, a stuck log shipper) the pipe fills and the writer thread
//! blocks, but serving goes on. The queue is bounded ([`MAX_QUEUED_BYTES`]); a line that
//! does not fit is dropped and counted, and once output flows again one line says how
//! many were lost ([`dropped_notice`]). Lines that are kept stay in order.

use std::io::Write as _;
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Duration;

/// How long a line may wait in the queue: short enough to look immediate to a person.
const LINGER: Duration = Duration::from_millis(20);
/// Beyond this many queued bytes lines are dropped (bounded memory when the output is
/// slow or not read at all).
const MAX_QUEUED_BYTES: usize = 4 * 1024 * 1024;

/// Lines waiting for the writer, and how many did not fit since the last write.
#[derive(Default)]
struct Queue {
    text: String,
    dropped: u64,
}

static QUEUE: OnceLock<Mutex<Queue>> = OnceLock::new();
/// Held while a batch is taken and written, so that batches reach stderr in the order
/// they were taken (the writer thread and [`flush`] both write).
static WRITING: Mutex<()> = Mutex::new(());

fn queue() -> &'static Mutex<Queue> {
    QUEUE.get_or_init(|| {
        let spawned = std::thread::Builder::new()
            .name("console".into())
            .spawn(|| {
                loop {
                    std::thread::sleep(LINGER);
                    write_queued();
                }
            });
        if let Err(e) = spawned {
            eprintln!("warning: no console writer thread ({e}); lines are written on exit");
        }
        Mutex::default()
    })
}

/// Writes whatever is queued, in one `write` call, then the dropped-lines notice if
/// lines were lost. Blocks while stderr is not read; only the writer thread and the
/// final [`flush`] call it, never a line's caller.
fn write_queued() {
    let _writing = WRITING.lock().unwrap_or_else(PoisonError::into_inner);
    let (mut batch, dropped) = {
        let mut queue = queue().lock().unwrap_or_else(PoisonError::into_inner);
        let dropped = std::mem::take(&mut queue.dropped);
        (std::mem::take(&mut queue.text), dropped)
    };
    if dropped > 0 {
        batch.push_str(&dropped_notice(dropped));
        batch.push('\n');
    }
    if !batch.is_empty() {
        let mut stderr = std::io::stderr().lock();
        let _ = stderr.write_all(batch.as_bytes());
        let _ = stderr.flush();
    }
}

/// The line that says lines were lost.
fn dropped_notice(dropped: u64) -> String {
    let lines = if dropped == 1 {
        "line was"
    } else {
        "lines were"
    };
    format!("gantry: {dropped} log {lines} dropped because the output was not read")
}

/// Queues `text` (which ends with a newline), or counts it as dropped when the queue
/// is full.
fn enqueue(text: &str) {
    let mut queue = queue().lock().unwrap_or_else(PoisonError::into_inner);
    if queue.text.len() + text.len() > MAX_QUEUED_BYTES {
        queue.dropped += 1;
    } else {
        queue.text.push_str(text);
    }
}

/// A progress or log line.
pub(crate) fn line(message: &str) {
    enqueue(&format!("{message}\n"));
}

/// An error line.
pub(crate) fn error(message: &str) {
    line(&format!("error: {message}"));
}

/// A warning line.
pub(crate) fn warning(message: &str) {
    line(&format!("warning: {message}"));
}

/// A deploy warning, as `warning: template.yaml:12: MyApi: Properties.X: ...` so that
/// terminals and editors can jump to the line.
/// A nested stack's warning names its own template file.
pub(crate) fn deploy_warning(template: &std::path::Path, warning: &cfn_engine::DeployWarning) {
    let file = warning.file.as_deref().unwrap_or(template);
    let mut text = file.display().to_string();
    if let Some(line) = warning.line {
        text.push_str(&format!(":{line}"));
    }
    if let Some(logical_id) = &warning.logical_id {
        text.push_str(&format!(": {logical_id}"));
    }
    text.push_str(&format!(": {}", warning.message));
    self::warning(&text);
}

/// Writes every line queued so far (on exit: nothing queued is lost).
pub(crate) fn flush() {
    write_queued();
}

/// Diagnostics from `tracing` (`GANTRY_LOG`), queued like every other line: one
/// formatted event per `write` call.
pub(crate) struct TracingWriter;

impl std::io::Write for TracingWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(bytes);
        if text.ends_with('\n') {
            enqueue(&text);
        } else {
            line(&text);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_counts_the_dropped_lines() {
        assert_eq!(
            dropped_notice(3),
            "gantry: 3 log lines were dropped because the output was not read"
        );
        assert_eq!(
            dropped_notice(1),
            "gantry: 1 log line was dropped because the output was not read"
        );
    }
}
