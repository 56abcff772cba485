//! A kept request: captured on the request path, shown (masked and cut into a
//! [`Record`]) when first asked for, and from then on only its shown form is kept.

use std::sync::{Arc, Mutex, PoisonError};

use super::record::{Captured, Record};

/// One kept request.
pub(super) struct Entry {
    /// Lambda's request id of its invocation, whose log lines it claims.
    pub(super) lambda_request_id: Option<Arc<str>>,
    stage: Mutex<Stage>,
}

// Captured inline: one allocation fewer per request; the room it takes once shown (under
// 0.5 KiB) is small next to the record.
#[allow(clippy::large_enum_variant)]
enum Stage {
    Captured(Captured),
    Shown(Arc<Record>),
}

impl Entry {
    pub(super) fn new(captured: Captured) -> Self {
        Self {
            lambda_request_id: captured.lambda_request_id().map(Arc::from),
            stage: Mutex::new(Stage::Captured(captured)),
        }
    }

    /// The record as shown; masks and cuts the capture the first time only.
    pub(super) fn shown(&self) -> Arc<Record> {
        let mut stage = self.stage.lock().unwrap_or_else(PoisonError::into_inner);
        match &*stage {
            Stage::Shown(record) => Arc::clone(record),
            Stage::Captured(captured) => {
                let record = Arc::new(Record::new(captured));
                *stage = Stage::Shown(Arc::clone(&record));
                record
            }
        }
    }
}
