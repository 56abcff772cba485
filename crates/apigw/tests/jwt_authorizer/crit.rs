//! `crit` (RFC 7515 §4.1.11): a validly signed token whose header marks an extension
//! critical is refused, since no extension is understood; so is a malformed `crit`.

use super::*;

/// A token signed with the issuer's real key, with `extra` merged into its header.
fn signed_with_header(s: &Setup, extra: Value) -> String {
    let mut header = json!({"alg": "RS256", "typ": "JWT", "kid": s.key.kid});
    if let (Some(header), Some(extra)) = (header.as_object_mut(), extra.as_object()) {
        for (name, value) in extra {
            header.insert(name.clone(), value.clone());
        }
    }
    s.key.sign(&header, &claims(s))
}

#[tokio::test]
async fn a_signed_token_with_an_unknown_critical_extension_is_denied_naming_it() {
    let s = setup().await;
    let token = signed_with_header(&s, json!({"crit": ["x-unknown"], "x-unknown": 1}));
    let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
    assert!(
        matches!(reason, DenyReason::CriticalHeader { .. }),
        "{reason:?}"
    );
    let text = reason.to_string();
    assert!(
        text.contains("\"crit\"") && text.contains("\"x-unknown\""),
        "{text}"
    );
    assert_eq!(reason.status(), StatusCode::UNAUTHORIZED);
    assert!(
        reason
            .www_authenticate()
            .contains("error=\"invalid_token\""),
        "{}",
        reason.www_authenticate()
    );
}

#[tokio::test]
async fn a_malformed_crit_is_denied_saying_what_is_wrong() {
    let s = setup().await;
    let cases = [
        (json!({"crit": []}), "not a non-empty array"),
        (json!({"crit": "x-unknown"}), "not a non-empty array"),
        (json!({"crit": null}), "not a non-empty array"),
        (json!({"crit": [1]}), "not a non-empty array"),
        (json!({"crit": ["alg"]}), "a standard header parameter"),
        (json!({"crit": ["b64"], "b64": false}), "\"b64\""),
    ];
    for (header, why) in cases {
        let token = signed_with_header(&s, header.clone());
        let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
        let text = reason.to_string();
        assert!(
            matches!(reason, DenyReason::CriticalHeader { .. }) && text.contains(why),
            "{header}: {text}"
        );
    }
}
