//! The error documents the Lambda platform itself returns (as opposed to errors a
//! function's runtime reports), and their error types.

use std::time::Duration;

use bytes::Bytes;
use serde_json::json;

/// The largest response body Lambda accepts from a runtime: 6 MiB plus 100 bytes of
/// allowance (`6291556`, the figure in Lambda's `Function.ResponseSizeTooLarge` message).
pub(crate) const MAX_RESPONSE_PAYLOAD_BYTES: u64 = 6 * 1024 * 1024 + 100;
/// The largest synchronous invocation request Lambda accepts.
pub(crate) const MAX_REQUEST_PAYLOAD_BYTES: usize = 6 * 1024 * 1024;

/// The runtime process ended before answering.
pub(crate) const RUNTIME_EXIT_ERROR: &str = "Runtime.ExitError";
/// The custom runtime's `bootstrap` is missing or cannot be executed.
pub(crate) const RUNTIME_INVALID_ENTRYPOINT: &str = "Runtime.InvalidEntrypoint";
/// The invocation (or initialisation) ran out of time.
pub(crate) const SANDBOX_TIMEDOUT: &str = "Sandbox.Timedout";
/// The response was larger than [`MAX_RESPONSE_PAYLOAD_BYTES`].
pub(crate) const FUNCTION_RESPONSE_SIZE_TOO_LARGE: &str = "Function.ResponseSizeTooLarge";
/// The error type a runtime's error report gets when it sends none.
pub(crate) const UNHANDLED: &str = "Unhandled";
/// Lambda's throttling error code.
pub(crate) const TOO_MANY_REQUESTS: &str = "TooManyRequestsException";

fn document(error_type: &str, message: String) -> Bytes {
    Bytes::from(json!({"errorType": error_type, "errorMessage": message}).to_string())
}

/// `Task timed out after 3.00 seconds`.
pub(crate) fn timed_out_message(timeout: Duration) -> String {
    format!("Task timed out after {:.2} seconds", timeout.as_secs_f64())
}

/// Unconfirmed: Lambda's current runtimes return
/// `{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: <id> Error: Task timed out after 3.00 seconds"}`;
/// older ones returned only `errorMessage`, prefixed with a timestamp.
pub(crate) fn timeout(request_id: &str, timeout: Duration) -> Bytes {
    document(
        SANDBOX_TIMEDOUT,
        format!(
            "RequestId: {request_id} Error: {}",
            timed_out_message(timeout)
        ),
    )
}

/// How a process ended, in the words Lambda uses (`exit status 1`, `signal: killed`).
pub(crate) fn describe_exit(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit status {code}"),
        (None, Some(signal)) => format!("signal: {}", signal_name(signal)),
        (None, None) => "exit status unknown".to_owned(),
    }
}

fn signal_name(signal: i32) -> String {
    use nix::sys::signal::Signal;
    let name = match Signal::try_from(signal) {
        Ok(Signal::SIGKILL) => "killed",
        Ok(Signal::SIGTERM) => "terminated",
        Ok(Signal::SIGSEGV) => "segmentation fault",
        Ok(Signal::SIGABRT) => "aborted",
        Ok(Signal::SIGBUS) => "bus error",
        Ok(Signal::SIGINT) => "interrupt",
        Ok(Signal::SIGHUP) => "hangup",
        Ok(Signal::SIGPIPE) => "broken pipe",
        Ok(Signal::SIGFPE) => "floating point exception",
        Ok(Signal::SIGILL) => "illegal instruction",
        _ => return format!("signal {signal}"),
    };
    name.to_owned()
}

/// `RequestId: <id> Error: Runtime exited with error: exit status 1` (or `Runtime exited
/// without providing a reason` for a clean exit).
pub(crate) fn exit_message(request_id: &str, status: std::process::ExitStatus) -> String {
    let reason = if status.success() {
        "Runtime exited without providing a reason".to_owned()
    } else {
        format!("Runtime exited with error: {}", describe_exit(status))
    };
    format!("RequestId: {request_id} Error: {reason}")
}

pub(crate) fn exit_error(request_id: &str, status: std::process::ExitStatus) -> Bytes {
    document(RUNTIME_EXIT_ERROR, exit_message(request_id, status))
}

/// Lambda's message when the `bootstrap` of a custom runtime is unusable.
pub(crate) fn invalid_entrypoint(request_id: &str, reason: &str) -> Bytes {
    document(
        RUNTIME_INVALID_ENTRYPOINT,
        format!("RequestId: {request_id} Error: {reason}"),
    )
}

pub(crate) fn response_too_large(size: u64) -> Bytes {
    document(
        FUNCTION_RESPONSE_SIZE_TOO_LARGE,
        format!(
            "Response payload size ({size} bytes) exceeded maximum allowed payload size ({MAX_RESPONSE_PAYLOAD_BYTES} bytes)."
        ),
    )
}

/// Unconfirmed: the body of Lambda's `TooManyRequestsException` for a function whose
/// reserved concurrency is 0.
pub(crate) fn throttled() -> Bytes {
    Bytes::from(
        json!({
            "Type": "User",
            "message": "Rate Exceeded.",
            "Reason": "ReservedFunctionConcurrentInvocationLimitExceeded",
            "errorType": TOO_MANY_REQUESTS,
        })
        .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use std::os::unix::process::ExitStatusExt;
    use std::process::ExitStatus;

    use super::*;

    #[test]
    fn exit_messages_use_lambda_wording() {
        assert_eq!(
            exit_message("id", ExitStatus::from_raw(1 << 8)),
            "RequestId: id Error: Runtime exited with error: exit status 1"
        );
        assert_eq!(
            exit_message("id", ExitStatus::from_raw(9)),
            "RequestId: id Error: Runtime exited with error: signal: killed"
        );
        assert_eq!(
            exit_message("id", ExitStatus::from_raw(0)),
            "RequestId: id Error: Runtime exited without providing a reason"
        );
    }

    #[test]
    fn timeout_and_size_documents() {
        let timeout = timeout("id", Duration::from_secs(3));
        assert_eq!(
            &timeout[..],
            br#"{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: id Error: Task timed out after 3.00 seconds"}"#
        );
        let too_large = response_too_large(7_000_000);
        assert!(
            String::from_utf8_lossy(&too_large)
                .contains("Response payload size (7000000 bytes) exceeded maximum allowed payload size (6291556 bytes).")
        );
    }
}
