//! The stage's own access log (§7.3): what a stage's `Format` reads about a request
//! ([`LogContext`], filled as the pipeline goes), the `$context` values it renders, and
//! the [`AccessLogSink`] the rendered line is handed to. The gateway does no file I/O:
//! the sink (implemented by the binary) decides where lines go.

use std::borrow::Cow;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::payload::v2::clf_time;
use http::StatusCode;
use time::OffsetDateTime;

use super::AccessLog;
use crate::error::{AuthorizerError, ClientError, GatewayError, IntegrationError};
use crate::jwt::VerifiedClaims;
use crate::rest::{GatewayResponseType, RestError};
use crate::stage::{ContextValues, ContextVariable, StageAccessLog};

/// Receives each rendered line of a stage with `AccessLogSettings`.
pub trait AccessLogSink: Send + Sync {
    /// One request's line, in the stage's `Format`, for the log group `destination` names.
    fn write(&self, destination: &StageAccessLog, line: &str);
}

/// What the `$context` variables of an access-log line read, beyond the [`AccessLog`]'s
/// own fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogContext {
    /// The selected stage's access-log settings (with its API, account and name); the
    /// line is written only when set.
    pub access_log: Option<Arc<StageAccessLog>>,
    /// The `Host` the request named.
    pub domain_name: String,
    /// `HTTP/1.1`, `HTTP/2.0`.
    pub protocol: &'static str,
    /// The client's address.
    pub source_ip: Option<IpAddr>,
    /// The `User-Agent` header.
    pub user_agent: Option<String>,
    /// When the request arrived.
    pub request_time: Option<SystemTime>,
    /// Bytes of request body read.
    pub request_length: usize,
    /// Bytes of response body sent.
    pub response_length: usize,
    /// The call to the integration, once made.
    pub integration: Option<IntegrationCall>,
    /// The refusal, when the request was refused.
    pub error: Option<ErrorContext>,
    /// A JWT authorizer's verified claims.
    pub claims: Option<Arc<VerifiedClaims>>,
    /// What only REST API requests have.
    pub rest: Option<RestLogContext>,
}

/// The `$context` values of a REST API request (aws-rest-api.md §2.5).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RestLogContext {
    /// `extendedRequestId` (= `x-amz-apigw-id`).
    pub extended_request_id: String,
    /// `resourcePath`, once a resource matched.
    pub resource_path: Option<String>,
    /// `resourceId`, once a resource matched.
    pub resource_id: Option<String>,
    /// `identity.apiKey`, when the method required a key.
    pub api_key: Option<String>,
    /// `identity.apiKeyId`, when the method required a key.
    pub api_key_id: Option<String>,
    /// `authorizer`, as a Lambda or Cognito authorizer filled it.
    pub authorizer: Option<Arc<serde_json::Value>>,
}

/// The call to the integration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrationCall {
    /// The status of the call itself (Lambda's Invoke answers 200, function errors
    /// included); `None` when no answer came.
    pub status: Option<u16>,
    /// The status the integration's response mapped to.
    pub response_status: Option<u16>,
    /// From the call to its answer (or to giving up).
    pub latency: Duration,
    /// The integration's request id (Lambda's, for a function).
    pub request_id: Option<String>,
}

/// A refusal, as the access-log variables show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorContext {
    /// `error.message`: the message of API Gateway's answer (`Not Found`).
    pub message: String,
    /// `error.responseType`.
    pub response_type: &'static str,
    /// gantry's explanation, for `integrationErrorMessage` and `authorizer.error`.
    // Deviation from AWS: these variables carry gantry's explanation (what failed and
    // the fix), not AWS's shorter messages, which are documented only in part (§9.3).
    pub explanation: String,
    /// Whose fault.
    pub kind: ErrorKind,
}

/// Which `$context` error variable carries the explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// `authorizer.error`.
    Authorizer,
    /// `integrationErrorMessage`, `integration.error`.
    Integration,
    /// Neither.
    Other,
}

impl ErrorContext {
    /// The refusal `error`, answered with `body`.
    pub(crate) fn of(error: &GatewayError, body: &[u8]) -> Self {
        let message = std::str::from_utf8(body)
            .ok()
            .and_then(|body| body.strip_prefix(r#"{"message":""#))
            .and_then(|rest| rest.strip_suffix(r#""}"#))
            .map_or_else(
                || {
                    error
                        .status()
                        .canonical_reason()
                        .unwrap_or_default()
                        .to_owned()
                },
                str::to_owned,
            );
        let kind = match error {
            GatewayError::Authorizer(_) => ErrorKind::Authorizer,
            GatewayError::Integration(_) => ErrorKind::Integration,
            _ => ErrorKind::Other,
        };
        Self {
            message,
            response_type: response_type(error),
            explanation: error.to_string(),
            kind,
        }
    }
}

impl ErrorContext {
    /// The REST refusal `error`, answered with `body`.
    pub(crate) fn of_rest(error: &RestError, body: &[u8]) -> Self {
        let message = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|body| {
                let message = body.get("message").or_else(|| body.get("Message"))?;
                message.as_str().map(str::to_owned)
            })
            .unwrap_or_else(|| {
                error
                    .status
                    .canonical_reason()
                    .unwrap_or_default()
                    .to_owned()
            });
        let response_type = error.response_type.map_or_else(
            || {
                if error.status.is_server_error() {
                    GatewayResponseType::Default5xx.as_str()
                } else {
                    GatewayResponseType::Default4xx.as_str()
                }
            },
            GatewayResponseType::as_str,
        );
        let kind = match error.response_type {
            Some(
                GatewayResponseType::Unauthorized
                | GatewayResponseType::AccessDenied
                | GatewayResponseType::AuthorizerConfigurationError
                | GatewayResponseType::AuthorizerFailure,
            ) => ErrorKind::Authorizer,
            Some(
                GatewayResponseType::IntegrationTimeout
                | GatewayResponseType::IntegrationFailure
                | GatewayResponseType::Default5xx
                | GatewayResponseType::ApiConfigurationError,
            ) => ErrorKind::Integration,
            _ => ErrorKind::Other,
        };
        Self {
            message,
            response_type,
            explanation: error.explanation.clone(),
            kind,
        }
    }
}

/// API Gateway's gateway-response type for an error.
// Unconfirmed: HTTP APIs have no gateway responses to customise; these are REST APIs'
// response types for the same situations.
fn response_type(error: &GatewayError) -> &'static str {
    match error {
        GatewayError::Client(ClientError::Throttled { .. }) => "THROTTLED",
        GatewayError::Client(ClientError::PayloadTooLarge { .. }) => "REQUEST_TOO_LARGE",
        GatewayError::Client(ClientError::ExecuteApiEndpointDisabled { .. }) => "ACCESS_DENIED",
        GatewayError::Client(ClientError::UnreadableBody { .. }) => "BAD_REQUEST_BODY",
        GatewayError::Client(ClientError::BodyBudgetExhausted { .. }) => "DEFAULT_5XX",
        GatewayError::Client(_) => "RESOURCE_NOT_FOUND",
        GatewayError::Authorizer(AuthorizerError::Jwt(reason))
            if reason.status() == StatusCode::FORBIDDEN =>
        {
            "ACCESS_DENIED"
        }
        GatewayError::Authorizer(_) => "UNAUTHORIZED",
        GatewayError::Integration(IntegrationError::Timeout { .. }) => "INTEGRATION_TIMEOUT",
        GatewayError::Integration(_) => "INTEGRATION_FAILURE",
        GatewayError::Internal(_) => "DEFAULT_5XX",
    }
}

/// Renders the stage's line for `log` and hands it to `sink`, when the stage logs.
pub(crate) fn write_stage_line(sink: &dyn AccessLogSink, log: &AccessLog) {
    if let Some(settings) = &log.context.access_log {
        sink.write(settings, &settings.format.render(log));
    }
}

fn borrowed(value: &Option<String>) -> Option<Cow<'_, str>> {
    value.as_deref().map(Cow::Borrowed)
}

/// `$context.authorizer.<key>` of a REST request: a string as is, anything else as JSON.
fn authorizer_value<'a>(rest: Option<&'a RestLogContext>, key: &str) -> Option<Cow<'a, str>> {
    let value = rest?.authorizer.as_deref()?.get(key)?;
    Some(match value {
        serde_json::Value::String(text) => Cow::Borrowed(text.as_str()),
        other => Cow::Owned(other.to_string()),
    })
}

fn millis(duration: Duration) -> String {
    duration.as_millis().to_string()
}

impl ContextValues for AccessLog {
    fn value(&self, variable: &ContextVariable) -> Option<Cow<'_, str>> {
        use ContextVariable as V;
        let context = &self.context;
        let stage = context.access_log.as_deref();
        let integration = context.integration.as_ref();
        let rest = context.rest.as_ref();
        let error_explanation = |kind: ErrorKind| {
            context
                .error
                .as_ref()
                .filter(|error| error.kind == kind)
                .map(|error| Cow::Borrowed(error.explanation.as_str()))
        };
        match variable {
            V::AccountId => stage.map(|stage| Cow::Borrowed(stage.account_id.as_str())),
            V::ApiId => stage.map(|stage| Cow::Borrowed(stage.api_id.as_str())),
            V::AuthorizerClaim(name) => context
                .claims
                .as_ref()
                .and_then(|claims| claims.get(name))
                .map(Cow::Borrowed),
            V::AuthorizerError => error_explanation(ErrorKind::Authorizer),
            V::DataProcessed => Some(
                (context.request_length + context.response_length)
                    .to_string()
                    .into(),
            ),
            V::DomainName => Some(Cow::Borrowed(&context.domain_name)),
            V::DomainPrefix => context
                .domain_name
                .split(['.', ':'])
                .next()
                .map(Cow::Borrowed),
            V::ErrorMessage => context.error.as_ref().map(|e| e.message.as_str().into()),
            V::ErrorMessageString => context
                .error
                .as_ref()
                .map(|e| format!("\"{}\"", e.message).into()),
            V::ErrorResponseType => context.error.as_ref().map(|e| e.response_type.into()),
            V::RequestId => Some(Cow::Borrowed(&self.request_id)),
            V::ExtendedRequestId => {
                Some(Cow::Borrowed(rest.map_or(self.request_id.as_str(), |r| {
                    r.extended_request_id.as_str()
                })))
            }
            V::ResourcePath => rest.and_then(|r| borrowed(&r.resource_path)),
            V::ResourceId => rest.and_then(|r| borrowed(&r.resource_id)),
            V::IdentityApiKey => rest.and_then(|r| borrowed(&r.api_key)),
            V::IdentityApiKeyId => rest.and_then(|r| borrowed(&r.api_key_id)),
            V::AuthorizerPrincipalId => authorizer_value(rest, "principalId"),
            V::AuthorizerProperty(key) => authorizer_value(rest, key),
            V::HttpMethod => Some(Cow::Borrowed(&self.method)),
            V::IdentitySourceIp => context.source_ip.map(|ip| ip.to_string().into()),
            V::IdentityUserAgent => borrowed(&context.user_agent),
            V::IntegrationError | V::IntegrationErrorMessage => {
                error_explanation(ErrorKind::Integration)
            }
            V::IntegrationStatus | V::IntegrationIntegrationStatus => integration
                .and_then(|call| call.status)
                .map(|status| status.to_string().into()),
            V::IntegrationResponseStatus => integration
                .and_then(|call| call.response_status)
                .map(|status| status.to_string().into()),
            V::IntegrationLatency => integration.map(|call| millis(call.latency).into()),
            V::IntegrationRequestId => integration
                .and_then(|call| call.request_id.as_deref())
                .map(Cow::Borrowed),
            V::Path => Some(Cow::Borrowed(
                self.path.split('?').next().unwrap_or(&self.path),
            )),
            V::Protocol => Some(Cow::Borrowed(context.protocol)),
            // `$context.requestTime`: Common Log Format in UTC (§7.3).
            V::RequestTime => context
                .request_time
                .map(|time| clf_time(OffsetDateTime::from(time)).into()),
            V::RequestTimeEpoch => context.request_time.map(|time| {
                // Unconfirmed: milliseconds, like the event's `timeEpoch` (§4.1).
                (OffsetDateTime::from(time).unix_timestamp_nanos() / 1_000_000)
                    .to_string()
                    .into()
            }),
            V::ResponseLatency => Some(millis(self.latency).into()),
            V::ResponseLength => Some(context.response_length.to_string().into()),
            V::RouteKey => borrowed(&self.route_key),
            V::Stage => stage.map(|stage| Cow::Borrowed(stage.stage_name.as_str())),
            V::Status => Some(self.status.as_str().into()),
            // Custom domains, calls to AWS services and IAM identities are not part of
            // this request.
            V::AwsEndpointRequestId | V::CustomDomainBasePathMatched | V::Other(_) => None,
        }
    }
}

#[cfg(test)]
mod tests;
