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
//! gateway-only serve --key FILE --port P TEMPLATE [KEY=VALUE ...]
//! ```
//!
//! The issuer URL is `http://127.0.0.1:P/_gantry/issuer/` and is passed to the template
//! as the `IssuerUri` parameter; the token's audience is `https://api.example.com`.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, anyhow, bail};
use apigw::gateway::Gateway;
use apigw::jwt::{IssuerKeys, JwksSettings};
use bytes::Bytes;
use cfn_engine::{DeployChecks, DeployRequest, IdSource, LocalEndpoints, StackEvent};
use cfn_template::ParameterOverride;
use http::header::CONTENT_TYPE;
use http::{HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use issuer::{Issuer, SigningKey, TokenRequest};
use lambda_host::{Invoke, InvokeFuture, InvokeOptions, InvokeOutcome, InvokeResult, RequestId};
use store::model::Function;
use tokio::net::TcpListener;

/// Where the issuer lives (the same path as `gantry up`'s built-in issuer).
const ISSUER_PATH: &str = "/_gantry/issuer/";
/// The example's audience.
const AUDIENCE: &str = "https://api.example.com";
/// What the example's Node handler returns, as the Node runtime serialises it.
const HANDLER_RESPONSE: &[u8] = br#"{"statusCode":200,"body":"\"Hello from Lambda!\""}"#;
/// Same as `gantry up`.
const MAX_HEAD_BYTES: usize = 64 * 1024;

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("gateway-only: {error:#}");
            ExitCode::FAILURE
        }
    }
}

struct Options {
    key: PathBuf,
    port: u16,
    template: Option<PathBuf>,
    overrides: Vec<String>,
}

fn parse(args: &[String]) -> anyhow::Result<Options> {
    let mut options = Options {
        key: PathBuf::new(),
        port: 0,
        template: None,
        overrides: Vec::new(),
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--key" => options.key = PathBuf::from(iter.next().context("--key needs a file")?),
            "--port" => {
                options.port = iter
                    .next()
                    .context("--port needs a number")?
                    .parse()
                    .context("--port needs a number")?;
            }
            other if options.template.is_none() && !other.contains('=') => {
                options.template = Some(PathBuf::from(other));
            }
            other => options.overrides.push(other.to_owned()),
        }
    }
    if options.key.as_os_str().is_empty() || options.port == 0 {
        bail!("--key FILE and --port P (not 0: the issuer URL names the port) are required");
    }
    Ok(options)
}

fn run(args: Vec<String>) -> anyhow::Result<()> {
    let (command, rest) = args
        .split_first()
        .context("usage: gateway-only token|serve --key FILE --port P [TEMPLATE KEY=VALUE...]")?;
    let options = parse(rest)?;
    let issuer = Issuer::new(&issuer_url(options.port), load_or_make_key(&options.key)?);
    match command.as_str() {
        "token" => {
            let request = TokenRequest {
                audience: vec![AUDIENCE.to_owned()],
                expires_in: Some(3600),
                ..TokenRequest::default()
            };
            println!("{}", issuer.mint(&request, unix_now())?);
            Ok(())
        }
        "serve" => {
            let template = options.template.clone().context("serve needs a TEMPLATE")?;
            tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?
                .block_on(serve(options, template, issuer))
        }
        other => bail!("unknown command {other:?}; use token or serve"),
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

/// Every function can run here (it is never started); route keys are checked as
/// `gantry up` checks them.
struct AcceptFunctions;

impl DeployChecks for AcceptFunctions {
    fn check_function(&self, _function: &Function) -> Result<Vec<String>, String> {
        Ok(Vec::new())
    }

    fn check_route_key(&self, route_key: &str) -> Result<(), String> {
        apigw::route::RouteKey::parse(route_key)
            .map(drop)
            .map_err(|e| e.to_string())
    }
}

struct App {
    gateway: Gateway,
    issuer: Issuer,
}

async fn serve(options: Options, template: PathBuf, issuer: Issuer) -> anyhow::Result<()> {
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], options.port)))
        .await
        .with_context(|| format!("cannot listen on 127.0.0.1:{}", options.port))?;
    let body = std::fs::read_to_string(&template)
        .with_context(|| format!("reading {}", template.display()))?;
    let mut overrides = vec![format!("IssuerUri={}", issuer.url())];
    overrides.extend(options.overrides.iter().cloned());
    let overrides: Vec<ParameterOverride> = cfn_template::Inputs::parse_overrides(&overrides)
        .map_err(|e| anyhow!("parameter overrides: {e}"))?;
    let exports = std::collections::BTreeMap::new();
    let ids = IdSource::random();
    let request = DeployRequest {
        stack_name: "gantry",
        template_path: &template,
        template_body: &body,
        parameter_overrides: overrides,
        region: "us-east-1",
        account_id: "123456789012",
        previous: None,
        exports: &exports,
        allow_unsupported: false,
        endpoints: LocalEndpoints { port: options.port },
        checks: &AcceptFunctions,
        ids: &ids,
        now: i64::try_from(unix_now()).unwrap_or(i64::MAX),
    };
    let mut events: Vec<StackEvent> = Vec::new();
    let deployed = cfn_engine::deploy(&request, &mut events).map_err(|e| anyhow!("{e}"))?;
    let keys = IssuerKeys::new(JwksSettings::default())?;
    let deployment = apigw::deployment::compile(std::slice::from_ref(&deployed.record), &keys)?;
    let gateway = Gateway::new(Arc::new(InProcessFunction), options.port);
    gateway.publish(deployment);
    let app = Arc::new(App { gateway, issuer });
    println!(
        "gateway-only: serving {} on http://127.0.0.1:{} (issuer {})",
        template.display(),
        options.port,
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
