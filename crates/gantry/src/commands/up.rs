//! `gantry up`: deploy a template and serve it until Ctrl-C or SIGTERM.
//!
//! The steps: read what to deploy (one template, or the chosen stacks of a CDK cloud
//! assembly in dependency order) → bind the port (fail fast) → open the state → load the
//! issuer key → start the Lambda host and the server (health says "deploying") → deploy
//! each stack and store it (a failing stack stops the run; those before it stay stored) →
//! start their functions and publish their APIs → print outputs and URLs → serve → on a
//! signal, drain requests, stop functions, exit 0.

mod domains;
mod plan;
mod report;
mod rest;

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context as _, anyhow};
use apigw::gateway::Gateway;
use apigw::jwt::{IssuerKeys, JwksSettings};
use cfn_engine::{DeployError, Deployed, IdSource};
use gantry::checks::ServingChecks;
use gantry::custom_resource::LazyResponseEndpoint;
use gantry::env_vars::EnvVars;
use gantry::settings::{DeployTarget, StackSettings, ssm, unix_now};
use issuer::{Issuer, SigningKey};
use lambda_host::{FunctionConfig, HostConfig, LambdaHost, LogEvent};
use store::model::ResourceModel;
use store::{StackRecord, Store};
use tokio::net::TcpListener;

use crate::args::{ConsoleAccessLog, UpArgs};
use crate::commands::credentials::local_credentials;
use crate::commands::invoke::read_env_vars;
use crate::commands::open_state;
use crate::commands::up::plan::PlannedStack;
use crate::deploy::ProgressPrinter;
use crate::inspector::Inspector;
use crate::server::stage_logs::StageLogFiles;
use crate::server::{self, App, ISSUER_PATH};
use crate::{config, console, usage};

/// The setting under which `gantry token` finds the built-in issuer's URL.
pub(crate) const ISSUER_URL_SETTING: &str = "issuer_url";

pub(crate) async fn run(args: UpArgs) -> anyhow::Result<ExitCode> {
    let mut stacks = plan::read(&args)?;
    for stack in &mut stacks {
        stack.settings.allow_unsupported = args.allow_unsupported;
    }
    let Some(first) = stacks.first() else {
        return Err(usage("the cloud assembly has no stacks to deploy"));
    };
    let env_vars = read_env_vars(args.env_vars.as_deref())?;
    let listener = bind(&args.host, args.port).await?;
    let address = listener.local_addr()?;
    let store = Arc::new(open_state(&args.state_dir)?);
    let issuer = builtin_issuer(&store, &issuer_url(address))?;
    let inspector = Arc::new(Inspector::new(args.inspector_history));
    let host = Arc::new(
        LambdaHost::start(host_config(&args, &first.settings, Arc::clone(&inspector))).await?,
    );
    // The built-in issuer stands in for Cognito user pools (aws-rest-api.md §4.6).
    let keys = IssuerKeys::new(JwksSettings::default())?.with_builtin_issuer(issuer.url());
    let stage_logs = Arc::new(StageLogFiles::new(&args.state_dir));
    let app = Arc::new(App {
        gateway: Gateway::new(host.clone(), address.port())
            .with_local_credentials(local_credentials(&store)?)
            .with_access_log_sink(stage_logs),
        issuer,
        ready: AtomicBool::new(false),
        access_log: args.access_log != ConsoleAccessLog::Stage,
        stage_access_log: args.access_log != ConsoleAccessLog::Gantry,
        inspector,
        expose_gantry_endpoints: args.expose_gantry_endpoints,
    });
    let stop = Arc::new(tokio::sync::Notify::new());
    let server = tokio::spawn(server::serve(
        listener,
        Arc::clone(&app),
        shutdown_signal(Arc::clone(&stop)),
    ));

    // Where custom resources' providers PUT their responses (cdk.md §7.5).
    let responses = Arc::new(LazyResponseEndpoint::new(
        args.state_dir.join("custom-resources"),
    ));
    let context = DeployContext {
        env_vars: env_vars.as_ref(),
        store: &store,
        host: &host,
        responses: &responses,
        port: address.port(),
        state_dir: &args.state_dir,
        notes: std::sync::Mutex::default(),
    };
    let mut records = Vec::new();
    let mut configs = BTreeMap::new();
    let mut outcome = Ok(());
    for stack in &stacks {
        match deploy(stack, &context).await {
            Ok((record, stack_configs)) => {
                // Stored at once: the next stacks import its exports and read its SSM
                // parameters, and it stays deployed if a later stack fails, as with
                // `cdk deploy`.
                if let Err(e) = store.put_stack(&record) {
                    outcome = Err((DeployFailure::from(e), stack));
                    break;
                }
                records.push(record);
                configs.extend(stack_configs);
            }
            Err(failure) => {
                outcome = Err((failure, stack));
                break;
            }
        }
    }
    let outcome = match outcome {
        Ok(()) => serve_stacks(&records, configs, &app, &host, &keys, address)
            .await
            .map_err(|failure| (failure, stacks.last().unwrap_or(first))),
        Err(failed) => Err(failed),
    };
    if let Err((failure, stack)) = outcome {
        report::deploy_failure(&failure, &stack.settings);
        let planned: Vec<_> = stacks
            .iter()
            .map(|s| s.settings.stack_name.as_str())
            .collect();
        report::stacks_left(&stack.settings.stack_name, &records, &planned);
        stop.notify_one();
        let _ = server.await;
        host.shutdown().await;
        return Ok(ExitCode::FAILURE);
    }
    let _ = server.await;
    console::line("gantry: stopping functions");
    host.shutdown().await;
    Ok(ExitCode::SUCCESS)
}

async fn bind(host: &str, port: u16) -> anyhow::Result<TcpListener> {
    let ip: IpAddr = host.parse().map_err(|_| {
        usage(format!(
            "--host {host:?} is not an IP address, e.g. 127.0.0.1 or 0.0.0.0"
        ))
    })?;
    TcpListener::bind(SocketAddr::new(ip, port))
        .await
        .map_err(|e| anyhow!("cannot listen on {ip}:{port}: {e}; is another gantry running? choose another --port"))
}

/// The built-in issuer's URL: what tokens carry in `iss` and what a template's JWT
/// authorizer must name as `Issuer`.
fn issuer_url(address: SocketAddr) -> String {
    let host = if address.ip().is_unspecified() {
        "127.0.0.1".to_owned()
    } else {
        address.ip().to_string()
    };
    format!("http://{host}:{}{ISSUER_PATH}", address.port())
}

/// The issuer with the key kept in the state (made on first use).
fn builtin_issuer(store: &Store, url: &str) -> anyhow::Result<Issuer> {
    let key = match store.issuer_key()? {
        Some(pem) => SigningKey::from_pkcs8_pem(&pem)?,
        None => {
            let key = SigningKey::generate()?;
            store.put_issuer_key(key.kid(), key.to_pkcs8_pem(), unix_now())?;
            key
        }
    };
    store.put_setting(ISSUER_URL_SETTING, url)?;
    Ok(Issuer::new(url, key))
}

fn host_config(args: &UpArgs, settings: &StackSettings, inspector: Arc<Inspector>) -> HostConfig {
    let mut config = HostConfig::new(
        args.state_dir.join("functions").join(&settings.stack_name),
        config::search_path(),
    );
    config.region = settings.region.clone();
    config.account_id = settings.account_id.clone();
    config.default_concurrency = args
        .max_environments
        .unwrap_or_else(config::default_max_environments);
    config.log_sink = Arc::new(move |event: &LogEvent| {
        console::line(&format!("[{}] {}", event.function_name, event.message));
        inspector.observe_log(event);
    });
    config
}

/// What every stack's deployment shares.
struct DeployContext<'a> {
    env_vars: Option<&'a EnvVars>,
    store: &'a Arc<Store>,
    host: &'a Arc<LambdaHost>,
    /// Where custom resources' providers answer.
    responses: &'a Arc<LazyResponseEndpoint>,
    port: u16,
    state_dir: &'a Path,
    /// Info lines already printed (a built-in SSM value is said once, not per stack).
    notes: std::sync::Mutex<std::collections::BTreeSet<String>>,
}

/// Deploys one stack with the engine (events printed as they happen); nothing is served
/// or stored yet.
async fn deploy(
    stack: &PlannedStack,
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
    let env_vars = context.env_vars.cloned();
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

/// Starts the stacks' functions, publishes their APIs and prints where they are.
async fn serve_stacks(
    records: &[StackRecord],
    mut configs: BTreeMap<String, FunctionConfig>,
    app: &App,
    host: &LambdaHost,
    keys: &IssuerKeys,
    address: SocketAddr,
) -> Result<(), DeployFailure> {
    let deployment = apigw::deployment::compile(records, keys)
        .map_err(|e| DeployFailure::Other(anyhow!("the deployed APIs cannot be served: {e}")))?;
    let resources = (records.iter())
        .flat_map(StackRecord::stacks)
        .flat_map(|stack| &stack.resources);
    for record in resources {
        if let ResourceModel::Function(function) = &record.model {
            // Mapped (and its warnings printed) when the engine checked the function.
            let config = configs
                .remove(&function.function_name)
                .ok_or_else(|| anyhow!("function {} was not checked", function.logical_id))?;
            host.deploy(config).await.map_err(anyhow::Error::from)?;
        }
    }
    app.gateway.publish(deployment);
    app.ready.store(true, Ordering::Release);
    report::serving(
        records,
        &app.gateway.deployment(),
        app.issuer.url(),
        address,
    );
    Ok(())
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

/// Why `up` did not get to serve.
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

/// Ctrl-C, SIGTERM, or a stop requested by `up` itself.
async fn shutdown_signal(stop: Arc<tokio::sync::Notify>) {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => console::line("gantry: Ctrl-C received, finishing requests in flight"),
        () = terminate => console::line("gantry: SIGTERM received, finishing requests in flight"),
        () = stop.notified() => {}
    }
}

/// Whether a path exists; used by `token` to tell "no state yet" from other errors.
pub(crate) fn state_exists(state_dir: &Path) -> bool {
    state_dir.join(store::DATABASE_FILE).exists()
}
