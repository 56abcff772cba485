//! A real OIDC issuer (discovery + JWKS on 127.0.0.1:0, RSA keys) and tokens for it.

use serde_json::{Value, json};
use test_support::issuer::{IssuerServer, TestKey, now_seconds};

use super::stack::AUDIENCE;

/// The issuer, stopped when dropped.
pub(crate) struct Issuer {
    pub(crate) server: IssuerServer,
    /// The key the issuer publishes (kid `key-1`).
    pub(crate) key: TestKey,
}

impl Issuer {
    pub(crate) async fn start() -> Self {
        let key = TestKey::generate("key-1");
        let server = IssuerServer::start(json!({ "keys": [key.jwk(Some("RS256"))] })).await;
        Self { server, key }
    }

    /// The issuer identifier (`http://127.0.0.1:PORT/tenant`).
    pub(crate) fn url(&self) -> &str {
        &self.server.issuer
    }

    /// `http://127.0.0.1:PORT`, to redact from explanations.
    pub(crate) fn origin(&self) -> &str {
        self.url().trim_end_matches("/tenant")
    }

    /// Valid claims: this issuer, audience [`AUDIENCE`], an hour to live.
    pub(crate) fn claims(&self) -> Value {
        let now = now_seconds();
        json!({
            "iss": self.url(),
            "aud": AUDIENCE,
            "sub": "user-1",
            "scope": "pets:read",
            "iat": now,
            "exp": now + 3600,
        })
    }

    /// A valid token signed with the published key.
    pub(crate) fn token(&self) -> String {
        self.key.token(&self.claims())
    }

    /// A token with these claims changed (`null` removes one), signed with the published key.
    pub(crate) fn token_with(&self, changes: &Value) -> String {
        self.key.token(&with(self.claims(), changes))
    }
}

/// `claims` with `changes` applied; a `null` change removes the claim.
pub(crate) fn with(mut claims: Value, changes: &Value) -> Value {
    for (name, value) in changes.as_object().expect("changes are an object") {
        if value.is_null() {
            claims.as_object_mut().unwrap().remove(name);
        } else {
            claims[name] = value.clone();
        }
    }
    claims
}

/// The current time in seconds, for `exp`/`iat`.
pub(crate) fn now() -> u64 {
    now_seconds()
}
