//! The verified-token cache and the issuer's keys: caching, expiry, rotation and
//! protection of the issuer.

use super::*;

#[tokio::test]
async fn repeated_token_is_served_from_the_verified_token_cache() {
    let s = setup().await;
    let token = s.key.token(&claims(&s));
    let (first, _) = allowed(decide(&s.authorizer, Some(&token), &[]).await);
    let (second, _) = allowed(decide(&s.authorizer, Some(&token), &[]).await);
    assert!(
        Arc::ptr_eq(&first, &second),
        "the second request reused the first verification"
    );
}

#[tokio::test]
async fn disabled_cache_verifies_every_request() {
    let s = setup_with(JwksSettings::default(), Some("RS256"), 0).await;
    let token = s.key.token(&claims(&s));
    let (first, _) = allowed(decide(&s.authorizer, Some(&token), &[]).await);
    let (second, _) = allowed(decide(&s.authorizer, Some(&token), &[]).await);
    assert!(!Arc::ptr_eq(&first, &second));
}

#[tokio::test]
async fn cached_token_is_refused_once_it_expires() {
    let s = setup().await;
    let exp = now_seconds() + 30;
    let token = s.key.token(&with(claims(&s), json!({"exp": exp})));
    allowed(decide(&s.authorizer, Some(&token), &[]).await);
    let later = UNIX_EPOCH + Duration::from_secs(exp + 1);
    let reason = denied(decide_at(&s.authorizer, Some(&token), &[], later).await);
    assert!(matches!(reason, DenyReason::Expired { .. }));
}

#[tokio::test]
async fn scopes_are_checked_per_route_after_the_cache() {
    let s = setup().await;
    let token = s.key.token(&with(claims(&s), json!({"scope": "read"})));
    allowed(decide(&s.authorizer, Some(&token), &["read"]).await);
    let reason = denied(decide(&s.authorizer, Some(&token), &["write"]).await);
    assert!(matches!(reason, DenyReason::InsufficientScope { .. }));
}

#[tokio::test]
async fn unknown_kid_refetches_the_key_set_once_rotation_is_published() {
    let settings = JwksSettings {
        min_refetch_interval: Duration::from_secs(1),
        ..JwksSettings::default()
    };
    let s = setup_with(settings, Some("RS256"), 100).await;
    // Everything slow (key generation, signing) happens before the first fetch, so the
    // second request surely falls inside the minimum interval.
    let rotated = TestKey::generate("key-2");
    let first = s.key.token(&claims(&s));
    let token = rotated.token(&claims(&s));
    let both = json!({"keys": [s.key.jwk(Some("RS256")), rotated.jwk(Some("RS256"))]});

    allowed(decide(&s.authorizer, Some(&first), &[]).await);
    assert_eq!(s.server.jwks_hits(), 1);
    s.server.set(|b| b.jwks = both);
    // Within the minimum interval the issuer is not asked again.
    let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
    assert!(matches!(reason, DenyReason::UnknownKeyId { ref known, .. } if known == &["key-1"]));
    assert_eq!(s.server.jwks_hits(), 1);

    tokio::time::sleep(Duration::from_millis(1100)).await;
    allowed(decide(&s.authorizer, Some(&token), &[]).await);
    assert_eq!(s.server.jwks_hits(), 2);
}

#[tokio::test]
async fn random_kids_cannot_make_the_gateway_hammer_the_issuer() {
    let s = setup().await;
    allowed(decide(&s.authorizer, Some(&s.key.token(&claims(&s))), &[]).await);
    for n in 0..50 {
        let kid = format!("random-{n}");
        let token = s
            .key
            .sign(&json!({"alg": "RS256", "kid": kid}), &claims(&s));
        let reason = denied(decide(&s.authorizer, Some(&token), &[]).await);
        assert!(matches!(reason, DenyReason::UnknownKeyId { .. }));
    }
    assert_eq!(
        s.server.jwks_hits(),
        1,
        "one fetch, none per random kid within the interval"
    );
}

#[tokio::test]
async fn concurrent_first_requests_share_one_fetch() {
    let s = setup().await;
    s.server.set(|b| b.delay = Duration::from_millis(200));
    let authorizer = Arc::new(s.authorizer);
    let mut tasks = Vec::new();
    for n in 0..20 {
        let token = s.key.token(&with(
            claims_for(&s.server.issuer),
            json!({"sub": format!("u{n}")}),
        ));
        let authorizer = authorizer.clone();
        tasks.push(tokio::spawn(async move {
            matches!(
                decide(&authorizer, Some(&token), &[]).await,
                Decision::Allow { .. }
            )
        }));
    }
    for task in tasks {
        assert!(task.await.unwrap());
    }
    assert_eq!(s.server.discovery_hits(), 1);
    assert_eq!(s.server.jwks_hits(), 1);
    drop(s.keys);
}
