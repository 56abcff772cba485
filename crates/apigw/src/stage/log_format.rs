//! A stage's access-log `Format` (§7.3): text with `$context` variables, parsed once when
//! the deployment is compiled and rendered for each request the stage serves.
//!
//! A variable whose value the request does not have (no integration was called, no
//! authorizer ran) is written as `-`, as are variables gantry does not know.

use std::borrow::Cow;

/// What starts a variable.
const PREFIX: &str = "$context.";
/// What a variable without a value renders as.
// Unconfirmed: AWS documents no placeholder; `-` is what its CloudWatch access logs show
// for empty values (§7.3).
pub const NO_VALUE: &str = "-";

/// A `$context` variable of HTTP API access logs (§7.3) and REST API access logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextVariable {
    /// `accountId`
    AccountId,
    /// `apiId`
    ApiId,
    /// `authorizer.claims.<name>`
    AuthorizerClaim(String),
    /// `authorizer.error`
    AuthorizerError,
    /// `authorizer.principalId`
    AuthorizerPrincipalId,
    /// `authorizer.<key>`: a key of a Lambda authorizer's context.
    AuthorizerProperty(String),
    /// `awsEndpointRequestId`, `awsEndpointRequestId2`: requests to AWS services.
    AwsEndpointRequestId,
    /// `customDomain.basePathMatched`
    CustomDomainBasePathMatched,
    /// `dataProcessed`: request plus response bytes.
    DataProcessed,
    /// `domainName`
    DomainName,
    /// `domainPrefix`
    DomainPrefix,
    /// `error.message`
    ErrorMessage,
    /// `error.messageString`: `error.message` in double quotes.
    ErrorMessageString,
    /// `error.responseType`
    ErrorResponseType,
    /// `extendedRequestId`: equal to `requestId` for HTTP APIs.
    ExtendedRequestId,
    /// `httpMethod`
    HttpMethod,
    /// `identity.sourceIp`
    IdentitySourceIp,
    /// `identity.userAgent`
    IdentityUserAgent,
    /// `identity.apiKey` (REST APIs).
    IdentityApiKey,
    /// `identity.apiKeyId` (REST APIs).
    IdentityApiKeyId,
    /// `integration.error`
    IntegrationError,
    /// `integration.integrationStatus`
    IntegrationIntegrationStatus,
    /// `integration.latency` and `integrationLatency`
    IntegrationLatency,
    /// `integration.requestId`: Lambda's request id of the invocation.
    IntegrationRequestId,
    /// `integration.status`: the status the integration answered with.
    IntegrationResponseStatus,
    /// `integrationStatus`: the status of the call to the integration (Lambda's Invoke).
    IntegrationStatus,
    /// `integrationErrorMessage`
    IntegrationErrorMessage,
    /// `path`: the request path, stage included.
    Path,
    /// `protocol`
    Protocol,
    /// `requestId`
    RequestId,
    /// `requestTime` (CLF)
    RequestTime,
    /// `requestTimeEpoch`
    RequestTimeEpoch,
    /// `resourceId` (REST APIs).
    ResourceId,
    /// `resourcePath` (REST APIs).
    ResourcePath,
    /// `responseLatency` (ms)
    ResponseLatency,
    /// `responseLength` (bytes)
    ResponseLength,
    /// `routeKey`
    RouteKey,
    /// `stage`
    Stage,
    /// `status`
    Status,
    /// Anything else after `$context.` (IAM identity fields, mTLS, future variables).
    Other(String),
}

impl ContextVariable {
    /// The variable named after `$context.`.
    pub fn parse(name: &str) -> Self {
        if let Some(claim) = name.strip_prefix("authorizer.claims.") {
            return Self::AuthorizerClaim(claim.to_owned());
        }
        match name {
            "accountId" => Self::AccountId,
            "apiId" => Self::ApiId,
            "authorizer.error" => Self::AuthorizerError,
            "authorizer.principalId" => Self::AuthorizerPrincipalId,
            "awsEndpointRequestId" | "awsEndpointRequestId2" => Self::AwsEndpointRequestId,
            "customDomain.basePathMatched" => Self::CustomDomainBasePathMatched,
            "dataProcessed" => Self::DataProcessed,
            "domainName" => Self::DomainName,
            "domainPrefix" => Self::DomainPrefix,
            "error.message" => Self::ErrorMessage,
            "error.messageString" => Self::ErrorMessageString,
            "error.responseType" => Self::ErrorResponseType,
            "extendedRequestId" => Self::ExtendedRequestId,
            "httpMethod" => Self::HttpMethod,
            "identity.sourceIp" => Self::IdentitySourceIp,
            "identity.userAgent" => Self::IdentityUserAgent,
            "identity.apiKey" => Self::IdentityApiKey,
            "identity.apiKeyId" => Self::IdentityApiKeyId,
            "resourceId" => Self::ResourceId,
            "resourcePath" => Self::ResourcePath,
            "integration.error" => Self::IntegrationError,
            "integration.integrationStatus" => Self::IntegrationIntegrationStatus,
            "integration.latency" | "integrationLatency" => Self::IntegrationLatency,
            "integration.requestId" => Self::IntegrationRequestId,
            "integration.status" => Self::IntegrationResponseStatus,
            "integrationStatus" => Self::IntegrationStatus,
            "integrationErrorMessage" => Self::IntegrationErrorMessage,
            "path" => Self::Path,
            "protocol" => Self::Protocol,
            "requestId" => Self::RequestId,
            "requestTime" => Self::RequestTime,
            "requestTimeEpoch" => Self::RequestTimeEpoch,
            "responseLatency" => Self::ResponseLatency,
            "responseLength" => Self::ResponseLength,
            "routeKey" => Self::RouteKey,
            "stage" => Self::Stage,
            "status" => Self::Status,
            other => match other.strip_prefix("authorizer.") {
                Some(key) if !key.contains('.') => Self::AuthorizerProperty(key.to_owned()),
                _ => Self::Other(other.to_owned()),
            },
        }
    }
}

/// Where a rendering gets each variable's value; `None` renders as [`NO_VALUE`].
pub trait ContextValues {
    /// The value of `variable` for this request.
    fn value(&self, variable: &ContextVariable) -> Option<Cow<'_, str>>;
}

/// One piece of a format.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Text(String),
    Variable(ContextVariable),
}

/// A parsed access-log `Format`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessLogFormat {
    segments: Vec<Segment>,
}

impl AccessLogFormat {
    /// Parses `format`: `$context.` followed by letters, digits, `_` and `.` is a
    /// variable (a trailing `.` ends the sentence, not the name); the rest is text.
    pub fn parse(format: &str) -> Self {
        let mut segments = Vec::new();
        let mut text = String::new();
        let mut rest = format;
        while let Some(start) = rest.find(PREFIX) {
            let after = &rest[start + PREFIX.len()..];
            let length = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                .unwrap_or(after.len());
            let name = after[..length].trim_end_matches('.');
            text.push_str(&rest[..start]);
            if name.is_empty() {
                text.push_str(PREFIX);
                rest = after;
                continue;
            }
            if !text.is_empty() {
                segments.push(Segment::Text(std::mem::take(&mut text)));
            }
            segments.push(Segment::Variable(ContextVariable::parse(name)));
            rest = &after[name.len()..];
        }
        text.push_str(rest);
        if !text.is_empty() {
            segments.push(Segment::Text(text));
        }
        Self { segments }
    }

    /// The variables gantry has no value for, ever (`Other`), to name them once.
    pub fn unknown_variables(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|segment| match segment {
            Segment::Variable(ContextVariable::Other(name)) => Some(name.as_str()),
            _ => None,
        })
    }

    /// The line for one request. Line breaks in values become spaces: a log line is one
    /// line.
    pub fn render(&self, values: &impl ContextValues) -> String {
        let mut line = String::new();
        for segment in &self.segments {
            match segment {
                Segment::Text(text) => line.push_str(text),
                Segment::Variable(variable) => match values.value(variable) {
                    Some(value) if !value.is_empty() => line.push_str(&value),
                    _ => line.push_str(NO_VALUE),
                },
            }
        }
        if line.contains(['\n', '\r']) {
            line = line.replace(['\n', '\r'], " ");
        }
        line
    }
}

#[cfg(test)]
mod tests;
