//! The environment variables a runtime process gets, as Lambda defines them
//! (<https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html>).
//!
//! Order of precedence: gantry's defaults for unreserved variables (`PATH`, `TZ`, ...),
//! then the function's `Environment.Variables`, then the reserved variables, which a
//! function may not set (deploy rejects them, as Lambda does).
//!
//! `deploy` computes and validates the per-function part ([`for_function`]) and
//! `environment` adds the per-environment part ([`per_environment`]); both sit above this
//! module.

use std::ffi::OsString;
use std::path::Path;

use crate::config::FunctionConfig;
use crate::logs::platform::LATEST_VERSION;
use crate::runtime::{Runtime, RuntimeFamily};

pub(crate) const AWS_LAMBDA_RUNTIME_API: &str = "AWS_LAMBDA_RUNTIME_API";
pub(crate) const HANDLER: &str = "_HANDLER";
pub(crate) const LAMBDA_TASK_ROOT: &str = "LAMBDA_TASK_ROOT";
pub(crate) const LAMBDA_RUNTIME_DIR: &str = "LAMBDA_RUNTIME_DIR";
pub(crate) const AWS_EXECUTION_ENV: &str = "AWS_EXECUTION_ENV";
pub(crate) const AWS_LAMBDA_FUNCTION_NAME: &str = "AWS_LAMBDA_FUNCTION_NAME";
pub(crate) const AWS_LAMBDA_FUNCTION_MEMORY_SIZE: &str = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";
pub(crate) const AWS_LAMBDA_FUNCTION_VERSION: &str = "AWS_LAMBDA_FUNCTION_VERSION";
pub(crate) const AWS_LAMBDA_INITIALIZATION_TYPE: &str = "AWS_LAMBDA_INITIALIZATION_TYPE";
pub(crate) const AWS_LAMBDA_LOG_GROUP_NAME: &str = "AWS_LAMBDA_LOG_GROUP_NAME";
pub(crate) const AWS_LAMBDA_LOG_STREAM_NAME: &str = "AWS_LAMBDA_LOG_STREAM_NAME";
pub(crate) const AWS_REGION: &str = "AWS_REGION";
pub(crate) const AWS_DEFAULT_REGION: &str = "AWS_DEFAULT_REGION";
const PATH: &str = "PATH";
const LANG: &str = "LANG";
const TZ: &str = "TZ";
const NODE_PATH: &str = "NODE_PATH";
const PYTHONPATH: &str = "PYTHONPATH";
const LD_LIBRARY_PATH: &str = "LD_LIBRARY_PATH";

/// Keys Lambda refuses in `Environment.Variables`.
pub(crate) const RESERVED: [&str; 18] = [
    HANDLER,
    "_X_AMZN_TRACE_ID",
    AWS_DEFAULT_REGION,
    AWS_REGION,
    AWS_EXECUTION_ENV,
    AWS_LAMBDA_FUNCTION_NAME,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    AWS_LAMBDA_FUNCTION_VERSION,
    AWS_LAMBDA_INITIALIZATION_TYPE,
    AWS_LAMBDA_LOG_GROUP_NAME,
    AWS_LAMBDA_LOG_STREAM_NAME,
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    AWS_LAMBDA_RUNTIME_API,
    LAMBDA_TASK_ROOT,
    LAMBDA_RUNTIME_DIR,
];

/// What the per-function variables are computed from.
pub(crate) struct FunctionFacts<'a> {
    pub(crate) config: &'a FunctionConfig,
    pub(crate) task_root: &'a Path,
    /// The function's layers as laid out in place of `/opt`, if it has any.
    pub(crate) opt_dir: Option<&'a Path>,
    /// The version (`3.12.1`) of the interpreter that runs a Node.js or Python function.
    pub(crate) interpreter_version: Option<&'a str>,
    pub(crate) runtime_dir: &'a Path,
    pub(crate) log_group: &'a str,
    pub(crate) region: &'a str,
    pub(crate) search_path: &'a OsString,
}

/// The variables shared by every environment of a function (all but the Runtime API
/// address and the log stream, see [`per_environment`]).
pub(crate) fn for_function(facts: &FunctionFacts<'_>) -> Vec<(String, String)> {
    let config = facts.config;
    let task_root = facts.task_root.to_string_lossy().into_owned();
    // Deviation from AWS: PATH is the host's search path, so runtimes and bootstraps find
    // the same tools the developer has (Lambda uses /usr/local/bin:/usr/bin/:/bin:/opt/bin).
    let mut defaults = vec![
        (PATH, facts.search_path.to_string_lossy().into_owned()),
        (LANG, "en_US.UTF-8".to_owned()),
        (TZ, ":UTC".to_owned()),
    ];
    if config.runtime.family() == RuntimeFamily::Node {
        defaults.push((NODE_PATH, task_root.clone()));
    }
    if let Some(opt) = facts.opt_dir {
        layer_paths(
            &mut defaults,
            opt,
            config.runtime,
            facts.interpreter_version,
        );
    }
    let mut reserved = vec![
        (LAMBDA_TASK_ROOT, task_root),
        (
            LAMBDA_RUNTIME_DIR,
            facts.runtime_dir.to_string_lossy().into_owned(),
        ),
        (AWS_LAMBDA_FUNCTION_NAME, config.function_name.clone()),
        (
            AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
            config.memory_mb.to_string(),
        ),
        (AWS_LAMBDA_FUNCTION_VERSION, LATEST_VERSION.to_owned()),
        (AWS_LAMBDA_LOG_GROUP_NAME, facts.log_group.to_owned()),
        (AWS_LAMBDA_INITIALIZATION_TYPE, "on-demand".to_owned()),
        (AWS_REGION, facts.region.to_owned()),
        (AWS_DEFAULT_REGION, facts.region.to_owned()),
    ];
    if let Some(handler) = &config.handler {
        reserved.push((HANDLER, handler.clone()));
    }
    if let Some(execution_env) = Runtime::execution_env(config.runtime) {
        reserved.push((AWS_EXECUTION_ENV, execution_env));
    }
    let mut variables: Vec<(String, String)> = defaults
        .into_iter()
        .filter(|(name, _)| !config.environment.contains_key(*name))
        .map(|(name, value)| (name.to_owned(), value))
        .collect();
    variables.extend(
        config
            .environment
            .iter()
            .map(|(k, v)| (k.clone(), v.clone())),
    );
    variables.extend(
        reserved
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value)),
    );
    variables
}

/// Where a function with layers looks into them: the directories Lambda's runtimes name
/// under `/opt` (lambda.md §5.2), in their order, under the layers' directory instead.
/// `PYTHONPATH` puts them after the task root and before the standard library, where
/// Lambda's Python runtime inserts them.
fn layer_paths(
    defaults: &mut Vec<(&'static str, String)>,
    opt: &Path,
    runtime: Runtime,
    interpreter_version: Option<&str>,
) {
    let under = |path: &str| opt.join(path).to_string_lossy().into_owned();
    for (name, value) in defaults.iter_mut() {
        match *name {
            PATH => *value = format!("{value}:{}", under("bin")),
            NODE_PATH => {
                if let Runtime::Node { major } = runtime {
                    *value = format!(
                        "{}:{}:{value}",
                        under(&format!("nodejs/node{major}/node_modules")),
                        under("nodejs/node_modules")
                    );
                }
            }
            _ => {}
        }
    }
    if let Runtime::Python { minor } = runtime {
        // Deviation from AWS: Lambda names the running interpreter's version only; when the
        // interpreter here is another version, the runtime's is added too, as the layer
        // was built for the runtime.
        let mut versions: Vec<String> = interpreter_version
            .and_then(|version| version.rsplit_once('.'))
            .map(|(major_minor, _)| major_minor.to_owned())
            .into_iter()
            .collect();
        let declared = format!("3.{minor}");
        if !versions.contains(&declared) {
            versions.push(declared);
        }
        let mut entries: Vec<String> = versions
            .iter()
            .map(|version| under(&format!("python/lib/python{version}/site-packages")))
            .collect();
        entries.push(under("python"));
        defaults.push((PYTHONPATH, entries.join(":")));
    }
    defaults.push((LD_LIBRARY_PATH, under("lib")));
}

/// The variables that differ between environments of one function.
pub(crate) fn per_environment(
    runtime_api: std::net::SocketAddr,
    log_stream: &str,
) -> [(String, String); 2] {
    [
        (AWS_LAMBDA_RUNTIME_API.to_owned(), runtime_api.to_string()),
        (AWS_LAMBDA_LOG_STREAM_NAME.to_owned(), log_stream.to_owned()),
    ]
}

/// Whether `name` is a valid variable name for Lambda: a letter, then letters, digits or `_`.
pub(crate) fn is_valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CodeSource;

    #[test]
    fn customer_variables_override_defaults_but_not_reserved_ones() {
        let mut config = FunctionConfig::new(
            "fn",
            "nodejs20.x".parse().unwrap(),
            Some("index.handler".into()),
            CodeSource::Inline(String::new()),
        );
        config
            .environment
            .insert("TZ".into(), "Europe/Paris".into());
        config.environment.insert("TABLE".into(), "t".into());
        let search_path = OsString::from("/usr/bin");
        let variables = for_function(&FunctionFacts {
            config: &config,
            task_root: Path::new("/code"),
            opt_dir: None,
            interpreter_version: None,
            runtime_dir: Path::new("/rt"),
            log_group: "/aws/lambda/fn",
            region: "eu-west-1",
            search_path: &search_path,
        });
        let get = |name: &str| {
            variables
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(get("TZ"), ["Europe/Paris"]);
        assert_eq!(get("TABLE"), ["t"]);
        assert_eq!(get("_HANDLER"), ["index.handler"]);
        assert_eq!(get("AWS_EXECUTION_ENV"), ["AWS_Lambda_nodejs20.x"]);
        assert_eq!(get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), ["128"]);
        assert_eq!(get("NODE_PATH"), ["/code"]);
        assert_eq!(get("AWS_REGION"), ["eu-west-1"]);
    }

    fn layer_variables(runtime: &str, interpreter: Option<&str>) -> Vec<(String, String)> {
        let config = FunctionConfig::new(
            "fn",
            runtime.parse().unwrap(),
            Some("index.handler".into()),
            CodeSource::Inline(String::new()),
        );
        let search_path = OsString::from("/usr/bin");
        for_function(&FunctionFacts {
            config: &config,
            task_root: Path::new("/code"),
            opt_dir: Some(Path::new("/state/layers/fn-1")),
            interpreter_version: interpreter,
            runtime_dir: Path::new("/rt"),
            log_group: "/aws/lambda/fn",
            region: "eu-west-1",
            search_path: &search_path,
        })
    }

    fn value<'a>(variables: &'a [(String, String)], name: &str) -> Option<&'a str> {
        variables
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn layers_are_on_the_paths_lambdas_runtimes_use_for_opt() {
        let node = layer_variables("nodejs22.x", Some("22.1.0"));
        assert_eq!(
            value(&node, "NODE_PATH"),
            Some(
                "/state/layers/fn-1/nodejs/node22/node_modules:/state/layers/fn-1/nodejs/node_modules:/code"
            )
        );
        assert_eq!(
            value(&node, "PATH"),
            Some("/usr/bin:/state/layers/fn-1/bin")
        );
        assert_eq!(
            value(&node, "LD_LIBRARY_PATH"),
            Some("/state/layers/fn-1/lib")
        );
        assert_eq!(value(&node, "PYTHONPATH"), None);
        let python = layer_variables("python3.12", Some("3.12.3"));
        assert_eq!(
            value(&python, "PYTHONPATH"),
            Some(
                "/state/layers/fn-1/python/lib/python3.12/site-packages:/state/layers/fn-1/python"
            )
        );
        let other_interpreter = layer_variables("python3.12", Some("3.11.2"));
        assert_eq!(
            value(&other_interpreter, "PYTHONPATH"),
            Some(
                "/state/layers/fn-1/python/lib/python3.11/site-packages:/state/layers/fn-1/python/lib/python3.12/site-packages:/state/layers/fn-1/python"
            )
        );
    }

    #[test]
    fn variable_names_follow_lambda_rules() {
        assert!(is_valid_name("TABLE_NAME"));
        assert!(is_valid_name("a1"));
        assert!(!is_valid_name("1A"));
        assert!(!is_valid_name("A-B"));
        assert!(!is_valid_name("A"));
        assert!(!is_valid_name(""));
    }
}
