//! `gantry invoke`: run one function of a template once, like `sam local invoke`.
//!
//! The template is resolved by the deploy engine without serving anything (so `Ref`,
//! `Fn::GetAtt` and generated names have their real values), then the one function is
//! started, invoked with the event and stopped. The result goes to stdout, logs to stderr.

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, anyhow};
use bytes::Bytes;
use cfn_engine::{DeployError, DeployWarning, IdSource};
use gantry::checks::ServingChecks;
use gantry::env_vars::EnvVars;
use gantry::settings::{DeployTarget, StackSettings};
use lambda_host::{FunctionConfig, HostConfig, InvokeOptions, LambdaHost, LogEvent};
use store::StackRecord;
use store::model::ResourceModel;

use crate::args::InvokeArgs;
use crate::commands::stack_settings;
use crate::deploy::Quiet;
use crate::{config, console, usage};

/// The port `invoke` pretends APIs are served on: nothing is served, but `ApiEndpoint`
/// values in the function's environment look like `gantry up`'s default.
const NOMINAL_PORT: u16 = 3000;

pub(crate) async fn run(args: InvokeArgs) -> anyhow::Result<ExitCode> {
    let mut settings = stack_settings(&args.stack)?;
    // The other resources only need values here, not to run.
    settings.allow_unsupported = true;
    let event = read_event(args.event.as_deref())?;
    let env_vars = read_env_vars(args.env_vars.as_deref())?;
    let Some(mut resolved) = resolve(&settings, env_vars).await? else {
        return Ok(ExitCode::FAILURE);
    };
    let function = find_function(&resolved.stack, &args.function)?;
    for warning in resolved
        .warnings
        .iter()
        .filter(|w| w.logical_id.as_deref() == Some(function.logical_id.as_str()))
    {
        console::deploy_warning(&settings.template_path, &settings.map_warning(warning));
    }
    // Every function of the template was mapped when the engine checked it.
    let config = resolved
        .configs
        .remove(&function.function_name)
        .ok_or_else(|| anyhow!("function {} was not checked", function.logical_id))?;

    let work_dir = tempfile::tempdir().context("creating a work directory")?;
    let mut host_config = HostConfig::new(work_dir.path(), config::search_path());
    host_config.region = settings.region.clone();
    host_config.account_id = settings.account_id.clone();
    host_config.log_sink = Arc::new(|event: &LogEvent| console::line(&event.message));
    let host = LambdaHost::start(host_config).await?;
    let outcome = async {
        for warning in host.deploy(config).await? {
            console::warning(&warning.to_string());
        }
        Ok::<_, anyhow::Error>(
            host.invoke(&function.function_name, event, InvokeOptions::default())
                .await?,
        )
    }
    .await;
    host.shutdown().await;
    let outcome = outcome?;
    console::flush();

    let mut stdout = std::io::stdout().lock();
    stdout.write_all(outcome.payload())?;
    stdout.write_all(b"\n")?;
    Ok(if outcome.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The event: a JSON file, `-` for stdin, or `{}`. Not JSON is a usage error.
fn read_event(source: Option<&str>) -> anyhow::Result<Bytes> {
    let (name, text) = match source {
        None => return Ok(Bytes::from_static(b"{}")),
        Some("-") => {
            let mut text = Vec::new();
            std::io::stdin()
                .read_to_end(&mut text)
                .map_err(|e| usage(format!("cannot read the event from standard input: {e}")))?;
            ("standard input".to_owned(), text)
        }
        Some(path) => {
            let text = std::fs::read(path)
                .map_err(|e| usage(format!("cannot read event file {path}: {e}")))?;
            (format!("event file {path}"), text)
        }
    };
    if let Err(e) = serde_json::from_slice::<serde_json::Value>(&text) {
        return Err(usage(format!(
            "{name} is not JSON ({e}); Lambda events are JSON documents, e.g. {{\"key\": \"value\"}}"
        )));
    }
    Ok(Bytes::from(text))
}

/// `--env-vars`, read and checked (a usage error when it is not SAM CLI's format).
pub(crate) fn read_env_vars(path: Option<&std::path::Path>) -> anyhow::Result<Option<EnvVars>> {
    path.map(|path| EnvVars::read(path).map_err(usage))
        .transpose()
}

/// The template resolved as the deploy engine would deploy it.
struct Resolved {
    stack: StackRecord,
    /// The deployment's warnings.
    warnings: Vec<DeployWarning>,
    /// The host's configuration of each function, by function name.
    configs: BTreeMap<String, FunctionConfig>,
}

/// Resolves the whole template as the deploy engine would, without serving it.
async fn resolve(
    settings: &StackSettings,
    env_vars: Option<EnvVars>,
) -> anyhow::Result<Option<Resolved>> {
    let runtime = tokio::runtime::Handle::current();
    let owned = settings.clone();
    let result = tokio::task::spawn_blocking(move || {
        let checks = ServingChecks::new(None, runtime, owned.template_dir())
            .with_env_vars(env_vars.as_ref());
        let (exports, ids) = (BTreeMap::new(), IdSource::random());
        // `--ssm`, `--ssm-file` and built-in values; invoke reads no state.
        let (assets, ssm_parameters) = (
            cfn_engine::LocalAssets::new(),
            owned.ssm_store(&BTreeMap::new()).parameters,
        );
        let request = owned.deploy_request(DeployTarget {
            previous: None,
            exports: &exports,
            assets: &assets,
            ssm_parameters: &ssm_parameters,
            port: NOMINAL_PORT,
            checks: &checks,
            ids: &ids,
        });
        let deployed = cfn_engine::deploy(&request, &mut Quiet);
        drop(request);
        deployed.map(|deployed| (deployed, checks.into_configs()))
    })
    .await?;
    match result {
        Ok((deployed, configs)) => Ok(Some(Resolved {
            stack: deployed.record,
            warnings: deployed.warnings,
            configs,
        })),
        Err(DeployError::Invalid(validation)) => {
            console::line(settings.render(&validation).trim_end());
            Ok(None)
        }
        Err(error) => Err(error.into()),
    }
}

/// The function by logical id or by function name.
fn find_function<'a>(
    stack: &'a StackRecord,
    wanted: &str,
) -> anyhow::Result<&'a store::model::Function> {
    let functions: Vec<&store::model::Function> = stack
        .resources
        .iter()
        .filter_map(|record| match &record.model {
            ResourceModel::Function(function) => Some(function),
            _ => None,
        })
        .collect();
    functions
        .iter()
        .find(|f| f.logical_id == wanted || f.function_name == wanted)
        .copied()
        .ok_or_else(|| {
            let names: Vec<&str> = functions.iter().map(|f| f.logical_id.as_str()).collect();
            usage(if names.is_empty() {
                format!(
                    "the template has no AWS::Lambda::Function, so there is no {wanted:?} to invoke"
                )
            } else {
                format!(
                    "the template has no function {wanted:?}; its functions are: {}",
                    names.join(", ")
                )
            })
        })
}
