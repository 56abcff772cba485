//! Tokens that passed signature and claim checks, so a repeated token costs one hash
//! lookup instead of an RSA verification (~30 µs, reference peer-baseline).
//!
//! Keyed by the exact token text, per authorizer (validity depends on the authorizer's
//! issuer and audiences). An entry is used only inside its `nbf`/`iat`..`exp` window and
//! the cache is bounded; route scopes are checked after the cache, per route.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use super::VerifiedClaims;

/// Entries kept per authorizer before expired and then arbitrary entries are dropped.
pub const DEFAULT_TOKEN_CACHE_CAPACITY: usize = 10_000;

#[derive(Debug)]
pub(crate) struct VerifiedTokenCache {
    entries: RwLock<HashMap<Box<str>, Arc<VerifiedClaims>>>,
    capacity: usize,
}

impl VerifiedTokenCache {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            entries: RwLock::new(HashMap::new()),
            capacity,
        }
    }

    pub(crate) fn get(&self, token: &str, now: u64) -> Option<Arc<VerifiedClaims>> {
        let entries = self.entries.read().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(token)
            .filter(|claims| claims.is_valid_at(now))
            .cloned()
    }

    pub(crate) fn insert(&self, token: &str, claims: Arc<VerifiedClaims>, now: u64) {
        if self.capacity == 0 {
            return;
        }
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= self.capacity {
            entries.retain(|_, cached| cached.is_valid_at(now));
        }
        if entries.len() >= self.capacity {
            // Still full of live tokens: drop an arbitrary eighth rather than scan for the
            // oldest; a dropped token only costs one more signature check.
            let drop_count = (self.capacity / 8).max(1);
            let victims: Vec<Box<str>> = entries.keys().take(drop_count).cloned().collect();
            for victim in victims {
                entries.remove(&victim);
            }
        }
        entries.insert(token.into(), claims);
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwt::claims::Validity;

    fn claims(not_before: u64, expires_at: u64) -> Arc<VerifiedClaims> {
        Arc::new(VerifiedClaims {
            rendered: vec![],
            scopes: Arc::from(Vec::new()),
            validity: Validity {
                expires_at,
                not_before,
            },
        })
    }

    #[test]
    fn entry_is_served_only_inside_its_validity_window() {
        let cache = VerifiedTokenCache::new(4);
        cache.insert("t", claims(100, 200), 150);
        assert!(cache.get("t", 99).is_none());
        assert!(cache.get("t", 100).is_some());
        assert!(cache.get("t", 199).is_some());
        assert!(cache.get("t", 200).is_none());
        assert!(cache.get("other", 150).is_none());
    }

    #[test]
    fn full_cache_drops_expired_entries_first() {
        let cache = VerifiedTokenCache::new(2);
        cache.insert("old", claims(0, 10), 5);
        cache.insert("live", claims(0, 1000), 5);
        cache.insert("new", claims(0, 1000), 50);
        assert_eq!(cache.len(), 2);
        assert!(cache.get("live", 50).is_some());
        assert!(cache.get("new", 50).is_some());
    }

    #[test]
    fn cache_never_exceeds_its_capacity() {
        let cache = VerifiedTokenCache::new(16);
        for n in 0..1000 {
            cache.insert(&format!("token-{n}"), claims(0, 10_000), 1);
            assert!(cache.len() <= 16);
        }
        assert!(
            cache.get("token-999", 1).is_some(),
            "the newest entry is kept"
        );
    }
}
