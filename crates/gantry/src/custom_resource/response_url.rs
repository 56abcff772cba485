//! The local stand-in for CloudFormation's pre-signed `ResponseURL`: an HTTPS listener on
//! `127.0.0.1:0` that takes one PUT per request and hands its body to the waiting
//! deployment (cdk.md §7.5). A URL names a random token; a PUT to an unknown or
//! already-answered token is refused with 403, as S3 refuses a bad signature.

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::Context as _;
use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use lambda_host::RequestId;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

use super::certificate::LocalCertificate;

/// The path under which response tokens are served.
const RESPONSE_PATH: &str = "/cloudformation-response/";

/// The most gantry reads of a response body: well over CloudFormation's 4096-byte limit,
/// so an oversized response is refused with that limit's message, not cut.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// A response body, or why it could not be read.
pub type ResponseBody = Result<Bytes, String>;

type Pending = Arc<Mutex<HashMap<String, oneshot::Sender<ResponseBody>>>>;

/// The listener, and the requests waiting for their response.
pub struct ResponseEndpoint {
    address: SocketAddr,
    pending: Pending,
    certificate: LocalCertificate,
    accept_loop: JoinHandle<()>,
}

impl ResponseEndpoint {
    /// Makes the certificate (files in `dir`) and starts listening. Must be called inside
    /// a Tokio runtime.
    pub async fn start(dir: &Path) -> anyhow::Result<Self> {
        let certificate = LocalCertificate::create(dir)?;
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .context("the ResponseURL listener's TLS versions")?
            .with_no_client_auth()
            .with_single_cert(certificate.chain.clone(), certificate.key.clone_key())
            .context("the ResponseURL listener's certificate")?;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .context("listening for custom resource responses on 127.0.0.1")?;
        let address = listener.local_addr()?;
        let pending = Pending::default();
        let accept_loop = tokio::spawn(accept(
            listener,
            TlsAcceptor::from(Arc::new(config)),
            Arc::clone(&pending),
        ));
        Ok(Self {
            address,
            pending,
            certificate,
            accept_loop,
        })
    }

    /// A new `ResponseURL`, and where its PUT body arrives.
    pub fn expect(&self) -> (String, oneshot::Receiver<ResponseBody>) {
        let token = RequestId::random().to_string();
        let (sender, receiver) = oneshot::channel();
        self.pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(token.clone(), sender);
        let url = format!(
            "https://{}:{}{RESPONSE_PATH}{token}",
            self.address.ip(),
            self.address.port()
        );
        (url, receiver)
    }

    /// The environment variables that make a provider's HTTPS client trust the listener:
    /// Node.js adds `NODE_EXTRA_CA_CERTS` to its built-in authorities; Python's `ssl`
    /// (OpenSSL) reads `SSL_CERT_FILE` instead of the system's, hence a full bundle.
    pub fn trust_variables(&self) -> [(String, String); 2] {
        [
            (
                "NODE_EXTRA_CA_CERTS".to_owned(),
                self.certificate.ca_file.display().to_string(),
            ),
            (
                "SSL_CERT_FILE".to_owned(),
                self.certificate.bundle_file.display().to_string(),
            ),
        ]
    }
}

impl Drop for ResponseEndpoint {
    fn drop(&mut self) {
        self.accept_loop.abort();
    }
}

async fn accept(listener: TcpListener, tls: TlsAcceptor, pending: Pending) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let (tls, pending) = (tls.clone(), Arc::clone(&pending));
        tokio::spawn(async move {
            // A client that fails the handshake (it does not trust the certificate) gets
            // nothing; its request then never arrives and the provider's log says why.
            let Ok(stream) = tls.accept(stream).await else {
                return;
            };
            let service = service_fn(move |request| answer(request, Arc::clone(&pending)));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn answer(
    request: Request<Incoming>,
    pending: Pending,
) -> Result<Response<Full<Bytes>>, std::convert::Infallible> {
    let token = request
        .uri()
        .path()
        .strip_prefix(RESPONSE_PATH)
        .unwrap_or_default()
        .to_owned();
    if request.method() != Method::PUT {
        return Ok(status(StatusCode::METHOD_NOT_ALLOWED));
    }
    let sender = pending
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .remove(&token);
    // Unconfirmed: S3 answers 403 to a PUT whose pre-signed URL does not match; an
    // unknown or already answered token is treated alike.
    let Some(sender) = sender else {
        return Ok(status(StatusCode::FORBIDDEN));
    };
    match Limited::new(request.into_body(), MAX_BODY_BYTES)
        .collect()
        .await
    {
        Ok(body) => {
            let _ = sender.send(Ok(body.to_bytes()));
            Ok(status(StatusCode::OK))
        }
        Err(_) => {
            let _ = sender.send(Err(format!(
                "the provider's response could not be read or is over {MAX_BODY_BYTES} bytes; CloudFormation accepts at most 4096"
            )));
            Ok(status(StatusCode::BAD_REQUEST))
        }
    }
}

fn status(code: StatusCode) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = code;
    response
}
