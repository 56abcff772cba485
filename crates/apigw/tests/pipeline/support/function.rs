//! The fake function: an in-process [`Invoke`] scripted per test, recording every event
//! it receives. No Node.js, no Lambda host, no Runtime API.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use bytes::Bytes;
use lambda_host::{Invoke, InvokeFuture, InvokeOptions, InvokeOutcome, InvokeResult, RequestId};
use serde_json::Value;

/// What the function does when invoked.
#[derive(Debug, Clone)]
pub(crate) enum Script {
    /// Returns this payload (the function's response, not necessarily valid JSON).
    Return(String),
    /// Ends with this failed result (function error, crash, init error, ...).
    Fail(InvokeResult),
    /// The Lambda host cannot serve the invocation (`Err`): it has been shut down.
    HostShutDown,
    /// Answers only after this long (the gateway gives up first).
    Sleep(Duration),
    /// Never answers (the gateway gives up at its integration timeout).
    Never,
}

/// The response of a function that returns `{"ok":true}` as JSON with status 200.
pub(crate) const OK_RESPONSE: &str =
    r#"{"statusCode":200,"headers":{"content-type":"application/json"},"body":"{\"ok\":true}"}"#;

/// One invocation as the function saw it.
#[derive(Debug, Clone)]
pub(crate) struct Invocation {
    pub(crate) function_name: String,
    pub(crate) event: Value,
    /// The event's bytes as received.
    pub(crate) payload: Bytes,
    /// The Lambda request id the caller chose, if it chose one.
    pub(crate) request_id: Option<String>,
    pub(crate) trace_id: Option<String>,
}

/// A scripted function standing in for every function of the stack.
#[derive(Debug)]
pub(crate) struct FakeFunction {
    script: Script,
    /// Scripts of particular functions (an authorizer next to the integration).
    scripts: Vec<(String, Script)>,
    invocations: Mutex<Vec<Invocation>>,
}

impl FakeFunction {
    pub(crate) fn new(script: Script) -> Self {
        Self {
            script,
            scripts: Vec::new(),
            invocations: Mutex::new(Vec::new()),
        }
    }

    /// `function` follows `script` instead.
    pub(crate) fn with(mut self, function: &str, script: Script) -> Self {
        self.scripts.push((function.to_owned(), script));
        self
    }

    /// The invocations of one function, in order.
    pub(crate) fn invocations_of(&self, function: &str) -> Vec<Invocation> {
        let invocations = self.invocations.lock().unwrap();
        invocations
            .iter()
            .filter(|i| i.function_name == function)
            .cloned()
            .collect()
    }

    /// Returns [`OK_RESPONSE`].
    pub(crate) fn ok() -> Self {
        Self::new(Script::Return(OK_RESPONSE.to_owned()))
    }

    /// Returns `payload`.
    pub(crate) fn returning(payload: &str) -> Self {
        Self::new(Script::Return(payload.to_owned()))
    }

    /// Fails with `result`.
    pub(crate) fn failing(result: InvokeResult) -> Self {
        Self::new(Script::Fail(result))
    }

    /// How many times it was invoked.
    pub(crate) fn invocations(&self) -> usize {
        self.invocations.lock().unwrap().len()
    }

    /// The functions invoked, in order.
    pub(crate) fn invoked_functions(&self) -> Vec<String> {
        self.invocations
            .lock()
            .unwrap()
            .iter()
            .map(|invocation| invocation.function_name.clone())
            .collect()
    }

    /// The only invocation; panics unless there was exactly one.
    pub(crate) fn only_invocation(&self) -> Invocation {
        let invocations = self.invocations.lock().unwrap();
        assert_eq!(invocations.len(), 1, "expected exactly one invocation");
        invocations[0].clone()
    }
}

impl Invoke for FakeFunction {
    fn invoke<'a>(
        &'a self,
        function_name: &'a str,
        payload: Bytes,
        options: InvokeOptions,
    ) -> InvokeFuture<'a> {
        Box::pin(async move {
            let started = Instant::now();
            let event: Value =
                serde_json::from_slice(&payload).expect("the gateway sends a JSON event");
            self.invocations.lock().unwrap().push(Invocation {
                function_name: function_name.to_owned(),
                event,
                payload: payload.clone(),
                request_id: options.request_id.as_ref().map(ToString::to_string),
                trace_id: options.trace_id.clone(),
            });
            let script = self
                .scripts
                .iter()
                .find(|(name, _)| name == function_name)
                .map_or(&self.script, |(_, script)| script);
            let result = match script {
                Script::Return(payload) => InvokeResult::Success {
                    payload: Bytes::from(payload.clone()),
                },
                Script::Fail(result) => result.clone(),
                Script::HostShutDown => return Err(lambda_host::Error::ShutDown),
                Script::Never => std::future::pending().await,
                Script::Sleep(duration) => {
                    tokio::time::sleep(*duration).await;
                    InvokeResult::Success {
                        payload: Bytes::from_static(OK_RESPONSE.as_bytes()),
                    }
                }
            };
            Ok(InvokeOutcome {
                request_id: options.request_id.unwrap_or_else(RequestId::random),
                result,
                duration: started.elapsed(),
                init_duration: None,
            })
        })
    }
}

/// `FunctionError` as the Node runtime reports a thrown error.
pub(crate) fn function_error(error_type: &str, message: &str) -> InvokeResult {
    InvokeResult::FunctionError {
        error_type: error_type.to_owned(),
        payload: Bytes::from(
            serde_json::json!({
                "errorType": error_type,
                "errorMessage": message,
                "trace": [format!("{error_type}: {message}"), "    at Runtime.handler (/var/task/index.js:3:9)"],
            })
            .to_string(),
        ),
    }
}

/// The runtime process died mid-invocation.
pub(crate) fn exit_error() -> InvokeResult {
    InvokeResult::ExitError {
        exit: "signal: killed".to_owned(),
        payload: Bytes::from_static(
            br#"{"errorType":"Runtime.ExitError","errorMessage":"RequestId: x Error: Runtime exited with error: signal: killed"}"#,
        ),
    }
}

/// The handler module could not be loaded.
pub(crate) fn init_error() -> InvokeResult {
    InvokeResult::InitError {
        error_type: "Runtime.ImportModuleError".to_owned(),
        payload: Bytes::from_static(
            br#"{"errorType":"Runtime.ImportModuleError","errorMessage":"Error: Cannot find module 'index'"}"#,
        ),
    }
}

/// The function ran past its own `Timeout` (3 s).
pub(crate) fn function_timeout() -> InvokeResult {
    InvokeResult::Timeout {
        timeout: Duration::from_secs(3),
        payload: Bytes::from_static(
            br#"{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: x Error: Task timed out after 3.00 seconds"}"#,
        ),
    }
}
