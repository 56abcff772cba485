//! A usage plan's quota for one key (aws-rest-api.md §5): `Limit` requests per UTC
//! calendar period (`DAY`, `WEEK`, `MONTH`), the first period reduced by `Offset`.

use std::sync::{Mutex, PoisonError};

use store::model::apigateway::{QuotaPeriod, QuotaSettings};
use time::OffsetDateTime;

/// One key's count in the current period.
#[derive(Debug)]
pub struct Quota {
    settings: QuotaSettings,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// The first period this key was counted in (the one `Offset` applies to).
    first_period: Option<i64>,
    period: i64,
    used: u32,
}

impl Quota {
    /// A fresh count.
    pub fn new(settings: QuotaSettings) -> Self {
        Self {
            settings,
            state: Mutex::new(State::default()),
        }
    }

    /// Counts a request at `now`; `Err` with the period's limit when it is used up.
    pub fn try_take(&self, now: OffsetDateTime) -> Result<(), u32> {
        let period = period_of(self.settings.period, now);
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let first = *state.first_period.get_or_insert(period);
        if state.period != period {
            state.period = period;
            state.used = 0;
        }
        let limit = if period == first {
            self.settings.limit.saturating_sub(self.settings.offset)
        } else {
            self.settings.limit
        };
        if state.used >= limit {
            return Err(limit);
        }
        state.used += 1;
        Ok(())
    }

    /// The period, for explanations.
    pub fn period(&self) -> QuotaPeriod {
        self.settings.period
    }
}

/// A number naming the UTC calendar period `now` falls in.
// Unconfirmed: weeks start on Monday 00:00 UTC.
fn period_of(period: QuotaPeriod, now: OffsetDateTime) -> i64 {
    let date = now.to_offset(time::UtcOffset::UTC).date();
    match period {
        QuotaPeriod::Day => i64::from(date.to_julian_day()),
        QuotaPeriod::Week => {
            i64::from(date.to_julian_day()) - i64::from(date.weekday().number_days_from_monday())
        }
        QuotaPeriod::Month => i64::from(date.year()) * 12 + i64::from(u8::from(date.month())),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    fn quota(limit: u32, offset: u32, period: QuotaPeriod) -> Quota {
        Quota::new(QuotaSettings {
            limit,
            offset,
            period,
        })
    }

    #[test]
    fn quota_allows_the_limit_per_day_then_refuses_until_midnight_utc() {
        let q = quota(2, 0, QuotaPeriod::Day);
        let morning = datetime!(2024-06-18 08:00 UTC);
        assert!(q.try_take(morning).is_ok());
        assert!(q.try_take(morning).is_ok());
        assert_eq!(q.try_take(datetime!(2024-06-18 23:59:59 UTC)), Err(2));
        assert!(q.try_take(datetime!(2024-06-19 00:00 UTC)).is_ok());
    }

    #[test]
    fn quota_offset_reduces_only_the_first_period() {
        let q = quota(3, 2, QuotaPeriod::Month);
        let june = datetime!(2024-06-30 12:00 UTC);
        assert!(q.try_take(june).is_ok());
        assert_eq!(q.try_take(june), Err(1));
        let july = datetime!(2024-07-01 00:00 UTC);
        assert_eq!((0..5).filter(|_| q.try_take(july).is_ok()).count(), 3);
    }

    #[test]
    fn quota_weeks_start_on_monday() {
        let q = quota(1, 0, QuotaPeriod::Week);
        assert!(q.try_take(datetime!(2024-06-17 00:00 UTC)).is_ok()); // a Monday
        assert!(q.try_take(datetime!(2024-06-23 23:59 UTC)).is_err()); // Sunday
        assert!(q.try_take(datetime!(2024-06-24 00:00 UTC)).is_ok()); // next Monday
    }
}
