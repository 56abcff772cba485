//! The end-to-end stack (`fixtures/stack.yaml`) served by a real `gantry up`, with a test
//! issuer of the test's own (RSA keys made here, JWKS at a non-default path).

use serde_json::{Value, json};
use tempfile::TempDir;
use test_support::issuer::{IssuerServer, TestKey, now_seconds};

use crate::support::{Gantry, Up, fixture};

pub const AUDIENCE: &str = "https://e2e.example.com";

pub struct TestStack {
    pub gantry: Gantry,
    pub issuer: IssuerServer,
    pub key: TestKey,
    pub state: TempDir,
    /// Runs the issuer server; dropped last.
    _runtime: tokio::runtime::Runtime,
}

impl TestStack {
    pub fn start() -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
        let key = TestKey::generate("e2e-key-1");
        let issuer = runtime.block_on(IssuerServer::start(
            json!({"keys": [key.jwk(Some("RS256"))]}),
        ));
        let state = tempfile::tempdir().expect("state dir");
        let template = fixture("stack.yaml");
        let gantry = Up::new(&template, state.path())
            .parameter("IssuerUri", &issuer.issuer)
            .start()
            .unwrap_or_else(|(status, output)| panic!("gantry up failed ({status}):\n{output}"));
        Self {
            gantry,
            issuer,
            key,
            state,
            _runtime: runtime,
        }
    }

    /// Claims of a valid token for the stack's authorizer.
    pub fn claims(&self) -> Value {
        let now = now_seconds();
        json!({
            "iss": self.issuer.issuer,
            "aud": AUDIENCE,
            "sub": "user-1",
            "iat": now,
            "exp": now + 600,
        })
    }

    /// A valid token, with `changes` merged into its claims.
    pub fn token_with(&self, changes: Value) -> String {
        let mut claims = self.claims();
        if let (Some(claims), Some(changes)) = (claims.as_object_mut(), changes.as_object()) {
            for (name, value) in changes {
                if value.is_null() {
                    claims.remove(name);
                } else {
                    claims.insert(name.clone(), value.clone());
                }
            }
        }
        self.key.token(&claims)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.gantry.base)
    }
}
