//! What the runtime's answer makes of an invocation: its result and how `REPORT` ends.

use crate::invoke::InvokeResult;
use crate::invoke::platform_error::{self, FUNCTION_RESPONSE_SIZE_TOO_LARGE};
use crate::logs::platform::ReportStatus;
use crate::runtime_api::RuntimeReply;

/// The result of an invocation the runtime answered (`/response`, `/error`, or a response
/// over the size limit).
pub(super) fn answered(reply: RuntimeReply) -> (InvokeResult, ReportStatus) {
    match reply {
        RuntimeReply::Response { body } => (
            InvokeResult::Success { payload: body },
            ReportStatus::Answered,
        ),
        RuntimeReply::Error { error_type, body } => (
            InvokeResult::FunctionError {
                error_type,
                payload: body,
            },
            ReportStatus::Answered,
        ),
        RuntimeReply::TooLarge { size } => (
            InvokeResult::ResponseTooLarge {
                size,
                payload: platform_error::response_too_large(size),
            },
            ReportStatus::Error(FUNCTION_RESPONSE_SIZE_TOO_LARGE.to_owned()),
        ),
    }
}
