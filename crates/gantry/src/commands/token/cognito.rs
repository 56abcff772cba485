//! `gantry token --cognito id|access`: tokens shaped like a Cognito user pool's, signed by
//! the built-in issuer, which stands in for every pool of a REST API's
//! `COGNITO_USER_POOLS` authorizer (aws-rest-api.md §4.6).

use issuer::TokenRequest;
use serde_json::{Map, json};
use store::Store;
use store::model::ResourceModel;

use crate::args::CognitoTokenUse;
use crate::usage;

/// The app client when none is deployed and none is named (any is accepted then).
const DEFAULT_CLIENT_ID: &str = "gantry";

/// What a Cognito token carries besides `iss`, `iat` and `exp`.
pub(super) fn request(
    token_use: CognitoTokenUse,
    client_id: &str,
    username: &str,
    scopes: Vec<String>,
    now: u64,
) -> TokenRequest {
    let mut claims = Map::new();
    claims.insert("cognito:username".into(), json!(username));
    claims.insert("auth_time".into(), json!(now));
    let audience = match token_use {
        CognitoTokenUse::Id => {
            claims.insert("token_use".into(), json!("id"));
            vec![client_id.to_owned()]
        }
        CognitoTokenUse::Access => {
            claims.insert("token_use".into(), json!("access"));
            claims.insert("client_id".into(), json!(client_id));
            claims.insert("username".into(), json!(username));
            // Cognito access tokens carry no aud.
            Vec::new()
        }
    };
    TokenRequest {
        audience,
        scopes,
        subject: Some(username.to_owned()),
        client_id: Some(client_id.to_owned()),
        extra_claims: claims,
        ..TokenRequest::default()
    }
}

/// `--client-id`, else the one deployed `AWS::Cognito::UserPoolClient`.
pub(super) fn client_id(store: &Store, named: Option<&str>) -> anyhow::Result<String> {
    if let Some(named) = named {
        return Ok(named.to_owned());
    }
    let clients: Vec<String> = store
        .stacks()?
        .iter()
        .flat_map(|stack| &stack.resources)
        .filter_map(|record| match &record.model {
            ResourceModel::UserPoolClient(client) => Some(client.client_id.clone()),
            _ => None,
        })
        .collect();
    choose(&clients)
}

fn choose(clients: &[String]) -> anyhow::Result<String> {
    match clients {
        [] => Ok(DEFAULT_CLIENT_ID.to_owned()),
        [only] => Ok(only.clone()),
        many => Err(usage(format!(
            "several user pool clients are deployed ({}); pass --client-id",
            many.join(", ")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use issuer::{Issuer, SigningKey};

    use serde_json::Value;

    use super::*;

    fn claims(token_use: CognitoTokenUse, scopes: &[&str]) -> Map<String, Value> {
        let issuer = Issuer::new(
            "http://127.0.0.1:3000/_gantry/issuer",
            SigningKey::generate().unwrap(),
        );
        let request = request(
            token_use,
            "client-1",
            "alice",
            scopes.iter().map(|s| (*s).to_owned()).collect(),
            1_000,
        );
        let token = issuer.mint(&request, 1_000).unwrap();
        let payload = token.split('.').nth(1).unwrap();
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
    }

    #[test]
    fn cognito_id_token_has_token_use_id_and_the_client_as_aud() {
        let claims = claims(CognitoTokenUse::Id, &[]);
        assert_eq!(claims["token_use"], "id");
        assert_eq!(claims["aud"], "client-1");
        assert_eq!(claims["cognito:username"], "alice");
        assert_eq!(claims["iss"], "http://127.0.0.1:3000/_gantry/issuer/");
        assert!(!claims.contains_key("scope"));
    }

    #[test]
    fn cognito_access_token_has_client_id_scopes_and_no_aud() {
        let claims = claims(CognitoTokenUse::Access, &["pets/read", "pets/write"]);
        assert_eq!(claims["token_use"], "access");
        assert_eq!(claims["client_id"], "client-1");
        assert_eq!(claims["scope"], "pets/read pets/write");
        assert!(!claims.contains_key("aud"));
    }

    #[test]
    fn cognito_client_is_the_one_deployed_or_must_be_named() {
        assert_eq!(choose(&[]).unwrap(), "gantry");
        assert_eq!(choose(&["c1".to_owned()]).unwrap(), "c1");
        assert!(
            choose(&["c1".to_owned(), "c2".to_owned()])
                .unwrap_err()
                .to_string()
                .contains("--client-id")
        );
    }
}
