//! What the Runtime API answers a runtime's call with: a status and a JSON body, as the
//! Runtime Interface Emulator renders them. Both transports use these, so a runtime reads
//! the same bytes whichever one carried its call.

use bytes::Bytes;
use http::StatusCode;
use serde_json::json;

use super::state::Refusal;
use crate::invoke::platform_error::MAX_RESPONSE_PAYLOAD_BYTES;

/// Error types of the Runtime API's own refusals (RIE's wording).
const INVALID_STATE_TRANSITION: &str = "InvalidStateTransition";
const INVALID_REQUEST_ID: &str = "InvalidRequestID";
const REQUEST_ENTITY_TOO_LARGE: &str = "RequestEntityTooLarge";
pub(super) const INVALID_FUNCTION_RESPONSE_MODE: &str = "InvalidFunctionResponseMode";
const TRUNCATED_HTTP_REQUEST: &str = "TruncatedHTTPRequest";
/// gantry's own: the environment is being stopped.
const ENVIRONMENT_STOPPING: &str = "ExecutionEnvironmentStopping";

/// One answer to a runtime's call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) body: Bytes,
}

impl Answer {
    /// Whether the call was refused (the runtime logs such answers).
    pub(crate) fn is_refusal(&self) -> bool {
        self.status.as_u16() >= 400
    }
}

/// `202 {"status":"OK"}`.
pub(crate) fn accepted() -> Answer {
    document(StatusCode::ACCEPTED, &json!({"status": "OK"}))
}

/// `413`: the body was larger than a response may be.
pub(crate) fn too_large() -> Answer {
    api_error(
        StatusCode::PAYLOAD_TOO_LARGE,
        REQUEST_ENTITY_TOO_LARGE,
        &format!("Exceeded maximum allowed payload size ({MAX_RESPONSE_PAYLOAD_BYTES} bytes)."),
    )
}

/// `400`: the body ended early.
pub(crate) fn truncated() -> Answer {
    api_error(
        StatusCode::BAD_REQUEST,
        TRUNCATED_HTTP_REQUEST,
        "HTTP request detected as truncated",
    )
}

/// The answer to a call the state machine refused.
pub(crate) fn refused(refusal: &Refusal) -> Answer {
    match refusal {
        Refusal::InvalidStateTransition { from, to } => api_error(
            StatusCode::FORBIDDEN,
            INVALID_STATE_TRANSITION,
            &format!(
                "State transition from {from} to {to} failed for runtime. Error: State transition is not allowed"
            ),
        ),
        Refusal::InvalidRequestId => api_error(
            StatusCode::BAD_REQUEST,
            INVALID_REQUEST_ID,
            "Invalid request ID",
        ),
        Refusal::ShuttingDown => api_error(
            StatusCode::GONE,
            ENVIRONMENT_STOPPING,
            "The execution environment is being stopped",
        ),
    }
}

/// `{"errorMessage": ..., "errorType": ...}` with `status`.
pub(crate) fn api_error(status: StatusCode, error_type: &str, message: &str) -> Answer {
    document(
        status,
        &json!({"errorMessage": message, "errorType": error_type}),
    )
}

fn document(status: StatusCode, value: &serde_json::Value) -> Answer {
    Answer {
        status,
        body: Bytes::from(value.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_ries_json_documents() {
        assert_eq!(&accepted().body[..], br#"{"status":"OK"}"#);
        let answer = refused(&Refusal::InvalidRequestId);
        assert_eq!(answer.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            &answer.body[..],
            br#"{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"#
        );
        assert!(too_large().is_refusal() && !accepted().is_refusal());
    }
}
