use std::sync::Mutex;
use std::time::{Duration, UNIX_EPOCH};

use http::StatusCode;

use super::*;
use crate::error::IntegrationError;
use crate::stage::AccessLogFormat;

fn settings(format: &str) -> Arc<StageAccessLog> {
    Arc::new(StageAccessLog {
        destination_arn: "arn:aws:logs:us-east-1:123456789012:log-group:api-logs:*".to_owned(),
        log_group_name: "api-logs".to_owned(),
        format: AccessLogFormat::parse(format),
        api_id: "a1b2c3d4e5".to_owned(),
        account_id: "123456789012".to_owned(),
        stage_name: "test".to_owned(),
    })
}

/// A served `GET /test/lambda?x=1` on stage `test` at 2026-07-10 19:19:05 UTC.
fn served(format: &str) -> AccessLog {
    AccessLog {
        request_id: "AbCdEfGhIjKlMnO=".to_owned(),
        method: "GET".to_owned(),
        path: "/test/lambda?x=1".to_owned(),
        route_key: Some("GET /lambda".to_owned()),
        api_id: None,
        stage: None,
        request_body: bytes::Bytes::new(),
        status: StatusCode::OK,
        latency: Duration::from_millis(42),
        function: None,
        explanation: None,
        authorization: None,
        authorizer: None,
        context: LogContext {
            access_log: Some(settings(format)),
            domain_name: "a1b2c3d4e5.execute-api.localhost:3000".to_owned(),
            protocol: "HTTP/1.1",
            source_ip: Some([127, 0, 0, 1].into()),
            user_agent: Some("curl/8.5.0".to_owned()),
            request_time: Some(UNIX_EPOCH + Duration::from_secs(1_783_711_145)),
            request_length: 3,
            response_length: 31,
            integration: Some(IntegrationCall {
                status: Some(200),
                response_status: Some(200),
                latency: Duration::from_millis(40),
                request_id: Some("8d1b6a3e-0000-4000-8000-000000000000".to_owned()),
            }),
            error: None,
            claims: None,
            rest: None,
        },
    }
}

fn render(log: &AccessLog) -> String {
    log.context
        .access_log
        .as_ref()
        .expect("the stage logs")
        .format
        .render(log)
}

#[test]
fn aws_clf_example_reads_the_request() {
    let log = served(
        r#"$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLength $context.requestId $context.integrationErrorMessage"#,
    );
    assert_eq!(
        render(&log),
        r#"127.0.0.1 - - [10/Jul/2026:19:19:05 +0000] "GET GET /lambda HTTP/1.1" 200 31 AbCdEfGhIjKlMnO= -"#
    );
}

#[test]
fn request_and_integration_variables() {
    let log = served(
        "$context.apiId $context.accountId $context.stage $context.path $context.domainName $context.domainPrefix $context.requestTimeEpoch $context.responseLatency $context.integrationLatency $context.integrationStatus $context.integration.status $context.integration.requestId $context.dataProcessed $context.identity.userAgent $context.extendedRequestId",
    );
    assert_eq!(
        render(&log),
        "a1b2c3d4e5 123456789012 test /test/lambda a1b2c3d4e5.execute-api.localhost:3000 a1b2c3d4e5 1783711145000 42 40 200 200 8d1b6a3e-0000-4000-8000-000000000000 34 curl/8.5.0 AbCdEfGhIjKlMnO="
    );
}

#[test]
fn refusals_fill_the_error_variables() {
    let mut log = served(
        "$context.status $context.error.message $context.error.messageString $context.error.responseType [$context.integrationErrorMessage] [$context.authorizer.error]",
    );
    let error = GatewayError::from(IntegrationError::Timeout { timeout_ms: 50 });
    log.status = error.status();
    log.context.error = Some(ErrorContext::of(
        &error,
        br#"{"message":"Service Unavailable"}"#,
    ));
    let line = render(&log);
    assert!(
        line.starts_with(
            r#"503 Service Unavailable "Service Unavailable" INTEGRATION_TIMEOUT [the function did not respond within the integration timeout of 50 ms"#
        ),
        "{line}"
    );
    assert!(line.ends_with("[-]"), "{line}");
}

#[test]
fn throttled_requests_are_throttled_responses() {
    let error = GatewayError::from(ClientError::Throttled {
        stage: "prod".to_owned(),
        route_key: "GET /x".to_owned(),
        rate_limit: "1".to_owned(),
        burst_limit: 1,
    });
    let context = ErrorContext::of(&error, br#"{"message":"Too Many Requests"}"#);
    assert_eq!(context.response_type, "THROTTLED");
    assert_eq!(context.message, "Too Many Requests");
    assert_eq!(context.kind, ErrorKind::Other);
}

/// Collects lines.
#[derive(Default)]
struct Lines(Mutex<Vec<(String, String)>>);

impl AccessLogSink for Lines {
    fn write(&self, destination: &StageAccessLog, line: &str) {
        self.0
            .lock()
            .unwrap()
            .push((destination.log_group_name.clone(), line.to_owned()));
    }
}

#[test]
fn lines_go_to_the_sink_only_for_stages_that_log() {
    let sink = Lines::default();
    let mut log = served("$context.requestId $context.status");
    write_stage_line(&sink, &log);
    log.context.access_log = None;
    write_stage_line(&sink, &log);
    assert_eq!(
        *sink.0.lock().unwrap(),
        [("api-logs".to_owned(), "AbCdEfGhIjKlMnO= 200".to_owned())]
    );
}
