//! `gantry invoke`: run one function of a template once, like `sam local invoke`.
//!
//! The template is resolved by the deploy engine without serving anything (so `Ref`,
//! `Fn::GetAtt` and generated names have their real values), then the one function is
//! started, invoked with the event and stopped. The result goes to stdout, logs to stderr.

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use bytes::Bytes;
use cfn_engine::{DeployError, DeployRequest, IdSource, LocalEndpoints};
use lambda_host::{HostConfig, InvokeOptions, LambdaHost, LogEvent};
use store::StackRecord;
use store::model::ResourceModel;

use crate::args::InvokeArgs;
use crate::commands::{parameter_overrides, read_template};
use crate::deploy::{Quiet, ServingChecks, function_config};
use crate::{config, console, usage};

pub(crate) async fn run(args: InvokeArgs) -> anyhow::Result<ExitCode> {
    let source = read_template(&args.template)?;
    let event = read_event(args.event.as_deref())?;
    let Some(stack) = resolve(&args, &source).await? else {
        return Ok(ExitCode::FAILURE);
    };
    let function = find_function(&stack, &args.function)?;

    let work_dir = tempfile::tempdir().context("creating a work directory")?;
    let mut host_config = HostConfig::new(work_dir.path(), config::search_path());
    host_config.region = args.parameters.region.clone();
    host_config.account_id = args.parameters.account_id.clone();
    host_config.log_sink = Arc::new(|event: &LogEvent| console::line(&event.message));
    let host = LambdaHost::start(host_config).await?;
    let outcome = async {
        let config = function_config(function)?;
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

/// Resolves the whole template as the deploy engine would, without serving it.
async fn resolve(args: &InvokeArgs, source: &str) -> anyhow::Result<Option<StackRecord>> {
    let overrides = parameter_overrides(&args.parameters)?;
    let template_path = args.template.clone();
    let stack_name = args.stack_name.clone();
    let region = args.parameters.region.clone();
    let account_id = args.parameters.account_id.clone();
    let source_owned = source.to_owned();
    let runtime = tokio::runtime::Handle::current();
    let result = tokio::task::spawn_blocking(move || {
        let exports = BTreeMap::new();
        let ids = IdSource::random();
        let checks = ServingChecks {
            host: None,
            runtime,
        };
        let request = DeployRequest {
            stack_name: &stack_name,
            template_path: &template_path,
            template_body: &source_owned,
            parameter_overrides: overrides,
            region: &region,
            account_id: &account_id,
            previous: None,
            exports: &exports,
            // Other resources only need values here, not to run.
            allow_unsupported: true,
            endpoints: LocalEndpoints { port: 3000 },
            checks: &checks,
            ids: &ids,
            now: 0,
        };
        cfn_engine::deploy(&request, &mut Quiet)
    })
    .await?;
    match result {
        Ok(deployed) => Ok(Some(deployed.record)),
        Err(DeployError::Invalid(validation)) => {
            console::line(
                validation
                    .render(source, &args.template.display().to_string())
                    .trim_end(),
            );
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
