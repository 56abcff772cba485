//! Why a Lambda authorizer did not let a request through, with the status AWS answers
//! (§3.6) and the explanation gantry logs.

use std::time::Duration;

use http::StatusCode;

use crate::permission::PermissionDenied;

/// What AWS writes to `$context.authorizer.error` when it may not invoke the authorizer
/// (§3.6, §9.3).
pub const AUTHORIZER_PERMISSION_ERROR_MESSAGE: &str = "The IAM role configured on the authorizer or API Gateway doesn't have permissions to call the authorizer. Check the permissions and try again.";

/// A Lambda authorizer's refusal or failure; `Display` is the log line's explanation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LambdaAuthorizerError {
    /// An identity source is missing or empty: 401 without invoking (§3.2).
    #[error(
        "Lambda authorizer {authorizer} was not invoked: identity source {identity_source} is missing or empty in the request; send it, or remove it from IdentitySource"
    )]
    MissingIdentity {
        /// The authorizer's name.
        authorizer: String,
        /// The identity source as written.
        identity_source: String,
    },
    /// The authorizer's answer does not allow the route: 403 (§3.6).
    #[error("Lambda authorizer {authorizer} denied the request: {reason}{}", cached_note(*.cached))]
    Denied {
        /// The authorizer's name.
        authorizer: String,
        /// Which part of the answer denies.
        reason: String,
        /// How old the cached answer was, when it came from the cache.
        cached: Option<Duration>,
    },
    /// The function failed with the error message `Unauthorized`: 401.
    // Unconfirmed: REST APIs answer 401 for it; HTTP APIs are reported to by one
    // simulator (§3.6).
    #[error(
        "Lambda authorizer {authorizer} rejected the request: the function failed with {error_type}: Unauthorized, which API Gateway answers with 401"
    )]
    Unauthorized {
        /// The authorizer's name.
        authorizer: String,
        /// The error type the function reported.
        error_type: String,
    },
    /// API Gateway may not invoke the function: 500 (§9.3).
    #[error(
        "Lambda authorizer {authorizer}: {AUTHORIZER_PERMISSION_ERROR_MESSAGE}\ngantry checked the invocation for source ARN {source_arn}: {denied}\n(For an authorizer, a role goes in the authorizer's AuthorizerCredentialsArn.)"
    )]
    PermissionDenied {
        /// The authorizer's name.
        authorizer: String,
        /// `{apiId}/authorizers/{authorizerId}` as an execute-api ARN.
        source_arn: String,
        /// What was checked and the fix.
        denied: PermissionDenied,
    },
    /// The function failed with another error: 500.
    // Unconfirmed: errors other than `Unauthorized` answer 500 (§3.6).
    #[error("Lambda authorizer {authorizer} failed with {error_type}: {message}")]
    FunctionError {
        /// The authorizer's name.
        authorizer: String,
        /// The error type.
        error_type: String,
        /// The error message.
        message: String,
    },
    /// The invocation ended without a response (crash, init failure, the function's own
    /// timeout): 500.
    #[error("Lambda authorizer {authorizer} returned no response: {reason}")]
    InvokeFailed {
        /// The authorizer's name.
        authorizer: String,
        /// What went wrong.
        reason: String,
    },
    /// No answer within the authorizer quota of 10 s (§6.1): 500.
    // Unconfirmed: the status for an authorizer that does not answer in time.
    #[error(
        "Lambda authorizer {authorizer} did not answer within API Gateway's {} ms limit for authorizers; make it faster",
        .timeout.as_millis()
    )]
    Timeout {
        /// The authorizer's name.
        authorizer: String,
        /// The limit.
        timeout: Duration,
    },
    /// The function's answer is not a valid authorizer response: 500 (§3.6).
    #[error("Lambda authorizer {authorizer} returned an invalid response: {reason}")]
    InvalidResponse {
        /// The authorizer's name.
        authorizer: String,
        /// What is wrong with it.
        reason: String,
    },
}

pub(crate) fn cached_note(cached: Option<Duration>) -> String {
    match cached {
        Some(age) => format!(" (cached {} s ago)", age.as_secs()),
        None => String::new(),
    }
}

impl LambdaAuthorizerError {
    /// The status AWS answers with (§3.6, Appendix A).
    pub fn status(&self) -> StatusCode {
        match self {
            Self::MissingIdentity { .. } | Self::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            // Unconfirmed: the body of a denial is `{"message":"Forbidden"}` (Appendix B.3).
            Self::Denied { .. } => StatusCode::FORBIDDEN,
            Self::PermissionDenied { .. }
            | Self::FunctionError { .. }
            | Self::InvokeFailed { .. }
            | Self::Timeout { .. }
            | Self::InvalidResponse { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}
