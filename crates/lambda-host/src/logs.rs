//! Function logs: every line a function prints, plus Lambda's platform lines (`START`,
//! `END`, `REPORT`, ...), delivered to a [`LogSink`] and kept as a bounded in-memory tail
//! per function.
//!
//! Each execution environment's stdout and stderr share one pipe, read line by line with a
//! bounded line length ([`capture`]). Platform lines are written through the same reader
//! after draining the pipe, so they appear in the order Lambda shows them ([`platform`]).
//! This module does not persist logs; a sink may.

pub(crate) mod capture;
pub(crate) mod platform;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

/// Who wrote a log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogOrigin {
    /// The function's process (stdout or stderr).
    Function,
    /// The Lambda platform (gantry): `START`, `END`, `REPORT`, `INIT_REPORT`, timeouts.
    Platform,
}

/// One log line, as CloudWatch Logs would store it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEvent {
    /// The function that produced it.
    pub function_name: Arc<str>,
    /// The log group (`/aws/lambda/<name>` unless configured).
    pub log_group: Arc<str>,
    /// The log stream: one per execution environment, like Lambda.
    pub log_stream: Arc<str>,
    /// When the line was read.
    pub timestamp: SystemTime,
    /// Function output or platform line.
    pub origin: LogOrigin,
    /// Lambda's request id of the invocation the line belongs to: every line from its
    /// `START` to its `REPORT` (output written between invocations has none).
    pub request_id: Option<Arc<str>>,
    /// The line without its newline. Multi-line messages from the Node.js and Python
    /// bootstraps carry `\r` where the message had `\n`, as in Lambda.
    pub message: String,
}

/// Receives every log line of every function on a host.
///
/// `write` is called synchronously from the host's tasks, in order per log stream; it
/// should be quick (buffer or forward, do not block on slow I/O for long).
pub trait LogSink: Send + Sync {
    /// Takes one line.
    fn write(&self, event: &LogEvent);
}

impl<F> LogSink for F
where
    F: Fn(&LogEvent) + Send + Sync,
{
    fn write(&self, event: &LogEvent) {
        self(event);
    }
}

/// A sink that drops everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct NullLogSink;

impl LogSink for NullLogSink {
    fn write(&self, _event: &LogEvent) {}
}

/// The most recent log lines of one function, bounded by total message bytes.
#[derive(Debug)]
pub(crate) struct LogTail {
    capacity_bytes: usize,
    lines: Mutex<TailLines>,
}

#[derive(Debug, Default)]
struct TailLines {
    events: VecDeque<LogEvent>,
    bytes: usize,
}

impl LogTail {
    pub(crate) fn new(capacity_bytes: usize) -> Self {
        LogTail {
            capacity_bytes,
            lines: Mutex::new(TailLines::default()),
        }
    }

    fn push(&self, event: LogEvent) {
        let mut lines = self.lines.lock().unwrap_or_else(PoisonError::into_inner);
        lines.bytes += event.message.len();
        lines.events.push_back(event);
        while lines.bytes > self.capacity_bytes {
            let Some(oldest) = lines.events.pop_front() else {
                break;
            };
            lines.bytes -= oldest.message.len();
        }
    }

    pub(crate) fn snapshot(&self) -> Vec<LogEvent> {
        let lines = self.lines.lock().unwrap_or_else(PoisonError::into_inner);
        lines.events.iter().cloned().collect()
    }
}

/// Writes one environment's lines to the host's sink and the function's tail.
#[derive(Clone)]
pub(crate) struct LogEmitter {
    pub(crate) sink: Arc<dyn LogSink>,
    pub(crate) tail: Arc<LogTail>,
    pub(crate) function_name: Arc<str>,
    pub(crate) log_group: Arc<str>,
    pub(crate) log_stream: Arc<str>,
    /// The invocation the lines belong to, from just before its `START` to just after
    /// its `REPORT`; changed only under [`capture::LogCapture`]'s lock, so a line read
    /// from the pipe and a platform line never see it half-way.
    pub(crate) request_id: Option<Arc<str>>,
}

impl LogEmitter {
    pub(crate) fn emit(&self, origin: LogOrigin, message: String) {
        let event = LogEvent {
            function_name: Arc::clone(&self.function_name),
            log_group: Arc::clone(&self.log_group),
            log_stream: Arc::clone(&self.log_stream),
            timestamp: SystemTime::now(),
            origin,
            request_id: self.request_id.clone(),
            message,
        };
        self.sink.write(&event);
        self.tail.push(event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(message: &str) -> LogEvent {
        LogEvent {
            function_name: "f".into(),
            log_group: "/aws/lambda/f".into(),
            log_stream: "s".into(),
            timestamp: SystemTime::UNIX_EPOCH,
            origin: LogOrigin::Function,
            request_id: None,
            message: message.to_owned(),
        }
    }

    #[test]
    fn tail_drops_oldest_lines_beyond_its_byte_capacity() {
        let tail = LogTail::new(10);
        for message in ["aaaa", "bbbb", "cccc"] {
            tail.push(event(message));
        }
        let kept: Vec<_> = tail.snapshot().into_iter().map(|e| e.message).collect();
        assert_eq!(kept, ["bbbb", "cccc"]);
    }
}
