//! The authorizer's decision for the request's log ([`AuthorizerLog`]): allowed (who and
//! why), denied (the refusal's explanation) or undecided (the authorizer failed, its keys
//! could not be read, gantry does not serve it). It only describes the decision the
//! pipeline took; it decides nothing, and the request is refused in both other cases.

use super::access_log::{AuthorizerKind, AuthorizerLog, AuthorizerOutcome};
use super::authorize::Authorized;
use crate::deployment::{RouteAuthorization, ServedRoute};
use crate::error::{AuthorizerError, GatewayError};
use crate::iam::IamDeny;
use crate::jwt::DenyReason;
use crate::lambda_authorizer::cached_note;
use store::model::AuthorizationType;

/// What the HTTP API route's authorization decided; `None` for a route without one.
/// `iam_grant` is what allowed an `AWS_IAM` caller (the log's `authorization`).
pub(super) fn http_decision(
    route: &ServedRoute,
    decided: &Result<Option<Authorized>, GatewayError>,
    iam_grant: Option<&str>,
) -> Option<AuthorizerLog> {
    let kind = http_kind(route)?;
    let (outcome, explanation) = match decided {
        Ok(Some(authorized)) => (
            AuthorizerOutcome::Allow,
            allowed(route, authorized, iam_grant),
        ),
        // An authorization that let the request through without a decision is none.
        Ok(None) => return None,
        Err(error) => (refusal_outcome(error), error.to_string()),
    };
    Some(AuthorizerLog {
        kind,
        outcome,
        explanation,
    })
}

fn http_kind(route: &ServedRoute) -> Option<AuthorizerKind> {
    match &route.authorization {
        RouteAuthorization::None => None,
        RouteAuthorization::Jwt { .. } => Some(AuthorizerKind::Jwt),
        RouteAuthorization::Lambda { .. } => Some(AuthorizerKind::Request),
        RouteAuthorization::Iam => Some(AuthorizerKind::AwsIam),
        RouteAuthorization::Unsupported(_) => match route.authorization_type {
            AuthorizationType::None => None,
            AuthorizationType::Jwt => Some(AuthorizerKind::Jwt),
            AuthorizationType::Custom => Some(AuthorizerKind::Request),
            AuthorizationType::AwsIam => Some(AuthorizerKind::AwsIam),
        },
    }
}

/// Denied, or undecided: the authorizer could not give an answer (gantry refuses then).
fn refusal_outcome(error: &GatewayError) -> AuthorizerOutcome {
    match error {
        GatewayError::Authorizer(AuthorizerError::Jwt(DenyReason::KeysUnavailable { .. }))
        | GatewayError::Authorizer(AuthorizerError::Iam(IamDeny::NoLocalCredentials)) => {
            AuthorizerOutcome::Error
        }
        GatewayError::Authorizer(AuthorizerError::Lambda(refusal))
            if refusal.status().is_server_error() =>
        {
            AuthorizerOutcome::Error
        }
        GatewayError::Authorizer(_) => AuthorizerOutcome::Deny,
        // An authorizer gantry does not serve, or gantry's own failure.
        GatewayError::Client(_) | GatewayError::Integration(_) | GatewayError::Internal(_) => {
            AuthorizerOutcome::Error
        }
    }
}

/// Who was allowed and why.
fn allowed(route: &ServedRoute, authorized: &Authorized, iam_grant: Option<&str>) -> String {
    match authorized {
        Authorized::Jwt { claims, .. } => {
            let issuer = match &route.authorization {
                RouteAuthorization::Jwt { authorizer, .. } => authorizer.config().issuer.as_str(),
                _ => "",
            };
            let subject = claims
                .get("sub")
                .or_else(|| claims.get("client_id"))
                .unwrap_or("(no sub)");
            let mut text =
                format!("JWT authorizer of issuer {issuer} accepted the token of {subject:?}");
            if let RouteAuthorization::Jwt { scopes, .. } = &route.authorization
                && !scopes.is_empty()
            {
                text.push_str(&format!(
                    ", whose scopes {:?} include one of the route's AuthorizationScopes {scopes:?}",
                    claims.scopes()
                ));
            }
            text
        }
        Authorized::Lambda { allowed, .. } => {
            let name = match &route.authorization {
                RouteAuthorization::Lambda { authorizer } => authorizer.name.as_str(),
                _ => "",
            };
            let whom = match allowed.verdict.principal_id() {
                Some(principal) => format!("principal {principal:?}"),
                None => "the request".to_owned(),
            };
            format!(
                "Lambda authorizer {name} allowed {whom}{}",
                cached_note(allowed.cached)
            )
        }
        Authorized::Iam(caller) => iam_grant.map_or_else(
            || format!("AWS_IAM: signed by {}", caller.user_arn),
            str::to_owned,
        ),
    }
}
