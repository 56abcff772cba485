//! Function logs: Lambda's platform lines around the function's own output, runtime log
//! formats, bounded lines.

use lambda_host::LogOrigin;
use serde_json::json;

use lambda_host::CodeSource;

use crate::support::{function, host, host_with, json, node_function, python_function};

/// `2024-01-01T00:00:00.000Z` followed by a tab.
fn starts_with_timestamp(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.len() > 25
        && bytes[4] == b'-'
        && bytes[10] == b'T'
        && bytes[23] == b'Z'
        && bytes[24] == b'\t'
}

#[tokio::test]
async fn invocation_lines_are_start_output_end_report_in_order() {
    let test = host().await;
    test.deploy(node_function("logged")).await;
    let first = test.invoke("logged", json!({"action": "log"})).await;
    let id = first.request_id.as_str();
    let lines = test.request_lines(id);
    let text: Vec<&str> = lines.iter().map(|(_, line)| line.as_str()).collect();
    assert_eq!(text.len(), 5, "{text:#?}");
    assert_eq!(text[0], format!("START RequestId: {id} Version: $LATEST"));
    assert!(starts_with_timestamp(text[1]), "{}", text[1]);
    assert!(
        text[1].ends_with(&format!("\t{id}\tINFO\thello {{ a: 1 }}")),
        "{}",
        text[1]
    );
    // A multi-line message stays one log event, with \r where it had \n.
    assert!(
        text[2].ends_with(&format!("\t{id}\tERROR\tfirst\rsecond")),
        "{}",
        text[2]
    );
    assert_eq!(text[3], format!("END RequestId: {id}"));
    let report = text[4];
    assert!(
        report.starts_with(&format!("REPORT RequestId: {id}\tDuration: ")),
        "{report}"
    );
    for field in [
        "\tBilled Duration: ",
        " ms\tMemory Size: 128 MB\tMax Memory Used: ",
        "\tInit Duration: ",
    ] {
        assert!(report.contains(field), "{field:?} in {report}");
    }
    let origins: Vec<LogOrigin> = lines.iter().map(|(origin, _)| *origin).collect();
    assert_eq!(
        origins,
        [
            LogOrigin::Platform,
            LogOrigin::Function,
            LogOrigin::Function,
            LogOrigin::Platform,
            LogOrigin::Platform
        ]
    );

    let second = test.invoke("logged", json!({})).await;
    let report = test
        .request_lines(second.request_id.as_str())
        .pop()
        .unwrap()
        .1;
    assert!(
        !report.contains("Init Duration"),
        "only a cold start reports init: {report}"
    );
}

#[tokio::test]
async fn what_initialisation_prints_comes_before_the_first_start() {
    let test = host().await;
    let code = "console.log('initialising');\nexports.handler = async () => 'ok';\n";
    test.deploy(function(
        "init-logged",
        "nodejs20.x",
        "index.handler",
        CodeSource::Inline(code.into()),
    ))
    .await;
    let first = test.invoke("init-logged", json!({})).await;
    let logs = test.logs.lock().unwrap();
    let messages: Vec<&str> = logs.iter().map(|e| e.message.as_str()).collect();
    let init = messages
        .iter()
        .position(|m| m.ends_with("\tINFO\tinitialising"));
    let start = format!("START RequestId: {} Version: $LATEST", first.request_id);
    let start = messages.iter().position(|m| *m == start);
    assert!(
        matches!((init, start), (Some(i), Some(s)) if i < s),
        "{messages:#?}"
    );
}

#[tokio::test]
async fn log_events_carry_the_group_and_an_environment_stream() {
    let test = host().await;
    test.deploy(node_function("grouped")).await;
    let outcome = test.invoke("grouped", json!({})).await;
    let events = test.host.recent_logs("grouped").unwrap();
    assert!(!events.is_empty());
    let stream = &events[0].log_stream;
    assert!(
        events
            .iter()
            .all(|e| &*e.log_group == "/aws/lambda/grouped" && &e.log_stream == stream)
    );
    assert_eq!(
        **stream,
        *json(&outcome)["context"]["logStreamName"].as_str().unwrap()
    );
    let sink: Vec<String> = test.messages();
    let tail: Vec<String> = events.into_iter().map(|e| e.message).collect();
    assert_eq!(
        sink, tail,
        "the sink and the in-memory tail saw the same lines"
    );
}

#[tokio::test]
async fn python_print_and_logging_use_lambdas_formats() {
    let test = host().await;
    test.deploy(python_function("py-logged")).await;
    let outcome = test.invoke("py-logged", json!({"action": "log"})).await;
    let id = outcome.request_id.as_str();
    let lines: Vec<String> = test
        .request_lines(id)
        .into_iter()
        .map(|(_, line)| line)
        .collect();
    assert_eq!(lines[1], "printed line");
    let logged = &lines[2];
    assert!(logged.starts_with("[INFO]\t"), "{logged}");
    assert!(
        logged.ends_with(&format!("Z\t{id}\tinfo message\rsecond line")),
        "{logged}"
    );
}

#[tokio::test]
async fn megabytes_without_newlines_become_bounded_lines_and_the_function_keeps_working() {
    const BYTES: usize = 3 * 1024 * 1024;
    const MAX_LINE: usize = 64 * 1024;
    let test = host_with(|config| config.max_log_line_bytes = MAX_LINE).await;
    test.deploy(node_function("flood")).await;
    let outcome = test
        .invoke("flood", json!({"action": "print", "bytes": BYTES}))
        .await;
    assert!(outcome.is_success(), "{}", outcome.explain());
    // Node.js may still be flushing a write this large after the handler returned.
    let output = || -> Vec<usize> {
        let logs = test.logs.lock().unwrap();
        logs.iter()
            .filter(|e| e.origin == LogOrigin::Function)
            .map(|e| e.message.len())
            .collect()
    };
    crate::support::eventually("all output is read", || {
        output().iter().sum::<usize>() == BYTES
    })
    .await;
    assert!(output().iter().all(|&len| len <= MAX_LINE));
    assert!(test.invoke("flood", json!({})).await.is_success());
}

#[tokio::test]
async fn timeout_and_crash_are_logged_like_lambda() {
    let test = host().await;
    let mut slow = node_function("log-timeout");
    slow.timeout = std::time::Duration::from_millis(200);
    test.deploy(slow).await;
    test.deploy(python_function("log-crash")).await;

    let timed_out = test
        .invoke("log-timeout", json!({"action": "sleep", "ms": 5000}))
        .await;
    let id = timed_out.request_id.as_str();
    let lines: Vec<String> = test
        .request_lines(id)
        .into_iter()
        .map(|(_, line)| line)
        .collect();
    let n = lines.len();
    assert!(
        lines[n - 3].ends_with(&format!(" {id} Task timed out after 0.20 seconds")),
        "{lines:#?}"
    );
    assert_eq!(lines[n - 2], format!("END RequestId: {id}"));
    assert!(
        lines[n - 1].ends_with("\tStatus: timeout\t"),
        "{}",
        lines[n - 1]
    );

    let crashed = test
        .invoke("log-crash", json!({"action": "crash", "code": 2}))
        .await;
    let id = crashed.request_id.as_str();
    let lines: Vec<String> = test
        .request_lines(id)
        .into_iter()
        .map(|(_, line)| line)
        .collect();
    let n = lines.len();
    assert_eq!(
        lines[n - 4],
        format!("RequestId: {id} Error: Runtime exited with error: exit status 2")
    );
    assert_eq!(lines[n - 3], "Runtime.ExitError");
    assert!(lines[n - 1].ends_with("\tStatus: error\tError Type: Runtime.ExitError\t"));
}

#[tokio::test]
async fn each_line_carries_the_request_id_of_its_invocation_and_init_output_none() {
    let test = host().await;
    let code = "console.log('initialising');\n\
                exports.handler = async (event) => { console.log('handling', event.n); return event.n; };\n";
    test.deploy(function(
        "attributed",
        "nodejs20.x",
        "index.handler",
        CodeSource::Inline(code.into()),
    ))
    .await;
    let first = test.invoke("attributed", json!({"n": 1})).await;
    let second = test.invoke("attributed", json!({"n": 2})).await;
    let (first, second) = (first.request_id.as_str(), second.request_id.as_str());

    let logs = test.logs.lock().unwrap();
    let lines: Vec<(Option<&str>, &str)> = logs
        .iter()
        .map(|e| (e.request_id.as_deref(), e.message.as_str()))
        .collect();
    let init: Vec<_> = lines.iter().filter(|(id, _)| id.is_none()).collect();
    assert_eq!(init.len(), 1, "{lines:#?}");
    assert!(init[0].1.ends_with("\tINFO\tinitialising"), "{lines:#?}");
    for (id, n) in [(first, 1), (second, 2)] {
        let own: Vec<&str> = lines
            .iter()
            .filter(|(of, _)| *of == Some(id))
            .map(|(_, message)| *message)
            .collect();
        assert_eq!(own.len(), 4, "{lines:#?}");
        assert_eq!(own[0], format!("START RequestId: {id} Version: $LATEST"));
        assert!(
            own[1].ends_with(&format!("\t{id}\tINFO\thandling {n}")),
            "{}",
            own[1]
        );
        assert_eq!(own[2], format!("END RequestId: {id}"));
        assert!(own[3].starts_with(&format!("REPORT RequestId: {id}\t")));
    }
}

#[tokio::test]
async fn a_timed_out_invocations_platform_lines_carry_its_request_id() {
    let test = host().await;
    let mut slow = node_function("attributed-timeout");
    slow.timeout = std::time::Duration::from_millis(200);
    test.deploy(slow).await;
    let timed_out = test
        .invoke("attributed-timeout", json!({"action": "sleep", "ms": 5000}))
        .await;
    let id = timed_out.request_id.as_str();
    let logs = test.logs.lock().unwrap();
    let own: Vec<&str> = logs
        .iter()
        .filter(|e| e.request_id.as_deref() == Some(id))
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(own.len(), 4, "{own:#?}");
    assert!(own[0].starts_with("START RequestId: "), "{own:#?}");
    assert!(
        own[1].ends_with(&format!(" {id} Task timed out after 0.20 seconds")),
        "{own:#?}"
    );
    assert_eq!(own[2], format!("END RequestId: {id}"));
    assert!(own[3].ends_with("\tStatus: timeout\t"), "{own:#?}");
    assert!(logs.iter().all(|e| e.request_id.as_deref() == Some(id)));
}
