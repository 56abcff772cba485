//! The request inspector: the last API requests gantry answered, each with what the
//! gateway did (route, authorizer, function, event), the function's log lines and the
//! response, for the page at `/_gantry/` and `GET /_gantry/api/requests`.
//!
//! Memory is bounded: at most `history` records, each with bodies, event, headers and
//! log lines cut at 64 KiB, plus the lines of recent invocations no record claims yet
//! ([`logs::Unclaimed`]). Everything is masked ([`mask`]) before it is shown. The request
//! path and the log sink only capture (moves and reference counts, one copy of a log line)
//! and take one short lock; masking, cutting and formatting happen when a record is first
//! shown, once per record ([`entry::Entry`]), and for log lines when they are shown.
//!
//! Not here: serving the page and the JSON, and who may see them (`server`).

mod entry;
pub(crate) mod logs;
pub(crate) mod mask;
pub(crate) mod page;
mod record;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use apigw::gateway::AccessLog;
use bytes::Bytes;
use http::{HeaderMap, Response};
use lambda_host::LogEvent;
use serde::Serialize;
use serde::ser::Serializer;

use entry::Entry;
use logs::{Lines, Unclaimed};
use record::{Captured, Record};

/// How many invocations' lines wait for a record, per request kept (a request may also
/// run an authorizer function, and lines may arrive before their request is answered).
const UNCLAIMED_INVOCATIONS_PER_RECORD: usize = 2;

/// The last requests the gateway answered, with their functions' log lines.
pub(crate) struct Inspector {
    /// How many requests are kept; 0 keeps none.
    history: usize,
    /// Tells this process's [`Inspector::version`]s from an earlier run's.
    epoch: u128,
    state: Mutex<State>,
}

struct State {
    /// Oldest first; `records[i]` has sequence number `first_seq + i`.
    records: VecDeque<Kept>,
    first_seq: u64,
    /// Lambda request id -> the sequence number of the record that claimed its lines.
    claimed: HashMap<Arc<str>, u64>,
    unclaimed: Unclaimed,
    /// Changes whenever what [`Inspector::requests_json`] shows changes.
    version: u64,
}

struct Kept {
    entry: Arc<Entry>,
    logs: Lines,
}

impl Inspector {
    /// Keeps the last `history` requests.
    pub(crate) fn new(history: usize) -> Self {
        Self {
            history,
            epoch: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |since| since.as_nanos()),
            state: Mutex::new(State {
                records: VecDeque::new(),
                first_seq: 0,
                claimed: HashMap::new(),
                unclaimed: Unclaimed::new(history.saturating_mul(UNCLAIMED_INVOCATIONS_PER_RECORD)),
                version: 0,
            }),
        }
    }

    /// Whether requests are recorded at all.
    pub(crate) fn is_on(&self) -> bool {
        self.history > 0
    }

    /// How many requests are kept at most.
    pub(crate) fn history(&self) -> usize {
        self.history
    }

    /// Takes one function log line (every line the Lambda host logs comes here); keeps
    /// those of an invocation (`START` to `REPORT`).
    pub(crate) fn observe_log(&self, event: &LogEvent) {
        let Some(invocation) = &event.request_id else {
            return;
        };
        if !self.is_on() {
            return;
        }
        // Masked when shown ([`logs::shown`]), not here on the logging path.
        let line: Arc<str> = Arc::from(event.message.as_str());
        let mut state = self.lock();
        match state.claimed.get(invocation).copied() {
            Some(seq) => {
                let index = seq.saturating_sub(state.first_seq);
                if let Some(kept) = usize::try_from(index)
                    .ok()
                    .and_then(|index| state.records.get_mut(index))
                {
                    kept.logs.push(line);
                    state.version += 1;
                }
            }
            None => state.unclaimed.push(invocation, line),
        }
    }

    /// Records one API request once it is answered: its headers as received, what the
    /// gateway did, and the response as sent. Only copies them into one buffer; masking
    /// waits until shown.
    pub(crate) fn record(
        &self,
        request_headers: &HeaderMap,
        log: &AccessLog,
        response: &Response<Bytes>,
    ) {
        if !self.is_on() {
            return;
        }
        let entry = Arc::new(Entry::new(Captured::new(request_headers, log, response)));
        let invocation = entry.lambda_request_id.clone();
        let mut state = self.lock();
        let state = &mut *state;
        let seq = state.first_seq + state.records.len() as u64;
        let logs = match &invocation {
            Some(invocation) => {
                state.claimed.insert(Arc::clone(invocation), seq);
                state.unclaimed.take(invocation)
            }
            None => Lines::default(),
        };
        state.records.push_back(Kept { entry, logs });
        state.version += 1;
        while state.records.len() > self.history {
            let Some(oldest) = state.records.pop_front() else {
                break;
            };
            state.first_seq += 1;
            if let Some(invocation) = &oldest.entry.lambda_request_id {
                state.claimed.remove(invocation);
            }
        }
    }

    /// A tag of what [`Inspector::requests_json`] would show now, for `ETag`.
    pub(crate) fn version(&self) -> String {
        format!("{}-{}", self.epoch, self.lock().version)
    }

    /// `{"requests": [...]}`, newest first, at most `limit` of them, and its
    /// [`Inspector::version`].
    pub(crate) fn requests_json(&self, limit: usize) -> (String, Bytes) {
        // Under the lock only reference counts are taken; showing happens after.
        let (version, newest): (u64, Vec<Taken>) = {
            let state = self.lock();
            let newest = state
                .records
                .iter()
                .rev()
                .take(limit)
                .map(|kept| (Arc::clone(&kept.entry), kept.logs.lines.clone()))
                .collect();
            (state.version, newest)
        };
        let newest: Vec<Shown> = newest
            .into_iter()
            .map(|(entry, logs)| (entry.shown(), logs))
            .collect();
        let shown = Requests(&newest);
        (
            format!("{}-{version}", self.epoch),
            Bytes::from(serde_json::to_vec(&shown).unwrap_or_default()),
        )
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How many invocations' lines wait unclaimed (for tests of the bound).
    #[cfg(test)]
    fn unclaimed_invocations(&self) -> usize {
        self.lock().unclaimed.invocations()
    }
}

/// A kept request and its log lines so far, taken out of the lock.
type Taken = (Arc<Entry>, Vec<Arc<str>>);

/// A kept record, shown, and its log lines so far.
type Shown = (Arc<Record>, Vec<Arc<str>>);

struct Requests<'a>(&'a [Shown]);

impl Serialize for Requests<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let shown: Vec<_> = self
            .0
            .iter()
            .map(|(record, logs)| record.with_logs(logs))
            .collect();
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("requests", &shown)?;
        map.end()
    }
}

#[cfg(test)]
mod tests;
