//! `AWS_IAM` routes through the real binary with a real Python function: requests signed
//! with the keys `gantry credentials` prints, by AWS's Rust signer (`aws-sigv4`) and by
//! an independent standard-library Python signer, reach the function with the caller in
//! `requestContext.authorizer.iam`; unsigned, one byte off and skewed requests get AWS's
//! 403s; a stack role's policy decides which routes it may call.

use std::process::Command;
use std::time::{Duration, SystemTime};

use serde_json::Value;
use test_support::sigv4::{Keys, Scope, signed_headers};

use crate::support::{Gantry, Up, client, fixture, gantry, log_record, request_id};

const REGION: &str = "us-east-1";
const FORBIDDEN: &str = r#"{"message":"Forbidden"}"#;

/// `gantry credentials --format json` (AWS's `credential_process` shape).
fn credentials(state: &str, role: Option<&str>) -> (String, String, Option<String>) {
    let mut args = vec!["credentials", "--state-dir", state, "--format", "json"];
    if let Some(role) = role {
        args.extend(["--role", role]);
    }
    let (code, stdout, stderr) = gantry(&args);
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["Version"], 1);
    (
        json["AccessKeyId"].as_str().unwrap().to_owned(),
        json["SecretAccessKey"].as_str().unwrap().to_owned(),
        json["SessionToken"].as_str().map(str::to_owned),
    )
}

/// A request signed by `aws-sigv4` at `at`: (headers to send).
fn aws_signed(
    keys: &(String, String, Option<String>),
    method: &str,
    url: &str,
    host: &str,
    at: SystemTime,
) -> Vec<(String, String)> {
    signed_headers(
        Keys {
            access_key_id: &keys.0,
            secret_access_key: &keys.1,
            session_token: keys.2.as_deref(),
        },
        Scope {
            region: REGION,
            service: "execute-api",
            at,
        },
        method,
        url,
        &[("host", host)],
        b"",
    )
}

fn get(gantry: &Gantry, path: &str, headers: &[(String, String)]) -> (u16, String, String) {
    let mut request = client().get(format!("{}{path}", gantry.base));
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let response = request.send().unwrap();
    let status = response.status().as_u16();
    let id = request_id(&response);
    (status, response.text().unwrap(), id)
}

/// The Python signer's (status, body) with the keys from `gantry credentials --format env`.
fn python_signed(
    state: &str,
    role: Option<&str>,
    url: &str,
    body: &str,
    skew: i64,
) -> (u16, String) {
    let mut args = vec!["credentials", "--state-dir", state];
    if let Some(role) = role {
        args.extend(["--role", role]);
    }
    let (code, env, stderr) = gantry(&args);
    assert_eq!(code, 0, "{stderr}");
    let script = format!(
        "{env}\nexec python3 {} POST '{url}' '{body}'",
        fixture("sigv4_request.py").display()
    );
    let output = Command::new("sh")
        .arg("-c")
        .arg(script)
        .env("SIGV4_SKEW_SECONDS", skew.to_string())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (status, body) = stdout.split_once('\n').unwrap();
    (status.parse().unwrap(), body.trim_end().to_owned())
}

#[test]
fn aws_iam_routes_check_sigv4_signatures_and_the_callers_policies() {
    let state = tempfile::tempdir().unwrap();
    let state_dir = state.path().to_str().unwrap();
    let template = fixture("iam.yaml");
    let gantry = Up::new(&template, state.path()).start().unwrap();
    assert!(
        gantry.output().contains("gantry credentials"),
        "the banner says how to sign"
    );
    let host = format!("127.0.0.1:{}", gantry.port);
    let whoami = format!("{}/whoami", gantry.base);
    let user = credentials(state_dir, None);
    assert!(user.0.starts_with("AKIA") && user.2.is_none());

    // Signed by AWS's Rust signer with the default identity.
    let headers = aws_signed(&user, "GET", &whoami, &host, SystemTime::now());
    let (status, body, id) = get(&gantry, "/whoami", &headers);
    assert_eq!(status, 200, "{body}\n{}", log_record(&gantry, &id));
    let event: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(event["iam"]["accessKey"], user.0.as_str());
    let user_arn = event["iam"]["userArn"].as_str().unwrap();
    assert!(user_arn.ends_with(":user/gantry"), "{user_arn}");
    assert_eq!(event["iam"]["cognitoIdentity"], Value::Null);
    let _ = log_record(&gantry, &id);
    gantry.wait_for_output(&format!("authorized: AWS_IAM: signed by {user_arn}"));

    // Signed by the independent Python signer, with a body and a query string.
    let (status, body) = python_signed(
        state_dir,
        None,
        &format!("{}/echo?b=2&a=x%20y", gantry.base),
        r#"{"n":1}"#,
        0,
    );
    assert_eq!(status, 200, "{body}");
    let event: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(event["body"], r#"{"n":1}"#);
    assert_eq!(event["query"]["a"], "x y");
    assert_eq!(event["iam"]["userArn"], user_arn);

    // Unsigned.
    let (status, body, id) = get(&gantry, "/whoami", &[]);
    assert_eq!((status, body.as_str()), (403, FORBIDDEN));
    assert!(log_record(&gantry, &id).contains("not signed"));

    // The signature one byte off.
    let mut tampered = aws_signed(&user, "GET", &whoami, &host, SystemTime::now());
    for (name, value) in &mut tampered {
        if name == "authorization" {
            let flipped = if value.ends_with('0') { '1' } else { '0' };
            value.pop();
            value.push(flipped);
        }
    }
    let (status, body, _) = get(&gantry, "/whoami", &tampered);
    assert_eq!(status, 403);
    assert!(
        body.contains("The request signature we calculated does not match"),
        "{body}"
    );

    // Clock skew: ten minutes behind, by either signer.
    let stale = aws_signed(
        &user,
        "GET",
        &whoami,
        &host,
        SystemTime::now() - Duration::from_secs(600),
    );
    let (status, body, _) = get(&gantry, "/whoami", &stale);
    assert_eq!(status, 403);
    assert!(
        body.starts_with(r#"{"message":"Signature expired: "#),
        "{body}"
    );
    let (status, body) =
        python_signed(state_dir, None, &format!("{}/echo", gantry.base), "{}", 600);
    assert_eq!(status, 403);
    assert!(
        body.starts_with(r#"{"message":"Signature not yet current: "#),
        "{body}"
    );

    // The stack's role: allowed GET /whoami by its policy, not POST /echo.
    let role = credentials(state_dir, Some("CallerRole"));
    assert!(role.0.starts_with("ASIA") && role.2.is_some());
    let headers = aws_signed(&role, "GET", &whoami, &host, SystemTime::now());
    let (status, body, _) = get(&gantry, "/whoami", &headers);
    assert_eq!(status, 200, "{body}");
    let event: Value = serde_json::from_str(&body).unwrap();
    assert!(
        event["iam"]["userArn"]
            .as_str()
            .unwrap()
            .ends_with(":assumed-role/caller/gantry")
    );
    let (status, body) = python_signed(
        state_dir,
        Some("caller"),
        &format!("{}/echo", gantry.base),
        "{}",
        0,
    );
    assert_eq!((status, body.as_str()), (403, FORBIDDEN));
    gantry.wait_for_output("statement \"WhoAmI\" (#1) of \"CallWhoAmI\" does not apply");

    // Role credentials without their session token.
    let no_token = (role.0.clone(), role.1.clone(), None);
    let (status, body, _) = get(
        &gantry,
        "/whoami",
        &aws_signed(&no_token, "GET", &whoami, &host, SystemTime::now()),
    );
    assert_eq!(
        (status, body.as_str()),
        (
            403,
            r#"{"message":"The security token included in the request is invalid."}"#
        )
    );
}

#[test]
fn credentials_print_in_every_format_and_name_unknown_roles() {
    let state = tempfile::tempdir().unwrap();
    let state_dir = state.path().to_str().unwrap();
    let (code, _, stderr) = gantry(&["credentials", "--state-dir", state_dir]);
    assert_ne!(code, 0);
    assert!(stderr.contains("run `gantry up` first"), "{stderr}");

    let template = fixture("iam.yaml");
    let gantry_up = Up::new(&template, state.path()).start().unwrap();
    let (code, env, _) = gantry(&["credentials", "--state-dir", state_dir]);
    assert_eq!(code, 0);
    assert!(env.contains("export AWS_ACCESS_KEY_ID=AKIA"), "{env}");
    assert!(env.contains("export AWS_REGION=us-east-1"), "{env}");
    assert!(env.contains(":user/gantry"), "{env}");
    let (code, config, _) = gantry(&[
        "credentials",
        "--state-dir",
        state_dir,
        "--format",
        "aws-config",
        "--role",
        "caller",
    ]);
    assert_eq!(code, 0);
    assert!(
        config.contains("[profile gantry]") && config.contains("aws_session_token = "),
        "{config}"
    );
    let (code, _, stderr) = gantry(&["credentials", "--state-dir", state_dir, "--role", "Nobody"]);
    assert_ne!(code, 0);
    assert!(
        stderr.contains("CallerRole"),
        "the error lists the roles: {stderr}"
    );
    // The keys survive a restart: the same state prints the same keys.
    drop(gantry_up);
    let (_, again, _) = gantry(&["credentials", "--state-dir", state_dir]);
    assert_eq!(env, again);
}
