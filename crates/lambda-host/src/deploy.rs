//! Deploying a function: validate its configuration the way Lambda's `CreateFunction`
//! does, check its interpreter, prepare its code, and fix everything its environments
//! will share ([`PreparedFunction`]).
//!
//! Only `host` calls it. It builds on the modules below it (`code`, `runtime`, `process`
//! for the launch command and the environment variables, `function` for the result) and
//! knows nothing of pools or running environments.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use crate::code;
use crate::config::{FunctionConfig, HostConfig};
use crate::error::{Error, Result};
use crate::function::PreparedFunction;
use crate::logs::LogTail;
use crate::process::Launch;
use crate::process::variables::{self, FunctionFacts};
use crate::runtime::bootstrap::Bootstraps;
use crate::runtime::interpreter::{Interpreter, InterpreterCache};
use crate::runtime::{BOOTSTRAP_FILE, Runtime, RuntimeFamily};

/// Lambda's `MemorySize` bounds, in MB.
const MEMORY_MB: std::ops::RangeInclusive<u32> = 128..=10_240;

/// Something worth telling the user that does not stop the deployment.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeployWarning {
    /// The interpreter on PATH is not the version the runtime names; the function runs
    /// on it anyway.
    InterpreterVersionMismatch {
        /// The function.
        function_name: String,
        /// The runtime it declares.
        runtime: Runtime,
        /// The interpreter that will run it.
        interpreter: PathBuf,
        /// That interpreter's version.
        found: String,
    },
    /// A custom runtime's code has no executable `bootstrap` (yet); invocations fail with
    /// `Runtime.InvalidEntrypoint` until it exists.
    MissingBootstrap {
        /// The function.
        function_name: String,
        /// Where the file is expected.
        path: PathBuf,
    },
}

impl fmt::Display for DeployWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeployWarning::InterpreterVersionMismatch {
                function_name,
                runtime,
                interpreter,
                found,
            } => write!(
                f,
                "function {function_name} declares {runtime} but {} is version {found}; it will run on {found}",
                interpreter.display()
            ),
            DeployWarning::MissingBootstrap {
                function_name,
                path,
            } => write!(
                f,
                "function {function_name} uses a custom runtime but {} is missing or not executable; \
                 invocations will fail with Runtime.InvalidEntrypoint",
                path.display()
            ),
        }
    }
}

/// Validates and prepares `config`; returns the function and any warnings.
pub(crate) async fn prepare(
    config: FunctionConfig,
    host: &HostConfig,
    bootstraps: &Bootstraps,
    interpreters: &InterpreterCache,
) -> Result<(PreparedFunction, Vec<DeployWarning>)> {
    let (interpreter, mut warnings) = check(&config, interpreters).await?;
    let code = code::prepare(&host.work_dir, &config).await?;
    let interpreter_version = interpreter.as_ref().map(|i| i.version.clone());
    let launch = match (config.runtime.family(), interpreter) {
        (RuntimeFamily::Node, Some(node)) => Launch {
            program: node.path.clone(),
            args: vec![bootstraps.node.clone().into_os_string()],
        },
        // -u: unbuffered output, so print() lines reach the log as they are written.
        // -B: no __pycache__ written into the developer's code directory (Lambda's task
        // root is read-only, so functions cannot rely on it either).
        (RuntimeFamily::Python, Some(python)) => Launch {
            program: python.path.clone(),
            args: vec![
                OsString::from("-u"),
                OsString::from("-B"),
                bootstraps.python.clone().into_os_string(),
            ],
        },
        _ => {
            // Lambda runs the first of the task root's and the layers' `bootstrap`
            // (lambda.md §5.2).
            let in_task_root = code.task_root.join(BOOTSTRAP_FILE);
            let bootstrap = match &code.opt_dir {
                Some(opt)
                    if !is_executable(&in_task_root)
                        && is_executable(&opt.join(BOOTSTRAP_FILE)) =>
                {
                    opt.join(BOOTSTRAP_FILE)
                }
                _ => in_task_root,
            };
            if !is_executable(&bootstrap) {
                warnings.push(DeployWarning::MissingBootstrap {
                    function_name: config.function_name.clone(),
                    path: bootstrap.clone(),
                });
            }
            Launch {
                program: bootstrap,
                args: Vec::new(),
            }
        }
    };
    let function_arn = config.function_arn.clone().unwrap_or_else(|| {
        arn::Arn::lambda_function(
            arn::Partition::of_region(&host.region),
            &host.region,
            &host.account_id,
            &config.function_name,
        )
        .to_string()
    });
    let log_group = config.log_group_name();
    let variables = variables::for_function(&FunctionFacts {
        config: &config,
        task_root: &code.task_root,
        opt_dir: code.opt_dir.as_deref(),
        interpreter_version: interpreter_version.as_deref(),
        runtime_dir: &bootstraps.dir,
        log_group: &log_group,
        region: &host.region,
        search_path: &host.search_path,
    });
    let prepared = PreparedFunction {
        function_name: config.function_name.as_str().into(),
        function_arn: function_arn.into(),
        log_group: log_group.into(),
        tail: Arc::new(LogTail::new(host.log_tail_bytes)),
        config,
        code,
        launch,
        variables,
    };
    Ok((prepared, warnings))
}

/// What deploying `config` would check, without preparing anything: the configuration,
/// the interpreter, and that local code exists. Returns the interpreter to use (none for
/// custom runtimes) and the warnings.
pub(crate) async fn check(
    config: &FunctionConfig,
    interpreters: &InterpreterCache,
) -> Result<(Option<Arc<Interpreter>>, Vec<DeployWarning>)> {
    validate(config)?;
    code::check_exists(config)?;
    let mut warnings = Vec::new();
    let interpreter = interpreters.for_runtime(config.runtime).await?;
    if let Some(interpreter) = &interpreter
        && !interpreter.matches(config.runtime)
    {
        warnings.push(DeployWarning::InterpreterVersionMismatch {
            function_name: config.function_name.clone(),
            runtime: config.runtime,
            interpreter: interpreter.path.clone(),
            found: interpreter.version.clone(),
        });
    }
    Ok((interpreter, warnings))
}

fn is_executable(path: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

/// The checks Lambda's `CreateFunction` makes on what gantry uses.
fn validate(config: &FunctionConfig) -> Result<()> {
    let invalid = |field: &'static str, reason: String| Error::InvalidFunctionConfig {
        function_name: config.function_name.clone(),
        field,
        reason,
    };
    let name = &config.function_name;
    if name.is_empty()
        || name.len() > 64
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(invalid(
            "FunctionName",
            "must be 1 to 64 letters, digits, hyphens or underscores".to_owned(),
        ));
    }
    if config.runtime.family() != RuntimeFamily::Provided
        && config.handler.as_deref().is_none_or(str::is_empty)
    {
        return Err(invalid(
            "Handler",
            format!("is required for {} (e.g. index.handler)", config.runtime),
        ));
    }
    if !MEMORY_MB.contains(&config.memory_mb) {
        return Err(invalid(
            "MemorySize",
            format!("must be between 128 and 10240 MB, not {}", config.memory_mb),
        ));
    }
    if config.timeout.is_zero() {
        return Err(invalid("Timeout", "must be greater than zero".to_owned()));
    }
    if let Some(bad) = config
        .environment
        .keys()
        .find(|key| !variables::is_valid_name(key))
    {
        return Err(invalid(
            "Environment.Variables",
            format!(
                "key `{bad}` is invalid: use a letter followed by letters, digits or underscores"
            ),
        ));
    }
    let reserved: Vec<&str> = config
        .environment
        .keys()
        .map(String::as_str)
        .filter(|key| variables::RESERVED.contains(key))
        .collect();
    if !reserved.is_empty() {
        return Err(invalid(
            "Environment.Variables",
            format!(
                "uses keys Lambda reserves and does not let functions set: {}",
                reserved.join(", ")
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::config::CodeSource;

    fn node(name: &str) -> FunctionConfig {
        FunctionConfig::new(
            name,
            "nodejs20.x".parse().unwrap(),
            Some("index.handler".into()),
            CodeSource::Inline(String::new()),
        )
    }

    #[tokio::test]
    async fn a_custom_runtimes_bootstrap_may_come_from_a_layer() {
        use std::os::unix::fs::PermissionsExt;

        use crate::runtime::bootstrap::Bootstraps;
        use crate::runtime::interpreter::InterpreterCache;

        let dir = tempfile::tempdir().unwrap();
        let (code, layer) = (dir.path().join("code"), dir.path().join("layer"));
        std::fs::create_dir_all(&code).unwrap();
        std::fs::create_dir_all(&layer).unwrap();
        std::fs::write(layer.join(BOOTSTRAP_FILE), "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(
            layer.join(BOOTSTRAP_FILE),
            std::fs::Permissions::from_mode(0o755),
        )
        .unwrap();
        let mut config = FunctionConfig::new(
            "fn",
            "provided.al2023".parse().unwrap(),
            None,
            CodeSource::Directory(code),
        );
        config.layers = vec![CodeSource::Directory(layer)];
        let host = HostConfig::new(dir.path().join("work"), "/usr/bin");
        let bootstraps = Bootstraps::install(&host.work_dir).unwrap();
        let interpreters = InterpreterCache::new(host.search_path.clone());
        let (prepared, warnings) = prepare(config, &host, &bootstraps, &interpreters)
            .await
            .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let opt = prepared.code.opt_dir.clone().unwrap();
        assert_eq!(prepared.launch.program, opt.join(BOOTSTRAP_FILE));
    }

    #[test]
    fn valid_configuration_passes() {
        validate(&node("orders-api_v2")).unwrap();
    }

    #[test]
    fn each_invalid_field_is_named() {
        let mut bad_name = node("has space");
        bad_name.function_name = "has space".into();
        let mut no_handler = node("f");
        no_handler.handler = None;
        let mut memory = node("f");
        memory.memory_mb = 64;
        let mut timeout = node("f");
        timeout.timeout = Duration::ZERO;
        let mut key = node("f");
        key.environment.insert("1BAD".into(), String::new());
        let mut reserved = node("f");
        reserved.environment.insert("AWS_REGION".into(), "x".into());
        for (config, field) in [
            (bad_name, "FunctionName"),
            (no_handler, "Handler"),
            (memory, "MemorySize"),
            (timeout, "Timeout"),
            (key, "1BAD"),
            (reserved, "AWS_REGION"),
        ] {
            let err = validate(&config).unwrap_err();
            assert!(err.to_string().contains(field), "{field}: {err}");
        }
    }
}
