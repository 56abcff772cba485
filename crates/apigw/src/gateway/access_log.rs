//! One log record per request: who asked for what, what answered, how long it took, and
//! for refusals why and how to fix it (the part AWS never tells). Its [`LogContext`] also
//! feeds the stage's own access log, in the stage's `Format` ([`stage_log`]).

pub(crate) mod stage_log;

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http::StatusCode;
use http::request::Parts;

use crate::request_id::RequestId;
pub use stage_log::{
    AccessLogSink, ErrorContext, ErrorKind, IntegrationCall, LogContext, RestLogContext,
};

/// What happened to one request.
#[derive(Debug, Clone, PartialEq)]
pub struct AccessLog {
    /// The API Gateway request id (`apigw-requestid`).
    pub request_id: String,
    /// The request method.
    pub method: String,
    /// The request path and query as received.
    pub path: String,
    /// The matched route key, once a route matched.
    pub route_key: Option<String>,
    /// The API that served the request (`apiId` / `restApiId`), once one was chosen.
    pub api_id: Option<String>,
    /// The stage that served the request, once one was chosen.
    pub stage: Option<String>,
    /// The request body as read (empty before it was read, or when it was refused).
    pub request_body: Bytes,
    /// The response status.
    pub status: StatusCode,
    /// Time from receipt to response.
    pub latency: Duration,
    /// The function call, when the integration was invoked.
    pub function: Option<FunctionCall>,
    /// For refusals and failures: the reason and the fix.
    pub explanation: Option<String>,
    /// For requests an authorizer allowed: who the caller is and what allowed it.
    pub authorization: Option<String>,
    /// The authorizer's decision, when the route (method) has one: allowed, denied or
    /// failed, and why.
    pub authorizer: Option<AuthorizerLog>,
    /// What a stage's access-log `Format` reads (§7.3).
    pub context: LogContext,
}

/// The invocation behind a request, to find its lines in the function's log.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionCall {
    /// The function invoked.
    pub function_name: String,
    /// Lambda's request id of the invocation.
    pub request_id: String,
    /// The invocation's duration.
    pub duration: Duration,
    /// The cold start, if this invocation had one.
    pub init_duration: Option<Duration>,
    /// The event exactly as sent to the function.
    pub event: Bytes,
}

/// What a route's (method's) authorizer decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizerLog {
    /// The authorizer's type.
    pub kind: AuthorizerKind,
    /// Allowed, denied, or could not decide.
    pub outcome: AuthorizerOutcome,
    /// Who was allowed and why, or why not and what to do.
    pub explanation: String,
}

/// An authorizer's type, as API Gateway names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorizerKind {
    /// An HTTP API JWT authorizer.
    Jwt,
    /// A Lambda authorizer reading the request (HTTP API, or REST API `REQUEST`).
    Request,
    /// A REST API Lambda `TOKEN` authorizer.
    Token,
    /// A REST API Cognito user pool authorizer.
    CognitoUserPools,
    /// SigV4 signature and IAM policy checks.
    AwsIam,
}

impl AuthorizerKind {
    /// API Gateway's spelling: `JWT`, `REQUEST`, `TOKEN`, `COGNITO_USER_POOLS`, `AWS_IAM`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Jwt => "JWT",
            Self::Request => "REQUEST",
            Self::Token => "TOKEN",
            Self::CognitoUserPools => "COGNITO_USER_POOLS",
            Self::AwsIam => "AWS_IAM",
        }
    }
}

/// How an authorizer ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorizerOutcome {
    /// The request may go on.
    Allow,
    /// The caller is not allowed (401/403).
    Deny,
    /// The authorizer could not decide (its function failed, a JWKS could not be read,
    /// the authorizer is not served): the request is refused.
    Error,
}

impl AuthorizerOutcome {
    /// `allow`, `deny` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allow => "allow",
            Self::Deny => "deny",
            Self::Error => "error",
        }
    }
}

impl AccessLog {
    pub(super) fn new(request_id: &RequestId, parts: &Parts) -> Self {
        Self {
            request_id: request_id.as_str().to_owned(),
            method: parts.method.to_string(),
            path: parts
                .uri
                .path_and_query()
                .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned()),
            route_key: None,
            api_id: None,
            stage: None,
            request_body: Bytes::new(),
            status: StatusCode::OK,
            latency: Duration::ZERO,
            function: None,
            explanation: None,
            authorization: None,
            authorizer: None,
            context: LogContext::default(),
        }
    }

    pub(super) fn finish(&mut self, status: StatusCode, latency: Duration) {
        self.status = status;
        self.latency = latency;
    }
}

impl LogContext {
    /// The request's `Host`, protocol and `User-Agent`, for a stage's `Format`.
    pub(super) fn record_request(&mut self, parts: &Parts) {
        self.domain_name = header(parts, http::header::HOST).unwrap_or_default();
        self.protocol = protocol(parts.version);
        self.user_agent = header(parts, http::header::USER_AGENT);
    }
}

/// `$context.protocol`.
fn protocol(version: http::Version) -> &'static str {
    match version {
        http::Version::HTTP_09 => "HTTP/0.9",
        http::Version::HTTP_10 => "HTTP/1.0",
        http::Version::HTTP_2 => "HTTP/2.0",
        http::Version::HTTP_3 => "HTTP/3.0",
        _ => "HTTP/1.1",
    }
}

fn header(parts: &Parts, name: http::header::HeaderName) -> Option<String> {
    parts
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

impl fmt::Display for AccessLog {
    /// `GET /test 401 0.21ms route="GET /test" id=AbC...=` and, for refusals, the reason
    /// on the following lines. Values from the request or a token reach a terminal here, so
    /// control characters (ESC, C1, DEL, ...) are written escaped, never raw; only the line
    /// breaks that separate an explanation's lines are kept, and each gets its prefix.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {:.2}ms",
            Escaped(&self.method),
            Escaped(&self.path),
            self.status.as_u16(),
            self.latency.as_secs_f64() * 1000.0
        )?;
        if let Some(route_key) = &self.route_key {
            write!(f, " route={route_key:?}")?;
        }
        write!(f, " id={}", Escaped(&self.request_id))?;
        if let Some(call) = &self.function {
            write!(
                f,
                " function={} lambda-request-id={} duration={:.2}ms",
                Escaped(&call.function_name),
                Escaped(&call.request_id),
                call.duration.as_secs_f64() * 1000.0
            )?;
            if let Some(init) = call.init_duration {
                write!(f, " init={:.2}ms", init.as_secs_f64() * 1000.0)?;
            }
        }
        if let Some(authorization) = &self.authorization {
            write!(f, "\n    authorized: {}", Escaped(authorization))?;
        }
        if let Some(explanation) = &self.explanation {
            for line in explanation.lines() {
                write!(f, "\n    why: {}", Escaped(line))?;
            }
        }
        Ok(())
    }
}

/// A value written with every control character escaped as Rust writes it in a string
/// literal (`\u{1b}`, `\n`), so it cannot move the cursor, recolour the terminal or start
/// a line of its own; other characters (non-ASCII text included) are written as they are.
struct Escaped<'a>(&'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write as _;
        for c in self.0.chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_debug())?;
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}
