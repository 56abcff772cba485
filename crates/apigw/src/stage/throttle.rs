//! Stage and route throttling (§7.2): one token bucket per stage × route with limits.
//!
//! The bucket holds at most `ThrottlingBurstLimit` tokens and starts full; it refills at
//! `ThrottlingRateLimit` tokens per second; each request takes one token or, when none is
//! left, is refused with 429. So a burst of N concurrent requests against a full bucket
//! of capacity B lets exactly min(N, B) through (plus what refills meanwhile).

use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use store::model::RouteSettings;

/// The account-level steady-state limit per Region (§7.2), used when a stage sets only
/// the burst.
pub const ACCOUNT_RATE_LIMIT: f64 = 10_000.0;
/// The account-level burst per Region (§7.2), used when a stage sets only the rate.
pub const ACCOUNT_BURST_LIMIT: u32 = 5_000;

/// The limits of one stage × route.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ThrottleLimits {
    /// Requests per second, refilled continuously.
    pub rate_limit: f64,
    /// The bucket's capacity.
    pub burst_limit: u32,
}

impl ThrottleLimits {
    /// The limits a route gets from its stage: each of its own `RouteSettings` values,
    /// else the stage's `DefaultRouteSettings` value, else the account's; `None` when
    /// neither sets any limit (the route is throttled only at account level, which
    /// gantry does not emulate).
    // Unconfirmed: a route's settings override the default value by value, not as a
    // whole; the account limits fill in a missing half.
    // Deviation from AWS: the account-level limit across all APIs (10,000 requests per
    // second, burst 5,000) is not enforced; only stages' and routes' own limits are.
    pub fn for_route(
        default: Option<&RouteSettings>,
        route: Option<&RouteSettings>,
    ) -> Option<Self> {
        let rate = route
            .and_then(|r| r.throttling_rate_limit)
            .or_else(|| default.and_then(|d| d.throttling_rate_limit));
        let burst = route
            .and_then(|r| r.throttling_burst_limit)
            .or_else(|| default.and_then(|d| d.throttling_burst_limit));
        if rate.is_none() && burst.is_none() {
            return None;
        }
        Some(Self {
            rate_limit: rate.unwrap_or(ACCOUNT_RATE_LIMIT),
            burst_limit: burst.unwrap_or(ACCOUNT_BURST_LIMIT),
        })
    }
}

/// A token bucket.
#[derive(Debug)]
pub struct Throttle {
    limits: ThrottleLimits,
    bucket: Mutex<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    refilled_at: Instant,
}

impl Throttle {
    /// A full bucket.
    pub fn new(limits: ThrottleLimits, now: Instant) -> Self {
        Self {
            limits,
            bucket: Mutex::new(Bucket {
                tokens: f64::from(limits.burst_limit),
                refilled_at: now,
            }),
        }
    }

    /// The limits.
    pub fn limits(&self) -> ThrottleLimits {
        self.limits
    }

    /// Takes a token for a request arriving at `now`; `false` means 429. A rate or a
    /// burst of 0 refuses every request once the bucket is empty (a burst of 0: always).
    // Unconfirmed: AWS does not document limits of 0; they are read as "refuse".
    pub fn try_acquire(&self, now: Instant) -> bool {
        let mut bucket = self.bucket.lock().unwrap_or_else(PoisonError::into_inner);
        let elapsed = now.saturating_duration_since(bucket.refilled_at);
        if !elapsed.is_zero() {
            let capacity = f64::from(self.limits.burst_limit);
            bucket.tokens =
                (bucket.tokens + elapsed.as_secs_f64() * self.limits.rate_limit).min(capacity);
            bucket.refilled_at = now;
        }
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn limits(rate_limit: f64, burst_limit: u32) -> ThrottleLimits {
        ThrottleLimits {
            rate_limit,
            burst_limit,
        }
    }

    fn settings(rate: Option<f64>, burst: Option<u32>) -> RouteSettings {
        RouteSettings {
            throttling_rate_limit: rate,
            throttling_burst_limit: burst,
        }
    }

    #[test]
    fn throttle_a_full_bucket_lets_the_burst_through_then_refuses() {
        let start = Instant::now();
        let throttle = Throttle::new(limits(1.0, 3), start);
        let passed = (0..10).filter(|_| throttle.try_acquire(start)).count();
        assert_eq!(passed, 3);
    }

    #[test]
    fn throttle_refills_at_the_rate_up_to_the_burst() {
        let start = Instant::now();
        let throttle = Throttle::new(limits(2.0, 3), start);
        while throttle.try_acquire(start) {}
        // Half a second at 2 per second: one token.
        let later = start + Duration::from_millis(500);
        assert!(throttle.try_acquire(later));
        assert!(!throttle.try_acquire(later));
        // An hour later the bucket holds the burst, not 7200 tokens.
        let much_later = later + Duration::from_secs(3600);
        let passed = (0..10).filter(|_| throttle.try_acquire(much_later)).count();
        assert_eq!(passed, 3);
    }

    #[test]
    fn throttle_zero_limits_refuse() {
        let start = Instant::now();
        let no_burst = Throttle::new(limits(100.0, 0), start);
        assert!(!no_burst.try_acquire(start + Duration::from_secs(1)));
        let no_rate = Throttle::new(limits(0.0, 1), start);
        assert!(no_rate.try_acquire(start));
        assert!(!no_rate.try_acquire(start + Duration::from_secs(60)));
    }

    #[test]
    fn throttle_a_clock_going_backwards_adds_nothing() {
        let start = Instant::now() + Duration::from_secs(10);
        let throttle = Throttle::new(limits(1000.0, 1), start);
        assert!(throttle.try_acquire(start));
        assert!(!throttle.try_acquire(start - Duration::from_secs(5)));
    }

    #[test]
    fn throttle_limits_route_values_override_the_default_one_by_one() {
        let default = settings(Some(10.0), Some(20));
        let route = settings(None, Some(1));
        assert_eq!(
            ThrottleLimits::for_route(Some(&default), Some(&route)),
            Some(limits(10.0, 1))
        );
        assert_eq!(
            ThrottleLimits::for_route(Some(&default), None),
            Some(limits(10.0, 20))
        );
    }

    #[test]
    fn throttle_limits_missing_halves_come_from_the_account() {
        assert_eq!(
            ThrottleLimits::for_route(None, Some(&settings(Some(5.0), None))),
            Some(limits(5.0, ACCOUNT_BURST_LIMIT))
        );
        assert_eq!(ThrottleLimits::for_route(None, None), None);
        assert_eq!(
            ThrottleLimits::for_route(Some(&settings(None, None)), None),
            None
        );
    }
}
