//! A Lambda `TOKEN` authorizer (SAM `Auth.Authorizers`, `FunctionPayloadType: TOKEN`) with
//! a real Node.js function whose policy depends on the token (`fixtures/rest/authorizers`):
//! Allow, explicit Deny, `Unauthorized`, a missing header, the cached policy reused and
//! applied to another method, and the cache expiring after `ReauthorizeEvery`.

use std::time::Duration;

use reqwest::Method;

use super::{EXPLICIT_DENY, NOT_AUTHORIZED, Served, UNAUTHORIZED, eventually};

#[test]
fn a_token_authorizer_allows_denies_caches_and_expires() {
    let served = Served::start("authorizers");

    // aws-rest-api.md §4.2: no Authorization header: 401 without invoking the authorizer.
    let reply = served.get("/Prod/token/a", &[]);
    reply.assert_error(401, UNAUTHORIZED, Some("UnauthorizedException"));
    assert_eq!(served.invocations_of("token"), 0, "{}", reply.log);

    // Allow: the integration sees the principal and the context, stringified
    // (aws-rest-api.md §4.5).
    let alice = [("Authorization", "allow-alice")];
    let reply = served.get("/Prod/token/a", &alice);
    assert_eq!(reply.status, 200, "{}\n{}", reply.text(), reply.log);
    let event = reply.json();
    let authorizer = &event["requestContext"]["authorizer"];
    assert_eq!(authorizer["principalId"], "alice", "{authorizer}");
    assert_eq!(authorizer["user"], "alice", "{authorizer}");
    assert_eq!(authorizer["level"], "3", "{authorizer}");
    assert_eq!(authorizer["admin"], "false", "{authorizer}");
    assert!(authorizer["integrationLatency"].is_number(), "{authorizer}");
    // The method ARN names the actual verb and path (aws-rest-api.md §4.2).
    let method_arn = authorizer["methodArn"].as_str().unwrap();
    let api_id = event["requestContext"]["apiId"].as_str().unwrap();
    assert_eq!(
        method_arn,
        format!("arn:aws:execute-api:us-east-1:123456789012:{api_id}/Prod/GET/token/a")
    );
    assert_eq!(served.invocations(), ["token allow-alice"]);

    // The same token on another resource path: the cached policy allows, no invocation.
    let reply = served.get("/Prod/token/b", &alice);
    assert_eq!(reply.status, 200, "{}\n{}", reply.text(), reply.log);
    assert_eq!(served.invocations_of("token"), 1, "a cache hit");

    // The cached policy, allowing GET only, applied to POST: 403, still no invocation.
    let reply = served.send(Method::POST, "/Prod/token/a", |r| {
        r.header("Authorization", "allow-alice")
    });
    reply.assert_error(403, NOT_AUTHORIZED, Some("AccessDeniedException"));
    assert_eq!(NOT_AUTHORIZED.len(), 60);
    assert!(reply.log.contains("cached"), "{}", reply.log);
    assert_eq!(
        served.invocations_of("token"),
        1,
        "the cached policy decided"
    );

    // An explicit Deny: 403 with the 82-byte body.
    let reply = served.get("/Prod/token/a", &[("Authorization", "deny")]);
    reply.assert_error(403, EXPLICIT_DENY, Some("AccessDeniedException"));
    assert_eq!(EXPLICIT_DENY.len(), 82);
    assert!(reply.log.contains("why: "), "{}", reply.log);
    assert_eq!(served.invocations_of("token"), 2);

    // The authorizer throws `Unauthorized`: 401.
    let reply = served.get("/Prod/token/a", &[("Authorization", "stranger")]);
    reply.assert_error(401, UNAUTHORIZED, Some("UnauthorizedException"));
    assert_eq!(served.invocations_of("token"), 3);
}

#[test]
fn a_token_authorizer_s_cached_policy_expires_after_its_ttl() {
    let served = Served::start("authorizers");
    let bob = [("X-Short", "allow-bob")];

    let reply = served.get("/Prod/short", &bob);
    assert_eq!(reply.status, 200, "{}\n{}", reply.text(), reply.log);
    assert_eq!(served.invocations_of("short"), 1);

    // ReauthorizeEvery: 1. Past it, the authorizer is invoked again.
    std::thread::sleep(Duration::from_millis(2500));
    let reply = served.get("/Prod/short", &bob);
    assert_eq!(reply.status, 200, "{}\n{}", reply.text(), reply.log);
    eventually("a second invocation after the TTL", || {
        served.invocations_of("short") == 2
    });
}
