//! API keys and usage plans (SAM `Auth.ApiKeyRequired` + `UsagePlan: PER_API`,
//! `fixtures/rest/api-key`): no key or an unknown key is 403 Forbidden; the key `gantry
//! up` printed is accepted and reaches the event; the usage plan's throttle answers 429,
//! its quota 429 `Limit Exceeded`.

use super::{FORBIDDEN, Served, TOO_MANY_REQUESTS};

/// aws-rest-api.md §5: usage-plan quota exhausted.
const LIMIT_EXCEEDED: &str = r#"{"message":"Limit Exceeded"}"#;

/// The key value from `gantry up`'s `x-api-key: VALUE` line.
fn printed_key(served: &Served) -> String {
    let output = served.gantry.output();
    output
        .lines()
        .find_map(|line| line.split("x-api-key: ").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no printed API key in\n{output}"))
        .to_owned()
}

#[test]
fn an_api_key_is_required_checked_and_throttled_by_its_usage_plan() {
    let served = Served::start("api-key");
    let key = printed_key(&served);
    assert!(
        key.len() >= 20,
        "AWS generates keys of 20+ characters: {key}"
    );
    assert!(
        served.gantry.output().contains("Prod"),
        "the key's stage printed"
    );

    // aws-rest-api.md §5: no key, an unknown key: 403 Forbidden (23 bytes),
    // ForbiddenException.
    let reply = served.get("/Prod/items", &[]);
    reply.assert_error(403, FORBIDDEN, Some("ForbiddenException"));
    assert!(reply.log.contains("why: "), "{}", reply.log);
    let reply = served.get("/Prod/items", &[("x-api-key", "not-a-key-of-this-stack")]);
    reply.assert_error(403, FORBIDDEN, Some("ForbiddenException"));

    // The printed key: through, with the key and its id in the identity.
    let reply = served.get("/Prod/items", &[("x-api-key", &key)]);
    assert_eq!(reply.status, 200, "{}\n{}", reply.text(), reply.log);
    let event = reply.json();
    let identity = &event["requestContext"]["identity"];
    assert_eq!(identity["apiKey"], key.as_str(), "{identity}");
    assert!(identity["apiKeyId"].is_string(), "{identity}");

    // Throttle BurstLimit 2, RateLimit 1: a quick burst is throttled.
    let statuses: Vec<(u16, String)> = (0..8)
        .map(|_| {
            let reply = served.get("/Prod/items", &[("x-api-key", &key)]);
            (reply.status, reply.text())
        })
        .collect();
    let throttled = statuses
        .iter()
        .find(|(status, _)| *status == 429)
        .unwrap_or_else(|| panic!("no 429 in {statuses:?}"));
    assert_eq!(throttled.1, TOO_MANY_REQUESTS);
    assert!(
        statuses
            .iter()
            .all(|(status, _)| [200, 429].contains(status)),
        "{statuses:?}"
    );
}

#[test]
fn a_usage_plan_quota_answers_429_limit_exceeded_once_used_up() {
    let served = Served::start("api-key-quota");
    let key = printed_key(&served);
    for _ in 0..2 {
        let reply = served.get("/Prod/items", &[("x-api-key", &key)]);
        assert_eq!(reply.status, 200, "{}\n{}", reply.text(), reply.log);
    }
    let reply = served.get("/Prod/items", &[("x-api-key", &key)]);
    reply.assert_error(429, LIMIT_EXCEEDED, Some("LimitExceededException"));
    assert!(reply.log.contains("why: "), "{}", reply.log);
}
