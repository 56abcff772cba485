//! Steps 1–3 (aws-rest-api.md §0, §1): the API, the stage (403 `Forbidden`), the resource
//! and method (403 `Missing Authentication Token`), and what the match puts in the event.

use serde_json::{Value, json};

use crate::support::{Bed, FUNCTION, FakeFunction, RestStack, get, request};
use crate::{FORBIDDEN, MISSING_AUTHENTICATION_TOKEN};

fn pets() -> Bed {
    let stack = RestStack::new()
        .lambda("GET", "/", FUNCTION)
        .lambda("GET", "/pets/{id}", FUNCTION)
        .lambda("GET", "/pets/{id}/toys", FUNCTION)
        .lambda("ANY", "/items", FUNCTION)
        .lambda("POST", "/items", FUNCTION)
        .lambda("ANY", "/files/{proxy+}", FUNCTION)
        .stage("Prod", &[])
        .stage("dev", &[]);
    Bed::serve(&[stack.record()], FakeFunction::ok())
}

/// The event of the only invocation.
fn event(bed: &Bed) -> Value {
    bed.function.only_invocation().event
}

#[tokio::test]
async fn unknown_stage_is_403_forbidden_listing_the_stages() {
    let bed = pets();
    let served = bed.send(get("/prod/pets/1")).await;
    served.assert_refused(
        403,
        FORBIDDEN,
        Some("ForbiddenException"),
        &["no stage \"prod\"", "Prod, dev"],
    );
    assert_eq!(bed.function.invocations(), 0);
}

#[tokio::test]
async fn no_stage_segment_is_403_forbidden() {
    let bed = pets();
    bed.send(get("/")).await.assert_refused(
        403,
        FORBIDDEN,
        Some("ForbiddenException"),
        &["names no stage"],
    );
}

#[tokio::test]
async fn unknown_path_is_403_missing_authentication_token_of_42_bytes() {
    let bed = pets();
    let served = bed.send(get("/Prod/nothing")).await;
    served.assert_refused(
        403,
        MISSING_AUTHENTICATION_TOKEN,
        Some("MissingAuthenticationTokenException"),
        &[
            "no resource of stage Prod matches /nothing",
            "not 404",
            "GET /pets/{id}",
        ],
    );
    assert_eq!(served.response.body().len(), 42);
    assert_eq!(served.header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn undefined_method_is_403_missing_authentication_token() {
    let bed = pets();
    let served = bed.send(request("DELETE", "/Prod/pets/1")).await;
    served.assert_refused(
        403,
        MISSING_AUTHENTICATION_TOKEN,
        Some("MissingAuthenticationTokenException"),
        &["resource /pets/{id}", "no DELETE method", "GET"],
    );
}

#[tokio::test]
async fn root_resource_matches_stage_slash_and_stage_alone() {
    let bed = pets();
    assert_eq!(bed.send(get("/Prod/")).await.status(), 200);
    let event = event(&bed);
    assert_eq!(event["resource"], "/");
    assert_eq!(event["path"], "/");
    assert_eq!(event["requestContext"]["path"], "/Prod/");
    assert_eq!(event["pathParameters"], Value::Null);
    // Unconfirmed choice: `/Prod` without the slash reaches the root too.
    assert_eq!(bed.send(get("/Prod")).await.status(), 200);
}

#[tokio::test]
async fn path_parameter_fills_the_event() {
    let bed = pets();
    let served = bed.send(get("/Prod/pets/42")).await;
    assert_eq!(served.status(), 200, "{}", served.explanation());
    let event = event(&bed);
    assert_eq!(event["resource"], "/pets/{id}");
    assert_eq!(event["path"], "/pets/42");
    assert_eq!(event["pathParameters"], json!({"id": "42"}));
    assert_eq!(event["requestContext"]["resourcePath"], "/pets/{id}");
    assert_eq!(event["requestContext"]["path"], "/Prod/pets/42");
    assert_eq!(served.log.route_key.as_deref(), Some("GET /pets/{id}"));
}

#[tokio::test]
async fn greedy_proxy_takes_the_rest_of_the_path_undecoded() {
    let bed = pets();
    let served = bed.send(get("/Prod/files/a/b%2Bc")).await;
    assert_eq!(served.status(), 200, "{}", served.explanation());
    let event = event(&bed);
    assert_eq!(event["resource"], "/files/{proxy+}");
    assert_eq!(event["path"], "/files/a/b%2Bc");
    assert_eq!(event["pathParameters"], json!({"proxy": "a/b%2Bc"}));
}

#[tokio::test]
async fn leading_double_slash_is_collapsed_in_path_and_kept_in_request_context() {
    let bed = pets();
    assert_eq!(bed.send(get("/Prod//pets/7")).await.status(), 200);
    let event = event(&bed);
    assert_eq!(event["path"], "/pets/7");
    assert_eq!(event["requestContext"]["path"], "/Prod//pets/7");
}

#[tokio::test]
async fn exact_method_beats_any_and_any_takes_the_rest() {
    let bed = pets();
    assert_eq!(bed.send(request("PUT", "/Prod/items")).await.status(), 200);
    assert_eq!(bed.send(request("POST", "/Prod/items")).await.status(), 200);
    let stack = RestStack::new()
        .lambda("ANY", "/items", FUNCTION)
        .lambda("POST", "/items", "other")
        .function("other")
        .permission("other", None)
        .stage("Prod", &[]);
    let bed = Bed::serve(&[stack.record()], FakeFunction::ok());
    bed.send(request("POST", "/Prod/items")).await;
    bed.send(request("PATCH", "/Prod/items")).await;
    assert_eq!(bed.function.invoked_functions(), ["other", FUNCTION]);
}

#[tokio::test]
async fn execute_api_host_names_the_rest_api_and_an_unknown_id_is_not_it() {
    let bed = pets();
    let host = "r1e2s3t4a5.execute-api.localhost:3000";
    assert_eq!(bed.send(get("/Prod/pets/1").host(host)).await.status(), 200);
    assert_eq!(event(&bed)["requestContext"]["domainName"], host);
    let other = bed
        .send(get("/Prod/pets/1").host("zzzzzzzzzz.execute-api.localhost:3000"))
        .await;
    assert_eq!(other.status(), 404, "an unknown API id is not this API");
}
