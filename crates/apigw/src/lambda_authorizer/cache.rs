//! The authorizer's result cache (§3.3): keyed by the identity-source values, shared by
//! every route that uses the authorizer, each entry kept for the TTL.
//!
//! Entries hold the parsed [`Verdict`], not a decision, so a cached policy is evaluated
//! again against each route's ARN. The cache is generic over what it keeps, so REST
//! authorizers (aws-rest-api.md §4.4) cache their own parsed answer with the same rules.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use super::verdict::Verdict;

/// Entries kept per authorizer before expired and then arbitrary entries are dropped.
pub const DEFAULT_AUTHORIZER_CACHE_CAPACITY: usize = 10_000;

/// A cached verdict and how old it is.
#[derive(Debug, Clone)]
pub struct Cached<V = Verdict> {
    /// The authorizer's parsed response.
    pub verdict: Arc<V>,
    /// Time since the authorizer answered.
    pub age: Duration,
}

/// Identity values → the verdict and when the authorizer gave it.
type Entries<V> = HashMap<Box<[String]>, (Arc<V>, Instant)>;

/// One authorizer's cache; a TTL of zero keeps nothing.
#[derive(Debug)]
pub struct AuthorizerCache<V = Verdict> {
    ttl: Duration,
    capacity: usize,
    entries: RwLock<Entries<V>>,
}

impl<V> AuthorizerCache<V> {
    /// A cache keeping results for `ttl`, at most `capacity` of them.
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        Self {
            ttl,
            capacity,
            entries: RwLock::new(HashMap::new()),
        }
    }

    /// Whether results are cached at all.
    pub fn enabled(&self) -> bool {
        !self.ttl.is_zero() && self.capacity > 0
    }

    /// The verdict cached for these identity values, if it is younger than the TTL.
    pub fn get(&self, key: &[String], now: Instant) -> Option<Cached<V>> {
        if !self.enabled() {
            return None;
        }
        let entries = self.entries.read().unwrap_or_else(PoisonError::into_inner);
        let (verdict, stored) = entries.get(key)?;
        let age = now.saturating_duration_since(*stored);
        (age < self.ttl).then(|| Cached {
            verdict: verdict.clone(),
            age,
        })
    }

    /// Keeps a verdict for these identity values.
    pub fn insert(&self, key: Vec<String>, verdict: Arc<V>, now: Instant) {
        if !self.enabled() {
            return;
        }
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= self.capacity {
            let ttl = self.ttl;
            entries.retain(|_, (_, stored)| now.saturating_duration_since(*stored) < ttl);
        }
        if entries.len() >= self.capacity {
            // Still full of live entries: drop an arbitrary eighth; a dropped entry costs
            // one more invocation.
            let victims: Vec<Box<[String]>> = entries
                .keys()
                .take((self.capacity / 8).max(1))
                .cloned()
                .collect();
            for victim in victims {
                entries.remove(&victim);
            }
        }
        entries.insert(key.into_boxed_slice(), (verdict, now));
    }

    /// Number of entries (expired ones included until they are swept).
    pub fn len(&self) -> usize {
        self.entries
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
