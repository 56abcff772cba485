//! Tokens, claims, signatures and route scopes.

use super::*;

#[tokio::test]
async fn valid_token_is_allowed_with_claims_rendered_as_aws_does() {
    let s = setup().await;
    let sent = with(
        claims(&s),
        json!({"groups": ["admin", "poweruser"], "n": 7, "flag": true, "gone": null, "meta": {"b": 1, "a": "x"}}),
    );
    let token = s.key.token(&sent);
    let (claims, scopes) = allowed(decide(&s.authorizer, Some(&token), &[]).await);
    assert_eq!(claims.get("groups"), Some("[admin poweruser]"));
    assert_eq!(claims.get("n"), Some("7"));
    assert_eq!(claims.get("flag"), Some("true"));
    // The number as sent, as a string (not the clock read again: a second may have passed).
    assert_eq!(claims.get("exp"), Some(sent["exp"].to_string().as_str()));
    assert_eq!(claims.get("gone"), None, "null claims are omitted");
    assert_eq!(claims.get("meta"), Some("map[a:x b:1]"));
    assert_eq!(
        scopes, None,
        "scopes are null when the route has no AuthorizationScopes"
    );
}

#[tokio::test]
async fn bare_and_bearer_prefixed_tokens_are_both_allowed() {
    let s = setup().await;
    let token = s.key.token(&claims(&s));
    allowed(decide(&s.authorizer, Some(&token), &[]).await);
    allowed(decide(&s.authorizer, Some(&format!("Bearer {token}")), &[]).await);
}

#[tokio::test]
async fn missing_token_is_401_with_a_bare_bearer_challenge() {
    let s = setup().await;
    let reason = denied(decide(&s.authorizer, None, &[]).await);
    assert!(matches!(reason, DenyReason::MissingToken { .. }));
    assert_eq!(reason.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(reason.www_authenticate(), "Bearer");
}

#[tokio::test]
async fn basic_credentials_are_denied_naming_the_scheme() {
    let s = setup().await;
    let reason = denied(decide(&s.authorizer, Some("Basic dXNlcjpwYXNz"), &[]).await);
    assert!(
        matches!(reason, DenyReason::UnsupportedScheme { ref scheme, .. } if scheme == "Basic")
    );
}

#[tokio::test]
async fn wrong_audience_is_denied_with_the_documented_www_authenticate() {
    let s = setup().await;
    let token = s.key.token(&with(claims(&s), json!({"aud": ["x"]})));
    let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
    assert_eq!(
        reason.to_string(),
        "token audience [\"x\"] is not one of the authorizer's audiences [\"api\"]; request a token for audience api or add \"x\" to JwtConfiguration.Audience"
    );
    assert_eq!(
        reason.www_authenticate(),
        "Bearer scope=\"\" error=\"invalid_token\" error_description=\"the token does not have a valid audience\""
    );
}

#[tokio::test]
async fn audience_array_with_any_overlap_is_allowed() {
    let s = setup().await;
    let token = s
        .key
        .token(&with(claims(&s), json!({"aud": ["other", "api"]})));
    allowed(decide(&s.authorizer, Some(&token), &[]).await);
}

#[tokio::test]
async fn client_id_is_checked_only_when_aud_is_absent() {
    let s = setup().await;
    let without_aud = s
        .key
        .token(&with(claims(&s), json!({"aud": null, "client_id": "api"})));
    allowed(decide(&s.authorizer, Some(&without_aud), &[]).await);
    let wrong_aud = s
        .key
        .token(&with(claims(&s), json!({"aud": "web", "client_id": "api"})));
    let reason = denied(decide(&s.authorizer, Some(&wrong_aud), &[]).await);
    assert!(matches!(reason, DenyReason::AudienceMismatch { .. }));
}

#[tokio::test]
async fn issuer_differing_by_a_trailing_slash_is_denied_and_explained() {
    let s = setup().await;
    let iss = format!("{}/", s.server.issuer);
    let token = s.key.token(&with(claims(&s), json!({"iss": iss})));
    let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
    assert!(
        reason.to_string().contains("only by a trailing slash"),
        "{reason}"
    );
}

#[tokio::test]
async fn expired_token_is_denied_with_its_exp() {
    let s = setup().await;
    let exp = now_seconds() - 120;
    let token = s.key.token(&with(claims(&s), json!({"exp": exp})));
    let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
    assert!(matches!(reason, DenyReason::Expired { exp: e, .. } if e == exp));
    assert!(reason.to_string().contains(&format!("exp is {exp}")));
}

#[tokio::test]
async fn unsigned_alg_none_token_is_denied() {
    let s = setup().await;
    let token = format!(
        "{}.",
        signing_input(&json!({"alg": "none", "kid": "key-1"}), &claims(&s))
    );
    let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
    assert_eq!(
        reason,
        DenyReason::UnsupportedAlgorithm { alg: "none".into() }
    );
}

#[tokio::test]
async fn hmac_token_keyed_with_the_public_key_is_denied() {
    let s = setup().await;
    let input = signing_input(&json!({"alg": "HS256", "kid": "key-1"}), &claims(&s));
    let secret = s.key.jwk(None)["n"].as_str().unwrap().to_owned();
    let tag = aws_lc_rs::hmac::sign(
        &aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret.as_bytes()),
        input.as_bytes(),
    );
    let token = format!("{input}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()));
    let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
    assert_eq!(
        reason,
        DenyReason::UnsupportedAlgorithm {
            alg: "HS256".into()
        }
    );
}

#[tokio::test]
async fn pss_signed_token_is_denied() {
    let s = setup_with(JwksSettings::default(), None, 100).await;
    let token = s
        .key
        .sign(&json!({"alg": "PS256", "kid": "key-1"}), &claims(&s));
    let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
    assert_eq!(
        reason,
        DenyReason::UnsupportedAlgorithm {
            alg: "PS256".into()
        }
    );
}

#[tokio::test]
async fn signature_from_another_key_with_the_same_kid_is_denied() {
    let s = setup().await;
    let impostor = TestKey::generate("key-1");
    let token = impostor.token(&claims(&s));
    let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
    assert_eq!(
        reason,
        DenyReason::InvalidSignature {
            kid: "key-1".into()
        }
    );
}

#[tokio::test]
async fn tampered_payload_is_denied() {
    let s = setup().await;
    let token = s.key.token(&claims(&s));
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    parts[1] = URL_SAFE_NO_PAD.encode(with(claims(&s), json!({"sub": "admin"})).to_string());
    let reason = denied(decide(&s.authorizer, Some(&parts.join(".")), &[]).await);
    assert!(matches!(reason, DenyReason::InvalidSignature { .. }));
}

#[tokio::test]
async fn algorithm_comes_from_the_jwk_not_the_token() {
    let s = setup().await; // JWK says RS256
    let token = s
        .key
        .sign(&json!({"alg": "RS512", "kid": "key-1"}), &claims(&s));
    let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
    assert!(
        matches!(reason, DenyReason::AlgorithmMismatch { .. }),
        "{reason}"
    );
}

#[tokio::test]
async fn jwk_without_alg_accepts_any_rsa_pkcs1_algorithm() {
    let s = setup_with(JwksSettings::default(), None, 100).await;
    let token = s
        .key
        .sign(&json!({"alg": "RS384", "kid": "key-1"}), &claims(&s));
    allowed(decide(&s.authorizer, Some(&token), &[]).await);
}

#[tokio::test]
async fn token_without_kid_is_denied() {
    let s = setup().await;
    let token = s.key.sign(&json!({"alg": "RS256"}), &claims(&s));
    assert_eq!(
        denied(decide(&s.authorizer, Some(&token), &[]).await),
        DenyReason::MissingKeyId
    );
}

#[tokio::test]
async fn garbage_tokens_are_denied_as_malformed() {
    let s = setup().await;
    for token in [
        "abc.def.ghi",
        "a.b",
        "x",
        "e30.e30.e30.e30",
        "eyJhbGciOiJSUzI1NiJ9",
    ] {
        let reason = denied(decide(&s.authorizer, Some(token), &[]).await);
        assert!(
            matches!(reason, DenyReason::Malformed { .. }),
            "{token}: {reason}"
        );
    }
}

#[tokio::test]
async fn route_scope_missing_from_token_is_403() {
    let s = setup().await;
    let token = s
        .key
        .token(&with(claims(&s), json!({"scope": "read write"})));
    let reason = denied(decide(&s.authorizer, Some(&token), &["admin"]).await);
    assert_eq!(reason.status(), StatusCode::FORBIDDEN);
    assert!(matches!(reason, DenyReason::InsufficientScope { .. }));
}

#[tokio::test]
async fn any_one_route_scope_allows_and_the_event_gets_all_token_scopes() {
    let s = setup().await;
    let token = s
        .key
        .token(&with(claims(&s), json!({"scp": ["read", "write"]})));
    let (_, scopes) = allowed(decide(&s.authorizer, Some(&token), &["admin", "write"]).await);
    assert_eq!(
        scopes.as_deref(),
        Some(&["read".to_owned(), "write".to_owned()][..])
    );
}
