//! A real OIDC issuer for tests and benches: RSA keys made with aws-lc-rs, tokens signed
//! with them, and discovery + JWKS served over HTTP on 127.0.0.1:0.
//!
//! A failure to make keys or bind a port is a broken test environment, so it panics.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::{self, KeyPair as _, RsaEncoding};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use tokio::sync::oneshot;

/// An RSA signing key with its `kid`.
pub struct TestKey {
    /// The key id published in the JWKS and put in token headers.
    pub kid: String,
    key_pair: KeyPair,
}

impl TestKey {
    /// A fresh 2048-bit RSA key.
    pub fn generate(kid: &str) -> Self {
        Self {
            kid: kid.to_owned(),
            key_pair: KeyPair::generate(KeySize::Rsa2048).expect("RSA key generation"),
        }
    }

    /// The public JWK, with `alg` when given.
    pub fn jwk(&self, alg: Option<&str>) -> Value {
        let public = self.key_pair.public_key();
        let mut jwk = json!({
            "kty": "RSA",
            "kid": self.kid,
            "use": "sig",
            "n": URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero()),
            "e": URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero()),
        });
        if let Some(alg) = alg {
            jwk["alg"] = json!(alg);
        }
        jwk
    }

    /// A compact JWS with this header and claims, signed per the header's `alg`
    /// (RS* with PKCS#1 v1.5, PS* with PSS).
    pub fn sign(&self, header: &Value, claims: &Value) -> String {
        let alg = header["alg"].as_str().unwrap_or("RS256");
        let encoding: &'static dyn RsaEncoding = match alg {
            "RS384" => &signature::RSA_PKCS1_SHA384,
            "RS512" => &signature::RSA_PKCS1_SHA512,
            "PS256" => &signature::RSA_PSS_SHA256,
            "PS384" => &signature::RSA_PSS_SHA384,
            "PS512" => &signature::RSA_PSS_SHA512,
            _ => &signature::RSA_PKCS1_SHA256,
        };
        let message = signing_input(header, claims);
        let mut sig = vec![0; self.key_pair.public_modulus_len()];
        self.key_pair
            .sign(encoding, &SystemRandom::new(), message.as_bytes(), &mut sig)
            .expect("RSA signing");
        format!("{message}.{}", URL_SAFE_NO_PAD.encode(sig))
    }

    /// An RS256 token with this key's `kid`.
    pub fn token(&self, claims: &Value) -> String {
        self.sign(
            &json!({"alg": "RS256", "typ": "JWT", "kid": self.kid}),
            claims,
        )
    }
}

/// `base64url(header).base64url(claims)`.
pub fn signing_input(header: &Value, claims: &Value) -> String {
    format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

/// The current Unix time in seconds.
pub fn now_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

/// How the issuer's endpoints behave; tests change it while the server runs.
#[derive(Clone)]
pub struct Behaviour {
    /// The key set served at the JWKS URL.
    pub jwks: Value,
    /// How long the discovery endpoint waits before answering.
    pub delay: Duration,
    /// The discovery endpoint's status (non-200 answers with no body).
    pub discovery_status: StatusCode,
    /// A raw body served instead of `jwks` (for malformed documents).
    pub jwks_body_override: Option<String>,
}

struct ServerState {
    base: String,
    behaviour: Mutex<Behaviour>,
    discovery_hits: AtomicUsize,
    jwks_hits: AtomicUsize,
}

/// Path of the JWKS, deliberately not `/.well-known/jwks.json`: clients must use discovery.
pub const JWKS_PATH: &str = "/keys/signing-set.json";

/// An issuer served on 127.0.0.1:0 at `{base}/tenant`, stopped when dropped.
pub struct IssuerServer {
    /// The issuer identifier: `http://127.0.0.1:PORT/tenant`.
    pub issuer: String,
    state: Arc<ServerState>,
    shutdown: Option<oneshot::Sender<()>>,
}

impl IssuerServer {
    /// Starts serving `jwks` through discovery.
    pub async fn start(jwks: Value) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let base = format!("http://{}", listener.local_addr().expect("local addr"));
        let state = Arc::new(ServerState {
            base: base.clone(),
            behaviour: Mutex::new(Behaviour {
                jwks,
                delay: Duration::ZERO,
                discovery_status: StatusCode::OK,
                jwks_body_override: None,
            }),
            discovery_hits: AtomicUsize::new(0),
            jwks_hits: AtomicUsize::new(0),
        });
        let router = Router::new()
            .route(
                "/tenant/.well-known/openid-configuration",
                get(serve_discovery),
            )
            .route(JWKS_PATH, get(serve_jwks))
            .with_state(state.clone());
        let (shutdown, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Self {
            issuer: format!("{base}/tenant"),
            state,
            shutdown: Some(shutdown),
        }
    }

    /// Changes how the endpoints behave from now on.
    pub fn set<F: FnOnce(&mut Behaviour)>(&self, change: F) {
        change(&mut self.state.behaviour.lock().expect("behaviour lock"));
    }

    /// How many times discovery was requested.
    pub fn discovery_hits(&self) -> usize {
        self.state.discovery_hits.load(Ordering::SeqCst)
    }

    /// How many times the JWKS was requested.
    pub fn jwks_hits(&self) -> usize {
        self.state.jwks_hits.load(Ordering::SeqCst)
    }
}

impl Drop for IssuerServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

async fn serve_discovery(State(state): State<Arc<ServerState>>) -> Response {
    state.discovery_hits.fetch_add(1, Ordering::SeqCst);
    let behaviour = state.behaviour.lock().expect("behaviour lock").clone();
    tokio::time::sleep(behaviour.delay).await;
    if behaviour.discovery_status != StatusCode::OK {
        return behaviour.discovery_status.into_response();
    }
    axum::Json(json!({
        "issuer": format!("{}/tenant", state.base),
        "jwks_uri": format!("{}{JWKS_PATH}", state.base),
    }))
    .into_response()
}

async fn serve_jwks(State(state): State<Arc<ServerState>>) -> Response {
    state.jwks_hits.fetch_add(1, Ordering::SeqCst);
    let behaviour = state.behaviour.lock().expect("behaviour lock").clone();
    match behaviour.jwks_body_override {
        Some(body) => body.into_response(),
        None => axum::Json(behaviour.jwks).into_response(),
    }
}
