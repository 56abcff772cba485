//! A Lambda `REQUEST` authorizer (SAM `FunctionPayloadType: REQUEST`) with a header and a
//! query parameter as identity sources (`fixtures/rest/authorizers`): 401 without invoking
//! when one is missing (caching is on, aws-rest-api.md §4.3), its context in the event, and
//! the cache keyed by both values.

use super::{Served, UNAUTHORIZED};

#[test]
fn a_request_authorizer_needs_every_identity_source_and_caches_by_them() {
    let served = Served::start("authorizers");
    let tenant = [("X-Tenant", "acme")];

    // One identity source missing, then the other: 401, not invoked.
    let reply = served.get("/Prod/request", &tenant);
    reply.assert_error(401, UNAUTHORIZED, Some("UnauthorizedException"));
    let reply = served.get("/Prod/request?user=ann", &[]);
    reply.assert_error(401, UNAUTHORIZED, Some("UnauthorizedException"));
    assert_eq!(served.invocations_of("request"), 0, "{}", reply.log);

    // Both: the authorizer's event is a REQUEST event; its context reaches the function.
    let reply = served.get("/Prod/request?user=ann", &tenant);
    assert_eq!(reply.status, 200, "{}\n{}", reply.text(), reply.log);
    let event = reply.json();
    let authorizer = &event["requestContext"]["authorizer"];
    assert_eq!(authorizer["principalId"], "acme/ann", "{authorizer}");
    assert_eq!(authorizer["tenant"], "acme", "{authorizer}");
    assert_eq!(authorizer["user"], "ann", "{authorizer}");
    assert_eq!(authorizer["type"], "REQUEST", "{authorizer}");
    assert_eq!(served.invocations(), ["request acme ann"]);

    // The same values: cached. Another user: a new cache key, a new invocation.
    let reply = served.get("/Prod/request?user=ann", &tenant);
    assert_eq!(reply.status, 200, "{}", reply.log);
    assert_eq!(served.invocations_of("request"), 1, "a cache hit");
    let reply = served.get("/Prod/request?user=ben", &tenant);
    assert_eq!(reply.status, 200, "{}", reply.log);
    assert_eq!(
        served.invocations(),
        ["request acme ann", "request acme ben"]
    );
}
