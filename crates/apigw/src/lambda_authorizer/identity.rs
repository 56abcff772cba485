//! A Lambda authorizer's identity sources (§3.2): where each value is read, and the
//! values of one request, which are both the event's `identitySource` and the cache key.

use std::borrow::Cow;

use http::HeaderName;
use http::header::USER_AGENT;

use super::AuthorizerRequest;

const HEADER_PREFIX: &str = "$request.header.";
const QUERY_STRING_PREFIX: &str = "$request.querystring.";
const CONTEXT_PREFIX: &str = "$context.";
const STAGE_VARIABLES_PREFIX: &str = "$stageVariables.";

/// One `IdentitySource` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentitySource {
    /// `$request.header.NAME`: names are case-insensitive.
    Header(HeaderName),
    /// `$request.querystring.NAME`: names are case-sensitive.
    QueryString(String),
    /// `$context.NAME`: one of the context variables gantry knows.
    Context(ContextVariable),
    /// `$stageVariables.NAME`.
    StageVariable(String),
}

/// The `$context` variables an identity source may name (the access-log variables of
/// §7.3 that exist before authorization).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContextVariable {
    /// `$context.accountId`.
    AccountId,
    /// `$context.apiId`.
    ApiId,
    /// `$context.domainName`.
    DomainName,
    /// `$context.domainPrefix`.
    DomainPrefix,
    /// `$context.httpMethod`.
    HttpMethod,
    /// `$context.identity.sourceIp`.
    SourceIp,
    /// `$context.identity.userAgent`.
    UserAgent,
    /// `$context.path`: the request path, stage prefix included.
    Path,
    /// `$context.protocol`.
    Protocol,
    /// `$context.requestId`: unique per request, so it defeats the cache.
    RequestId,
    /// `$context.routeKey`: caches per route (§3.3).
    RouteKey,
    /// `$context.stage`.
    Stage,
}

impl ContextVariable {
    const ALL: [(&'static str, Self); 12] = [
        ("accountId", Self::AccountId),
        ("apiId", Self::ApiId),
        ("domainName", Self::DomainName),
        ("domainPrefix", Self::DomainPrefix),
        ("httpMethod", Self::HttpMethod),
        ("identity.sourceIp", Self::SourceIp),
        ("identity.userAgent", Self::UserAgent),
        ("path", Self::Path),
        ("protocol", Self::Protocol),
        ("requestId", Self::RequestId),
        ("routeKey", Self::RouteKey),
        ("stage", Self::Stage),
    ];

    fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, v)| *v == self)
            .map_or("", |(name, _)| name)
    }
}

impl IdentitySource {
    /// Parses one entry; the error says which forms are accepted.
    pub fn parse(source: &str) -> Result<Self, String> {
        if let Some(name) = source.strip_prefix(HEADER_PREFIX) {
            return HeaderName::try_from(name).map(Self::Header).map_err(|_| {
                format!("IdentitySource {source:?} does not name a valid HTTP header")
            });
        }
        let named = |prefix: &str| source.strip_prefix(prefix).filter(|n| !n.is_empty());
        if let Some(name) = named(QUERY_STRING_PREFIX) {
            return Ok(Self::QueryString(name.to_owned()));
        }
        if let Some(name) = named(STAGE_VARIABLES_PREFIX) {
            return Ok(Self::StageVariable(name.to_owned()));
        }
        if let Some(name) = named(CONTEXT_PREFIX) {
            return ContextVariable::ALL
                .iter()
                .find(|(known, _)| *known == name)
                .map(|(_, variable)| Self::Context(*variable))
                .ok_or_else(|| {
                    let known: Vec<String> = ContextVariable::ALL
                        .iter()
                        .map(|(n, _)| format!("$context.{n}"))
                        .collect();
                    format!(
                        "IdentitySource {source:?} names a context variable gantry does not provide to authorizers; use one of {}",
                        known.join(", ")
                    )
                });
        }
        Err(format!(
            "IdentitySource {source:?} is not a Lambda authorizer identity source; use $request.header.NAME, $request.querystring.NAME, $context.NAME or $stageVariables.NAME"
        ))
    }

    /// The source as written in the template, for explanations.
    pub fn expression(&self) -> String {
        match self {
            Self::Header(name) => format!("{HEADER_PREFIX}{name}"),
            Self::QueryString(name) => format!("{QUERY_STRING_PREFIX}{name}"),
            Self::Context(variable) => format!("{CONTEXT_PREFIX}{}", variable.name()),
            Self::StageVariable(name) => format!("{STAGE_VARIABLES_PREFIX}{name}"),
        }
    }

    /// This source's value in the request; `None` when it is missing or empty (§3.2:
    /// "present in the request, not null, and non-empty").
    fn value<'a>(&self, request: &AuthorizerRequest<'a>) -> Option<Cow<'a, str>> {
        let value = match self {
            // Repeated headers and query parameters are joined with commas, as the 2.0
            // event joins them (§4.1).
            // Unconfirmed: how AWS joins a repeated identity header or parameter.
            Self::Header(name) => {
                let values: Vec<Cow<'a, str>> = request
                    .request
                    .headers
                    .get_all(name)
                    .iter()
                    .map(|v| String::from_utf8_lossy(v.as_bytes()))
                    .collect();
                join(values)
            }
            Self::QueryString(name) => join(
                form_urlencoded::parse(request.request.raw_query.as_bytes())
                    .filter(|(key, _)| key == name)
                    .map(|(_, value)| Cow::Owned(value.into_owned()))
                    .collect(),
            ),
            Self::StageVariable(name) => request
                .context
                .stage_variables
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| Cow::Borrowed(value.as_str())),
            Self::Context(variable) => Some(context_value(*variable, request)),
        };
        value.filter(|v| !v.is_empty())
    }
}

fn join(mut values: Vec<Cow<'_, str>>) -> Option<Cow<'_, str>> {
    match values.len() {
        0 => None,
        1 => values.pop(),
        _ => Some(Cow::Owned(values.join(","))),
    }
}

fn context_value<'a>(variable: ContextVariable, request: &AuthorizerRequest<'a>) -> Cow<'a, str> {
    let context = &request.context;
    let incoming = &request.request;
    match variable {
        ContextVariable::AccountId => Cow::Borrowed(context.account_id),
        ContextVariable::ApiId => Cow::Borrowed(context.api_id),
        ContextVariable::DomainName => Cow::Borrowed(context.domain_name),
        ContextVariable::DomainPrefix => {
            Cow::Borrowed(context.domain_name.split('.').next().unwrap_or_default())
        }
        ContextVariable::HttpMethod => Cow::Borrowed(incoming.method.as_str()),
        ContextVariable::SourceIp => Cow::Owned(incoming.source_ip.to_string()),
        ContextVariable::UserAgent => incoming
            .headers
            .get(USER_AGENT)
            .map_or(Cow::Borrowed(""), |v| String::from_utf8_lossy(v.as_bytes())),
        ContextVariable::Path => Cow::Borrowed(incoming.path),
        ContextVariable::Protocol => Cow::Borrowed("HTTP/1.1"),
        ContextVariable::RequestId => Cow::Borrowed(context.request_id.as_str()),
        ContextVariable::RouteKey => Cow::Borrowed(context.route_key),
        ContextVariable::Stage => Cow::Borrowed(context.stage),
    }
}

/// The values of every identity source, in configured order, or the first one that is
/// missing or empty.
pub(crate) fn identity_values<'s>(
    sources: &'s [IdentitySource],
    request: &AuthorizerRequest<'_>,
) -> Result<Vec<String>, &'s IdentitySource> {
    sources
        .iter()
        .map(|source| source.value(request).map(Cow::into_owned).ok_or(source))
        .collect()
}
