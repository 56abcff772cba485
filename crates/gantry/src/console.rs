//! What gantry prints for people: progress, outputs, request and function logs on
//! stderr; results on stdout.
//!
//! Lines are queued and written by one thread in batches. Under load gantry prints
//! several lines per request (the access log, the function's `START`/`END`/`REPORT`); a
//! `write` per line, or waking a writer thread per line, would cost more than serving the
//! request. So queueing a line only appends to a buffer, and the writer wakes on its own
//! every [`LINGER`] to write what has accumulated. [`flush`] writes everything queued now.

use std::io::Write as _;
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Duration;

/// How long a line may wait in the queue: short enough to look immediate to a person.
const LINGER: Duration = Duration::from_millis(20);
/// Beyond this many queued bytes the caller writes the batch itself (back-pressure, and
/// bounded memory when stderr is slow).
const MAX_QUEUED_BYTES: usize = 4 * 1024 * 1024;

static QUEUE: OnceLock<Mutex<String>> = OnceLock::new();

fn queue() -> &'static Mutex<String> {
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
            eprintln!("warning: no console writer thread ({e}); lines are written as they come");
        }
        Mutex::default()
    })
}

/// Writes whatever is queued, in one `write` call.
fn write_queued() {
    let batch = std::mem::take(&mut *queue().lock().unwrap_or_else(PoisonError::into_inner));
    if !batch.is_empty() {
        let mut stderr = std::io::stderr().lock();
        let _ = stderr.write_all(batch.as_bytes());
        let _ = stderr.flush();
    }
}

/// A progress or log line.
pub(crate) fn line(message: &str) {
    let mut text = queue().lock().unwrap_or_else(PoisonError::into_inner);
    text.push_str(message);
    text.push('\n');
    let full = text.len() >= MAX_QUEUED_BYTES;
    drop(text);
    if full {
        write_queued();
    }
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

/// Writes every line queued so far.
pub(crate) fn flush() {
    write_queued();
}
