use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;

use super::*;

fn jwt(header: &Value, claims: &Value) -> String {
    format!(
        "{}.{}.c2lnbmF0dXJl",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

fn token() -> String {
    jwt(
        &json!({"alg": "RS256", "kid": "k1"}),
        &json!({"sub": "client", "aud": "https://api.example.com"}),
    )
}

const SHOWN: &str = r#"<JWT header {"alg":"RS256","kid":"k1"} claims {"sub":"client","aud":"https://api.example.com"} signature masked>"#;

#[test]
fn a_bearer_jwt_keeps_its_scheme_and_shows_header_and_claims_without_signature() {
    let shown = credential(&format!("Bearer {}", token()));
    assert_eq!(shown, format!("Bearer {SHOWN}"));
    assert!(!shown.contains("c2lnbmF0dXJl"));
}

#[test]
fn a_bare_jwt_credential_is_decoded() {
    assert_eq!(credential(&token()), SHOWN);
}

#[test]
fn a_credential_that_is_not_a_jwt_keeps_only_its_scheme() {
    assert_eq!(credential("Basic dXNlcjpwYXNz"), "Basic <masked>");
    assert_eq!(
        credential(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=abc"
        ),
        "AWS4-HMAC-SHA256 <masked>"
    );
    assert_eq!(credential("opaque-api-token"), "<masked>");
    assert_eq!(credential(""), "");
}

#[test]
fn a_bearer_value_that_only_starts_like_a_jwt_is_masked_whole() {
    assert_eq!(
        credential(&format!("Bearer {}xyz!", token())),
        "Bearer <masked>"
    );
    assert_eq!(credential("Bearer eyJnotajwt"), "Bearer <masked>");
}

#[test]
fn jwts_in_user_data_are_masked_wherever_they_are() {
    let text = format!(
        "/items?token={}&x=1 and {{\"id_token\":\"{}\"}}",
        token(),
        token()
    );
    assert_eq!(
        jwts(&text),
        format!("/items?token={SHOWN}&x=1 and {{\"id_token\":\"{SHOWN}\"}}")
    );
}

#[test]
fn text_without_jwts_is_unchanged() {
    for text in [
        "",
        "plain",
        "eyJ",
        "eyJhbGciOi.x",
        "abceyJ.e30.x",
        "héllo eyJ wörld",
    ] {
        assert_eq!(jwts(text), text);
    }
}

#[test]
fn an_encrypted_jwt_is_masked_whole_but_its_header() {
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#);
    let jwe = format!("{header}.a2V5.aXY.Y2lwaGVy.dGFn");
    assert_eq!(
        jwts(&format!("x {jwe} y")),
        r#"x <JWT (encrypted) header {"alg":"RSA-OAEP","enc":"A256GCM"} masked> y"#
    );
}

#[test]
fn an_event_masks_authorization_fields_as_credentials_and_jwts_elsewhere() {
    let mut event = json!({
        "headers": {"authorization": format!("Bearer {}", token()), "x-other": "Basic abc"},
        "multiValueHeaders": {"Authorization": ["Basic dXNlcjpwYXNz"]},
        "authorizationToken": "secret-token",
        "identitySource": [format!("Bearer {}", token())],
        "body": format!("{{\"t\":\"{}\"}}", token()),
        "isBase64Encoded": false,
        "n": 1
    });
    json(&mut event);
    assert_eq!(
        event,
        json!({
            "headers": {"authorization": format!("Bearer {SHOWN}"), "x-other": "Basic abc"},
            "multiValueHeaders": {"Authorization": ["Basic <masked>"]},
            "authorizationToken": "<masked>",
            "identitySource": [format!("Bearer {SHOWN}")],
            "body": format!("{{\"t\":\"{SHOWN}\"}}"),
            "isBase64Encoded": false,
            "n": 1
        })
    );
}

#[test]
fn credential_names_are_matched_without_case() {
    assert!(is_credential_name("Authorization"));
    assert!(is_credential_name("AUTHORIZATIONTOKEN"));
    assert!(is_credential_name("proxy-authorization"));
    assert!(!is_credential_name("x-authorization-hint"));
}
