//! The JWT authorizer through the real server: AWS's statuses, bodies and
//! `www-authenticate` on the wire, the precise reason in gantry's log.

use serde_json::json;
use test_support::issuer::{TestKey, now_seconds, signing_input};

use crate::stack::TestStack;
use crate::support::{client, log_record, request_id};

struct Case {
    name: &'static str,
    authorization: Option<String>,
    status: u16,
    /// Substring of `www-authenticate` (401 only).
    challenge: &'static str,
    /// Substring of the explanation in the log.
    why: &'static str,
}

#[test]
fn tokens_are_verified_like_api_gateway_and_every_refusal_is_explained() {
    let stack = TestStack::start();
    let now = now_seconds();
    let valid = stack.token_with(json!({}));
    let forger = TestKey::generate("e2e-key-1"); // same kid, different key
    let forged = forger.token(&stack.claims());
    let alg_none = format!(
        "{}.",
        signing_input(&json!({"alg": "none", "typ": "JWT"}), &stack.claims())
    );
    let unknown_kid = TestKey::generate("kid-nobody-has").token(&stack.claims());
    let cases = [
        Case {
            name: "valid, Bearer",
            authorization: Some(format!("Bearer {valid}")),
            status: 200,
            challenge: "",
            why: "",
        },
        Case {
            name: "valid, bare token",
            authorization: Some(valid.clone()),
            status: 200,
            challenge: "",
            why: "",
        },
        Case {
            name: "client_id when aud is absent",
            authorization: Some(format!(
                "Bearer {}",
                stack.token_with(json!({"aud": null, "client_id": crate::stack::AUDIENCE}))
            )),
            status: 200,
            challenge: "",
            why: "",
        },
        Case {
            name: "no token",
            authorization: None,
            status: 401,
            challenge: "Bearer",
            why: "no token",
        },
        Case {
            name: "expired",
            authorization: Some(format!(
                "Bearer {}",
                stack.token_with(json!({"exp": now - 120}))
            )),
            status: 401,
            challenge: "invalid_token",
            why: "expired",
        },
        Case {
            name: "not yet valid",
            authorization: Some(format!(
                "Bearer {}",
                stack.token_with(json!({"nbf": now + 3600}))
            )),
            status: 401,
            challenge: "invalid_token",
            why: "nbf",
        },
        Case {
            name: "another audience",
            authorization: Some(format!(
                "Bearer {}",
                stack.token_with(json!({"aud": "https://someone-else"}))
            )),
            status: 401,
            challenge: "the token does not have a valid audience",
            why: "https://someone-else",
        },
        Case {
            name: "another issuer",
            authorization: Some(format!(
                "Bearer {}",
                stack.token_with(json!({"iss": "https://evil.example.com/"}))
            )),
            status: 401,
            challenge: "invalid_token",
            why: "https://evil.example.com/",
        },
        Case {
            name: "forged signature",
            authorization: Some(format!("Bearer {forged}")),
            status: 401,
            challenge: "invalid_token",
            why: "signature",
        },
        Case {
            name: "alg none",
            authorization: Some(format!("Bearer {alg_none}")),
            status: 401,
            challenge: "invalid_token",
            why: "none",
        },
        Case {
            name: "unknown kid",
            authorization: Some(format!("Bearer {unknown_kid}")),
            status: 401,
            challenge: "invalid_token",
            why: "kid-nobody-has",
        },
        Case {
            name: "Basic scheme",
            authorization: Some(format!("Basic {valid}")),
            status: 401,
            challenge: "Bearer",
            why: "Basic",
        },
    ];
    let client = client();
    let mut failures = Vec::new();
    for case in &cases {
        let mut request = client.get(stack.url("/echo"));
        if let Some(authorization) = &case.authorization {
            request = request.header("authorization", authorization);
        }
        let response = request.send().unwrap();
        let status = response.status().as_u16();
        let id = request_id(&response);
        let challenge = response
            .headers()
            .get("www-authenticate")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let body = response.text().unwrap();
        let log = log_record(&stack.gantry, &id);
        let expected_body = if case.status == 401 {
            r#"{"message":"Unauthorized"}"#
        } else {
            ""
        };
        let ok = status == case.status
            && (case.status != 401
                || (body == expected_body && challenge.contains(case.challenge)))
            && (case.status == 200 || log.contains(case.why))
            && (case.status != 200 || !log.contains("why:"));
        if !ok {
            failures.push(format!(
                "{}: status {status} (want {}), www-authenticate {challenge:?} (want ~{:?}), body {body:?}\n  log: {log}",
                case.name, case.status, case.challenge
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn route_scopes_allow_any_one_of_them_and_refuse_with_403_otherwise() {
    let stack = TestStack::start();
    let client = client();
    let without = stack.token_with(json!({"scope": "read:things"}));
    let response = client
        .post(stack.url("/admin"))
        .bearer_auth(&without)
        .send()
        .unwrap();
    assert_eq!(response.status(), 403);
    let id = request_id(&response);
    assert_eq!(response.text().unwrap(), r#"{"message":"Forbidden"}"#);
    let log = log_record(&stack.gantry, &id);
    assert!(
        log.contains("admin:write") && log.contains("read:things"),
        "{log}"
    );

    let with = stack.token_with(json!({"scope": "read:things admin:all"}));
    let response = client
        .post(stack.url("/admin"))
        .bearer_auth(&with)
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    let event: serde_json::Value = response.json().unwrap();
    // The event carries the token's full scope list, not the intersection (§2.6).
    assert_eq!(
        event["requestContext"]["authorizer"]["jwt"]["scopes"],
        json!(["read:things", "admin:all"])
    );

    let scp = stack.token_with(json!({"scp": ["admin:write"]}));
    assert_eq!(
        client
            .post(stack.url("/admin"))
            .bearer_auth(&scp)
            .send()
            .unwrap()
            .status(),
        200
    );
}

#[test]
fn issuer_that_is_down_or_slow_gives_401_and_the_server_stays_up() {
    let stack = TestStack::start();
    let client = client();
    // Slow discovery: AWS gives up after 1.5 s.
    stack
        .issuer
        .set(|b| b.delay = std::time::Duration::from_secs(3));
    let started = std::time::Instant::now();
    let response = client
        .get(stack.url("/echo"))
        .bearer_auth(stack.token_with(json!({})))
        .send()
        .unwrap();
    assert_eq!(response.status(), 401);
    assert!(
        started.elapsed() < std::time::Duration::from_millis(2900),
        "took {:?}",
        started.elapsed()
    );
    let log = log_record(&stack.gantry, &request_id(&response));
    assert!(
        log.contains("1500") || log.contains("timed out") || log.contains("time"),
        "{log}"
    );

    // Down: the issuer's port no longer answers.
    let token = stack.token_with(json!({"sub": "user-2"}));
    let base = stack.gantry.base.clone();
    drop(stack.issuer);
    let response = client
        .get(format!("{base}/echo"))
        .bearer_auth(token)
        .send()
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(
        client
            .get(format!("{base}/_gantry/health"))
            .send()
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        client
            .get(format!("{base}/open/still-serving"))
            .send()
            .unwrap()
            .status(),
        200
    );
}
