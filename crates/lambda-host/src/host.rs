//! [`LambdaHost`]: deploy functions, invoke them, remove them, shut everything down.
//!
//! The top of the crate: it owns one pool per deployed function and the state they share
//! (`shared`), and uses `deploy` to prepare functions; nothing in the crate depends on it
//! but the public API re-exported from `lib.rs`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, PoisonError, RwLock, Weak};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use tokio::task::JoinHandle;

use crate::config::{FunctionConfig, HostConfig};
use crate::deploy::{self, DeployWarning};
use crate::environment::InvocationRequest;
use crate::error::{Error, Result};
use crate::invoke::platform_error::MAX_REQUEST_PAYLOAD_BYTES;
use crate::invoke::{Invoke, InvokeFuture, InvokeOptions, InvokeOutcome, RequestId};
use crate::logs::LogEvent;
use crate::pool::{FunctionPool, PoolStats, Turn};
use crate::process::ProcessRegistry;
use crate::runtime::bootstrap::Bootstraps;
use crate::runtime::interpreter::InterpreterCache;
use crate::shared::HostShared;

/// How long `shutdown` waits for killed processes to be reaped.
const SHUTDOWN_PATIENCE: Duration = Duration::from_secs(5);

#[derive(Default)]
struct Functions {
    pools: RwLock<HashMap<String, Arc<FunctionPool>>>,
    shut_down: AtomicBool,
}

impl Functions {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, Arc<FunctionPool>>> {
        self.pools.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<String, Arc<FunctionPool>>> {
        self.pools.write().unwrap_or_else(PoisonError::into_inner)
    }

    fn close_all(&self) {
        self.shut_down.store(true, Ordering::SeqCst);
        let pools: Vec<_> = self.write().drain().map(|(_, pool)| pool).collect();
        for pool in pools {
            pool.close();
        }
    }
}

/// Runs Lambda functions as local processes, with Lambda's behaviour.
///
/// ```no_run
/// # async fn example() -> lambda_host::Result<()> {
/// use lambda_host::{CodeSource, FunctionConfig, HostConfig, InvokeOptions, LambdaHost};
///
/// let host = LambdaHost::start(HostConfig::new("/tmp/gantry", "/usr/bin:/bin")).await?;
/// let function = FunctionConfig::new(
///     "hello",
///     "nodejs20.x".parse()?,
///     Some("index.handler".to_owned()),
///     CodeSource::Inline("exports.handler = async (event) => ({ echo: event });".to_owned()),
/// );
/// for warning in host.deploy(function).await? {
///     eprintln!("warning: {warning}");
/// }
/// let outcome = host.invoke("hello", r#"{"a":1}"#.into(), InvokeOptions::default()).await?;
/// println!("{}", String::from_utf8_lossy(outcome.payload()));
/// host.shutdown().await;
/// # Ok(())
/// # }
/// ```
///
/// Dropping the host kills every process it started, also while a panic unwinds.
pub struct LambdaHost {
    shared: Arc<HostShared>,
    functions: Arc<Functions>,
    interpreters: InterpreterCache,
    bootstraps: Bootstraps,
    reaper: JoinHandle<()>,
}

impl LambdaHost {
    /// Prepares the work directory (writes the runtime bootstraps) and starts the idle
    /// reaper. Must be called inside a Tokio runtime.
    pub async fn start(mut config: HostConfig) -> Result<Self> {
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| Error::NoAsyncRuntime)?;
        std::fs::create_dir_all(&config.work_dir).map_err(|err| {
            Error::io(
                format!("creating the work directory {}", config.work_dir.display()),
                err,
            )
        })?;
        // Runtime processes start in their code directory, so every path handed to them
        // (bootstrap, channel socket, LAMBDA_TASK_ROOT) must be absolute.
        config.work_dir = std::fs::canonicalize(&config.work_dir).map_err(|err| {
            Error::io(
                format!("resolving the work directory {}", config.work_dir.display()),
                err,
            )
        })?;
        let bootstraps = Bootstraps::install(&config.work_dir)?;
        let functions = Arc::new(Functions::default());
        let period =
            (config.idle_timeout / 4).clamp(Duration::from_millis(10), Duration::from_secs(5));
        let reaper = runtime.spawn(reap_idle(Arc::downgrade(&functions), period));
        let channels = config
            .bootstrap_channel
            .then(|| bootstraps.channels.clone());
        Ok(LambdaHost {
            interpreters: InterpreterCache::new(config.search_path.clone()),
            shared: Arc::new(HostShared {
                config,
                processes: Arc::new(ProcessRegistry::default()),
                channels,
            }),
            functions,
            bootstraps,
            reaper,
        })
    }

    /// Deploys (or replaces) a function: validates it, checks its interpreter once per
    /// host, prepares its code. Environments start on first invocation. Replacing a
    /// function stops its idle environments; in-flight invocations finish on the old code.
    pub async fn deploy(&self, config: FunctionConfig) -> Result<Vec<DeployWarning>> {
        if self.functions.shut_down.load(Ordering::SeqCst) {
            return Err(Error::ShutDown);
        }
        let (function, warnings) = deploy::prepare(
            config,
            &self.shared.config,
            &self.bootstraps,
            &self.interpreters,
        )
        .await?;
        let name = function.config.function_name.clone();
        let pool = Arc::new(FunctionPool::new(function, Arc::clone(&self.shared)));
        let replaced = self.functions.write().insert(name, pool);
        if let Some(old) = replaced {
            old.close();
        }
        Ok(warnings)
    }

    /// Checks that `config` could be deployed (configuration, interpreter, local code)
    /// without deploying it: what a deploy engine asks before committing a stack.
    pub async fn check(&self, config: &FunctionConfig) -> Result<Vec<DeployWarning>> {
        deploy::check(config, &self.interpreters)
            .await
            .map(|(_, warnings)| warnings)
    }

    /// Invokes a function synchronously. See [`Invoke`] for cancellation.
    pub async fn invoke(
        &self,
        function_name: &str,
        payload: Bytes,
        options: InvokeOptions,
    ) -> Result<InvokeOutcome> {
        let payload = validate_payload(function_name, payload)?;
        let mut request = InvocationRequest {
            request_id: options.request_id.unwrap_or_else(RequestId::random),
            payload,
            trace_id: options.trace_id.unwrap_or_else(new_trace_id),
            client_context: options.client_context,
            invoked_function_arn: options.invoked_function_arn.map(Arc::from),
        };
        // A caller giving up (dropping this future) leaves the invocation to finish and
        // return its environment to the pool (see `pool`). An invocation still waiting
        // for its turn when its function is replaced (a reload) runs on the new
        // deployment; a closed pool is never in `functions`, so this ends.
        loop {
            match self.pool(function_name)?.invoke(request).await? {
                Turn::Ran(outcome) => return Ok(outcome),
                Turn::Closed(waiting) => request = waiting,
            }
        }
    }

    /// Removes a function: no new invocations, idle environments stopped, busy ones
    /// stopped when their invocation ends. Returns whether it was deployed.
    pub fn remove(&self, function_name: &str) -> bool {
        let removed = self.functions.write().remove(function_name);
        removed.map(|pool| pool.close()).is_some()
    }

    /// Stops every environment and waits (briefly) until their processes have exited.
    pub async fn shutdown(&self) {
        // Watch before stopping: stopped environments leave the registry at once.
        let exits = self.shared.processes.exits();
        self.functions.close_all();
        self.shared.processes.kill_all();
        ProcessRegistry::wait_for(exits, SHUTDOWN_PATIENCE).await;
    }

    /// The names of the deployed functions, sorted.
    pub fn function_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.functions.read().keys().cloned().collect();
        names.sort();
        names
    }

    /// The most recent log lines of a function (bounded by `HostConfig::log_tail_bytes`).
    pub fn recent_logs(&self, function_name: &str) -> Option<Vec<LogEvent>> {
        let pool = self.functions.read().get(function_name).cloned()?;
        Some(pool.function.tail.snapshot())
    }

    /// A view of a function's environments.
    pub fn stats(&self, function_name: &str) -> Option<PoolStats> {
        self.functions
            .read()
            .get(function_name)
            .map(|pool| pool.stats())
    }

    /// Process ids of a function's idle environments, most recently used last.
    pub fn idle_environment_pids(&self, function_name: &str) -> Vec<u32> {
        self.functions
            .read()
            .get(function_name)
            .map(|pool| pool.idle_pids())
            .unwrap_or_default()
    }

    /// How many runtime processes (process groups) of this host are running.
    pub fn running_processes(&self) -> usize {
        self.shared.processes.len()
    }

    fn pool(&self, function_name: &str) -> Result<Arc<FunctionPool>> {
        if self.functions.shut_down.load(Ordering::SeqCst) {
            return Err(Error::ShutDown);
        }
        self.functions
            .read()
            .get(function_name)
            .cloned()
            .ok_or_else(|| Error::FunctionNotFound {
                function_name: function_name.to_owned(),
            })
    }
}

impl Invoke for LambdaHost {
    fn invoke<'a>(
        &'a self,
        function_name: &'a str,
        payload: Bytes,
        options: InvokeOptions,
    ) -> InvokeFuture<'a> {
        Box::pin(LambdaHost::invoke(self, function_name, payload, options))
    }
}

impl Drop for LambdaHost {
    fn drop(&mut self) {
        self.reaper.abort();
        self.functions.close_all();
        self.shared.processes.kill_all();
    }
}

/// Lambda's Invoke API accepts only JSON payloads up to 6 MB.
fn validate_payload(function_name: &str, payload: Bytes) -> Result<Bytes> {
    if payload.len() > MAX_REQUEST_PAYLOAD_BYTES {
        return Err(Error::RequestTooLarge {
            function_name: function_name.to_owned(),
            size: payload.len(),
            limit: MAX_REQUEST_PAYLOAD_BYTES,
        });
    }
    // Unconfirmed: Lambda hands an empty payload to the function as `{}`.
    if payload.iter().all(u8::is_ascii_whitespace) {
        return Ok(Bytes::from_static(b"{}"));
    }
    serde_json::from_slice::<serde::de::IgnoredAny>(&payload).map_err(|err| {
        Error::InvalidPayload {
            function_name: function_name.to_owned(),
            reason: err.to_string(),
        }
    })?;
    Ok(payload)
}

/// An X-Ray trace header: `Root=1-<epoch seconds, hex>-<96 random bits>;Parent=<64 random bits>;Sampled=0`.
fn new_trace_id() -> String {
    let seconds = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let root = uuid::Uuid::new_v4().simple().to_string();
    let parent = uuid::Uuid::new_v4().simple().to_string();
    format!(
        "Root=1-{seconds:08x}-{};Parent={};Sampled=0",
        &root[..24],
        &parent[..16]
    )
}

async fn reap_idle(functions: Weak<Functions>, period: Duration) {
    let mut ticks = tokio::time::interval(period);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let Some(functions) = functions.upgrade() else {
            return;
        };
        let pools: Vec<_> = functions.read().values().cloned().collect();
        let now = Instant::now();
        for pool in pools {
            pool.reap_idle(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_must_be_json_and_empty_means_an_empty_object() {
        assert_eq!(
            validate_payload("f", Bytes::new()).unwrap(),
            Bytes::from_static(b"{}")
        );
        assert!(validate_payload("f", Bytes::from_static(b"[1, 2]")).is_ok());
        let err = validate_payload("f", Bytes::from_static(b"{not json")).unwrap_err();
        assert!(
            err.to_string()
                .contains("could not parse request body into json"),
            "{err}"
        );
        let big = Bytes::from(vec![b' '; MAX_REQUEST_PAYLOAD_BYTES + 1]);
        assert!(matches!(
            validate_payload("f", big),
            Err(Error::RequestTooLarge { .. })
        ));
    }

    #[test]
    fn trace_ids_have_the_x_ray_shape() {
        let trace = new_trace_id();
        let parts: Vec<&str> = trace.split(';').collect();
        assert_eq!(parts.len(), 3);
        assert!(parts[0].starts_with("Root=1-"));
        assert_eq!(parts[0].len(), "Root=1-".len() + 8 + 1 + 24);
        assert_eq!(parts[1].len(), "Parent=".len() + 16);
        assert_eq!(parts[2], "Sampled=0");
    }
}
