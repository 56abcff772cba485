//! The invocation interface: [`Invoke`], what goes in ([`InvokeOptions`]) and what comes
//! out ([`InvokeOutcome`]).
//!
//! Every way a function can end is a value of [`InvokeResult`], carrying the payload
//! Lambda's Invoke API would return. `Err` is reserved for requests that could not be
//! served (unknown function, payload that is not JSON, host shut down).

pub(crate) mod platform_error;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use serde_json::Value;

use crate::error::Result;

/// A future returned by [`Invoke::invoke`].
pub type InvokeFuture<'a> = Pin<Box<dyn Future<Output = Result<InvokeOutcome>> + Send + 'a>>;

/// Something that can invoke Lambda functions by name: [`LambdaHost`](crate::LambdaHost),
/// or an in-process stand-in for tests and benchmarks of the gateway.
///
/// Dropping the returned future does not cancel the invocation: like Lambda behind an API
/// Gateway integration timeout, the function runs to completion (or its own timeout) and
/// its environment is then reused. Callers apply their own deadline with
/// `tokio::time::timeout`.
pub trait Invoke: Send + Sync {
    /// Invokes `function_name` with a JSON `payload` (synchronous `RequestResponse`
    /// invocation).
    fn invoke<'a>(
        &'a self,
        function_name: &'a str,
        payload: Bytes,
        options: InvokeOptions,
    ) -> InvokeFuture<'a>;
}

/// Per-invocation inputs besides the payload.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct InvokeOptions {
    /// The request id to use (`Lambda-Runtime-Aws-Request-Id`); a UUID when `None`.
    pub request_id: Option<RequestId>,
    /// The X-Ray trace header (`Root=1-...;Parent=...;Sampled=0`); generated when `None`.
    pub trace_id: Option<String>,
    /// Client context JSON (Lambda's `X-Amz-Client-Context`, decoded).
    pub client_context: Option<String>,
    /// The ARN the caller invoked (`Lambda-Runtime-Invoked-Function-Arn`, the context's
    /// `invokedFunctionArn`): an alias's or version's ARN when the caller named one; the
    /// function's own ARN when `None`.
    pub invoked_function_arn: Option<String>,
}

impl InvokeOptions {
    /// Sets the request id.
    pub fn with_request_id(mut self, request_id: RequestId) -> Self {
        self.request_id = Some(request_id);
        self
    }

    /// Sets the X-Ray trace header.
    pub fn with_trace_id(mut self, trace_id: impl Into<String>) -> Self {
        self.trace_id = Some(trace_id.into());
        self
    }

    /// Sets the client context JSON.
    pub fn with_client_context(mut self, client_context: impl Into<String>) -> Self {
        self.client_context = Some(client_context.into());
        self
    }

    /// Sets the ARN the caller invoked (an alias's or version's ARN).
    pub fn with_invoked_function_arn(mut self, arn: impl Into<String>) -> Self {
        self.invoked_function_arn = Some(arn.into());
        self
    }
}

/// A Lambda request id (`AwsRequestId`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequestId(String);

impl RequestId {
    /// A new random (UUID v4) request id, as Lambda issues.
    pub fn random() -> Self {
        // `fast-rng`: a thread-local generator, not a `getrandom` system call per id.
        RequestId(uuid::Uuid::new_v4().to_string())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl RequestId {
    /// A caller-chosen request id; `None` unless it is 1 to 128 visible ASCII characters
    /// (it travels in an HTTP header).
    pub fn new(id: impl Into<String>) -> Option<Self> {
        let id = id.into();
        let valid = (1..=128).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_graphic());
        valid.then_some(RequestId(id))
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How one invocation ended, with its request id and timing.
#[derive(Debug, Clone, PartialEq)]
pub struct InvokeOutcome {
    /// The invocation's request id.
    pub request_id: RequestId,
    /// What happened.
    pub result: InvokeResult,
    /// From handing the event to the runtime until the result (Lambda's `Duration`).
    pub duration: Duration,
    /// Set when this invocation started a new execution environment (cold start).
    pub init_duration: Option<Duration>,
}

/// What an invocation produced. Every variant but `Success` is a failure that Lambda's
/// Invoke API reports with HTTP 200 and `X-Amz-Function-Error`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum InvokeResult {
    /// The function returned; `payload` is its response body.
    Success {
        /// The response body.
        payload: Bytes,
    },
    /// The function reported an error through `/invocation/{id}/error`.
    FunctionError {
        /// `Lambda-Runtime-Function-Error-Type`, or `Unhandled` when absent.
        error_type: String,
        /// The error document exactly as the runtime sent it.
        payload: Bytes,
    },
    /// The function did not answer within its `Timeout`; its environment was stopped.
    Timeout {
        /// The configured timeout.
        timeout: Duration,
        /// Lambda's error document (`Task timed out after N seconds`).
        payload: Bytes,
    },
    /// The runtime process exited during the invocation; its environment was replaced.
    ExitError {
        /// How the process ended, e.g. `exit status 1` or `signal: killed`.
        exit: String,
        /// Lambda's `Runtime.ExitError` document.
        payload: Bytes,
    },
    /// The environment failed to initialise (`/init/error`, exit before `/next`, missing
    /// `bootstrap`, init timeout).
    InitError {
        /// E.g. `Runtime.ImportModuleError`, `Runtime.HandlerNotFound`, `Runtime.ExitError`.
        error_type: String,
        /// The error document as the runtime sent it, or Lambda's own.
        payload: Bytes,
    },
    /// The response exceeded Lambda's 6 MB limit; the runtime was answered `413`.
    ResponseTooLarge {
        /// The size of the response the runtime tried to send.
        size: u64,
        /// Lambda's `Function.ResponseSizeTooLarge` document.
        payload: Bytes,
    },
    /// `ReservedConcurrentExecutions` is 0, so Lambda refuses every invocation.
    Throttled {
        /// Lambda's `TooManyRequestsException` document.
        payload: Bytes,
    },
}

impl InvokeOutcome {
    /// Whether the function returned a response.
    pub fn is_success(&self) -> bool {
        matches!(self.result, InvokeResult::Success { .. })
    }

    /// The body Lambda's Invoke API returns: the response, or the error document.
    pub fn payload(&self) -> &Bytes {
        match &self.result {
            InvokeResult::Success { payload }
            | InvokeResult::FunctionError { payload, .. }
            | InvokeResult::Timeout { payload, .. }
            | InvokeResult::ExitError { payload, .. }
            | InvokeResult::InitError { payload, .. }
            | InvokeResult::ResponseTooLarge { payload, .. }
            | InvokeResult::Throttled { payload } => payload,
        }
    }

    /// The `X-Amz-Function-Error` header Lambda's Invoke API sets: `Unhandled` for every
    /// failure, `None` on success.
    pub fn function_error_header(&self) -> Option<&'static str> {
        (!self.is_success()).then_some("Unhandled")
    }

    /// One line saying what happened, for logs, e.g.
    /// `function error (TypeError): Cannot read properties of undefined`.
    pub fn explain(&self) -> String {
        let detail = |payload: &Bytes| error_summary(payload).unwrap_or_default();
        let text = match &self.result {
            InvokeResult::Success { payload } => {
                format!("function returned a {}-byte response", payload.len())
            }
            InvokeResult::FunctionError {
                error_type,
                payload,
            } => {
                let (kind, message) = error_fields(payload);
                format!(
                    "function error ({}): {}",
                    kind.unwrap_or_else(|| error_type.clone()),
                    message.unwrap_or_default()
                )
            }
            InvokeResult::Timeout { timeout, .. } => {
                format!(
                    "Sandbox.Timedout: the function timed out after {:.2} seconds (its Timeout); raise Timeout or make it faster",
                    timeout.as_secs_f64()
                )
            }
            InvokeResult::ExitError { exit, .. } => {
                format!(
                    "Runtime.ExitError: the runtime exited during the invocation ({exit}); its environment was replaced"
                )
            }
            InvokeResult::InitError {
                error_type,
                payload,
            } => {
                format!(
                    "function failed to initialise ({error_type}): {}",
                    detail(payload)
                )
            }
            InvokeResult::ResponseTooLarge { size, .. } => format!(
                "function response of {size} bytes exceeds Lambda's limit of {} bytes",
                platform_error::MAX_RESPONSE_PAYLOAD_BYTES
            ),
            InvokeResult::Throttled { .. } => {
                "function is throttled (ReservedConcurrentExecutions is 0)".to_owned()
            }
        };
        one_line(&text, 300)
    }
}

/// `errorType` and `errorMessage` of a Lambda error document, if it is one.
fn error_fields(payload: &Bytes) -> (Option<String>, Option<String>) {
    let Ok(Value::Object(document)) = serde_json::from_slice::<Value>(payload) else {
        return (None, None);
    };
    let text = |key: &str| document.get(key).and_then(Value::as_str).map(str::to_owned);
    (text("errorType"), text("errorMessage"))
}

fn error_summary(payload: &Bytes) -> Option<String> {
    error_fields(payload).1
}

/// Newlines (and Lambda's `\r` line separators) become spaces; long text is cut.
fn one_line(text: &str, max_chars: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    if flat.chars().count() <= max_chars {
        flat
    } else {
        let mut cut: String = flat.chars().take(max_chars).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(result: InvokeResult) -> InvokeOutcome {
        InvokeOutcome {
            request_id: RequestId::new("id").unwrap(),
            result,
            duration: Duration::from_millis(1),
            init_duration: None,
        }
    }

    #[test]
    fn explain_uses_the_error_document_and_stays_on_one_line() {
        let failure = outcome(InvokeResult::FunctionError {
            error_type: "Unhandled".into(),
            payload: Bytes::from_static(
                br#"{"errorType":"TypeError","errorMessage":"bad\nthing"}"#,
            ),
        });
        assert_eq!(failure.explain(), "function error (TypeError): bad thing");
        assert_eq!(failure.function_error_header(), Some("Unhandled"));
        let not_json = outcome(InvokeResult::FunctionError {
            error_type: "Unhandled".into(),
            payload: Bytes::from_static(b"oops"),
        });
        assert_eq!(not_json.explain(), "function error (Unhandled): ");
    }

    #[test]
    fn success_has_no_function_error_header() {
        let ok = outcome(InvokeResult::Success {
            payload: Bytes::from_static(b"42"),
        });
        assert!(ok.is_success());
        assert_eq!(ok.function_error_header(), None);
        assert_eq!(ok.payload().as_ref(), b"42");
    }

    #[test]
    fn request_ids_must_fit_in_a_header() {
        assert!(RequestId::new("c6af9ac6-7b61-11e6-9a41-93e812345678").is_some());
        assert!(RequestId::new("").is_none());
        assert!(RequestId::new("has space").is_none());
        assert!(RequestId::new("line\nbreak").is_none());
    }

    #[test]
    fn random_request_ids_are_distinct_version_4_uuids() {
        let ids: std::collections::HashSet<String> =
            (0..1000).map(|_| RequestId::random().0).collect();
        assert_eq!(ids.len(), 1000);
        for id in ids.iter().take(10) {
            let uuid = uuid::Uuid::parse_str(id).unwrap();
            assert_eq!(uuid.get_version_num(), 4, "{id}");
            assert_eq!(id.len(), 36);
        }
    }

    #[test]
    fn one_line_cuts_long_text() {
        assert_eq!(one_line("abcdef", 3), "abc…");
    }
}
