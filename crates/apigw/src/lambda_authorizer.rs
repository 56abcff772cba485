//! Lambda `REQUEST` authorizers of HTTP APIs (§3): read the identity sources, answer 401
//! without invoking when one is missing, reuse a cached answer or invoke the function
//! with the 1.0 or 2.0 event, parse its simple or IAM-policy response and decide for the
//! route's ARN.
//!
//! [`LambdaAuthorizer::authorize`] runs these steps for one request; the outcome is the
//! authorizer's context for the integration ([`LambdaAllowed`]) or a
//! [`LambdaAuthorizerError`] whose `Display` explains the decision on the log line.
//! Whether API Gateway may invoke the function is decided when the deployment is
//! compiled and handed in as an [`InvokePermission`].

mod cache;
mod event;
mod identity;
mod refusal;
mod verdict;

use std::sync::Arc;
use std::time::{Duration, Instant};

use lambda_host::{Invoke, InvokeOptions, InvokeResult};
use serde_json::{Map, Value};
use store::model::PayloadFormatVersion;

use crate::payload::v2::{EventContext, IncomingRequest};
use crate::permission::InvokePermission;

pub use cache::{AuthorizerCache, Cached, DEFAULT_AUTHORIZER_CACHE_CAPACITY};
pub use identity::{ContextVariable, IdentitySource};
pub(crate) use refusal::cached_note;
pub use refusal::{AUTHORIZER_PERMISSION_ERROR_MESSAGE, LambdaAuthorizerError};
pub use verdict::{Decision, Statement, Verdict};

/// API Gateway's limit for an authorizer's answer (§6.1).
pub const AUTHORIZER_TIMEOUT: Duration = Duration::from_secs(10);
/// The error message with which a function asks for a 401 (§3.6).
const UNAUTHORIZED_MESSAGE: &str = "Unauthorized";

/// One `REQUEST` authorizer, compiled once per API and shared by its routes.
#[derive(Debug)]
pub struct LambdaAuthorizer {
    /// `Name`, for explanations.
    pub name: String,
    /// `AuthorizerId`.
    pub authorizer_id: String,
    /// The function the Lambda host invokes.
    pub function_name: String,
    /// `AuthorizerPayloadFormatVersion`.
    pub payload_format_version: PayloadFormatVersion,
    /// `EnableSimpleResponses`.
    pub simple_responses: bool,
    /// `IdentitySource`, parsed.
    pub identity_sources: Vec<IdentitySource>,
    /// May API Gateway invoke the function (decided at compile time, §9.2).
    pub permission: InvokePermission,
    /// The `{apiId}/authorizers/{authorizerId}` ARN the permission was checked for.
    pub source_arn: String,
    /// The answer cache, for `AuthorizerResultTtlInSeconds`.
    pub cache: AuthorizerCache,
}

/// A request as an authorizer sees it.
#[derive(Debug, Clone, Copy)]
pub struct AuthorizerRequest<'a> {
    /// The request (the body is not sent to authorizers).
    pub request: IncomingRequest<'a>,
    /// What routing found, without an authorizer.
    pub context: EventContext<'a>,
    /// The route's id (`resourceId` in 1.0 events).
    pub route_id: &'a str,
    /// The request's `routeArn`/`methodArn`.
    pub route_arn: &'a str,
    /// The X-Ray trace header to invoke with.
    pub trace_id: &'a str,
}

/// What an allowing authorizer hands the integration (§3.7).
#[derive(Debug, Clone, PartialEq)]
pub struct LambdaAllowed {
    /// The answer, fresh or cached.
    pub verdict: Arc<Verdict>,
    /// How old the answer was, when it came from the cache.
    pub cached: Option<Duration>,
}

impl LambdaAllowed {
    /// `context` as returned, for `requestContext.authorizer.lambda` (2.0); `None`
    /// (JSON `null`, observed) when the authorizer returned none.
    pub fn context(&self) -> Option<&Map<String, Value>> {
        self.verdict.context()
    }
}

impl LambdaAuthorizer {
    /// Decides one request: identity sources → cache → invoke → parse → decide.
    pub async fn authorize(
        &self,
        request: &AuthorizerRequest<'_>,
        invoker: &dyn Invoke,
    ) -> Result<LambdaAllowed, LambdaAuthorizerError> {
        let identity =
            identity::identity_values(&self.identity_sources, request).map_err(|missing| {
                LambdaAuthorizerError::MissingIdentity {
                    authorizer: self.name.clone(),
                    identity_source: missing.expression(),
                }
            })?;
        if let Some(cached) = self.cache.get(&identity, Instant::now()) {
            return self.decide(cached.verdict, request.route_arn, Some(cached.age));
        }
        self.check_permission()?;
        let verdict = Arc::new(self.invoke(request, &identity, invoker).await?);
        self.cache.insert(identity, verdict.clone(), Instant::now());
        self.decide(verdict, request.route_arn, None)
    }

    fn check_permission(&self) -> Result<(), LambdaAuthorizerError> {
        match &self.permission {
            InvokePermission::Allowed { .. } => Ok(()),
            InvokePermission::Denied(denied) => Err(LambdaAuthorizerError::PermissionDenied {
                authorizer: self.name.clone(),
                source_arn: self.source_arn.clone(),
                denied: denied.clone(),
            }),
        }
    }

    async fn invoke(
        &self,
        request: &AuthorizerRequest<'_>,
        identity: &[String],
        invoker: &dyn Invoke,
    ) -> Result<Verdict, LambdaAuthorizerError> {
        let identity = (!self.identity_sources.is_empty()).then_some(identity);
        let payload = event::authorizer_event(
            self.payload_format_version,
            request,
            identity,
            request.route_arn,
        )
        .map_err(|e| self.invalid(format!("gantry could not serialize the event: {e}")))?;
        let options = InvokeOptions::default().with_trace_id(request.trace_id.to_owned());
        let invocation = invoker.invoke(&self.function_name, payload, options);
        let outcome = match tokio::time::timeout(AUTHORIZER_TIMEOUT, invocation).await {
            Err(_elapsed) => {
                return Err(LambdaAuthorizerError::Timeout {
                    authorizer: self.name.clone(),
                    timeout: AUTHORIZER_TIMEOUT,
                });
            }
            Ok(Err(error)) => {
                return Err(LambdaAuthorizerError::InvokeFailed {
                    authorizer: self.name.clone(),
                    reason: error.to_string(),
                });
            }
            Ok(Ok(outcome)) => outcome,
        };
        match &outcome.result {
            InvokeResult::Success { payload } => {
                let simple = self.simple_responses
                    && self.payload_format_version == PayloadFormatVersion::V2_0;
                Verdict::parse(payload, simple).map_err(|reason| self.invalid(reason))
            }
            InvokeResult::FunctionError {
                error_type,
                payload,
            } => Err(self.function_error(error_type, payload)),
            _ => Err(LambdaAuthorizerError::InvokeFailed {
                authorizer: self.name.clone(),
                reason: outcome.explain(),
            }),
        }
    }

    fn function_error(&self, error_type: &str, payload: &[u8]) -> LambdaAuthorizerError {
        let failure = FunctionFailure::read(error_type, payload);
        if failure.is_unauthorized() {
            LambdaAuthorizerError::Unauthorized {
                authorizer: self.name.clone(),
                error_type: failure.error_type,
            }
        } else {
            LambdaAuthorizerError::FunctionError {
                authorizer: self.name.clone(),
                error_type: failure.error_type,
                message: failure.message,
            }
        }
    }

    fn decide(
        &self,
        verdict: Arc<Verdict>,
        route_arn: &str,
        cached: Option<Duration>,
    ) -> Result<LambdaAllowed, LambdaAuthorizerError> {
        match verdict.decide(route_arn) {
            Decision::Allow => Ok(LambdaAllowed { verdict, cached }),
            Decision::Deny(reason) => Err(LambdaAuthorizerError::Denied {
                authorizer: self.name.clone(),
                reason,
                cached,
            }),
        }
    }

    fn invalid(&self, reason: String) -> LambdaAuthorizerError {
        LambdaAuthorizerError::InvalidResponse {
            authorizer: self.name.clone(),
            reason,
        }
    }
}

/// The `routeArn`/`methodArn` of a request: the stage, the request's method and its path
/// without the stage prefix (captured events show the concrete path, not the route
/// template, §3.4).
pub fn route_arn(
    partition: &'static arn::Partition,
    region: &str,
    account: &str,
    api_id: &str,
    stage: &str,
    method: &str,
    route_path: &str,
) -> String {
    arn::Arn::execute_api(
        partition,
        region,
        account,
        api_id,
        &format!("/{stage}/{method}{route_path}"),
    )
    .to_string()
}

#[cfg(test)]
mod tests;

/// How an authorizer function failed (HTTP API or REST API): its error document's
/// `errorType` and `errorMessage`.
pub(crate) struct FunctionFailure {
    /// The document's `errorType`, else the runtime's.
    pub(crate) error_type: String,
    /// The document's `errorMessage`, else the payload's text.
    pub(crate) message: String,
}

impl FunctionFailure {
    /// Reads the error document `payload` of a function that failed with `error_type`.
    pub(crate) fn read(error_type: &str, payload: &[u8]) -> Self {
        let document: Option<Map<String, Value>> = serde_json::from_slice(payload).ok();
        let field = |name: &str| {
            document
                .as_ref()
                .and_then(|d| d.get(name))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        Self {
            error_type: field("errorType").unwrap_or_else(|| error_type.to_owned()),
            message: field("errorMessage")
                .unwrap_or_else(|| String::from_utf8_lossy(payload).into_owned()),
        }
    }

    /// Whether the message is exactly `Unauthorized`, which API Gateway answers with 401.
    pub(crate) fn is_unauthorized(&self) -> bool {
        self.message == UNAUTHORIZED_MESSAGE
    }
}
