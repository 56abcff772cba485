//! `AWS_IAM` methods on a SAM REST API (`fixtures/rest/iam`): an unsigned request is 403
//! Missing Authentication Token, a request signed with the keys `gantry credentials`
//! prints reaches the function with the caller in `requestContext.identity`, a signature
//! one character off is 403 (aws-rest-api.md §4.7); SAM's default for AWS_IAM, invoking
//! the function with the caller's credentials, lets a caller allowed to invoke it through.

use std::time::SystemTime;

use reqwest::Method;
use serde_json::Value;
use test_support::sigv4::{Keys, Scope, signed_headers};

use super::{MISSING_AUTHENTICATION_TOKEN, Reply, Served};
use crate::support::gantry;

/// The default identity's keys from `gantry credentials --format json`.
fn keys(served: &Served) -> (String, String) {
    let state = served.count_file.parent().unwrap().to_str().unwrap();
    let (code, stdout, stderr) = gantry(&["credentials", "--state-dir", state, "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let keys: Value = serde_json::from_str(&stdout).unwrap();
    (
        keys["AccessKeyId"].as_str().unwrap().to_owned(),
        keys["SecretAccessKey"].as_str().unwrap().to_owned(),
    )
}

/// The SigV4 headers of `GET path` signed now with `keys`.
fn signed(served: &Served, keys: &(String, String), path: &str) -> Vec<(String, String)> {
    let host = format!("127.0.0.1:{}", served.gantry.port);
    signed_headers(
        Keys {
            access_key_id: &keys.0,
            secret_access_key: &keys.1,
            session_token: None,
        },
        Scope {
            region: "us-east-1",
            service: "execute-api",
            at: SystemTime::now(),
        },
        "GET",
        &format!("{}{path}", served.gantry.base),
        &[("host", &host)],
        b"",
    )
}

/// `GET path` with `headers`.
fn get_with(served: &Served, path: &str, headers: &[(String, String)]) -> Reply {
    served.send(Method::GET, path, |mut request| {
        for (name, value) in headers {
            request = request.header(name, value);
        }
        request
    })
}

#[test]
fn aws_iam_methods_take_sigv4_signed_callers() {
    let served = Served::start("iam");
    let keys = keys(&served);
    let access_key = keys.0.as_str();

    let reply = served.get("/Prod/whoami", &[]);
    reply.assert_error(
        403,
        MISSING_AUTHENTICATION_TOKEN,
        Some("MissingAuthenticationTokenException"),
    );

    let signed = signed(&served, &keys, "/Prod/whoami");
    let reply = get_with(&served, "/Prod/whoami", &signed);
    assert_eq!(reply.status, 200, "{}\n{}", reply.text(), reply.log);
    let identity = &reply.json()["requestContext"]["identity"];
    assert_eq!(identity["accessKey"], access_key, "{identity}");
    assert!(identity["userArn"].is_string(), "{identity}");

    // The signature one character off.
    let tampered: Vec<(String, String)> = signed
        .iter()
        .map(|(name, value)| {
            if name.eq_ignore_ascii_case("authorization") {
                let flipped = if value.ends_with('0') { '1' } else { '0' };
                let mut value = value.clone();
                value.pop();
                value.push(flipped);
                (name.clone(), value)
            } else {
                (name.clone(), value.clone())
            }
        })
        .collect();
    let reply = get_with(&served, "/Prod/whoami", &tampered);
    assert_eq!(reply.status, 403, "{}\n{}", reply.text(), reply.log);
    assert!(reply.log.contains("why: "), "{}", reply.log);
}

#[test]
fn sam_s_default_caller_credentials_invoke_for_a_caller_allowed_to() {
    let served = Served::start("iam");
    let keys = keys(&served);
    // The default identity may call everything, lambda:InvokeFunction included.
    let reply = get_with(
        &served,
        "/Prod/caller",
        &signed(&served, &keys, "/Prod/caller"),
    );
    assert_eq!(reply.status, 200, "{}\n{}", reply.text(), reply.log);
}
