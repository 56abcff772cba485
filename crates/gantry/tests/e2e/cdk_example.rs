//! The CDK example (`examples/cdk-http-api`) as a CDK user runs it: the real CDK CLI
//! synthesizes the app (esbuild bundles the TypeScript function, the Python function is
//! staged as its folder), then `gantry up cdk.out` serves the cloud assembly: the JWT
//! authorizer refuses a request without a token and lets one from `gantry token` through
//! to the Node.js and the Python function, API Gateway answers the CORS preflight, and
//! the progress lines name each construct path next to its logical id.
//!
//! The example's npm packages come from `npm ci`: `.ci/run` runs it, and the first test
//! that needs them runs it when `node_modules` is missing (as the SAM oracle's tests
//! install the translator); if that fails, the test fails, it never skips.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::example::free_port;
use crate::support::{Up, client, gantry as run_gantry, npm_ci_unless_installed};

const INSTALL_HINT: &str =
    "run `npm ci` in examples/cdk-http-api (.ci/run does; it needs the npm registry)";

/// The web app's origin the example's `corsPreflight` allows.
const APP_ORIGIN: &str = "http://localhost:5173";

fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/cdk-http-api")
}

/// Runs `cdk synth` in the example directory, writing the assembly to `out`, with
/// nothing that needs the network or an AWS account: no notices, no version check, no
/// CLI telemetry, no credentials, no instance metadata lookups, a home of its own.
/// Version reporting stays on (the CLI's default), so the template has
/// `AWS::CDK::Metadata` and its `CDKMetadataAvailable` condition as real apps do.
fn synthesize(out: &Path, home: &Path) {
    synthesize_app(&example_dir(), &[], out, home);
}

/// Runs `cdk synth` in `app_dir` (the example, or a test app given its `--app` command in
/// `app_args`, which finds aws-cdk-lib in the example's packages through `NODE_PATH`).
pub(crate) fn synthesize_app(app_dir: &Path, app_args: &[&str], out: &Path, home: &Path) {
    let example = example_dir();
    let cdk = example.join("node_modules/.bin/cdk");
    npm_ci_unless_installed(&example, "node_modules/.bin/cdk", INSTALL_HINT);
    assert!(
        cdk.exists() && example.join("node_modules/.bin/esbuild").exists(),
        "the CDK example's packages are not installed: {INSTALL_HINT}"
    );
    let started = Instant::now();
    let output = Command::new(&cdk)
        .args(["synth", "--no-notices", "--quiet"])
        .args(app_args)
        .arg("--output")
        .arg(out)
        .current_dir(app_dir)
        .env("NODE_PATH", example.join("node_modules"))
        .env("CDK_DISABLE_VERSION_CHECK", "1")
        .env("CDK_DISABLE_CLI_TELEMETRY", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("HOME", home)
        .env("CDK_HOME", home)
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_PROFILE")
        .output()
        .unwrap_or_else(|e| panic!("{} does not run ({e}): {INSTALL_HINT}", cdk.display()));
    assert!(
        output.status.success(),
        "cdk synth failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!("cdk synth took {:.1} s", started.elapsed().as_secs_f64());
}

#[test]
fn cdk_example_synthesized_by_the_cdk_cli_is_served_from_cdk_out() {
    let work = tempfile::tempdir().unwrap();
    let assembly = work.path().join("cdk.out");
    let home = work.path().join("home");
    std::fs::create_dir(&home).unwrap();
    synthesize(&assembly, &home);
    // What the CDK CLI wrote: a manifest, the bundled TypeScript function (one
    // index.js, no TypeScript left) and the Python function's folder.
    assert!(assembly.join("manifest.json").is_file());
    let assets: Vec<PathBuf> = std::fs::read_dir(&assembly)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("asset.")
        })
        .collect();
    assert!(
        assets.iter().any(|a| a.join("index.js").is_file()),
        "esbuild's bundle: {assets:?}"
    );
    assert!(
        assets.iter().any(|a| a.join("app.py").is_file()),
        "the Python asset folder: {assets:?}"
    );

    // The stack's IssuerUri must name the port gantry serves on.
    let port = free_port();
    let issuer = format!("http://127.0.0.1:{port}/_gantry/issuer/");
    let state = work.path().join("state");
    let mut up = Up::new(&assembly, &state).parameter("IssuerUri", &issuer);
    up.port = port;
    let gantry = up
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    let output = gantry.output();

    // Progress lines name the construct a CDK user wrote next to its logical id (from
    // `aws:cdk:path`, e.g. CdkHttpApiStack/GreetFunction/Resource, shown below the stack).
    for (logical_id, construct) in [
        ("GreetFunction28A9895A", "(GreetFunction"),
        ("ProfileFunction90BDA49F", "(ProfileFunction"),
        ("ApiJwtAuthorizer84FEA7B0", "(Api/JwtAuthorizer"),
    ] {
        assert!(
            output.lines().any(|line| line.contains("CREATE_COMPLETE")
                && line.contains(&format!("{logical_id} {construct}"))),
            "no progress line with {logical_id} {construct}...) in:\n{output}"
        );
    }
    assert!(
        output.contains("Stack CdkHttpApiStack CREATE_COMPLETE"),
        "the stack is named as the assembly names it: {output}"
    );
    assert!(output.contains("ApiUrl"), "the stack's output: {output}");
    // What every CDK v2 stack carries is handled, not warned about as unsupported.
    for line in output.lines().filter(|l| l.starts_with("warning:")) {
        assert!(
            !["CDKMetadata", "BootstrapVersion", "Rules"]
                .iter()
                .any(|name| line.contains(name)),
            "{line}\n\nin:\n{output}"
        );
    }

    let client = client();
    let hello = format!("{}/hello", gantry.base);
    let profile = format!("{}/profile", gantry.base);

    // The JWT authorizer refuses a request without a token; /health has none.
    assert_eq!(client.get(&hello).send().unwrap().status(), 401);
    assert_eq!(client.get(&profile).send().unwrap().status(), 401);
    let health = client
        .get(format!("{}/health", gantry.base))
        .send()
        .unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().unwrap(), r#"{"status":"ok"}"#);

    // A token from the built-in issuer, for the authorizer's audience.
    let state_dir = state.to_str().unwrap();
    let (code, token, stderr) =
        run_gantry(&["token", "--state-dir", state_dir, "--claim", "sub=alice"]);
    assert_eq!(code, 0, "{stderr}");
    let token = token.trim();

    // The TypeScript function, as esbuild bundled it.
    let response = client.get(&hello).bearer_auth(token).send().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().unwrap(), r#"{"message":"Hello, alice!"}"#);

    // The Python function, from its asset folder, with its environment.
    let response = client.get(&profile).bearer_auth(token).send().unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().unwrap();
    assert_eq!(
        body,
        serde_json::json!({"subject": "alice", "issuer": issuer, "style": "formal", "runtime": "python"})
    );

    // CORS: API Gateway answers the web app's preflight itself (no OPTIONS route, no
    // token), and puts the allowed origin on the function's response.
    let response = client
        .request(reqwest::Method::OPTIONS, &hello)
        .header("origin", APP_ORIGIN)
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization")
        .send()
        .unwrap();
    assert_eq!(response.status(), 204);
    let headers = response.headers();
    assert_eq!(headers["access-control-allow-origin"], APP_ORIGIN);
    assert_eq!(headers["access-control-allow-methods"], "GET");
    assert_eq!(
        headers["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .to_ascii_lowercase(),
        "authorization,content-type"
    );
    assert_eq!(headers["access-control-max-age"], "3600");
    let response = client
        .get(&hello)
        .bearer_auth(token)
        .header("origin", APP_ORIGIN)
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        APP_ORIGIN
    );
}
