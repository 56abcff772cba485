//! The request inspector: what happened to the last requests, for `/_gantry/` and
//! `GET /_gantry/api/requests`.
//!
//! Contract skeleton (issue 15): the recording, the JSON and the page are being built.

use bytes::Bytes;
use http::Response;
use http::request::Parts;
use lambda_host::LogEvent;

use apigw::gateway::AccessLog;

/// The last requests the gateway answered, with their functions' log lines.
pub(crate) struct Inspector {
    /// How many requests are kept; 0 keeps none.
    history: usize,
}

impl Inspector {
    /// Keeps the last `history` requests.
    pub(crate) fn new(history: usize) -> Self {
        Self { history }
    }

    /// Whether requests are recorded at all.
    pub(crate) fn is_on(&self) -> bool {
        self.history > 0
    }

    /// Takes one function log line (every line the Lambda host logs comes here).
    pub(crate) fn observe_log(&self, _event: &LogEvent) {}

    /// Records one API request once it is answered: its head as received, what the
    /// gateway did, and the response as sent.
    pub(crate) fn record(&self, _head: &Parts, _log: &AccessLog, _response: &Response<Bytes>) {}
}
