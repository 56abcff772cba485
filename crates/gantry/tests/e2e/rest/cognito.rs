//! A `COGNITO_USER_POOLS` authorizer (SAM `UserPoolArn`) with the user pool and its client
//! in the template (`fixtures/rest/cognito`), and tokens from `gantry token` for the
//! built-in issuer standing in for the pool: an ID token is allowed and its claims reach
//! the function as strings; an access token is refused where no scopes are configured
//! and accepted where its scope is required (aws-rest-api.md §4.6).

use serde_json::Value;

use super::{Served, UNAUTHORIZED};
use crate::support::gantry;

/// A Cognito-shaped token from `gantry token --cognito id|access` (its client: the
/// stack's UserPoolClient).
fn token(served: &Served, extra: &[&str]) -> String {
    let state = served.count_file.parent().unwrap().to_str().unwrap();
    let mut args = vec!["token", "--state-dir", state];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = gantry(&args);
    assert_eq!(code, 0, "gantry {args:?}: {stdout}{stderr}");
    stdout.trim().to_owned()
}

#[test]
fn a_cognito_authorizer_takes_id_tokens_from_the_builtin_issuer() {
    let served = Served::start("cognito");

    // No token: 401.
    let reply = served.get("/Prod/claims", &[]);
    reply.assert_error(401, UNAUTHORIZED, Some("UnauthorizedException"));

    // An ID token, bare and as a bearer token.
    let id_token = token(&served, &["--cognito", "id"]);
    for header in [id_token.clone(), format!("Bearer {id_token}")] {
        let reply = served.get("/Prod/claims", &[("Authorization", &header)]);
        assert_eq!(reply.status, 200, "{}\n{}", reply.text(), reply.log);
        let event = reply.json();
        let authorizer = &event["requestContext"]["authorizer"];
        let claims = authorizer["claims"]
            .as_object()
            .unwrap_or_else(|| panic!("{authorizer}"));
        assert_eq!(claims["token_use"], "id", "{authorizer}");
        // Every claim is a string, `exp` and `iat` as dates (aws-rest-api.md §4.6).
        for (name, value) in claims {
            assert!(value.is_string(), "claim {name} is {value}");
        }
        // `Tue Jun 18 15:00:04 UTC 2024`: Java's Date.toString in UTC.
        let exp: Vec<&str> = claims["exp"].as_str().unwrap().split(' ').collect();
        assert_eq!((exp.len(), exp[4]), (6, "UTC"), "{exp:?}");
        // No principalId or integrationLatency for Cognito.
        assert_eq!(authorizer.get("principalId"), None, "{authorizer}");
    }

    // An access token where no scopes are configured: 401.
    let access = token(&served, &["--cognito", "access"]);
    let reply = served.get("/Prod/claims", &[("Authorization", &access)]);
    reply.assert_error(401, UNAUTHORIZED, Some("UnauthorizedException"));
    assert!(reply.log.contains("why: "), "{}", reply.log);

    // Where scopes are configured: an access token with the scope, not an ID token.
    let scoped = token(&served, &["--cognito", "access", "--scope", "e2e/read"]);
    let reply = served.get("/Prod/scoped", &[("Authorization", &scoped)]);
    assert_eq!(reply.status, 200, "{}\n{}", reply.text(), reply.log);
    let claims: &Value = &reply.json()["requestContext"]["authorizer"]["claims"];
    assert_eq!(claims["scope"], "e2e/read", "{claims}");
    let reply = served.get("/Prod/scoped", &[("Authorization", &id_token)]);
    reply.assert_error(401, UNAUTHORIZED, Some("UnauthorizedException"));
}
