//! `AWS_IAM` methods of REST APIs (aws-rest-api.md §4.7): the SigV4 check and the caller's
//! `execute-api:Invoke` permission of [`crate::iam`], with its refusals mapped to REST's
//! answers and the caller written into `requestContext.identity`.
//!
//! It does not evaluate the API's resource policy: the pipeline asks
//! [`crate::rest::resource_policy::ResourcePolicy`] with the caller's ARN.

use std::time::SystemTime;

use crate::iam::{IamDeny, IamScope, SignedRequest, authorize};
use crate::rest::{GatewayResponseType, RestError, RestIdentity};

/// An `AWS_IAM` caller allowed on the method.
#[derive(Debug, Clone)]
pub struct Authenticated {
    /// `requestContext.identity`.
    pub identity: RestIdentity,
    /// Who signed and what allowed the call, for the log.
    pub granted_by: String,
}

/// Checks a request to an `AWS_IAM` method whose ARN is `method_arn`: `Ok` with the
/// caller's identity, or AWS's 403.
pub fn authenticate(
    parts: &http::request::Parts,
    body: &[u8],
    scope: &IamScope<'_>,
    method_arn: &str,
    now: SystemTime,
) -> Result<Authenticated, RestError> {
    let path_and_query = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path(), |pq| pq.as_str());
    let host = parts
        .headers
        .get(http::header::HOST)
        .and_then(|value| value.to_str().ok())
        .or_else(|| parts.uri.authority().map(|a| a.as_str()))
        .unwrap_or_default();
    let request = SignedRequest {
        method: parts.method.as_str(),
        path_and_query,
        host,
        headers: &parts.headers,
        body,
    };
    let raw_query = parts.uri.query().unwrap_or_default();
    match authorize(scope, &request, raw_query, method_arn, now) {
        Ok(allowed) => Ok(Authenticated {
            identity: RestIdentity {
                access_key: Some(allowed.caller.access_key),
                account_id: Some(allowed.caller.account_id),
                caller: Some(allowed.caller.caller_id),
                user: Some(allowed.caller.user_id),
                user_arn: Some(allowed.caller.user_arn),
                ..RestIdentity::default()
            },
            granted_by: allowed.granted_by,
        }),
        Err(deny) => Err(rest_error(&deny, method_arn)),
    }
}

/// REST's answer for an IAM refusal (aws-rest-api.md §4.7).
pub fn rest_error(deny: &IamDeny, method_arn: &str) -> RestError {
    let explanation = deny.to_string();
    match deny {
        IamDeny::Unsigned { .. } => RestError::missing_authentication_token(explanation),
        IamDeny::NotAuthorized { principal, .. } => {
            RestError::access_denied(not_authorized_message(principal, method_arn), explanation)
        }
        // Unconfirmed: a presigned URL (unchecked) and missing local credentials are
        // answered as an anonymous caller's denial.
        IamDeny::PresignedUrl | IamDeny::NoLocalCredentials => {
            RestError::access_denied(not_authorized_message(ANONYMOUS, method_arn), explanation)
        }
        // Unconfirmed: a signature outside the five-minute window is EXPIRED_TOKEN, with
        // the signature error's message and x-amzn-ErrorType.
        IamDeny::Expired { .. } | IamDeny::NotYetCurrent { .. } => RestError::signature(
            GatewayResponseType::ExpiredToken,
            deny.message(),
            deny.error_type()
                .unwrap_or(crate::iam::deny::INVALID_SIGNATURE_EXCEPTION),
            explanation,
        ),
        // Unconfirmed: an unknown access key or session token is INVALID_SIGNATURE.
        _ => RestError::signature(
            GatewayResponseType::InvalidSignature,
            deny.message(),
            deny.error_type()
                .unwrap_or(crate::iam::deny::INVALID_SIGNATURE_EXCEPTION),
            explanation,
        ),
    }
}

/// The caller of an unsigned request in denial messages.
pub const ANONYMOUS: &str = "anonymous";

/// `User: <arn> is not authorized to perform: execute-api:Invoke on resource: <arn>`.
// Unconfirmed: the exact text of an IAM denial (aws-rest-api.md §4.7).
pub fn not_authorized_message(user: &str, method_arn: &str) -> String {
    format!(
        "User: {user} is not authorized to perform: execute-api:Invoke on resource: {method_arn}"
    )
}

#[cfg(test)]
mod tests;
