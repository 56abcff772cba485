use apigw::gateway::{
    AccessLog, AuthorizerKind, AuthorizerLog, AuthorizerOutcome, FunctionCall, LogContext,
};
use bytes::Bytes;
use http::{HeaderMap, Request, Response, StatusCode};
use serde_json::json;

use super::*;

#[test]
fn a_text_body_is_cut_on_a_character_boundary() {
    let body = "é".repeat(MAX_SHOWN_BYTES); // 2 bytes each
    let (shown, base64, cut) = shown_body(body.as_bytes());
    assert!(!base64);
    assert!(cut);
    assert_eq!(shown.len(), MAX_SHOWN_BYTES);
    let body = "ab€".repeat(MAX_SHOWN_BYTES / 5);
    let (shown, _, cut) = shown_body(body.as_bytes());
    assert!(!cut);
    assert_eq!(shown, body);
}

#[test]
fn a_binary_body_is_base64_of_its_first_64_kib() {
    let body = vec![0xff_u8; MAX_SHOWN_BYTES + 10];
    let (shown, base64, cut) = shown_body(&body);
    assert!(base64);
    assert!(cut);
    assert_eq!(STANDARD.decode(shown).unwrap().len(), MAX_SHOWN_BYTES);
    let (shown, base64, cut) = shown_body(&[0xff, 0x00]);
    assert_eq!((shown.as_str(), base64, cut), ("/wA=", true, false));
}

#[test]
fn repeated_headers_are_joined_and_credentials_masked() {
    let mut headers = HeaderMap::new();
    headers.append("set-cookie", "a=1".parse().unwrap());
    headers.append("set-cookie", "b=2".parse().unwrap());
    headers.append("authorization", "Basic dXNlcjpwYXNz".parse().unwrap());
    let (shown, cut) = shown_headers(pairs(&headers));
    assert!(!cut);
    assert_eq!(shown["set-cookie"], "a=1, b=2");
    assert_eq!(shown["authorization"], "Basic <masked>");
}

#[test]
fn an_event_over_64_kib_is_shown_as_its_cut_text() {
    let sent = json!({"body": "x".repeat(MAX_SHOWN_BYTES)}).to_string();
    let Value::String(shown) = event(sent.as_bytes()) else {
        panic!("a cut event is a string");
    };
    assert_eq!(shown.len(), MAX_SHOWN_BYTES);
    assert!(sent.starts_with(&shown));
}

#[test]
fn a_record_shows_the_request_as_the_issue_shapes_it() {
    let head = Request::post("/items?x=1")
        .header("authorization", "Basic dXNlcjpwYXNz")
        .body(())
        .unwrap()
        .into_parts()
        .0;
    let log = AccessLog {
        request_id: "id1".to_owned(),
        method: "POST".to_owned(),
        path: "/items?x=1".to_owned(),
        route_key: Some("POST /items".to_owned()),
        api_id: Some("api1".to_owned()),
        stage: Some("$default".to_owned()),
        request_body: Bytes::from_static(b"{}"),
        status: StatusCode::CREATED,
        latency: std::time::Duration::from_micros(1500),
        function: Some(FunctionCall {
            function_name: "fn".to_owned(),
            request_id: "inv".to_owned(),
            duration: std::time::Duration::from_millis(1),
            init_duration: None,
            event: Bytes::from_static(br#"{"headers":{"authorization":"Basic x"}}"#),
        }),
        explanation: None,
        authorization: None,
        authorizer: Some(AuthorizerLog {
            kind: AuthorizerKind::Request,
            outcome: AuthorizerOutcome::Allow,
            explanation: "allowed".to_owned(),
        }),
        context: LogContext::default(),
    };
    let mut response = Response::new(Bytes::from_static(b"made"));
    *response.status_mut() = StatusCode::CREATED;
    let record = Record::new(&Captured::new(&head.headers, &log, &response));
    let logs = [Arc::from("START")];
    let mut shown = serde_json::to_value(record.with_logs(&logs)).unwrap();
    assert!(shown["time"].as_str().unwrap().ends_with('Z'));
    shown["time"] = json!("T");
    assert_eq!(
        shown,
        json!({
            "id": "id1", "time": "T", "method": "POST", "path": "/items?x=1", "status": 201,
            "durationMs": 1.5, "apiId": "api1", "stage": "$default", "routeKey": "POST /items",
            "authorizer": {"type": "REQUEST", "outcome": "allow", "explanation": "allowed"},
            "integration": {
                "function": "fn", "lambdaRequestId": "inv",
                "event": {"headers": {"authorization": "Basic <masked>"}}, "logs": ["START"]
            },
            "request": {
                "headers": {"authorization": "Basic <masked>"}, "body": "{}",
                "isBase64Encoded": false, "truncated": false
            },
            "response": {
                "status": 201, "headers": {}, "body": "made", "isBase64Encoded": false,
                "truncated": false
            },
            "explanation": null
        })
    );
}

#[test]
fn a_body_over_64_kib_is_shown_when_captured_as_it_would_be_later() {
    // `{"alg":"none"}` . `{"sub":"a"}` . `sig`, across the cut.
    let jwt = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.c2ln";
    let body = format!(
        "{} {jwt} {}",
        "x".repeat(MAX_SHOWN_BYTES - 10),
        "y".repeat(100)
    );
    let mut headers = HeaderMap::new();
    headers.insert("authorization", "Basic dXNlcjpwYXNz".parse().unwrap());
    let later = Message::new(None, pairs(&headers), body.as_bytes());
    let log = AccessLog {
        request_body: Bytes::from(body),
        ..log_without_function()
    };
    let captured = Captured::new(&headers, &log, &Response::new(Bytes::new()));
    let captured::CapturedMessage::Shown(shown) = &captured.request else {
        panic!("a body over 64 KiB is shown when captured");
    };
    assert_eq!(
        serde_json::to_value(shown).unwrap(),
        serde_json::to_value(&later).unwrap()
    );
    assert!(shown.truncated);
    let tail = &shown.body[shown.body.len() - 20..];
    assert!(
        tail.ends_with("x <JWT head"),
        "the JWT across the cut is masked: {tail}"
    );
}

#[test]
fn an_event_over_64_kib_is_shown_when_captured() {
    let sent = json!({"body": "x".repeat(MAX_SHOWN_BYTES)}).to_string();
    let mut log = log_without_function();
    log.function = Some(FunctionCall {
        function_name: "fn".to_owned(),
        request_id: "inv".to_owned(),
        duration: std::time::Duration::from_millis(1),
        init_duration: None,
        event: Bytes::from(sent.clone()),
    });
    let captured = Captured::new(&HeaderMap::new(), &log, &Response::new(Bytes::new()));
    let Some((_, _, captured::CapturedEvent::Shown(shown))) = &captured.function else {
        panic!("an event over 64 KiB is shown when captured");
    };
    assert_eq!(shown, &event(sent.as_bytes()));
}

fn log_without_function() -> AccessLog {
    AccessLog {
        request_id: "id1".to_owned(),
        method: "POST".to_owned(),
        path: "/items".to_owned(),
        route_key: None,
        api_id: None,
        stage: None,
        request_body: Bytes::new(),
        status: StatusCode::OK,
        latency: std::time::Duration::from_millis(1),
        function: None,
        explanation: None,
        authorization: None,
        authorizer: None,
        context: LogContext::default(),
    }
}

fn pairs(headers: &HeaderMap) -> impl Iterator<Item = (&[u8], &[u8])> {
    headers
        .iter()
        .map(|(name, value)| (name.as_str().as_bytes(), value.as_bytes()))
}
