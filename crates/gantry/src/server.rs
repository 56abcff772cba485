//! The HTTP server: gantry's own endpoints under `/_gantry/` (on every host), every other
//! request to the gateway. Stops gracefully: on shutdown it stops accepting, lets
//! requests in flight finish (up to a limit), then returns.

pub(crate) mod exposure;
mod gantry_routes;
mod inspector_routes;
pub(crate) mod limits;
pub(crate) mod stage_logs;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use apigw::gateway::Gateway;
use bytes::Bytes;
use http::header::HeaderValue;
use http::{Request, Response, StatusCode};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use issuer::Issuer;
use tokio::net::TcpListener;

use crate::console;
use crate::inspector::Inspector;
use limits::ConnectionLimits;

/// Prefix of gantry's own endpoints.
pub(crate) const GANTRY_PREFIX: &str = "/_gantry/";
/// Where the built-in issuer lives, below [`GANTRY_PREFIX`].
pub(crate) const ISSUER_PATH: &str = "/_gantry/issuer/";
/// How long requests in flight may take to finish after a shutdown signal (API Gateway's
/// longest integration timeout, plus a margin).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(31);
/// Largest request head (request line and headers) accepted.
// Unconfirmed: AWS's answer to request lines and headers over its 10240-byte quota
// (§6.1, Appendix B.8); gantry lets hyper answer 431 above 64 KiB.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// Everything the server serves.
pub(crate) struct App {
    pub(crate) gateway: Gateway,
    pub(crate) issuer: Issuer,
    /// Set once the stack is deployed: `/_gantry/health` answers 200 from then on.
    pub(crate) ready: AtomicBool,
    /// Print one access-log line per request (off for benchmarks that measure gantry).
    pub(crate) access_log: bool,
    /// Also print, for stages with `AccessLogSettings`, the line in the stage's `Format`.
    pub(crate) stage_access_log: bool,
    /// What happened to the last requests, for `/_gantry/`.
    pub(crate) inspector: Arc<Inspector>,
    /// Serve the inspector and the issuer's token endpoint to non-loopback clients too.
    pub(crate) expose_gantry_endpoints: bool,
    /// The client credentials the token endpoint asks of non-loopback callers (set when
    /// exposed; without them such callers are refused).
    pub(crate) token_client: Option<issuer::ClientCredentials>,
}

impl App {
    async fn handle(
        self: Arc<Self>,
        request: Request<Incoming>,
        client: SocketAddr,
    ) -> Response<Full<Bytes>> {
        if request.uri().path().starts_with(GANTRY_PREFIX) {
            return gantry_routes::handle(&self, request, client)
                .await
                .map(Full::new);
        }
        // Deviation from AWS: `/_gantry` (like everything under `/_gantry/`) is gantry's,
        // not the API's: an API route `/_gantry` is not reachable through gantry.
        if request.uri().path() == GANTRY_PREFIX.trim_end_matches('/') {
            return to_inspector_page();
        }
        let request_headers = self.inspector.is_on().then(|| request.headers().clone());
        let (response, log) = self.gateway.handle(request, client).await;
        if self.access_log || log.explanation.is_some() {
            console::line(&log.to_string());
        }
        if self.stage_access_log
            && let Some(stage_log) = &log.context.access_log
        {
            console::line(&format!(
                "[{}] {}",
                stage_log.log_group_name,
                stage_log.format.render(&log)
            ));
        }
        if let Some(request_headers) = &request_headers {
            self.inspector.record(request_headers, &log, &response);
        }
        response.map(Full::new)
    }

    /// Whether the deployment is being served.
    pub(crate) fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }
}

/// `/_gantry` -> `/_gantry/`, where the page's relative links resolve.
fn to_inspector_page() -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = http::StatusCode::PERMANENT_REDIRECT;
    response.headers_mut().insert(
        http::header::LOCATION,
        http::HeaderValue::from_static(GANTRY_PREFIX),
    );
    response
}

/// Serves `app` on `listener` until `shutdown` completes, then drains.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .max_buf_size(MAX_HEAD_BYTES)
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let connections = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, client) = match accepted {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        // Out of file descriptors and the like: keep serving the others.
                        tracing::warn!(%error, "accepting a connection failed");
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                };
                let Ok(permit) = Arc::clone(&connections).try_acquire_owned() else {
                    tokio::spawn(limits::shed(stream, client, limits.max_connections));
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let app = Arc::clone(&app);
                let service = service_fn(move |request| {
                    let app = Arc::clone(&app);
                    async move { Ok::<_, Infallible>(app.handle(request, client).await) }
                });
                let connection = builder.serve_connection(TokioIo::new(stream), service).into_owned();
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    // A client that goes away mid-request is not gantry's problem.
                    let _ = connection.await;
                    drop(permit);
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        console::warning(
            "some requests were still running after the shutdown grace period; they were cut off",
        );
    }
}

/// A JSON answer of gantry's own endpoints.
fn json_response(status: StatusCode, body: &serde_json::Value) -> Response<Bytes> {
    let mut response = Response::new(Bytes::from(body.to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
