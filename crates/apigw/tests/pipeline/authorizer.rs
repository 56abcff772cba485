//! The JWT authorizer in the pipeline: every refusal is 401 `Unauthorized` with a
//! `www-authenticate` challenge, a missing scope 403 `Forbidden`, and the function never
//! runs (§2.4). Tokens are real RS256 JWTs checked against a real issuer.

use serde_json::json;
use test_support::issuer::TestKey;

use crate::support::{
    Bed, FUNCTION, FakeFunction, Issuer, RouteSpec, Served, Stack, get, now, source_arn,
};
use crate::{FORBIDDEN, UNAUTHORIZED};

/// `GET /pets` behind the JWT authorizer with these scopes, permission granted.
async fn jwt_bed(scopes: &[&str]) -> Bed {
    let issuer = Issuer::start().await;
    let stack = Stack::new()
        .jwt_authorizer(issuer.url())
        .route(RouteSpec::lambda("GET /pets", FUNCTION).jwt(scopes))
        .permission(FUNCTION, Some(&source_arn("*")));
    Bed::serve(&[stack.record()], FakeFunction::ok()).with_issuer(issuer)
}

/// Asserts a 401 refusal after routing, and the challenge's description.
#[track_caller]
fn assert_unauthorized(served: &Served, says: &[&str], description: &str) {
    served.assert_refused_before_invoking(401, UNAUTHORIZED, says);
    assert_eq!(served.log.route_key.as_deref(), Some("GET /pets"));
    let challenge = served.outcome().www_authenticate.as_deref().unwrap_or("");
    assert!(
        challenge.starts_with("Bearer") && challenge.contains(description),
        "www-authenticate {challenge:?} should describe {description:?}"
    );
}

#[tokio::test]
async fn missing_token_is_401_with_a_bare_bearer_challenge() {
    let bed = jwt_bed(&[]).await;
    let served = bed.send(get("/pets")).await;
    assert_unauthorized(
        &served,
        &["no token at", "Authorization: Bearer <token>"],
        "Bearer",
    );
    assert_eq!(served.outcome().www_authenticate.as_deref(), Some("Bearer"));
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn malformed_token_is_401() {
    let bed = jwt_bed(&[]).await;
    let served = bed.send(get("/pets").bearer("not-a-jwt")).await;
    assert_unauthorized(
        &served,
        &["not a well-formed JWT"],
        "error_description=\"the token is malformed\"",
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn expired_token_is_401() {
    let bed = jwt_bed(&[]).await;
    let now = now();
    let token = bed
        .issuer()
        .token_with(&json!({"iat": now - 7200, "exp": now - 3600}));
    let served = bed.send(get("/pets").bearer(&token)).await;
    assert_unauthorized(
        &served,
        &["token expired", "get a new token"],
        "the token has expired",
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn wrong_audience_is_401_with_the_documented_challenge() {
    let bed = jwt_bed(&[]).await;
    let token = bed.issuer().token_with(&json!({"aud": "someone-else"}));
    let served = bed.send(get("/pets").bearer(&token)).await;
    assert_unauthorized(
        &served,
        &[
            "token audience [\"someone-else\"]",
            "add \"someone-else\" to JwtConfiguration.Audience",
        ],
        "",
    );
    // The one challenge AWS documents (§2.4).
    assert_eq!(
        served.outcome().www_authenticate.as_deref(),
        Some(
            "Bearer scope=\"\" error=\"invalid_token\" error_description=\"the token does not have a valid audience\""
        )
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn wrong_issuer_is_401() {
    let bed = jwt_bed(&[]).await;
    let token = bed
        .issuer()
        .token_with(&json!({"iss": "https://login.example.com/other"}));
    let served = bed.send(get("/pets").bearer(&token)).await;
    assert_unauthorized(
        &served,
        &["\"https://login.example.com/other\" is not the authorizer's issuer"],
        "the token does not have a valid issuer",
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn signature_by_another_key_is_401() {
    let bed = jwt_bed(&[]).await;
    // Same kid as the published key, different key material.
    let impostor = TestKey::generate("key-1");
    let token = impostor.token(&bed.issuer().claims());
    let served = bed.send(get("/pets").bearer(&token)).await;
    assert_unauthorized(
        &served,
        &["signature does not verify with JWKS key \"key-1\""],
        "the token signature is invalid",
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn unknown_kid_is_401() {
    let bed = jwt_bed(&[]).await;
    let stranger = TestKey::generate("key-9");
    let token = stranger.token(&bed.issuer().claims());
    let served = bed.send(get("/pets").bearer(&token)).await;
    assert_unauthorized(
        &served,
        &[
            "token key id \"key-9\" is not in the issuer's key set",
            "[\"key-1\"]",
        ],
        "the token signing key could not be found",
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn basic_scheme_is_401() {
    let bed = jwt_bed(&[]).await;
    let served = bed
        .send(get("/pets").authorization("Basic dXNlcjpwYXNz"))
        .await;
    assert_unauthorized(
        &served,
        &["\"Basic\" scheme", "`Bearer <token>`"],
        "the token is malformed",
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn missing_route_scope_is_403_and_the_function_does_not_run() {
    let bed = jwt_bed(&["pets:write", "admin"]).await;
    let served = bed.send(get("/pets").bearer(&bed.issuer().token())).await;
    served.assert_refused_before_invoking(
        403,
        FORBIDDEN,
        &["[\"pets:read\"] include none of the route's AuthorizationScopes [\"pets:write\", \"admin\"]"],
    );
    assert_eq!(
        served.outcome().www_authenticate.as_deref(),
        Some(
            "Bearer scope=\"pets:write admin\" error=\"insufficient_scope\" error_description=\"the token does not have the required scope\""
        )
    );
    insta::assert_yaml_snapshot!(served.outcome());
}

#[tokio::test]
async fn valid_token_reaches_the_function_with_its_claims() {
    let bed = jwt_bed(&["pets:read"]).await;
    let served = bed.send(get("/pets").bearer(&bed.issuer().token())).await;
    assert_eq!(served.status().as_u16(), 200, "{:?}", served.outcome());
    assert_eq!(served.log.explanation, None);
    let event = bed.function.only_invocation().event;
    let jwt = &event["requestContext"]["authorizer"]["jwt"];
    assert_eq!(jwt["claims"]["sub"], "user-1");
    assert_eq!(jwt["claims"]["aud"], "api");
    assert_eq!(jwt["claims"]["iss"], bed.issuer().url());
    assert_eq!(jwt["scopes"], json!(["pets:read"]));
    assert!(
        event["headers"]["authorization"]
            .as_str()
            .is_some_and(|v| v.starts_with("Bearer ")),
        "the Authorization header is forwarded unchanged (§2.3)"
    );
}
