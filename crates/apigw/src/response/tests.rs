use http::header::{CONTENT_LENGTH, CONTENT_TYPE, WWW_AUTHENTICATE};

use super::*;
use crate::error::{IntegrationError, InternalError};
use crate::jwt::DenyReason;
use crate::payload::v2::{ResponseMapping, map_response};

fn respond(error: impl Into<GatewayError>) -> Response<Bytes> {
    error_response(&error.into())
}

fn audience_denial() -> DenyReason {
    DenyReason::AudienceMismatch {
        found: vec!["x".into()],
        expected: vec!["y".into()],
    }
}

#[test]
fn bodies_have_the_byte_lengths_seen_on_the_wire() {
    // Reference header notes: 26, 35 and 33 bytes in real transcripts.
    assert_eq!(UNAUTHORIZED_BODY.len(), 26);
    assert_eq!(INTERNAL_SERVER_ERROR_BODY.len(), 35);
    assert_eq!(SERVICE_UNAVAILABLE_BODY.len(), 33);
}

#[test]
fn no_route_is_404_not_found() {
    let response = respond(ClientError::NoRoute {
        stage: "$default".into(),
        method: "GET".into(),
        path: "/cats".into(),
    });
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.body(), NOT_FOUND_BODY);
    assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
    assert_eq!(response.headers()[CONTENT_LENGTH], "23");
}

#[test]
fn no_stage_is_404_not_found() {
    let response = respond(ClientError::NoStage {
        path: "/dev/x".into(),
    });
    assert_eq!(
        (response.status(), response.body().as_ref()),
        (StatusCode::NOT_FOUND, NOT_FOUND_BODY.as_bytes())
    );
}

#[test]
fn jwt_denial_is_401_with_the_documented_challenge() {
    let response = respond(AuthorizerError::Jwt(audience_denial()));
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.body(), UNAUTHORIZED_BODY);
    assert_eq!(response.headers()[CONTENT_LENGTH], "26");
    assert_eq!(
        response.headers()[WWW_AUTHENTICATE],
        "Bearer scope=\"\" error=\"invalid_token\" error_description=\"the token does not have a valid audience\""
    );
}

#[test]
fn missing_scope_is_403_forbidden() {
    let response = respond(AuthorizerError::Jwt(DenyReason::InsufficientScope {
        required: vec!["admin".into()],
        found: vec![],
    }));
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(response.body(), FORBIDDEN_BODY);
}

#[test]
fn integration_failures_are_500_internal_server_error() {
    let ResponseMapping::Malformed(malformed) = map_response(b"{\"statusCode\": 200, \"body\": 1}")
    else {
        panic!("expected malformed");
    };
    for error in [
        IntegrationError::MalformedResponse(malformed),
        IntegrationError::FunctionError {
            error_type: "Error".into(),
            message: "boom".into(),
        },
        IntegrationError::InvokeFailed {
            reason: "exited".into(),
        },
    ] {
        let response = respond(error);
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(response.body(), INTERNAL_SERVER_ERROR_BODY);
        assert_eq!(response.headers()[CONTENT_LENGTH], "35");
        assert!(response.headers().get(WWW_AUTHENTICATE).is_none());
    }
}

#[test]
fn integration_timeout_is_503_service_unavailable() {
    let response = respond(IntegrationError::Timeout { timeout_ms: 30_000 });
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.body(), SERVICE_UNAVAILABLE_BODY);
}

#[test]
fn internal_failure_is_500() {
    let response = respond(InternalError {
        what: "serializing the event".into(),
    });
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(response.body(), INTERNAL_SERVER_ERROR_BODY);
}

#[test]
fn oversized_request_is_413_with_the_observed_text() {
    let response = respond(ClientError::PayloadTooLarge {
        content_length: None,
        limit: 10_485_760,
    });
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        response.body(),
        "HTTP content length exceeded 10485760 bytes."
    );
    assert_eq!(response.headers()[CONTENT_LENGTH], "44");
    assert_eq!(
        response.headers()[CONTENT_TYPE],
        PAYLOAD_TOO_LARGE_CONTENT_TYPE
    );
}

#[test]
fn explanations_stay_off_the_wire() {
    let error = GatewayError::from(AuthorizerError::Jwt(audience_denial()));
    let explanation = error.to_string();
    assert!(
        explanation.contains("add \"x\" to JwtConfiguration.Audience"),
        "{explanation}"
    );
    let response = error_response(&error);
    let wire = format!("{:?}{:?}", response.headers(), response.body());
    assert!(!wire.contains("JwtConfiguration"), "{wire}");
}
