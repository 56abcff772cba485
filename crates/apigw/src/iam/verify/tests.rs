//! AWS's published SigV4 test suite against the verifier.

use std::path::Path;

use http::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;

use super::{SignedRequest, check_signature};
use crate::iam::SigningCredentials;
use crate::iam::signature::read_signature;

/// AWS's published SigV4 test suite (tests/sigv4-vectors/PROVENANCE.md).
#[test]
fn aws_sigv4_test_suite_vectors_verify_and_fail_one_byte_off() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sigv4-vectors");
    let mut checked = 0;
    for entry in std::fs::read_dir(&root).expect("vectors") {
        let dir = entry.expect("entry").path();
        if !dir.is_dir() {
            continue;
        }
        let context: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("context.json")).expect("context"),
        )
        .expect("json");
        let raw = std::fs::read_to_string(dir.join("header-signed-request.txt")).expect("request");
        let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
        let mut lines = head.lines();
        let request_line = lines.next().expect("request line");
        let mut words = request_line.split(' ');
        let (method, target) = (words.next().expect("method"), words.next().expect("path"));
        let mut headers = HeaderMap::new();
        for line in lines {
            let (name, value) = line.split_once(':').expect("header");
            headers.append(
                HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes()).expect("name"),
                HeaderValue::from_str(value).expect("value"),
            );
        }
        let credentials = &context["credentials"];
        let credentials = SigningCredentials {
            access_key_id: credentials["access_key_id"]
                .as_str()
                .expect("id")
                .to_owned(),
            secret_access_key: credentials["secret_access_key"]
                .as_str()
                .expect("secret")
                .to_owned(),
            session_token: credentials["token"].as_str().map(str::to_owned),
        };
        let encoded_target: String =
            percent_encoding::utf8_percent_encode(target, percent_encoding::CONTROLS)
                .to_string()
                .replace('ሴ', "%E1%88%B4");
        let query = encoded_target.split_once('?').map_or("", |(_, q)| q);
        let claim = read_signature(&headers, query)
            .expect("parses")
            .expect("signed");
        let request = SignedRequest {
            method,
            path_and_query: &encoded_target,
            host: "example.amazonaws.com",
            headers: &headers,
            body: body.as_bytes(),
        };
        check_signature(&request, &claim, &credentials)
            .unwrap_or_else(|deny| panic!("{}: {deny}", dir.display()));
        let mut tampered = claim.clone();
        let wrong = format!("{}0", &claim.signature[..claim.signature.len() - 1]);
        let wrong = if wrong == claim.signature {
            format!("{}1", &claim.signature[..claim.signature.len() - 1])
        } else {
            wrong
        };
        tampered.signature = &wrong;
        assert!(
            check_signature(&request, &tampered, &credentials).is_err(),
            "{}",
            dir.display()
        );
        checked += 1;
    }
    assert_eq!(checked, 10);
}
