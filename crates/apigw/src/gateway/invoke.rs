//! The `invoke` step: call the function within the integration timeout and turn every
//! way it can end into the function's output or a [`GatewayError`].

use std::time::{Duration, Instant};

use bytes::Bytes;
use lambda_host::{Invoke, InvokeOptions, InvokeOutcome, InvokeResult, RequestId};
use serde_json::Value;

use super::{AccessLog, FunctionCall, IntegrationCall, RequestFacts};
use crate::deployment::LambdaIntegration;
use crate::error::{GatewayError, IntegrationError, InternalError};

/// Invokes the integration's function; `Ok` is the output of a successful invocation.
pub(super) async fn invoke(
    invoker: &dyn Invoke,
    lambda: &LambdaIntegration,
    payload: Bytes,
    facts: &RequestFacts,
    log: &mut AccessLog,
) -> Result<Bytes, GatewayError> {
    let call = FunctionCallRequest {
        function_name: &lambda.function_name,
        function_arn: &lambda.function_arn,
        timeout: lambda.timeout,
        trace_id: &facts.trace_id,
    };
    let outcome = match call_within_timeout(invoker, &call, payload, log).await {
        Ok(outcome) => outcome,
        Err(CallFailed::TimedOut) => {
            return Err(IntegrationError::Timeout {
                timeout_ms: u64::try_from(lambda.timeout.as_millis()).unwrap_or(u64::MAX),
            }
            .into());
        }
        Err(CallFailed::NotInvoked(error)) => {
            return Err(InternalError {
                what: format!("invoking function {}: {error}", lambda.function_name),
            }
            .into());
        }
    };
    match outcome.result {
        InvokeResult::Success { payload } => Ok(payload),
        InvokeResult::FunctionError {
            error_type,
            payload,
        } => {
            let (document_type, message) = error_document(&payload);
            Err(IntegrationError::FunctionError {
                // The runtime's error type (`Unhandled` when it sent none) says less than
                // the document's own `errorType` (`ValueError`, `TypeError`, ...).
                error_type: document_type.unwrap_or(error_type),
                message,
            }
            .into())
        }
        // A function timeout, crash, init failure, oversized response or throttle reaches
        // API Gateway as a failed invocation: 500.
        // Unconfirmed: the status for Lambda throttling behind an HTTP API (§5.4).
        _ => Err(IntegrationError::InvokeFailed {
            reason: outcome.explain(),
        }
        .into()),
    }
}

/// One Lambda proxy call, HTTP API or REST API alike.
pub(super) struct FunctionCallRequest<'a> {
    /// The function's name (what the Lambda host invokes).
    pub(super) function_name: &'a str,
    /// The ARN the integration invokes (the function's `invokedFunctionArn`).
    pub(super) function_arn: &'a str,
    /// The integration's `TimeoutInMillis`.
    pub(super) timeout: Duration,
    pub(super) trace_id: &'a str,
}

/// How a call ended without the function's outcome.
pub(super) enum CallFailed {
    /// The integration timeout passed first.
    TimedOut,
    /// The Lambda host could not invoke the function.
    NotInvoked(lambda_host::Error),
}

/// Calls the function within the integration timeout and records the call (and the
/// function's invocation, when it ran) in the access log; the HTTP and REST pipelines
/// each turn the outcome into their own answers.
pub(super) async fn call_within_timeout(
    invoker: &dyn Invoke,
    call: &FunctionCallRequest<'_>,
    payload: Bytes,
    log: &mut AccessLog,
) -> Result<InvokeOutcome, CallFailed> {
    // The id is chosen here, so the log names the invocation even when the wait ends first.
    let lambda_request_id = RequestId::random();
    let options = InvokeOptions::default()
        .with_request_id(lambda_request_id.clone())
        .with_trace_id(call.trace_id.to_owned())
        .with_invoked_function_arn(call.function_arn.to_owned());
    let called = Instant::now();
    let event = payload.clone();
    let invocation = invoker.invoke(call.function_name, payload, options);
    // Dropping the invocation on timeout does not stop the function: like Lambda behind
    // API Gateway, it runs on to completion or to its own Timeout.
    let outcome = match tokio::time::timeout(call.timeout, invocation).await {
        Err(_elapsed) => {
            let waited = called.elapsed();
            log.context.integration = Some(IntegrationCall {
                status: None,
                response_status: None,
                latency: waited,
                request_id: None,
            });
            log.function = Some(FunctionCall {
                function_name: call.function_name.to_owned(),
                request_id: lambda_request_id.to_string(),
                duration: waited,
                init_duration: None,
                event,
            });
            return Err(CallFailed::TimedOut);
        }
        Ok(Err(error)) => return Err(CallFailed::NotInvoked(error)),
        Ok(Ok(outcome)) => outcome,
    };
    // Lambda's Invoke answers 200 for every invocation that ran, function errors included.
    log.context.integration = Some(IntegrationCall {
        status: Some(200),
        response_status: None,
        latency: called.elapsed(),
        request_id: Some(outcome.request_id.to_string()),
    });
    log.function = Some(FunctionCall {
        function_name: call.function_name.to_owned(),
        request_id: outcome.request_id.to_string(),
        duration: outcome.duration,
        init_duration: outcome.init_duration,
        event,
    });
    Ok(outcome)
}

/// The `errorType` and `errorMessage` of an error document; its text when it has no
/// message.
fn error_document(payload: &[u8]) -> (Option<String>, String) {
    let text = || String::from_utf8_lossy(payload).into_owned();
    let Ok(Value::Object(error)) = serde_json::from_slice::<Value>(payload) else {
        return (None, text());
    };
    let error_type = match error.get("errorType") {
        Some(Value::String(error_type)) if !error_type.is_empty() => Some(error_type.clone()),
        _ => None,
    };
    let message = match error.get("errorMessage") {
        Some(Value::String(message)) => message.clone(),
        Some(other) => other.to_string(),
        None => text(),
    };
    (error_type, message)
}
