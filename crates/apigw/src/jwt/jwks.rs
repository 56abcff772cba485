//! The issuer's signing keys: OIDC discovery → `jwks_uri` → JWKS, fetched with API
//! Gateway's limits and cached per issuer (§2.1 quotas, §2.5).
//!
//! - One cache entry per issuer, shared by every authorizer that names it.
//! - Concurrent requests that need a fetch wait for the one fetch in flight and use its
//!   result (the fetch runs while holding the issuer's fetch lock).
//! - A token with an unknown `kid` triggers one refetch, but never more often than
//!   [`JwksSettings::min_refetch_interval`], so random kids cannot make us hammer the
//!   issuer; a failed fetch is remembered for the same interval.
//! - A failed refresh keeps serving the keys fetched before it.
//!
//! Failures are values ([`KeyFetchError`]), turned into a `Deny` by the authorizer.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use tokio::time::Instant;

mod fetch;
mod key_set;

pub(crate) use key_set::{KeySet, VerificationKey, rsa_algorithm};

/// Limits and cache timings for discovery and JWKS fetches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwksSettings {
    /// Per-document time limit; AWS's quota is 1500 ms for both discovery and JWKS.
    pub fetch_timeout: Duration,
    /// Per-document size limit; AWS's JWKS quota is 150000 bytes.
    pub max_document_bytes: usize,
    /// How long a fetched key set is used before it is fetched again.
    // Unconfirmed: AWS says keys may be cached for up to 2 hours (HTTP APIs) or 1 hour
    // best-effort (REST JWT authorizers); we refresh after 1 hour (§2.5).
    pub key_set_ttl: Duration,
    /// Least time between two fetch attempts for one issuer (unknown-kid refetches and
    /// retries after a failure).
    pub min_refetch_interval: Duration,
}

impl Default for JwksSettings {
    fn default() -> Self {
        Self {
            fetch_timeout: Duration::from_millis(1500),
            max_document_bytes: 150_000,
            key_set_ttl: Duration::from_secs(3600),
            min_refetch_interval: Duration::from_secs(5),
        }
    }
}

/// Why the issuer's keys could not be obtained.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyFetchError {
    /// The request could not be made or the connection failed.
    #[error("GET {url} failed: {detail}")]
    Request {
        /// The document's URL.
        url: String,
        /// What the HTTP client said.
        detail: String,
    },
    /// No complete answer within the time limit.
    #[error("GET {url} did not complete within {limit_ms} ms (API Gateway's limit)")]
    Timeout {
        /// The document's URL.
        url: String,
        /// The limit.
        limit_ms: u128,
    },
    /// A non-2xx status.
    #[error("GET {url} answered HTTP {status}")]
    Status {
        /// The document's URL.
        url: String,
        /// The status code.
        status: u16,
    },
    /// The document exceeds the size limit.
    #[error("GET {url} returned more than {limit} bytes (API Gateway's limit)")]
    TooLarge {
        /// The document's URL.
        url: String,
        /// The limit.
        limit: usize,
    },
    /// The document is not JSON.
    #[error("{url} is not valid JSON: {detail}")]
    InvalidJson {
        /// The document's URL.
        url: String,
        /// The parser's message.
        detail: String,
    },
    /// The discovery document names no `jwks_uri`.
    #[error("{url} has no \"jwks_uri\" string")]
    NoJwksUri {
        /// The discovery document's URL.
        url: String,
    },
    /// The JWKS has no `keys` array.
    #[error("{url} has no \"keys\" array")]
    NoKeys {
        /// The JWKS URL.
        url: String,
    },
}

/// The issuer key caches shared by all JWT authorizers of a gateway.
#[derive(Debug)]
pub struct IssuerKeys {
    shared: Arc<Shared>,
    issuers: Mutex<HashMap<String, Arc<IssuerState>>>,
    /// gantry's built-in issuer, which stands in for every Cognito user pool
    /// (aws-rest-api.md §4.6).
    builtin_issuer: Option<String>,
}

#[derive(Debug)]
struct Shared {
    client: reqwest::Client,
    settings: JwksSettings,
}

/// One issuer's key cache, held by each authorizer that names the issuer.
#[derive(Debug, Clone)]
pub(crate) struct IssuerKeySource {
    issuer: String,
    shared: Arc<Shared>,
    state: Arc<IssuerState>,
}

#[derive(Debug, Default)]
struct IssuerState {
    snapshot: RwLock<Snapshot>,
    fetch_turn: tokio::sync::Mutex<()>,
}

#[derive(Debug, Clone, Default)]
struct Snapshot {
    keys: Option<Arc<KeySet>>,
    fetched_at: Option<Instant>,
    attempts: u64,
    last_attempt: Option<Instant>,
    last_error: Option<KeyFetchError>,
}

/// The outcome of looking a `kid` up.
#[derive(Debug, Clone)]
pub(crate) enum KeyLookup {
    Found(Arc<VerificationKey>),
    Unusable {
        reason: String,
    },
    UnknownKid {
        known: Vec<String>,
        jwks_uri: String,
        refresh_error: Option<KeyFetchError>,
    },
    Unavailable(KeyFetchError),
}

/// The HTTP client for OIDC discovery and JWKS could not be built: a failure of gantry
/// itself, not of a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot build the HTTP client for OIDC discovery and JWKS: {0}")]
pub struct HttpClientError(String);

impl IssuerKeys {
    /// Builds the caches and the HTTP client used for discovery and JWKS.
    ///
    /// The client uses rustls with the system's trust store and ignores proxy
    /// environment variables (libraries read no environment).
    pub fn new(settings: JwksSettings) -> Result<Self, HttpClientError> {
        let client = reqwest::Client::builder()
            .no_proxy()
            .build()
            .map_err(|e| HttpClientError(e.to_string()))?;
        Ok(Self {
            shared: Arc::new(Shared { client, settings }),
            issuers: Mutex::new(HashMap::new()),
            builtin_issuer: None,
        })
    }

    /// Names gantry's built-in issuer (its `iss`, e.g. `http://127.0.0.1:3000/_gantry/issuer/`),
    /// whose keys verify the tokens of Cognito user pool authorizers (aws-rest-api.md §4.6).
    pub fn with_builtin_issuer(mut self, issuer: impl Into<String>) -> Self {
        self.builtin_issuer = Some(issuer.into());
        self
    }

    /// The built-in issuer, when the server runs one.
    pub fn builtin_issuer(&self) -> Option<&str> {
        self.builtin_issuer.as_deref()
    }

    pub(crate) fn source(&self, issuer: &str) -> IssuerKeySource {
        let mut issuers = self.issuers.lock().unwrap_or_else(PoisonError::into_inner);
        let state = issuers.entry(issuer.to_owned()).or_default().clone();
        IssuerKeySource {
            issuer: issuer.to_owned(),
            shared: self.shared.clone(),
            state,
        }
    }
}

impl IssuerKeySource {
    pub(crate) fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Finds the key for `kid`, fetching the key set when it is missing, stale, or lacks
    /// the kid (rate-limited).
    pub(crate) async fn key(&self, kid: &str) -> KeyLookup {
        let seen = self.snapshot();
        if self.is_fresh(&seen)
            && let Some(keys) = &seen.keys
            && keys.contains(kid)
        {
            return answer(&seen, kid);
        }
        let _turn = self.state.fetch_turn.lock().await;
        let current = self.snapshot();
        let fetched_while_waiting = current.attempts != seen.attempts;
        let too_soon = current
            .last_attempt
            .is_some_and(|at| at.elapsed() < self.shared.settings.min_refetch_interval);
        if fetched_while_waiting || too_soon {
            return answer(&current, kid);
        }
        let outcome =
            fetch::key_set(&self.shared.client, &self.shared.settings, &self.issuer).await;
        let updated = self.record(outcome);
        answer(&updated, kid)
    }

    fn snapshot(&self) -> Snapshot {
        self.state
            .snapshot
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn is_fresh(&self, snapshot: &Snapshot) -> bool {
        snapshot
            .fetched_at
            .is_some_and(|at| at.elapsed() < self.shared.settings.key_set_ttl)
    }

    fn record(&self, outcome: Result<KeySet, KeyFetchError>) -> Snapshot {
        let mut snapshot = self
            .state
            .snapshot
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        snapshot.attempts += 1;
        snapshot.last_attempt = Some(now);
        match outcome {
            Ok(keys) => {
                snapshot.keys = Some(Arc::new(keys));
                snapshot.fetched_at = Some(now);
                snapshot.last_error = None;
            }
            Err(error) => {
                tracing::warn!(issuer = %self.issuer, %error, "fetching the issuer's keys failed");
                snapshot.last_error = Some(error);
            }
        }
        snapshot.clone()
    }
}

fn answer(snapshot: &Snapshot, kid: &str) -> KeyLookup {
    let Some(keys) = &snapshot.keys else {
        return KeyLookup::Unavailable(snapshot.last_error.clone().unwrap_or_else(|| {
            KeyFetchError::Request {
                url: String::new(),
                detail: "the key set has not been fetched yet".to_owned(),
            }
        }));
    };
    match keys.get(kid) {
        Some(Ok(key)) => KeyLookup::Found(key.clone()),
        Some(Err(reason)) => KeyLookup::Unusable {
            reason: reason.clone(),
        },
        None => KeyLookup::UnknownKid {
            known: keys.kids(),
            jwks_uri: keys.jwks_uri().to_owned(),
            refresh_error: snapshot.last_error.clone(),
        },
    }
}
