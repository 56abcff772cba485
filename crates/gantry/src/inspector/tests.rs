//! The recording: records newest first and bounded, log lines attached to their
//! invocation whether they arrive before or after the response, unclaimed lines bounded.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use apigw::gateway::{AccessLog, FunctionCall, LogContext};
use bytes::Bytes;
use http::{Request, Response, StatusCode};
use lambda_host::{LogEvent, LogOrigin};
use serde_json::{Value, json};

use super::*;

fn access_log(id: &str, invocation: Option<&str>) -> AccessLog {
    AccessLog {
        request_id: id.to_owned(),
        method: "GET".to_owned(),
        path: "/test".to_owned(),
        route_key: Some("GET /test".to_owned()),
        api_id: Some("api1".to_owned()),
        stage: Some("$default".to_owned()),
        request_body: Bytes::new(),
        status: StatusCode::OK,
        latency: Duration::from_millis(2),
        function: invocation.map(|invocation| FunctionCall {
            function_name: "fn".to_owned(),
            request_id: invocation.to_owned(),
            duration: Duration::from_millis(1),
            init_duration: None,
            event: Bytes::from_static(br#"{"rawPath":"/test"}"#),
        }),
        explanation: None,
        authorization: None,
        authorizer: None,
        context: LogContext::default(),
    }
}

fn record(inspector: &Inspector, id: &str, invocation: Option<&str>) {
    let head = Request::get("/test").body(()).unwrap().into_parts().0;
    let response = Response::new(Bytes::from_static(b"ok"));
    inspector.record(&head.headers, &access_log(id, invocation), &response);
}

fn line(invocation: &str, message: &str) -> LogEvent {
    LogEvent {
        function_name: "fn".into(),
        log_group: "/aws/lambda/fn".into(),
        log_stream: "s".into(),
        timestamp: SystemTime::UNIX_EPOCH,
        origin: LogOrigin::Function,
        request_id: Some(Arc::from(invocation)),
        message: message.to_owned(),
    }
}

fn requests(inspector: &Inspector, limit: usize) -> Vec<Value> {
    let json: Value = serde_json::from_slice(&inspector.requests_json(limit).1).unwrap();
    json["requests"].as_array().unwrap().clone()
}

fn ids(inspector: &Inspector) -> Vec<String> {
    requests(inspector, usize::MAX)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_last_history_requests_are_kept_newest_first() {
    let inspector = Inspector::new(3);
    for id in ["a", "b", "c", "d", "e"] {
        record(&inspector, id, None);
    }
    assert_eq!(ids(&inspector), ["e", "d", "c"]);
    assert_eq!(requests(&inspector, 2).len(), 2);
}

#[test]
fn history_zero_records_nothing() {
    let inspector = Inspector::new(0);
    assert!(!inspector.is_on());
    record(&inspector, "a", Some("inv"));
    inspector.observe_log(&line("inv", "x"));
    assert!(ids(&inspector).is_empty());
}

#[test]
fn lines_before_and_after_the_response_are_attached_to_their_invocation() {
    let inspector = Inspector::new(10);
    inspector.observe_log(&line("inv-1", "START RequestId: inv-1"));
    inspector.observe_log(&line("other", "START RequestId: other"));
    record(&inspector, "a", Some("inv-1"));
    inspector.observe_log(&line("inv-1", "multi\rline"));
    inspector.observe_log(&line("inv-1", "REPORT RequestId: inv-1"));
    let shown = requests(&inspector, 1);
    assert_eq!(
        shown[0]["integration"]["logs"],
        json!([
            "START RequestId: inv-1",
            "multi\nline",
            "REPORT RequestId: inv-1"
        ])
    );
}

#[test]
fn lines_outside_an_invocation_are_not_kept() {
    let inspector = Inspector::new(10);
    let mut outside = line("x", "between invocations");
    outside.request_id = None;
    inspector.observe_log(&outside);
    assert_eq!(inspector.unclaimed_invocations(), 0);
}

#[test]
fn an_invocations_lines_are_cut_at_64_kib_with_a_marker() {
    let inspector = Inspector::new(1);
    record(&inspector, "a", Some("inv"));
    let long = "x".repeat(1000);
    for _ in 0..100 {
        inspector.observe_log(&line("inv", &long));
    }
    let shown = requests(&inspector, 1);
    let logs = shown[0]["integration"]["logs"].as_array().unwrap();
    assert_eq!(logs.len(), 65 + 1);
    assert_eq!(logs.last().unwrap(), logs::CUT_MARKER);
}

#[test]
fn unclaimed_invocations_are_bounded_and_lines_of_evicted_records_dropped() {
    let inspector = Inspector::new(2);
    for n in 0..50 {
        inspector.observe_log(&line(&format!("authorizer-{n}"), "START"));
    }
    assert_eq!(
        inspector.unclaimed_invocations(),
        2 * UNCLAIMED_INVOCATIONS_PER_RECORD
    );
    for n in 0..5 {
        record(&inspector, &format!("r{n}"), Some(&format!("inv-{n}")));
    }
    // The evicted records' invocations are neither claimed nor kept when lines arrive late.
    inspector.observe_log(&line("inv-0", "late"));
    let state = inspector.lock();
    assert_eq!(state.claimed.len(), 2);
    assert_eq!(state.records.len(), 2);
    assert!(state.unclaimed.invocations() <= 4);
}

#[test]
fn the_version_changes_with_each_record_and_each_attached_line_only() {
    let inspector = Inspector::new(10);
    let empty = inspector.version();
    assert_eq!(inspector.requests_json(10).0, empty);
    inspector.observe_log(&line("unclaimed", "START"));
    assert_eq!(inspector.version(), empty, "unclaimed lines are not shown");
    record(&inspector, "a", Some("inv"));
    let recorded = inspector.version();
    assert_ne!(recorded, empty);
    inspector.observe_log(&line("inv", "REPORT"));
    assert_ne!(inspector.version(), recorded);
}

/// `{"alg":"none"}` . `{"sub":"a"}` . `sig`
const JWT: &str = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.c2ln";

#[test]
fn log_lines_are_kept_as_written_and_masked_when_shown() {
    let inspector = Inspector::new(1);
    record(&inspector, "a", Some("inv"));
    inspector.observe_log(&line("inv", &format!("token {JWT}\rnext")));
    let kept = inspector.lock().records[0].logs.lines.clone();
    assert_eq!(&*kept[0], format!("token {JWT}\rnext"));
    let shown = requests(&inspector, 1);
    assert_eq!(
        shown[0]["integration"]["logs"],
        json!([
            r#"token <JWT header {"alg":"none"} claims {"sub":"a"} signature masked>
next"#
        ])
    );
}

#[test]
fn a_record_is_masked_once_and_its_shown_form_kept() {
    let inspector = Inspector::new(1);
    record(&inspector, "a", Some("inv"));
    let entry = Arc::clone(&inspector.lock().records[0].entry);
    let first = entry.shown();
    assert!(Arc::ptr_eq(&first, &entry.shown()));
    assert_eq!(requests(&inspector, 1)[0]["id"], "a");
    assert!(Arc::ptr_eq(&first, &entry.shown()));
}
