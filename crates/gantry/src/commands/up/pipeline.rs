//! The steps `up` takes to deploy what it planned and serve it, shared by the start and
//! every reload ([`deploy_and_serve`]): [`deploy_stacks`] (the engine, one stack after
//! another, each stored as it deploys) → [`serve`] (compile the APIs, start new and
//! changed functions, remove deleted ones, publish). Printing what is served, or why
//! not, is the caller's.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use anyhow::{Context as _, anyhow};
use apigw::jwt::IssuerKeys;
use cfn_engine::{DeployError, Deployed, IdSource};
use gantry::checks::ServingChecks;
use gantry::custom_resource::LazyResponseEndpoint;
use gantry::env_vars::EnvVars;
use gantry::settings::{DeployTarget, ssm};
use lambda_host::{FunctionConfig, LambdaHost};
use store::model::ResourceModel;
use store::{StackRecord, Store};

use super::plan::PlannedStack;
use crate::console;
use crate::deploy::ProgressPrinter;
use crate::server::App;

/// What every deployment shares: the state, the serving components.
pub(super) struct DeployContext<'a> {
    pub(super) store: &'a Arc<Store>,
    pub(super) host: &'a Arc<LambdaHost>,
    pub(super) app: &'a App,
    pub(super) keys: &'a IssuerKeys,
    /// Where custom resources' providers answer.
    pub(super) responses: &'a Arc<LazyResponseEndpoint>,
    pub(super) port: u16,
    pub(super) state_dir: &'a Path,
    /// Info lines already printed (a built-in SSM value is said once, not per stack).
    pub(super) notes: std::sync::Mutex<std::collections::BTreeSet<String>>,
}

/// The stacks being served and the functions they run.
#[derive(Default)]
pub(super) struct Served {
    pub(super) records: Vec<StackRecord>,
    /// Function name → its configuration, as the host runs it.
    pub(super) functions: BTreeMap<String, FunctionConfig>,
}

/// A stack of the plan that did not deploy, and those that did before it.
pub(super) struct Failed {
    pub(super) failure: DeployFailure,
    /// Its index in the plan.
    pub(super) stack: usize,
    /// The names of the stacks deployed (and stored) before it.
    pub(super) deployed: Vec<String>,
}

/// Deploys the planned stacks and serves them in place of `previous` (see [`serve`]
/// for `refresh`).
pub(super) async fn deploy_and_serve(
    stacks: &[PlannedStack],
    env_vars: Option<&EnvVars>,
    previous: &Served,
    refresh: &BTreeSet<String>,
    context: &DeployContext<'_>,
) -> Result<Served, Failed> {
    let (records, configs) = deploy_stacks(stacks, env_vars, context).await?;
    let names: Vec<String> = records.iter().map(|r| r.name.clone()).collect();
    serve(records, configs, previous, refresh, context)
        .await
        .map_err(|failure| Failed {
            failure,
            stack: stacks.len().saturating_sub(1),
            deployed: names,
        })
}

/// Deploys the planned stacks in order, storing each as soon as it deploys (the next
/// stacks import its exports and read its SSM parameters, and it stays deployed if a
/// later stack fails, as with `cdk deploy`). Returns the records and the functions'
/// configurations; nothing is served yet.
async fn deploy_stacks(
    stacks: &[PlannedStack],
    env_vars: Option<&EnvVars>,
    context: &DeployContext<'_>,
) -> Result<(Vec<StackRecord>, BTreeMap<String, FunctionConfig>), Failed> {
    let mut records = Vec::new();
    let mut configs = BTreeMap::new();
    for (index, stack) in stacks.iter().enumerate() {
        let deployed = deploy(stack, env_vars, context).await.and_then(|deployed| {
            context.store.put_stack(&deployed.0)?;
            Ok(deployed)
        });
        match deployed {
            Ok((record, stack_configs)) => {
                records.push(record);
                configs.extend(stack_configs);
            }
            Err(failure) => {
                return Err(Failed {
                    failure,
                    stack: index,
                    deployed: records.iter().map(|r| r.name.clone()).collect(),
                });
            }
        }
    }
    Ok((records, configs))
}

/// Deploys one stack with the engine (events printed as they happen); nothing is served
/// or stored yet.
async fn deploy(
    stack: &PlannedStack,
    env_vars: Option<&EnvVars>,
    context: &DeployContext<'_>,
) -> Result<(StackRecord, BTreeMap<String, FunctionConfig>), DeployFailure> {
    let user_settings = &stack.settings;
    let location = stack
        .display_name
        .as_ref()
        .filter(|path| **path != user_settings.stack_name)
        .map(|path| format!(" ({path})"))
        .unwrap_or_default();
    console::line(&format!(
        "gantry: deploying stack {}{location} from {} (state in {})",
        user_settings.stack_name,
        user_settings.template_path.display(),
        context.state_dir.display()
    ));
    let store = context.store;
    let previous = store.stack(&user_settings.stack_name)?;
    let exports = exports_of_other_stacks(store, &user_settings.stack_name)?;
    let ssm = user_settings.ssm_store(&ssm::resource_parameters(&store.stacks()?));
    print_once(&context.notes, &ssm.notes);
    let env_vars = env_vars.cloned();
    let (settings, assets, host, responses) = (
        user_settings.clone(),
        stack.assets.clone(),
        Arc::clone(context.host),
        Arc::clone(context.responses),
    );
    let port = context.port;
    let construct_root = stack.display_name.clone();
    let runtime = tokio::runtime::Handle::current();
    let result = tokio::task::spawn_blocking(move || {
        let checks = ServingChecks::new(Some(&host), runtime, settings.template_dir())
            .with_env_vars(env_vars.as_ref())
            .with_assets(&assets)
            .with_custom_resources(Some(&responses));
        let ids = IdSource::random();
        let request = settings.deploy_request(DeployTarget {
            previous: previous.as_ref(),
            exports: &exports,
            assets: &assets,
            ssm_parameters: &ssm.parameters,
            port,
            checks: &checks,
            ids: &ids,
        });
        let deployed = cfn_engine::deploy(
            &request,
            &mut ProgressPrinter::for_construct(construct_root),
        );
        drop(request);
        deployed.map(|deployed| (deployed, checks.into_configs()))
    })
    .await
    .context("the deployment task failed")?;
    let (Deployed { record, warnings }, configs) = result?;
    for warning in &warnings {
        console::deploy_warning(
            &user_settings.template_path,
            &user_settings.map_warning(warning),
        );
    }
    Ok((record, configs))
}

/// Prints each note not printed before in this run.
fn print_once(printed: &std::sync::Mutex<std::collections::BTreeSet<String>>, notes: &[String]) {
    let mut printed = printed
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for note in notes {
        if printed.insert(note.clone()) {
            console::line(&format!("gantry: {note}"));
        }
    }
}

/// Serves deployed stacks in place of `previous`: compiles their APIs, starts each
/// function that is new or whose configuration changed (an unchanged one keeps its warm
/// environments; those in `refresh` start again anyway, their code changed), removes the
/// functions `previous` ran that are gone, and publishes the
/// APIs (requests in flight finish on the deployment they started on). A failure leaves
/// the gateway serving the previous deployment.
async fn serve(
    records: Vec<StackRecord>,
    mut configs: BTreeMap<String, FunctionConfig>,
    previous: &Served,
    refresh: &BTreeSet<String>,
    context: &DeployContext<'_>,
) -> Result<Served, DeployFailure> {
    let (app, host) = (context.app, context.host);
    let deployment = apigw::deployment::compile(&records, context.keys)
        .map_err(|e| DeployFailure::Other(anyhow!("the deployed APIs cannot be served: {e}")))?;
    let mut functions = BTreeMap::new();
    let resources = (records.iter())
        .flat_map(StackRecord::stacks)
        .flat_map(|stack| &stack.resources);
    for record in resources {
        if let ResourceModel::Function(function) = &record.model {
            // Mapped (and its warnings printed) when the engine checked the function.
            let config = configs
                .remove(&function.function_name)
                .ok_or_else(|| anyhow!("function {} was not checked", function.logical_id))?;
            if previous.functions.get(&config.function_name) != Some(&config)
                || refresh.contains(&config.function_name)
            {
                host.deploy(config.clone())
                    .await
                    .map_err(anyhow::Error::from)?;
            }
            functions.insert(config.function_name.clone(), config);
        }
    }
    for gone in previous.functions.keys() {
        if !functions.contains_key(gone) {
            host.remove(gone);
        }
    }
    app.gateway.publish(deployment);
    app.ready.store(true, Ordering::Release);
    Ok(Served { records, functions })
}

fn exports_of_other_stacks(
    store: &Store,
    stack_name: &str,
) -> anyhow::Result<BTreeMap<String, String>> {
    Ok(store
        .stacks()?
        .into_iter()
        .filter(|stack| stack.name != stack_name)
        .flat_map(|stack| {
            let outputs: Vec<_> = stack
                .stacks()
                .into_iter()
                .flat_map(|s| s.outputs.clone())
                .collect();
            outputs
        })
        .filter_map(|output| Some((output.export_name?, output.value)))
        .collect())
}

/// Why `up` did not get to serve (or a reload did not).
#[derive(Debug, thiserror::Error)]
pub(crate) enum DeployFailure {
    /// The engine refused or rolled back.
    #[error(transparent)]
    Engine(#[from] DeployError),
    /// Anything else (state, functions, compiling the APIs).
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<store::Error> for DeployFailure {
    fn from(error: store::Error) -> Self {
        Self::Other(error.into())
    }
}
