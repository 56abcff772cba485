//! The `invoke` step: call the function within the integration timeout and turn every
//! way it can end into the function's output or a [`GatewayError`].

use bytes::Bytes;
use lambda_host::{Invoke, InvokeOptions, InvokeResult};
use serde_json::Value;

use super::{AccessLog, RequestFacts};
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
    let options = InvokeOptions::default().with_trace_id(facts.trace_id.clone());
    let invocation = invoker.invoke(&lambda.function_name, payload, options);
    // Dropping the invocation on timeout does not stop the function: like Lambda behind
    // API Gateway, it runs on to completion or to its own Timeout.
    let outcome = match tokio::time::timeout(lambda.timeout, invocation).await {
        Err(_elapsed) => {
            return Err(IntegrationError::Timeout {
                timeout_ms: u64::try_from(lambda.timeout.as_millis()).unwrap_or(u64::MAX),
            }
            .into());
        }
        Ok(Err(error)) => {
            return Err(InternalError {
                what: format!("invoking function {}: {error}", lambda.function_name),
            }
            .into());
        }
        Ok(Ok(outcome)) => outcome,
    };
    log.function = Some(super::access_log::FunctionCall {
        function_name: lambda.function_name.clone(),
        request_id: outcome.request_id.to_string(),
        duration: outcome.duration,
        init_duration: outcome.init_duration,
    });
    match outcome.result {
        InvokeResult::Success { payload } => Ok(payload),
        InvokeResult::FunctionError {
            error_type,
            payload,
        } => Err(IntegrationError::FunctionError {
            error_type,
            message: error_message(&payload),
        }
        .into()),
        // A function timeout, crash, init failure, oversized response or throttle reaches
        // API Gateway as a failed invocation: 500.
        // Unconfirmed: the status for Lambda throttling behind an HTTP API (§5.4).
        _ => Err(IntegrationError::InvokeFailed {
            reason: outcome.explain(),
        }
        .into()),
    }
}

/// The `errorMessage` of an error document, or its text.
fn error_message(payload: &[u8]) -> String {
    match serde_json::from_slice::<Value>(payload) {
        Ok(Value::Object(error)) => match error.get("errorMessage") {
            Some(Value::String(message)) => message.clone(),
            Some(other) => other.to_string(),
            None => String::from_utf8_lossy(payload).into_owned(),
        },
        _ => String::from_utf8_lossy(payload).into_owned(),
    }
}
