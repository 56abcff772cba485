//! The lines the Lambda platform writes into a function's log stream.
//!
//! Formats as Lambda writes them, e.g.
//! `START RequestId: <id> Version: $LATEST`,
//! `END RequestId: <id>`,
//! `REPORT RequestId: <id>\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 50.00 ms\t`.

use std::time::{Duration, SystemTime};

use time::OffsetDateTime;
use time::macros::format_description;

/// The version every invocation runs; gantry has no versions or aliases.
pub(crate) const LATEST_VERSION: &str = "$LATEST";

/// How an invocation ended, as the `REPORT` line's `Status` field shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReportStatus {
    /// No status field (the function answered, with a result or an error).
    Answered,
    /// `Status: timeout`.
    Timeout,
    /// `Status: error\tError Type: <type>` (platform-detected failures).
    Error(String),
}

/// The figures of a `REPORT` line.
#[derive(Debug, Clone)]
pub(crate) struct Report<'a> {
    pub(crate) request_id: &'a str,
    pub(crate) duration: Duration,
    pub(crate) memory_size_mb: u32,
    pub(crate) max_memory_used_mb: u64,
    pub(crate) init_duration: Option<Duration>,
    pub(crate) status: ReportStatus,
}

pub(crate) fn start_line(request_id: &str) -> String {
    format!("START RequestId: {request_id} Version: {LATEST_VERSION}")
}

pub(crate) fn end_line(request_id: &str) -> String {
    format!("END RequestId: {request_id}")
}

/// Lambda bills whole milliseconds, rounded up, at least one.
pub(crate) fn billed_ms(duration: Duration) -> u128 {
    duration.as_nanos().div_ceil(1_000_000).max(1)
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

pub(crate) fn report_line(report: &Report<'_>) -> String {
    // Lambda ends every field, the last one included, with a tab.
    let mut line = format!(
        "REPORT RequestId: {}\tDuration: {:.2} ms\tBilled Duration: {} ms\tMemory Size: {} MB\tMax Memory Used: {} MB\t",
        report.request_id,
        millis(report.duration),
        billed_ms(report.duration),
        report.memory_size_mb,
        report.max_memory_used_mb,
    );
    if let Some(init) = report.init_duration {
        line.push_str(&format!("Init Duration: {:.2} ms\t", millis(init)));
    }
    match &report.status {
        ReportStatus::Answered => {}
        ReportStatus::Timeout => line.push_str("Status: timeout\t"),
        ReportStatus::Error(error_type) => {
            line.push_str(&format!("Status: error\tError Type: {error_type}\t"));
        }
    }
    line
}

/// `INIT_REPORT`, written when initialisation fails.
pub(crate) fn init_report_line(init_duration: Duration, status: &ReportStatus) -> String {
    let status = match status {
        ReportStatus::Answered => String::new(),
        ReportStatus::Timeout => "\tStatus: timeout".to_owned(),
        ReportStatus::Error(error_type) => format!("\tStatus: error\tError Type: {error_type}"),
    };
    format!(
        "INIT_REPORT Init Duration: {:.2} ms\tPhase: init{status}",
        millis(init_duration)
    )
}

/// `<time> <request id> Task timed out after 3.00 seconds`.
pub(crate) fn timeout_line(request_id: &str, timeout: Duration) -> String {
    format!(
        "{} {request_id} Task timed out after {:.2} seconds",
        iso_timestamp(SystemTime::now()),
        timeout.as_secs_f64()
    )
}

/// Lambda's log timestamp: `2024-01-01T00:00:00.000Z`.
pub(crate) fn iso_timestamp(at: SystemTime) -> String {
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    OffsetDateTime::from(at)
        .format(&format)
        .unwrap_or_else(|_| "1970-01-01T00:00:00.000Z".to_owned())
}

/// Lambda's log stream name: `2024/01/01/[$LATEST]<32 hex digits>`.
pub(crate) fn log_stream_name(at: SystemTime) -> String {
    let date = OffsetDateTime::from(at);
    format!(
        "{:04}/{:02}/{:02}/[{LATEST_VERSION}]{}",
        date.year(),
        u8::from(date.month()),
        date.day(),
        uuid::Uuid::new_v4().simple()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_line_matches_lambda_layout() {
        let report = Report {
            request_id: "abc",
            duration: Duration::from_micros(1234),
            memory_size_mb: 128,
            max_memory_used_mb: 40,
            init_duration: Some(Duration::from_millis(50)),
            status: ReportStatus::Answered,
        };
        assert_eq!(
            report_line(&report),
            "REPORT RequestId: abc\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 50.00 ms\t"
        );
    }

    #[test]
    fn report_line_shows_platform_failures() {
        let mut report = Report {
            request_id: "abc",
            duration: Duration::from_secs(3),
            memory_size_mb: 128,
            max_memory_used_mb: 40,
            init_duration: None,
            status: ReportStatus::Timeout,
        };
        assert!(report_line(&report).ends_with("Max Memory Used: 40 MB\tStatus: timeout\t"));
        report.status = ReportStatus::Error("Runtime.ExitError".into());
        assert!(report_line(&report).ends_with("Status: error\tError Type: Runtime.ExitError\t"));
    }

    #[test]
    fn start_end_and_timeout_lines() {
        assert_eq!(start_line("id"), "START RequestId: id Version: $LATEST");
        assert_eq!(end_line("id"), "END RequestId: id");
        let line = timeout_line("id", Duration::from_secs(3));
        assert!(
            line.ends_with(" id Task timed out after 3.00 seconds"),
            "{line}"
        );
    }

    #[test]
    fn billed_duration_rounds_up_to_whole_milliseconds() {
        assert_eq!(billed_ms(Duration::from_micros(1001)), 2);
        assert_eq!(billed_ms(Duration::from_millis(3)), 3);
        assert_eq!(billed_ms(Duration::ZERO), 1);
    }

    #[test]
    fn timestamps_and_stream_names_have_lambda_shapes() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_millis(1_700_000_000_123);
        assert_eq!(iso_timestamp(at), "2023-11-14T22:13:20.123Z");
        let stream = log_stream_name(at);
        assert!(stream.starts_with("2023/11/14/[$LATEST]"), "{stream}");
        assert_eq!(stream.len(), "2023/11/14/[$LATEST]".len() + 32);
    }
}
