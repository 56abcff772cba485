use serde_json::json;

use super::*;
use crate::jwt::config::IdentitySource;

const NOW: u64 = 1_800_000_000;

fn config() -> JwtAuthorizerConfig {
    JwtAuthorizerConfig {
        issuer: "https://issuer.example/".into(),
        audiences: vec!["api".into(), "web".into()],
        identity_source: IdentitySource::Header(http::header::AUTHORIZATION),
    }
}

fn claims(extra: serde_json::Value) -> Map<String, Value> {
    let mut base = json!({"iss": "https://issuer.example/", "aud": "api", "exp": NOW + 60});
    for (k, v) in extra.as_object().unwrap() {
        if v.is_null() {
            base.as_object_mut().unwrap().remove(k);
        } else {
            base[k] = v.clone();
        }
    }
    base.as_object().unwrap().clone()
}

fn check(extra: serde_json::Value) -> Result<Validity, DenyReason> {
    validate(&claims(extra), &config(), NOW)
}

#[test]
fn valid_claims_give_the_exp_window() {
    assert_eq!(
        check(json!({})).unwrap(),
        Validity {
            expires_at: NOW + 60,
            not_before: 0
        }
    );
}

#[test]
fn issuer_is_compared_exactly() {
    let error = check(json!({"iss": "https://issuer.example"})).unwrap_err();
    assert_eq!(
        error,
        DenyReason::IssuerMismatch {
            found: Some("https://issuer.example".into()),
            expected: "https://issuer.example/".into()
        }
    );
    let missing = check(json!({"iss": null})).unwrap_err();
    assert!(matches!(
        missing,
        DenyReason::IssuerMismatch { found: None, .. }
    ));
}

#[test]
fn issuer_is_checked_before_audience() {
    let error = check(json!({"iss": "https://other", "aud": "nope"})).unwrap_err();
    assert!(matches!(error, DenyReason::IssuerMismatch { .. }));
}

#[test]
fn audience_string_or_array_needs_one_overlap() {
    assert!(check(json!({"aud": "web"})).is_ok());
    assert!(check(json!({"aud": ["x", "web"]})).is_ok());
    let error = check(json!({"aud": ["x", "y"]})).unwrap_err();
    assert_eq!(
        error,
        DenyReason::AudienceMismatch {
            found: vec!["x".into(), "y".into()],
            expected: vec!["api".into(), "web".into()]
        }
    );
}

#[test]
fn client_id_counts_only_without_aud() {
    assert!(check(json!({"aud": null, "client_id": "api"})).is_ok());
    let wrong = check(json!({"aud": null, "client_id": "cli"})).unwrap_err();
    assert!(matches!(wrong, DenyReason::ClientIdMismatch { ref found, .. } if found == "cli"));
    let ignored = check(json!({"aud": "x", "client_id": "api"})).unwrap_err();
    assert!(matches!(ignored, DenyReason::AudienceMismatch { .. }));
    let neither = check(json!({"aud": null})).unwrap_err();
    assert!(matches!(neither, DenyReason::MissingAudience { .. }));
}

#[test]
fn exp_must_be_after_now_without_leeway() {
    assert_eq!(
        check(json!({"exp": NOW})).unwrap_err(),
        DenyReason::Expired { exp: NOW, now: NOW }
    );
    assert!(check(json!({"exp": NOW + 1})).is_ok());
    assert_eq!(
        check(json!({"exp": null})).unwrap_err(),
        DenyReason::MissingExpiry
    );
}

#[test]
fn time_claims_must_be_numbers() {
    let error = check(json!({"exp": "tomorrow"})).unwrap_err();
    assert_eq!(
        error,
        DenyReason::InvalidTimeClaim {
            claim: "exp",
            value: "\"tomorrow\"".into()
        }
    );
    assert!(matches!(
        check(json!({"nbf": -5})),
        Err(DenyReason::InvalidTimeClaim { claim: "nbf", .. })
    ));
    assert!(check(json!({"exp": (NOW + 10) as f64 + 0.5})).is_ok());
}

#[test]
fn nbf_and_iat_allow_the_leeway_and_no_more() {
    let edge = NOW + NOT_BEFORE_LEEWAY_SECONDS;
    assert!(check(json!({"nbf": edge, "iat": edge})).is_ok());
    assert_eq!(
        check(json!({"nbf": edge + 1})).unwrap_err(),
        DenyReason::NotYetValid {
            nbf: edge + 1,
            now: NOW
        }
    );
    assert_eq!(
        check(json!({"iat": edge + 1})).unwrap_err(),
        DenyReason::IssuedInFuture {
            iat: edge + 1,
            now: NOW
        }
    );
}

#[test]
fn validity_window_starts_at_the_later_of_nbf_and_iat_minus_leeway() {
    let validity = check(json!({"nbf": NOW - 100, "iat": NOW - 10})).unwrap();
    assert_eq!(validity.not_before, NOW - 10 - NOT_BEFORE_LEEWAY_SECONDS);
}

#[test]
fn claims_render_as_strings_go_style() {
    let rendered = render(&claims(json!({
        "groups": ["admin", "poweruser"],
        "n": 1.5,
        "yes": false,
        "nothing": null,
        "nested": [[1, 2], null],
        "obj": {"z": 1, "a": [true]}
    })));
    let get = |name: &str| {
        rendered
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("groups"), Some("[admin poweruser]"));
    assert_eq!(get("exp"), Some("1800000060"));
    assert_eq!(get("n"), Some("1.5"));
    assert_eq!(get("yes"), Some("false"));
    assert_eq!(get("nothing"), None);
    assert_eq!(get("nested"), Some("[[1 2] <nil>]"));
    assert_eq!(get("obj"), Some("map[a:[true] z:1]"));
}

#[test]
fn rendered_claims_keep_token_order() {
    let rendered = render(&claims(json!({"sub": "u"})));
    let names: Vec<&str> = rendered.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["iss", "aud", "exp", "sub"]);
}

#[test]
fn scopes_come_from_scope_string_or_scp() {
    assert_eq!(
        scopes(&claims(json!({"scope": "read  write"}))),
        ["read", "write"]
    );
    assert_eq!(scopes(&claims(json!({"scp": ["a", "b"]}))), ["a", "b"]);
    assert_eq!(scopes(&claims(json!({"scp": "a b"}))), ["a", "b"]);
    assert_eq!(scopes(&claims(json!({"scope": "s", "scp": ["t"]}))), ["s"]);
    assert!(scopes(&claims(json!({}))).is_empty());
}
