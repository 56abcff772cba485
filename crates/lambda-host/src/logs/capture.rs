//! Reading one execution environment's output pipe, line by line.
//!
//! The process's stdout and stderr are the write end of one pipe (Lambda merges them
//! into one log stream too). A background task reads whatever arrives. Platform lines go
//! through [`LogCapture::platform`], which first reads everything already in the pipe:
//! runtimes write their output before they post a response, so `END` lands after it.
//! (Node.js may still be flushing a single write larger than the pipe buffer when the
//! handler returns; the rest of such a write can appear after `END`.)

use std::io;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::net::unix::pipe::Receiver;

use super::{LogEmitter, LogOrigin};

/// Bytes read per `read(2)`.
const READ_CHUNK: usize = 64 * 1024;
/// Bytes read in one go before the reader yields, so a flood cannot starve other tasks.
const DRAIN_BUDGET: usize = 1024 * 1024;

/// The read side of an environment's output pipe.
pub(crate) struct LogCapture {
    reader: Receiver,
    reading: Mutex<Reading>,
}

/// What reading the pipe needs, used by one reader at a time.
struct Reading {
    lines: LineAssembler,
    /// Reused for every `read(2)`: a fresh buffer per drain would be zeroed each time.
    chunk: Box<[u8]>,
}

/// Why a drain stopped.
#[derive(Debug, PartialEq, Eq)]
enum DrainEnd {
    /// The pipe is empty for now.
    Empty,
    /// The budget is spent; more may be waiting.
    Budget,
    /// Every write end is closed.
    EndOfFile,
}

impl LogCapture {
    /// Wraps the read end of the pipe.
    pub(crate) fn new(reader: Receiver, emitter: LogEmitter, max_line_bytes: usize) -> Arc<Self> {
        Arc::new(LogCapture {
            reader,
            reading: Mutex::new(Reading {
                lines: LineAssembler::new(emitter, max_line_bytes),
                chunk: vec![0; READ_CHUNK].into_boxed_slice(),
            }),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Reading> {
        self.reading.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Emits platform lines after everything the function has written so far.
    pub(crate) fn platform(&self, lines: &[String]) {
        let mut reading = self.lock();
        self.drain_now(&mut reading);
        reading.lines.emit_platform(lines);
    }

    /// Starts attributing lines to `request_id`'s invocation and emits its `START`
    /// lines. With `after_output`, everything already written is read first and keeps the
    /// attribution it had (initialisation output has none). Without it, `START` follows
    /// only what the pipe reader has already taken: for a warm environment, where only
    /// output written after the previous result can be waiting (Lambda freezes the
    /// environment then; such output shows up during the next invocation there too).
    pub(crate) fn begin_invocation(&self, request_id: &str, start: &[String], after_output: bool) {
        let mut reading = self.lock();
        if after_output {
            self.drain_now(&mut reading);
        } else {
            reading.lines.flush_partial();
        }
        reading.lines.emitter.request_id = Some(request_id.into());
        reading.lines.emit_platform(start);
    }

    /// Emits an invocation's last platform lines (`END`, `REPORT`, ...) after everything
    /// the function has written so far, all attributed to it, then stops attributing.
    /// Output the pipe has not yet received when this runs (a process still writing
    /// after it answered) is attributed to no invocation, or to the next one once it has
    /// begun.
    pub(crate) fn end_invocation(&self, lines: &[String]) {
        let mut reading = self.lock();
        self.drain_now(&mut reading);
        reading.lines.emit_platform(lines);
        reading.lines.emitter.request_id = None;
    }

    /// Reads everything in the pipe and ends an unfinished line, so that what follows
    /// comes after all the function has written.
    fn drain_now(&self, reading: &mut Reading) {
        let mut budget = usize::MAX;
        // read(2) directly, whatever the reactor has seen so far: the bytes are in the pipe.
        reading.drain(&mut budget, |chunk| {
            nix::unistd::read(&self.reader, chunk).map_err(io::Error::from)
        });
        reading.lines.flush_partial();
    }

    /// Reads the pipe until every write end is closed (the process group is gone).
    pub(crate) async fn pump(self: Arc<Self>) {
        loop {
            if self.reader.readable().await.is_err() {
                return;
            }
            let end = {
                let mut reading = self.lock();
                let mut budget = DRAIN_BUDGET;
                // try_read clears the reactor's readiness when the pipe is empty.
                let end = reading.drain(&mut budget, |chunk| self.reader.try_read(chunk));
                if end == DrainEnd::EndOfFile {
                    reading.lines.flush_partial();
                }
                end
            };
            match end {
                DrainEnd::Empty => {}
                DrainEnd::Budget => tokio::task::yield_now().await,
                DrainEnd::EndOfFile => return,
            }
        }
    }
}

impl Reading {
    fn drain(
        &mut self,
        budget: &mut usize,
        mut read: impl FnMut(&mut [u8]) -> io::Result<usize>,
    ) -> DrainEnd {
        loop {
            if *budget == 0 {
                return DrainEnd::Budget;
            }
            match read(&mut self.chunk) {
                Ok(0) => return DrainEnd::EndOfFile,
                Ok(read) => {
                    *budget = budget.saturating_sub(read);
                    self.lines.push(&self.chunk[..read]);
                }
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => return DrainEnd::Empty,
                Err(_) => return DrainEnd::EndOfFile,
            }
        }
    }
}

/// Splits bytes into lines of at most `max_line_bytes`.
struct LineAssembler {
    emitter: LogEmitter,
    max_line_bytes: usize,
    partial: Vec<u8>,
    /// A full-length piece was just emitted: a newline right after it ends that piece
    /// rather than starting an empty line.
    just_split: bool,
}

impl LineAssembler {
    fn new(emitter: LogEmitter, max_line_bytes: usize) -> Self {
        LineAssembler {
            emitter,
            max_line_bytes: max_line_bytes.max(4),
            partial: Vec::new(),
            just_split: false,
        }
    }

    fn push(&mut self, mut bytes: &[u8]) {
        while let Some(newline) = bytes.iter().position(|&b| b == b'\n') {
            self.append(&bytes[..newline]);
            let line = std::mem::take(&mut self.partial);
            if !(line.is_empty() && self.just_split) {
                self.emit(&line);
            }
            self.just_split = false;
            bytes = &bytes[newline + 1..];
        }
        self.append(bytes);
    }

    /// Adds bytes of an unfinished line, emitting full-length pieces as they fill up.
    fn append(&mut self, mut bytes: &[u8]) {
        if !bytes.is_empty() {
            self.just_split = false;
        }
        while self.partial.len() + bytes.len() >= self.max_line_bytes {
            let room = self.max_line_bytes - self.partial.len();
            self.partial.extend_from_slice(&bytes[..room]);
            bytes = &bytes[room..];
            let cut = utf8_boundary(&self.partial);
            let rest = self.partial.split_off(cut);
            let line = std::mem::replace(&mut self.partial, rest);
            self.emit(&line);
            self.just_split = self.partial.is_empty() && bytes.is_empty();
        }
        self.partial.extend_from_slice(bytes);
    }

    fn emit_platform(&self, lines: &[String]) {
        for line in lines {
            self.emitter.emit(LogOrigin::Platform, line.clone());
        }
    }

    /// Emits an unfinished line (the process ended or a platform line must follow it).
    fn flush_partial(&mut self) {
        self.just_split = false;
        if !self.partial.is_empty() {
            let line = std::mem::take(&mut self.partial);
            self.emit(&line);
        }
    }

    fn emit(&self, line: &[u8]) {
        self.emitter.emit(
            LogOrigin::Function,
            String::from_utf8_lossy(line).into_owned(),
        );
    }
}

/// The longest prefix of `bytes` that does not end inside a UTF-8 character (at most
/// three bytes are given back; invalid input is cut at the full length).
fn utf8_boundary(bytes: &[u8]) -> usize {
    let len = bytes.len();
    for back in 1..=3.min(len) {
        let byte = bytes[len - back];
        let is_continuation = byte & 0b1100_0000 == 0b1000_0000;
        if is_continuation {
            continue;
        }
        let width = match byte {
            b if !(0x80..0xF8).contains(&b) => 1,
            b if b >= 0xF0 => 4,
            b if b >= 0xE0 => 3,
            b if b >= 0xC0 => 2,
            _ => 1,
        };
        return if width > back { len - back } else { len };
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::{LogEvent, LogTail};

    fn assembler(max: usize) -> (LineAssembler, Arc<LogTail>) {
        let tail = Arc::new(LogTail::new(usize::MAX));
        let emitter = LogEmitter {
            sink: Arc::new(crate::logs::NullLogSink),
            tail: Arc::clone(&tail),
            function_name: "f".into(),
            log_group: "g".into(),
            log_stream: "s".into(),
            request_id: None,
        };
        (LineAssembler::new(emitter, max), tail)
    }

    fn messages(tail: &LogTail) -> Vec<String> {
        tail.snapshot()
            .into_iter()
            .map(|e: LogEvent| e.message)
            .collect()
    }

    #[test]
    fn lines_split_at_newlines_across_chunks() {
        let (mut lines, tail) = assembler(100);
        lines.push(b"hello\nwor");
        lines.push(b"ld\n\npartial");
        assert_eq!(messages(&tail), ["hello", "world", ""]);
        lines.flush_partial();
        assert_eq!(messages(&tail), ["hello", "world", "", "partial"]);
    }

    #[test]
    fn long_lines_are_cut_at_the_limit() {
        let (mut lines, tail) = assembler(4);
        lines.push(b"abcdefghij\nxy\n");
        assert_eq!(messages(&tail), ["abcd", "efgh", "ij", "xy"]);
    }

    #[test]
    fn a_line_of_exactly_the_limit_is_emitted_at_once_without_an_empty_line_after_it() {
        let (mut lines, tail) = assembler(4);
        lines.push(b"abcd");
        assert_eq!(messages(&tail), ["abcd"]);
        lines.push(b"\nef\n");
        assert_eq!(messages(&tail), ["abcd", "ef"]);
    }

    #[test]
    fn cuts_do_not_split_utf8_characters() {
        let (mut lines, tail) = assembler(5);
        lines.push("abcdé€\n".as_bytes());
        assert_eq!(messages(&tail), ["abcd", "é€"]);
    }

    #[test]
    fn utf8_boundary_gives_back_only_incomplete_characters() {
        assert_eq!(utf8_boundary(b"abc"), 3);
        assert_eq!(utf8_boundary("aé".as_bytes()), 3);
        assert_eq!(utf8_boundary(&"a€".as_bytes()[..3]), 1);
        assert_eq!(utf8_boundary(&[0xff, 0xff]), 2);
    }
}
