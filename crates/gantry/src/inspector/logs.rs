//! Function log lines by invocation (Lambda request id), each invocation's lines bounded
//! ([`MAX_INVOCATION_LOG_BYTES`]). Lines arrive from the Lambda host as they are written,
//! possibly after the response went out; the lines of an invocation no record has claimed
//! yet wait in [`Unclaimed`], which keeps only the most recent invocations.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use super::mask;

/// Most bytes of log lines kept per invocation.
pub(crate) const MAX_INVOCATION_LOG_BYTES: usize = 64 * 1024;
/// Most bytes of lines kept for invocations no record claims (authorizer functions,
/// requests still running).
const MAX_UNCLAIMED_BYTES: usize = 8 * 1024 * 1024;
/// The line that ends an invocation's lines once they were cut.
pub(crate) const CUT_MARKER: &str =
    "[gantry inspector: further lines of this invocation were not kept (64 KiB per invocation)]";

/// A line as shown: Lambda's bootstraps write `\r` where a message had a line break; JWTs
/// masked ([`mask::jwts`]).
pub(super) fn shown(line: &str) -> String {
    if line.contains('\r') {
        mask::jwts(&line.replace('\r', "\n"))
    } else {
        mask::jwts(line)
    }
}

/// One invocation's lines, as written (bounded by their bytes as written).
#[derive(Debug, Default, Clone)]
pub(super) struct Lines {
    pub(super) lines: Vec<Arc<str>>,
    bytes: usize,
    cut: bool,
}

impl Lines {
    /// Adds `line` unless the invocation's lines are full; the first line over the bound
    /// becomes [`CUT_MARKER`].
    pub(super) fn push(&mut self, line: Arc<str>) {
        if self.cut {
            return;
        }
        if self.bytes + line.len() > MAX_INVOCATION_LOG_BYTES {
            self.cut = true;
            self.lines.push(Arc::from(CUT_MARKER));
            return;
        }
        self.bytes += line.len();
        self.lines.push(line);
    }

    fn bytes(&self) -> usize {
        self.bytes
    }
}

/// Lines of invocations no record has claimed, oldest dropped first.
#[derive(Debug)]
pub(super) struct Unclaimed {
    by_invocation: HashMap<Arc<str>, Lines>,
    /// Invocations in the order their first line arrived.
    order: VecDeque<Arc<str>>,
    bytes: usize,
    max_invocations: usize,
}

impl Unclaimed {
    /// Keeps the lines of at most `max_invocations` invocations.
    pub(super) fn new(max_invocations: usize) -> Self {
        Self {
            by_invocation: HashMap::new(),
            order: VecDeque::new(),
            bytes: 0,
            max_invocations,
        }
    }

    pub(super) fn push(&mut self, invocation: &Arc<str>, line: Arc<str>) {
        let lines = match self.by_invocation.get_mut(invocation) {
            Some(lines) => lines,
            None => {
                self.order.push_back(Arc::clone(invocation));
                self.by_invocation
                    .entry(Arc::clone(invocation))
                    .or_default()
            }
        };
        let before = lines.bytes();
        lines.push(line);
        self.bytes += lines.bytes().saturating_sub(before);
        while self.order.len() > self.max_invocations || self.bytes > MAX_UNCLAIMED_BYTES {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            if let Some(dropped) = self.by_invocation.remove(&oldest) {
                self.bytes = self.bytes.saturating_sub(dropped.bytes());
            }
        }
    }

    /// Takes the lines of `invocation` (a record claims them).
    pub(super) fn take(&mut self, invocation: &str) -> Lines {
        let Some(lines) = self.by_invocation.remove(invocation) else {
            return Lines::default();
        };
        // The claimed invocation is usually the newest.
        if let Some(position) = self.order.iter().rposition(|id| &**id == invocation) {
            self.order.remove(position);
        }
        self.bytes = self.bytes.saturating_sub(lines.bytes());
        lines
    }

    /// How many invocations' lines are kept (for tests of the bound).
    #[cfg(test)]
    pub(super) fn invocations(&self) -> usize {
        debug_assert_eq!(self.order.len(), self.by_invocation.len());
        self.by_invocation.len()
    }
}
