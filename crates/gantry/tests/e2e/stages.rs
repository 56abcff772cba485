//! Named stages through the real binary (§7): a stage variable in the IntegrationUri
//! selecting a real Node.js or Python function per stage, throttling under a burst of
//! concurrent requests, and the stage's access log written in its own `Format` to the
//! state directory; plus the AWS docs' logging template from the corpus.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::{Gantry, Up, client, fixture, log_record, request_id};

const INTERNAL_SERVER_ERROR: &str = r#"{"message":"Internal Server Error"}"#;
const TOO_MANY_REQUESTS: &str = r#"{"message":"Too Many Requests"}"#;

fn start(template: &Path, state: &Path) -> Gantry {
    Up::new(template, state)
        .start()
        .unwrap_or_else(|(status, output)| panic!("gantry up failed ({status}):\n{output}"))
}

fn whoami(gantry: &Gantry, stage: &str) -> Value {
    let response = client()
        .get(format!("{}/{stage}/whoami", gantry.base))
        .send()
        .unwrap();
    assert_eq!(response.status(), 200, "/{stage}/whoami");
    response.json().unwrap()
}

#[test]
fn stage_variables_select_the_function_of_each_stage_and_reach_the_event() {
    let state = tempfile::tempdir().unwrap();
    let gantry = start(&fixture("stages.yaml"), state.path());

    assert_eq!(
        whoami(&gantry, "dev"),
        json!({
            "function": "orders-dev",
            "stage": "dev",
            "rawPath": "/dev/whoami",
            "stageVariables": {"fn": "orders-dev", "color": "blue"},
        })
    );
    assert_eq!(
        whoami(&gantry, "prod"),
        json!({
            "function": "orders-prod",
            "stage": "prod",
            "rawPath": "/prod/whoami",
            "stageVariables": {"fn": "orders-prod"},
        })
    );

    // beta defines no `fn`: AWS's opaque 500, the log names the variable.
    let response = client()
        .get(format!("{}/beta/whoami", gantry.base))
        .send()
        .unwrap();
    assert_eq!(response.status(), 500);
    let id = request_id(&response);
    assert_eq!(response.text().unwrap(), INTERNAL_SERVER_ERROR);
    let log = log_record(&gantry, &id);
    assert!(
        log.contains("${stageVariables.fn}") && log.contains("stage beta does not define"),
        "{log}"
    );
}

#[test]
fn a_burst_of_concurrent_requests_gets_the_bucket_and_429s() {
    let state = tempfile::tempdir().unwrap();
    let gantry = start(&fixture("stages.yaml"), state.path());
    let url = format!("{}/dev/limited", gantry.base);
    let answers: Vec<(u16, String)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..10)
            .map(|_| {
                let url = url.clone();
                scope.spawn(move || {
                    let response = client().get(url).send().unwrap();
                    (response.status().as_u16(), response.text().unwrap())
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    // Burst 3, and the rate refills one token per 1000 s: exactly 3 pass.
    let passed = answers.iter().filter(|(status, _)| *status == 200).count();
    let throttled: Vec<_> = answers
        .iter()
        .filter(|(status, _)| *status == 429)
        .collect();
    assert_eq!((passed, throttled.len()), (3, 7), "{answers:?}");
    assert!(throttled.iter().all(|(_, body)| body == TOO_MANY_REQUESTS));
    // Other routes of the stage are not throttled.
    for _ in 0..5 {
        let echo = client()
            .get(format!("{}/dev/echo", gantry.base))
            .send()
            .unwrap();
        assert_eq!(echo.status(), 200);
    }
    let output = gantry.wait_for_output("throttles route GET /limited");
    assert!(output.contains("burst of 3"), "{output}");
}

#[test]
fn the_stage_access_log_is_written_in_its_format_to_the_state_directory() {
    let state = tempfile::tempdir().unwrap();
    let gantry = start(&fixture("stages.yaml"), state.path());
    let served = client()
        .get(format!("{}/dev/echo", gantry.base))
        .send()
        .unwrap();
    let served_id = request_id(&served);
    let missing = client()
        .get(format!("{}/dev/missing", gantry.base))
        .send()
        .unwrap();
    let missing_id = request_id(&missing);
    // prod has no AccessLogSettings: nothing is written for it.
    client()
        .get(format!("{}/prod/echo", gantry.base))
        .send()
        .unwrap();

    let file = state.path().join("logs/_stages-e2e_access.log");
    let lines = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        lines,
        format!(
            "{served_id} GET /dev/echo \"GET /echo\" dev 200 200 -\n\
             {missing_id} GET /dev/missing \"-\" dev 404 - Not Found\n"
        )
    );
    // The console shows the stage's line too, under its log group.
    gantry.wait_for_output(&format!("[/stages-e2e/access] {served_id} GET /dev/echo"));
    assert!(gantry.output().contains("logs/_stages-e2e_access.log"));
}

#[test]
fn corpus_http_api_with_logging_serves_its_stage_and_writes_its_access_log() {
    let template = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/templates/awsdocs-apigw-guide--http-api-with-logging.yaml");
    let state = tempfile::tempdir().unwrap();
    let gantry = start(&template, state.path());
    let response = client()
        .get(format!("{}/test/lambda", gantry.base))
        .header("user-agent", "corpus-test")
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    let id = request_id(&response);
    assert_eq!(
        response.text().unwrap(),
        r#""Hello from the GET /lambda route!""#
    );
    // The log group is named `{ApiId}-access-logs`.
    let api_id = gantry.api_id();
    let file = state.path().join(format!("logs/{api_id}-access-logs.log"));
    let line = std::fs::read_to_string(&file).unwrap();
    // $context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod
    // $context.routeKey $context.protocol" $context.status $context.responseLength
    // $context.requestId $context.integrationErrorMessage
    let (start, rest) = line.split_once(" - - [").unwrap();
    assert_eq!(start, "127.0.0.1");
    let (time, rest) = rest.split_once("] ").unwrap();
    assert_eq!(time.len(), "10/Jul/2026:19:19:05 +0000".len(), "{time}");
    assert!(time.ends_with(" +0000"), "{time}");
    assert_eq!(
        rest,
        format!("\"GET GET /lambda HTTP/1.1\" 200 35 {id} -\n")
    );
}
