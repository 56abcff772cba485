//! Hostile or careless surroundings: the state is private to its owner (it holds the
//! issuer's private key) and never silently replaced; tokens with extensions gantry does
//! not understand are refused; values from requests and tokens reach the log escaped.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use serde_json::json;

use crate::stack::TestStack;
use crate::support::{Up, client, fixture, log_record, request_id};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_new_state_directory_is_0700_and_its_database_0600() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let template = fixture("hygiene/role.yaml");
    let up = Up::new(&template, &state)
        .start()
        .unwrap_or_else(|(status, output)| panic!("gantry up failed ({status}):\n{output}"));
    assert_eq!(mode(&state), 0o700, "the state directory");
    assert_eq!(mode(&state.join("state.db")), 0o600, "state.db");
    for side in ["state.db-wal", "state.db-shm"] {
        let side = state.join(side);
        if side.exists() {
            assert_eq!(mode(&side), 0o600, "{}", side.display());
        }
    }
    assert!(
        !up.output().contains("made the state private"),
        "nothing to tighten in a new state:\n{}",
        up.output()
    );
    up.stop();
}

#[test]
fn a_state_readable_by_others_is_made_private_and_gantry_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let template = fixture("hygiene/role.yaml");
    let up = Up::new(&template, &state).start().unwrap();
    up.stop();
    let db = state.join("state.db");
    std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();

    let up = Up::new(&template, &state)
        .start()
        .unwrap_or_else(|(status, output)| panic!("gantry up failed ({status}):\n{output}"));
    assert_eq!(mode(&state), 0o700);
    assert_eq!(mode(&db), 0o600);
    let output = up.output();
    let said: Vec<&str> = output
        .lines()
        .filter(|line| line.contains("made the state private"))
        .collect();
    assert_eq!(said.len(), 1, "one line says so:\n{output}");
    assert!(
        said[0].contains("state.db (644 -> 600)") && said[0].contains("755 -> 700"),
        "{output}"
    );
    up.stop();
}

#[test]
fn an_empty_state_file_is_refused_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    std::fs::create_dir(&state).unwrap();
    let db = state.join("state.db");
    std::fs::write(&db, b"").unwrap();
    let template = fixture("hygiene/role.yaml");
    let Err((status, output)) = Up::new(&template, &state).start() else {
        panic!("gantry up served on an empty state file");
    };
    assert_eq!(status.code(), Some(1), "{output}");
    assert!(
        output.contains("state.db is empty") && output.contains("--state-dir"),
        "says what is wrong and what to do:\n{output}"
    );
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "left unchanged");
}

#[test]
fn a_state_file_that_is_not_a_database_is_refused_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    std::fs::create_dir(&state).unwrap();
    let db = state.join("state.db");
    let garbage = b"not a database, but something someone cares about\n".repeat(200);
    std::fs::write(&db, &garbage).unwrap();
    let template = fixture("hygiene/role.yaml");
    let Err((status, output)) = Up::new(&template, &state).start() else {
        panic!("gantry up served on a state file that is not a database");
    };
    assert_eq!(status.code(), Some(1), "{output}");
    assert!(
        output.contains("not a gantry state database") && output.contains("--state-dir"),
        "{output}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), garbage, "left unchanged");
}

#[test]
fn a_validly_signed_token_with_an_unknown_critical_extension_is_refused() {
    let stack = TestStack::start();
    let token = stack.key.sign(
        &json!({"alg": "RS256", "typ": "JWT", "kid": stack.key.kid, "crit": ["x-unknown"], "x-unknown": true}),
        &stack.claims(),
    );
    let response = client()
        .get(stack.url("/echo"))
        .bearer_auth(&token)
        .send()
        .unwrap();
    let id = request_id(&response);
    assert_eq!(response.status(), 401);
    let challenge = response.headers()["www-authenticate"].to_str().unwrap();
    assert!(challenge.contains("invalid_token"), "{challenge}");
    let log = log_record(&stack.gantry, &id);
    assert!(
        log.contains("why: ") && log.contains("\"crit\"") && log.contains("\"x-unknown\""),
        "{log}"
    );
}

#[test]
fn control_characters_from_a_token_never_reach_the_log_raw() {
    let stack = TestStack::start();
    let hostile = "\u{1b}[31mX\nwhy: forged\u{9b}2J\u{7f}";
    let token = stack.token_with(json!({"aud": hostile}));
    let response = client()
        .get(stack.url("/echo"))
        .bearer_auth(&token)
        .send()
        .unwrap();
    let id = request_id(&response);
    assert_eq!(response.status(), 401);
    let log = log_record(&stack.gantry, &id);
    assert!(log.contains("why: "), "the refusal is explained: {log}");
    // A path reaches the log as received: still percent-encoded, so never raw.
    let response = client()
        .get(stack.url("/open/%1b%5b31m%0awhy:%20forged"))
        .send()
        .unwrap();
    let path_log = log_record(&stack.gantry, &request_id(&response));
    assert!(
        path_log.contains("/open/%1b%5b31m%0awhy:%20forged"),
        "{path_log}"
    );
    let output = stack.gantry.output();
    assert!(
        !output.contains(['\u{1b}', '\u{9b}', '\u{7f}']),
        "no raw control character in gantry's output:\n{output:?}"
    );
    assert!(
        !output.lines().any(|line| line.starts_with("why: forged")
            || line.trim_start().starts_with("why: why: forged")
            || line.starts_with("    why: forged")),
        "a value cannot start a log line of its own:\n{output}"
    );
    assert!(
        log.contains(r"\u{1b}[31mX\nwhy: forged"),
        "the value is shown escaped: {log}"
    );
}
