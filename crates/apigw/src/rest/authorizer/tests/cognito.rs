//! Cognito user pool authorizers with real RS256 tokens from an issuer served on
//! 127.0.0.1, standing in for the pools as gantry's built-in issuer does (aws-rest-api.md §4.6).

use store::model::cognito::{UserPool, UserPoolClient};
use test_support::issuer::{IssuerServer, TestKey, now_seconds};

use super::*;
use crate::rest::error::ErrorBody;

const POOL_ARN: &str = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abcdefghi";
const CLIENT_ID: &str = "3n4b5urk1ft4fl3mg5e62d9ado";

struct Bed {
    server: IssuerServer,
    key: TestKey,
    auth: Arc<RestAuthorizer>,
}

async fn bed(with_builtin_issuer: bool) -> Bed {
    let key = TestKey::generate("k1");
    let server = IssuerServer::start(json!({"keys": [key.jwk(Some("RS256"))]})).await;
    let mut keys = IssuerKeys::new(JwksSettings::default()).unwrap();
    if with_builtin_issuer {
        keys = keys.with_builtin_issuer(server.issuer.clone());
    }
    let pool = UserPool {
        user_pool_id: "us-east-1_abcdefghi".into(),
        name: "Users".into(),
        arn: POOL_ARN.into(),
        provider_name: "cognito-idp.us-east-1.amazonaws.com/us-east-1_abcdefghi".into(),
        provider_url: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abcdefghi".into(),
    };
    let client = UserPoolClient {
        client_id: CLIENT_ID.into(),
        user_pool_id: pool.user_pool_id.clone(),
        name: "web".into(),
    };
    let mut model = authorizer(RestAuthorizerType::CognitoUserPools, None);
    model.authorizer_uri = None;
    model.provider_arns = vec![POOL_ARN.into()];
    let pools = CognitoUserPools {
        pools: &[&pool],
        clients: &[&client],
    };
    let auth = compile_with(&model, true, pools, &keys);
    Bed { server, key, auth }
}

impl Bed {
    fn id_token(&self, change: impl FnOnce(&mut Value)) -> String {
        let now = now_seconds();
        let mut claims = json!({
            "sub": "aaaaaaaa-bbbb", "email_verified": true, "iss": self.server.issuer,
            "cognito:username": "alice", "cognito:groups": ["admins", "users"],
            "aud": CLIENT_ID, "token_use": "id", "auth_time": now, "exp": now + 3600, "iat": now,
        });
        change(&mut claims);
        self.key.token(&claims)
    }

    fn access_token(&self, scope: &str) -> String {
        let now = now_seconds();
        self.key.token(&json!({
            "sub": "aaaaaaaa-bbbb", "iss": self.server.issuer, "client_id": CLIENT_ID,
            "token_use": "access", "scope": scope, "exp": now + 3600, "iat": now,
        }))
    }

    async fn call(&self, authorization: &str, scopes: &[&str]) -> Result<Authorized, RestError> {
        let scopes: Vec<String> = scopes.iter().map(|s| (*s).to_owned()).collect();
        let headers = [("authorization", authorization)];
        authorize(
            &self.auth,
            &ScriptedFunction::default(),
            &headers,
            "",
            GET_PETS_ARN,
            &scopes,
            Instant::now(),
        )
        .await
    }
}

fn assert_401(result: Result<Authorized, RestError>, claim: &str) {
    let refused = result.unwrap_err();
    assert_eq!(
        (refused.status.as_u16(), refused.body),
        (401, ErrorBody::Message("Unauthorized".into()))
    );
    assert!(
        refused.explanation.contains(claim),
        "{claim}: {}",
        refused.explanation
    );
}

#[tokio::test]
async fn cognito_id_token_bare_or_bearer_gives_claims_all_strings() {
    let bed = bed(true).await;
    let token = bed.id_token(|claims| {
        claims["exp"] = json!(1_718_722_804);
        claims["iat"] = json!(1_718_636_404);
        claims["auth_time"] = json!(1_718_636_404);
    });
    // An expired exp is refused, so check the rendering directly, then a live token.
    let claims: serde_json::Map<String, Value> = serde_json::from_value(json!({
        "exp": 1_718_722_804, "iat": 1_718_636_404, "auth_time": 1_718_636_404,
        "email_verified": true, "cognito:groups": ["admins", "users"], "sub": "s"
    }))
    .unwrap();
    assert_eq!(
        Value::Object(crate::rest::authorizer::cognito::render_claims(&claims)),
        json!({"exp": "Tue Jun 18 15:00:04 UTC 2024", "iat": "Mon Jun 17 15:00:04 UTC 2024",
               "auth_time": "1718636404", "email_verified": "true",
               "cognito:groups": "admins,users", "sub": "s"})
    );
    assert_401(bed.call(&token, &[]).await, "expired");
    let live = bed.id_token(|_| {});
    for header in [live.clone(), format!("Bearer {live}")] {
        let allowed = bed.call(&header, &[]).await.unwrap();
        let claims = &allowed.context["claims"];
        assert_eq!(claims["cognito:username"], "alice");
        assert_eq!(claims["aud"], CLIENT_ID);
        assert!(claims.as_object().unwrap().values().all(Value::is_string));
        assert!(allowed.context.get("principalId").is_none());
    }
}

#[tokio::test]
async fn cognito_without_scopes_needs_an_id_token_and_with_scopes_an_access_token() {
    let bed = bed(true).await;
    assert_401(
        bed.call(&bed.access_token("read"), &[]).await,
        "needs an ID token",
    );
    assert_401(
        bed.call(&bed.id_token(|_| {}), &["read"]).await,
        "needs an access token",
    );
    assert!(
        bed.call(&bed.access_token("write read"), &["read", "admin"])
            .await
            .is_ok()
    );
    assert_401(
        bed.call(&bed.access_token("write"), &["read"]).await,
        "AuthorizationScopes",
    );
}

#[tokio::test]
async fn cognito_refuses_other_issuers_clients_signatures_and_missing_tokens() {
    let bed = bed(true).await;
    assert_401(
        bed.call(
            &bed.id_token(|c| c["iss"] = json!("https://cognito-idp.us-east-1.amazonaws.com/x")),
            &[],
        )
        .await,
        "iss",
    );
    assert_401(
        bed.call(&bed.id_token(|c| c["aud"] = json!("someone-else")), &[])
            .await,
        "aud",
    );
    let forged =
        TestKey::generate("k1").token(&json!({"iss": bed.server.issuer, "token_use": "id"}));
    assert_401(bed.call(&forged, &[]).await, "not valid");
    assert_401(bed.call("", &[]).await, "no Authorization header");
}

#[tokio::test]
async fn cognito_refuses_a_signed_token_with_an_unknown_critical_extension() {
    let bed = bed(true).await;
    let now = now_seconds();
    let token = bed.key.sign(
        &json!({"alg": "RS256", "kid": "k1", "crit": ["x-unknown"], "x-unknown": 1}),
        &json!({
            "sub": "aaaaaaaa-bbbb", "iss": bed.server.issuer, "aud": CLIENT_ID,
            "token_use": "id", "exp": now + 3600, "iat": now,
        }),
    );
    assert_401(bed.call(&token, &[]).await, "\"x-unknown\"");
}

#[tokio::test]
async fn cognito_without_the_builtin_issuer_answers_500() {
    let bed = bed(false).await;
    let refused = bed.call(&bed.id_token(|_| {}), &[]).await.unwrap_err();
    assert_authorizer_500(&refused, "built-in issuer");
}
