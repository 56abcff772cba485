//! The request inspector against the real binary, on the seed example
//! (`examples/auth0-http-api`, the built-in issuer): `GET /_gantry/api/requests` answers
//! in the shape of `docs/inspector/requests.schema.json` with what happened to each
//! request, masked; the page in headless Chromium (`browser`).

mod browser;
mod json;
mod memory;
mod rest;

use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

use crate::example::free_port;
use crate::support::{Gantry, Up, client, gantry as run_gantry};

/// The seed example served with the built-in issuer, and a token from it.
pub(crate) struct Seed {
    pub(crate) gantry: Gantry,
    pub(crate) token: String,
    state: TempDir,
}

impl Seed {
    pub(crate) fn start(extra: &[&str]) -> Self {
        let template = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/auth0-http-api/template.yaml");
        let state = tempfile::tempdir().unwrap();
        let port = free_port();
        let issuer = format!("http://127.0.0.1:{port}/_gantry/issuer/");
        let mut up = Up::new(&template, state.path())
            .parameter("IssuerUri", &issuer)
            .extra(extra);
        up.port = port;
        let gantry = up
            .start()
            .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
        let (code, token, stderr) =
            run_gantry(&["token", "--state-dir", state.path().to_str().unwrap()]);
        assert_eq!(code, 0, "{stderr}");
        Self {
            gantry,
            token: token.trim().to_owned(),
            state,
        }
    }

    /// The state directory gantry was started with.
    pub(crate) fn state_dir(&self) -> String {
        self.state.path().to_string_lossy().into_owned()
    }

    /// `GET /_gantry/api/requests` (with `query`), as JSON.
    pub(crate) fn requests(&self, query: &str) -> Value {
        let response = client()
            .get(format!("{}/_gantry/api/requests{query}", self.gantry.base))
            .send()
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json().unwrap()
    }

    /// The record of request `id`, once its invocation's `REPORT` line is attached (the
    /// function's lines may arrive just after the response).
    pub(crate) fn record(&self, id: &str) -> Value {
        for _ in 0..400 {
            let requests = self.requests("");
            let record = requests["requests"]
                .as_array()
                .unwrap()
                .iter()
                .find(|record| record["id"] == id)
                .cloned()
                .unwrap_or_else(|| panic!("request {id} is not in {requests:#}"));
            let reported = record["integration"]["logs"].as_array().is_none_or(|logs| {
                logs.iter()
                    .any(|line| line.as_str().is_some_and(|l| l.starts_with("REPORT")))
            });
            if reported {
                return record;
            }
            std::thread::sleep(std::time::Duration::from_millis(25));
        }
        panic!("the REPORT line of request {id} never reached the inspector");
    }
}
