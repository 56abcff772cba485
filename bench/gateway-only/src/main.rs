//! Bench-only: gantry's gateway without Lambda processes.
//!
//! Deploys a template with the real deploy engine (`cfn_engine::deploy`, with checks that
//! accept every function), compiles it with `apigw::deployment::compile` and serves
//! `apigw::gateway::Gateway` over hyper, like `gantry up` does, but the functions are one
//! in-process [`Invoke`] implementation that returns the example handler's response. It
//! also serves the built-in issuer's discovery document and JWKS under `/_gantry/issuer/`
//! so the JWT authorizer verifies tokens exactly as in `gantry up` (OIDC discovery, JWKS,
//! RS256 signature, claims, token cache).
//!
//! What it leaves out compared with `gantry up`: the Lambda host (function processes and
//! the Runtime API), the SQLite state, the console and its access-log lines.
//!
//! ```text
//! gateway-only token --key FILE --port P      # prints a token (makes the key if missing)
//! gateway-only serve --key FILE --port P TEMPLATE [--parameter-overrides KEY=VALUE ...]
//! ```
//!
//! The template and its parameters are read with `gantry up`'s own arguments and settings
//! (`gantry::settings`), and functions are checked and mapped as `gantry up` does
//! (`gantry::checks`), without starting them.
//!
//! The issuer URL is `http://127.0.0.1:P/_gantry/issuer/` and is passed to the template
//! as the `IssuerUri` parameter; the token's audience is `https://api.example.com`.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, anyhow};
use apigw::gateway::Gateway;
use apigw::jwt::{IssuerKeys, JwksSettings};
use bytes::Bytes;
use cfn_engine::{IdSource, StackEvent};
use clap::{Parser, Subcommand};
use gantry::checks::ServingChecks;
use gantry::settings::{DeployTarget, StackArgs, StackSettings};
use http::header::CONTENT_TYPE;
use http::{HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use issuer::{Issuer, SigningKey, TokenRequest};
use lambda_host::{Invoke, InvokeFuture, InvokeOptions, InvokeOutcome, InvokeResult, RequestId};
use tokio::net::TcpListener;

/// Where the issuer lives (the same path as `gantry up`'s built-in issuer).
const ISSUER_PATH: &str = "/_gantry/issuer/";
/// The example's audience.
const AUDIENCE: &str = "https://api.example.com";
/// What the example's Node handler returns, as the Node runtime serialises it.
const HANDLER_RESPONSE: &[u8] = br#"{"statusCode":200,"body":"\"Hello from Lambda!\""}"#;
/// Same as `gantry up`.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// Bench-only: gantry's gateway with an in-process function.
#[derive(Debug, Parser)]
#[command(name = "gateway-only")]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print a token from the issuer (making its key if missing).
    Token(IssuerArgs),
    /// Serve a template's APIs.
    Serve {
        #[command(flatten)]
        issuer: IssuerArgs,
        #[command(flatten)]
        stack: Box<StackArgs>,
    },
}

/// The issuer's key and the port (not 0: the issuer URL names it).
#[derive(Debug, clap::Args)]
struct IssuerArgs {
    /// The issuer's private key (PKCS#8 PEM), made if missing.
    #[arg(long)]
    key: PathBuf,
    /// The port to serve on.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    port: u16,
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("gateway-only: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> anyhow::Result<()> {
    let options = match &args.command {
        Command::Token(options)
        | Command::Serve {
            issuer: options, ..
        } => options,
    };
    let issuer = Issuer::new(&issuer_url(options.port), load_or_make_key(&options.key)?);
    match args.command {
        Command::Token(_) => {
            let request = TokenRequest {
                audience: vec![AUDIENCE.to_owned()],
                expires_in: Some(3600),
                ..TokenRequest::default()
            };
            println!("{}", issuer.mint(&request, unix_now())?);
            Ok(())
        }
        Command::Serve {
            issuer: options,
            stack,
        } => {
            let mut stack = stack;
            // The template trusts this issuer; the user's own overrides come after.
            stack
                .parameter_overrides
                .insert(0, format!("IssuerUri={}", issuer.url()));
            let settings = StackSettings::from_args(&stack)?;
            tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?
                .block_on(serve(options.port, settings, issuer))
        }
    }
}

fn issuer_url(port: u16) -> String {
    format!("http://127.0.0.1:{port}{ISSUER_PATH}")
}

fn load_or_make_key(path: &Path) -> anyhow::Result<SigningKey> {
    if let Ok(pem) = std::fs::read_to_string(path) {
        return Ok(SigningKey::from_pkcs8_pem(&pem)?);
    }
    let key = SigningKey::generate()?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, key.to_pkcs8_pem())
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(key)
}

/// The in-process function: answers every invocation with the example handler's
/// response, as a warm Lambda environment would, without a process or the Runtime API.
struct InProcessFunction;

impl Invoke for InProcessFunction {
    fn invoke<'a>(
        &'a self,
        _function_name: &'a str,
        _payload: Bytes,
        options: InvokeOptions,
    ) -> InvokeFuture<'a> {
        Box::pin(async move {
            let started = Instant::now();
            let request_id = options.request_id.unwrap_or_else(RequestId::random);
            Ok(InvokeOutcome {
                request_id,
                result: InvokeResult::Success {
                    payload: Bytes::from_static(HANDLER_RESPONSE),
                },
                duration: started.elapsed(),
                init_duration: None,
            })
        })
    }
}

struct App {
    gateway: Gateway,
    issuer: Issuer,
}

async fn serve(port: u16, settings: StackSettings, issuer: Issuer) -> anyhow::Result<()> {
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port)))
        .await
        .with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
    // Functions are mapped as `gantry up` maps them, but never started.
    let checks = ServingChecks::new(
        None,
        tokio::runtime::Handle::current(),
        settings.template_dir(),
    );
    let (exports, ids) = (std::collections::BTreeMap::new(), IdSource::random());
    let (assets, ssm_parameters) = (
        cfn_engine::LocalAssets::new(),
        std::collections::BTreeMap::new(),
    );
    let request = settings.deploy_request(DeployTarget {
        previous: None,
        exports: &exports,
        assets: &assets,
        ssm_parameters: &ssm_parameters,
        port,
        checks: &checks,
        ids: &ids,
    });
    let mut events: Vec<StackEvent> = Vec::new();
    let deployed = cfn_engine::deploy(&request, &mut events).map_err(|e| anyhow!("{e}"))?;
    let keys = IssuerKeys::new(JwksSettings::default())?;
    let deployment = apigw::deployment::compile(std::slice::from_ref(&deployed.record), &keys)?;
    let gateway = Gateway::new(Arc::new(InProcessFunction), port);
    gateway.publish(deployment);
    let app = Arc::new(App { gateway, issuer });
    println!(
        "gateway-only: serving {} on http://127.0.0.1:{port} (issuer {})",
        settings.template_path.display(),
        app.issuer.url()
    );

    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().max_buf_size(MAX_HEAD_BYTES);
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, client)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                let app = Arc::clone(&app);
                let service = service_fn(move |request| {
                    let app = Arc::clone(&app);
                    async move { Ok::<_, Infallible>(handle(&app, request, client).await) }
                });
                let connection = builder.serve_connection(TokioIo::new(stream), service).into_owned();
                tokio::spawn(async move {
                    let _ = connection.await;
                });
            }
            _ = tokio::signal::ctrl_c() => break,
            _ = terminate.recv() => break,
        }
    }
    Ok(())
}

async fn handle(
    app: &App,
    request: Request<Incoming>,
    client: SocketAddr,
) -> Response<Full<Bytes>> {
    let path = request.uri().path();
    if request.method() == Method::GET
        && let Some(rest) = path.strip_prefix(ISSUER_PATH)
    {
        let document = if rest == issuer::DISCOVERY_PATH {
            Some(app.issuer.discovery_document())
        } else if rest == issuer::JWKS_PATH {
            Some(app.issuer.jwks())
        } else {
            None
        };
        if let Some(document) = document {
            let mut response = Response::new(Full::new(Bytes::from(document.to_string())));
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            return response;
        }
        let mut response = Response::new(Full::new(Bytes::from_static(b"{}")));
        *response.status_mut() = StatusCode::NOT_FOUND;
        return response;
    }
    let (response, _log) = app.gateway.handle(request, client).await;
    response.map(Full::new)
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
