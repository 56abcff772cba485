//! The authorization examples: a Lambda REQUEST authorizer and an `AWS_IAM` route.

use std::process::Command;

use super::{FORBIDDEN, up, wait_for_invocations};
use crate::support::{Gantry, client, fixture, gantry as run_gantry, log_record, request_id};

const UNAUTHORIZED: &str = r#"{"message":"Unauthorized"}"#;

/// `GET path` with an optional `Authorization`: (status, body, the access-log record).
fn get(gantry: &Gantry, path: &str, authorization: Option<&str>) -> (u16, String, String) {
    let mut request = client().get(format!("{}{path}", gantry.base));
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let response = request.send().unwrap();
    let status = response.status().as_u16();
    let id = request_id(&response);
    let body = response.text().unwrap();
    (status, body, log_record(gantry, &id))
}

#[test]
fn example_lambda_authorizer_is_401_403_or_passes_its_context() {
    let (gantry, _state) = up("lambda-authorizer.yaml", &[]);
    let authorizer = "gantry-AuthFunction-";

    let (status, body, log) = get(&gantry, "/private", None);
    assert_eq!((status, body.as_str()), (401, UNAUTHORIZED), "{log}");
    assert!(log.contains("was not invoked"), "{log}");
    assert_eq!(wait_for_invocations(&gantry, authorizer, 0), 0);

    let (status, body, log) = get(&gantry, "/private", Some("wrong"));
    assert_eq!((status, body.as_str()), (403, FORBIDDEN), "{log}");

    let (status, body, log) = get(&gantry, "/private", Some("secret"));
    assert_eq!((status, body.as_str()), (200, "alice"), "{log}");
    assert_eq!(
        wait_for_invocations(&gantry, authorizer, 2),
        2,
        "{}",
        gantry.output()
    );

    // TTL 300: the same Authorization again is answered from the cache.
    let (status, body, log) = get(&gantry, "/private", Some("secret"));
    assert_eq!((status, body.as_str()), (200, "alice"), "{log}");
    assert_eq!(
        wait_for_invocations(&gantry, authorizer, 2),
        2,
        "cached:\n{}",
        gantry.output()
    );
}

/// What `sh` prints running `command` after `eval "$(gantry credentials ...)"`.
fn with_credentials(state_dir: &str, command: &str) -> (bool, String) {
    let (code, env, stderr) = run_gantry(&["credentials", "--state-dir", state_dir]);
    assert_eq!(code, 0, "{stderr}");
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("{env}\n{command}"))
        .output()
        .unwrap();
    (
        output.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    )
}

#[test]
fn example_iam_is_403_unsigned_and_names_the_signer_when_signed() {
    let (gantry, state) = up("iam.yaml", &[]);
    let state_dir = state.path().to_str().unwrap();
    let whoami = format!("{}/whoami", gantry.base);
    let caller = "arn:aws:iam::123456789012:user/gantry";

    let (status, body, log) = get(&gantry, "/whoami", None);
    assert_eq!((status, body.as_str()), (403, FORBIDDEN), "{log}");

    // The standard-library Python signer prints the status, then the body.
    let (ok, output) = with_credentials(
        state_dir,
        &format!(
            "exec python3 {} GET '{whoami}'",
            fixture("sigv4_request.py").display()
        ),
    );
    assert!(ok, "{output}");
    assert_eq!(output, format!("200\n{caller}\n"));

    // The curl line of the example's comment (curl 7.75 and later sign with --aws-sigv4).
    let curl = Command::new("curl").arg("--help").arg("all").output();
    if curl.is_ok_and(|help| String::from_utf8_lossy(&help.stdout).contains("--aws-sigv4")) {
        let (ok, output) = with_credentials(
            state_dir,
            &format!(
                "exec curl -s -w ' %{{http_code}}' --aws-sigv4 aws:amz:us-east-1:execute-api \
                 --user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\" '{whoami}'"
            ),
        );
        assert!(ok, "{output}");
        assert_eq!(output, format!("{caller} 200"));
    } else {
        eprintln!("curl with --aws-sigv4 is not installed: the curl line is not checked");
    }
}
