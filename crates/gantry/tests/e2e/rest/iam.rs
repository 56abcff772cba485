//! `AWS_IAM` methods on a SAM REST API (`fixtures/rest/iam`): an unsigned request is 403
//! Missing Authentication Token, a request signed with the keys `gantry credentials`
//! prints reaches the function with the caller in `requestContext.identity`, a signature
//! one character off is 403 (aws-rest-api.md §4.7).

use std::time::SystemTime;

use reqwest::Method;
use serde_json::Value;
use test_support::sigv4::{Keys, Scope, signed_headers};

use super::{MISSING_AUTHENTICATION_TOKEN, Served};
use crate::support::gantry;

#[test]
fn aws_iam_methods_take_sigv4_signed_callers() {
    let served = Served::start("iam");
    let state = served.count_file.parent().unwrap().to_str().unwrap();
    let (code, stdout, stderr) = gantry(&["credentials", "--state-dir", state, "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let keys: Value = serde_json::from_str(&stdout).unwrap();
    let access_key = keys["AccessKeyId"].as_str().unwrap();
    let secret = keys["SecretAccessKey"].as_str().unwrap();

    let reply = served.get("/Prod/whoami", &[]);
    reply.assert_error(
        403,
        MISSING_AUTHENTICATION_TOKEN,
        Some("MissingAuthenticationTokenException"),
    );

    let host = format!("127.0.0.1:{}", served.gantry.port);
    let url = format!("{}/Prod/whoami", served.gantry.base);
    let signed = signed_headers(
        Keys {
            access_key_id: access_key,
            secret_access_key: secret,
            session_token: None,
        },
        Scope {
            region: "us-east-1",
            service: "execute-api",
            at: SystemTime::now(),
        },
        "GET",
        &url,
        &[("host", &host)],
        b"",
    );
    let send_with = |headers: &[(String, String)]| {
        served.send(Method::GET, "/Prod/whoami", |mut request| {
            for (name, value) in headers {
                request = request.header(name, value);
            }
            request
        })
    };
    let reply = send_with(&signed);
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
    let reply = send_with(&tampered);
    assert_eq!(reply.status, 403, "{}\n{}", reply.text(), reply.log);
    assert!(reply.log.contains("why: "), "{}", reply.log);
}
