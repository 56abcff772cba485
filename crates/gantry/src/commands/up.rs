//! `gantry up`: deploy a template and serve it until Ctrl-C or SIGTERM.
//!
//! The steps: read what to deploy (one template, or the chosen stacks of a CDK cloud
//! assembly in dependency order) → bind the port (fail fast) → open the state → load the
//! issuer key → start the Lambda host and the server (health says "deploying") → deploy
//! each stack and store it (a failing stack stops the run; those before it stay stored) →
//! start their functions and publish their APIs → print outputs and URLs → serve → on a
//! signal, drain requests, stop functions, exit 0. While serving, a change to the
//! template, the files it names or a function's code is deployed (`reload`, unless
//! `--no-watch`) with the same steps (`pipeline`).

mod domains;
mod pipeline;
mod plan;
mod reload;
mod report;
mod rest;

pub(crate) use pipeline::DeployFailure;

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::anyhow;
use apigw::gateway::{BODY_READ_TIMEOUT, BUFFERED_BODY_BUDGET, Gateway};
use apigw::jwt::{IssuerKeys, JwksSettings};
use gantry::custom_resource::LazyResponseEndpoint;
use gantry::settings::{StackSettings, unix_now};
use issuer::{ClientCredentials, Issuer, SigningKey};
use lambda_host::{HostConfig, LambdaHost, LogEvent};
use store::Store;
use tokio::net::TcpListener;

use crate::args::{ConsoleAccessLog, UpArgs};
use crate::commands::credentials::local_credentials;
use crate::commands::invoke::read_env_vars;
use crate::commands::open_state;
use crate::commands::up::pipeline::{DeployContext, Served};
use crate::commands::up::plan::PlannedStack;
use crate::inspector::Inspector;
use crate::server::stage_logs::StageLogFiles;
use crate::server::{self, App, ISSUER_PATH};
use crate::{config, console, usage};

/// The setting under which `gantry token` finds the built-in issuer's URL.
pub(crate) const ISSUER_URL_SETTING: &str = "issuer_url";
/// The setting holding the token endpoint's client credentials (JSON).
const TOKEN_CLIENT_SETTING: &str = "issuer_token_client";

pub(crate) async fn run(args: UpArgs) -> anyhow::Result<ExitCode> {
    let stacks = read_plan(&args)?;
    let Some(first) = stacks.first() else {
        return Err(usage("the cloud assembly has no stacks to deploy"));
    };
    let env_vars = read_env_vars(args.env_vars.as_deref())?;
    let listener = bind(&args.host, args.port).await?;
    let address = listener.local_addr()?;
    if let Some(warning) = server::exposure::host_warning(address, args.expose_gantry_endpoints) {
        console::warning(&warning);
    }
    let store = Arc::new(open_state(&args.state_dir)?);
    let token_client = if args.expose_gantry_endpoints {
        Some(token_client(&store)?)
    } else {
        None
    };
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
            .with_access_log_sink(stage_logs)
            .with_body_budget(args.body_budget_bytes.unwrap_or(BUFFERED_BODY_BUDGET))
            .with_body_read_timeout(
                (args.body_read_timeout_ms).map_or(BODY_READ_TIMEOUT, Duration::from_millis),
            ),
        issuer,
        ready: AtomicBool::new(false),
        access_log: args.access_log != ConsoleAccessLog::Stage,
        stage_access_log: args.access_log != ConsoleAccessLog::Gantry,
        inspector,
        expose_gantry_endpoints: args.expose_gantry_endpoints,
        token_client,
    });
    let stop = Arc::new(tokio::sync::Notify::new());
    let mut server = tokio::spawn(server::serve(
        listener,
        Arc::clone(&app),
        connection_limits(&args),
        shutdown_signal(Arc::clone(&stop)),
    ));

    // Where custom resources' providers PUT their responses (cdk.md §7.5).
    let responses = Arc::new(LazyResponseEndpoint::new(
        args.state_dir.join("custom-resources"),
    ));
    let context = DeployContext {
        store: &store,
        host: &host,
        app: &app,
        keys: &keys,
        responses: &responses,
        port: address.port(),
        state_dir: &args.state_dir,
        notes: std::sync::Mutex::default(),
    };
    let nothing = (Served::default(), BTreeSet::new());
    let deployed =
        pipeline::deploy_and_serve(&stacks, env_vars.as_ref(), &nothing.0, &nothing.1, &context)
            .await;
    let served = match deployed {
        Ok(served) => served,
        Err(failed) => {
            let stack = stacks.get(failed.stack).unwrap_or(first);
            report::deploy_failure(&failed.failure, &stack.settings);
            let planned: Vec<_> = (stacks.iter())
                .map(|s| s.settings.stack_name.as_str())
                .collect();
            report::stacks_left(&stack.settings.stack_name, &failed.deployed, &planned);
            stop.notify_one();
            let _ = server.await;
            host.shutdown().await;
            return Ok(ExitCode::FAILURE);
        }
    };
    report::serving(
        &served.records,
        &app.gateway.deployment(),
        app.issuer.url(),
        address,
        app.inspector.is_on(),
        app.token_client.as_ref(),
    );
    if args.no_watch {
        let _ = server.await;
    } else {
        let watched = reload::Watched::of(&args, &stacks, &served.functions);
        let reloader = reload::Reloader {
            args: &args,
            context: &context,
        };
        tokio::select! {
            _ = &mut server => {}
            () = reload::watch_and_reload(reloader, served, watched) => {
                let _ = server.await;
            }
        }
    }
    console::line("gantry: stopping functions");
    host.shutdown().await;
    Ok(ExitCode::SUCCESS)
}

/// What to deploy (`plan`), with the arguments every stack shares applied.
fn read_plan(args: &UpArgs) -> anyhow::Result<Vec<PlannedStack>> {
    let mut stacks = plan::read(args)?;
    for stack in &mut stacks {
        stack.settings.allow_unsupported = args.allow_unsupported;
    }
    Ok(stacks)
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

/// The client id and secret the token endpoint asks of callers from other machines, made
/// once per state.
fn token_client(store: &Store) -> anyhow::Result<ClientCredentials> {
    if let Some(stored) = store.setting(TOKEN_CLIENT_SETTING)? {
        return serde_json::from_str(&stored).map_err(|e| {
            anyhow!("the state's {TOKEN_CLIENT_SETTING} setting is unreadable ({e}); delete it with sqlite3 to make a new client")
        });
    }
    let credentials = ClientCredentials::generate()?;
    store.put_setting(TOKEN_CLIENT_SETTING, &serde_json::to_string(&credentials)?)?;
    Ok(credentials)
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

/// Ctrl-C, SIGTERM, or a stop requested by `up` itself.
/// The server's limits, shorter when a test asks (hidden flags).
fn connection_limits(args: &UpArgs) -> server::limits::ConnectionLimits {
    let defaults = server::limits::ConnectionLimits::default();
    server::limits::ConnectionLimits {
        header_read_timeout: (args.header_read_timeout_ms)
            .map_or(defaults.header_read_timeout, Duration::from_millis),
        max_connections: args.max_connections.unwrap_or(defaults.max_connections),
    }
}

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
