//! One test per property of `AWS::ApiGatewayV2::Authorizer` that gantry reads.

use serde_json::{Value, json};

use super::*;

const URI: &str = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations";

/// A minimal Lambda authorizer with `extra` merged in (null removes a property).
fn lambda(extra: Value) -> Result<Authorizer, ProviderError> {
    let mut properties = json!({
        "ApiId": "abc123defg",
        "Name": "MyAuth",
        "AuthorizerType": "REQUEST",
        "AuthorizerUri": URI,
        "AuthorizerPayloadFormatVersion": "2.0",
        "IdentitySource": ["$request.header.Authorization"],
    });
    for (key, value) in extra.as_object().into_iter().flatten() {
        properties[key] = value.clone();
    }
    translate(&Properties::new(&properties), "auth01".to_owned())
}

fn error(extra: Value) -> String {
    lambda(extra).unwrap_err().to_string()
}

#[test]
fn a_minimal_lambda_authorizer_keeps_what_was_given() {
    let authorizer = lambda(json!({})).unwrap();
    assert_eq!(authorizer.authorizer_type, AuthorizerType::Request);
    assert_eq!(authorizer.authorizer_uri.as_deref(), Some(URI));
    assert_eq!(
        authorizer.authorizer_payload_format_version,
        Some(PayloadFormatVersion::V2_0)
    );
    assert!(!authorizer.enable_simple_responses);
    assert_eq!(authorizer.authorizer_result_ttl_in_seconds, None);
    assert_eq!(authorizer.authorizer_credentials_arn, None);
    assert_eq!(authorizer.jwt_configuration, None);
}

#[test]
fn authorizer_uri_is_required() {
    assert_eq!(
        error(json!({"AuthorizerUri": null})),
        "Properties.AuthorizerUri is required"
    );
}

#[test]
fn payload_format_version_is_required_and_enumerated() {
    assert!(
        error(json!({"AuthorizerPayloadFormatVersion": null})).starts_with(
            "Properties.AuthorizerPayloadFormatVersion is required for Lambda (REQUEST) authorizers"
        )
    );
    assert!(
        error(json!({"AuthorizerPayloadFormatVersion": "3.0"}))
            .starts_with("Properties.AuthorizerPayloadFormatVersion")
    );
    let v1 = lambda(json!({"AuthorizerPayloadFormatVersion": "1.0"})).unwrap();
    assert_eq!(
        v1.authorizer_payload_format_version,
        Some(PayloadFormatVersion::V1_0)
    );
}

#[test]
fn simple_responses_need_payload_format_2_0() {
    assert!(
        lambda(json!({"EnableSimpleResponses": true}))
            .unwrap()
            .enable_simple_responses
    );
    let error =
        error(json!({"EnableSimpleResponses": true, "AuthorizerPayloadFormatVersion": "1.0"}));
    assert!(
        error.starts_with("Properties.EnableSimpleResponses is supported only with AuthorizerPayloadFormatVersion '2.0'"),
        "{error}"
    );
}

#[test]
fn ttl_is_kept_within_0_to_3600() {
    let ttl = |value| {
        lambda(json!({"AuthorizerResultTtlInSeconds": value}))
            .map(|a| a.authorizer_result_ttl_in_seconds)
    };
    assert_eq!(ttl(json!(0)), Ok(Some(0)));
    assert_eq!(ttl(json!("3600")), Ok(Some(3600)));
    assert_eq!(
        error(json!({"AuthorizerResultTtlInSeconds": 3601})),
        "Properties.AuthorizerResultTtlInSeconds must be between 0 and 3600, found 3601"
    );
}

#[test]
fn caching_needs_an_identity_source() {
    let error = error(json!({"IdentitySource": null, "AuthorizerResultTtlInSeconds": 60}));
    assert!(
        error.contains("caching needs at least one IdentitySource"),
        "{error}"
    );
    let uncached =
        lambda(json!({"IdentitySource": null, "AuthorizerResultTtlInSeconds": 0})).unwrap();
    assert!(uncached.identity_source.is_empty());
}

#[test]
fn identity_sources_take_the_four_documented_forms() {
    let sources = json!([
        "$request.header.X-Api-Key",
        "$request.querystring.token",
        "$context.routeKey",
        "$stageVariables.tenant"
    ]);
    let authorizer = lambda(json!({ "IdentitySource": sources })).unwrap();
    assert_eq!(authorizer.identity_source.len(), 4);
    for bad in [
        "$request.body.token",
        "$request.header.",
        "Authorization",
        "method.request.header.Auth",
    ] {
        let error = error(json!({ "IdentitySource": [bad] }));
        assert!(
            error.starts_with("Properties.IdentitySource entry") && error.contains(bad),
            "{error}"
        );
    }
}

#[test]
fn credentials_arn_is_kept() {
    let role = "arn:aws:iam::123456789012:role/authorizer-invoker";
    assert_eq!(
        lambda(json!({"AuthorizerCredentialsArn": role}))
            .unwrap()
            .authorizer_credentials_arn
            .as_deref(),
        Some(role)
    );
}

#[test]
fn jwt_authorizers_ignore_the_lambda_settings() {
    let authorizer = lambda(json!({
        "AuthorizerType": "JWT",
        "AuthorizerUri": null,
        "JwtConfiguration": {"Issuer": "https://issuer.example", "Audience": ["api"]},
    }))
    .unwrap();
    assert!(authorizer.jwt_configuration.is_some());
    assert_eq!(authorizer.authorizer_payload_format_version, None);
}
