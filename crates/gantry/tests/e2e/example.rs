//! The README's example, end to end with the built-in issuer and no network: deploy
//! `examples/auth0-http-api`, get a token with `gantry token` and from the issuer's
//! OAuth endpoint, call `GET /test`.

use std::net::TcpListener;
use std::path::Path;

use crate::support::{Up, client, gantry as run_gantry};

/// The example's IssuerUri must name the port gantry serves on, so this test asks the OS
/// for a free port, releases it and passes it to gantry (`--port 0` cannot be named in a
/// parameter before gantry has started).
pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn example_serves_hello_from_lambda_with_a_token_from_the_builtin_issuer() {
    let template =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/auth0-http-api/template.yaml");
    // As the README runs it: from a project directory, with the default relative
    // state directory `.gantry` (function processes start elsewhere, in their code
    // directory, so this catches any path handed to them relative).
    let project = tempfile::tempdir().unwrap();
    let port = free_port();
    let issuer = format!("http://127.0.0.1:{port}/_gantry/issuer/");
    let mut up = Up::new(&template, Path::new(".gantry"))
        .in_dir(project.path())
        .parameter("IssuerUri", &issuer);
    up.port = port;
    let gantry = up
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let client = client();

    assert_eq!(
        client
            .get(format!("{}/test", gantry.base))
            .send()
            .unwrap()
            .status(),
        401
    );

    let state = project.path().join(".gantry");
    // A stack without custom resources starts no ResponseURL listener and writes no
    // certificate.
    assert!(!state.join("custom-resources").exists());
    let state_dir = state.to_str().unwrap();
    let (code, token, stderr) = run_gantry(&["token", "--state-dir", state_dir]);
    assert_eq!(code, 0, "{stderr}");
    let response = client
        .get(format!("{}/test", gantry.base))
        .bearer_auth(token.trim())
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().unwrap(), "\"Hello from Lambda!\"");

    // The same through the issuer's OAuth endpoint, as a backend would ask Auth0.
    let answer: serde_json::Value = client
        .post(format!("{issuer}oauth/token"))
        .json(&serde_json::json!({"grant_type": "client_credentials", "client_id": "x", "client_secret": "y", "audience": "https://api.example.com"}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let token = answer["access_token"].as_str().unwrap();
    let response = client
        .get(format!("{}/test", gantry.base))
        .bearer_auth(token)
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);

    // An expired token from the same issuer is refused.
    let (_, expired, _) = run_gantry(&["token", "--state-dir", state_dir, "--expires-in", "-60"]);
    assert_eq!(
        client
            .get(format!("{}/test", gantry.base))
            .bearer_auth(expired.trim())
            .send()
            .unwrap()
            .status(),
        401
    );
}
