//! REST identity sources (aws-rest-api.md §4.1, §4.3): `method.request.header.X`,
//! `method.request.querystring.X`, `stageVariables.X` and `context.X`, parsed once and
//! read from each request. Header names match case-insensitively; a repeated header or
//! query parameter gives its last value, as in the event's single-value maps
//! (aws-rest-api.md §2.2, §2.3).

use crate::rest::{RestRequest, RestRequestContext};

const HEADER_PREFIX: &str = "method.request.header.";
const QUERY_PREFIX: &str = "method.request.querystring.";
const STAGE_VARIABLE_PREFIX: &str = "stageVariables.";
const CONTEXT_PREFIX: &str = "context.";

/// The `$context` variables an identity source may name here.
const CONTEXT_VARIABLES: &[&str] = &[
    "accountId",
    "apiId",
    "domainName",
    "httpMethod",
    "identity.sourceIp",
    "identity.userAgent",
    "path",
    "requestId",
    "resourceId",
    "resourcePath",
    "stage",
];

/// One identity source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentitySource {
    /// `method.request.header.X`.
    Header(String),
    /// `method.request.querystring.X`.
    QueryString(String),
    /// `stageVariables.X`.
    StageVariable(String),
    /// `context.X`.
    Context(String),
}

impl IdentitySource {
    /// Parses a comma-separated `IdentitySource`; `Err` names the expression gantry cannot
    /// read (the authorizer then refuses every request with it).
    pub fn parse_list(list: &str) -> Result<Vec<Self>, String> {
        list.split(',')
            .map(str::trim)
            .filter(|expression| !expression.is_empty())
            .map(Self::parse)
            .collect()
    }

    fn parse(expression: &str) -> Result<Self, String> {
        let named = |prefix: &str| {
            expression
                .strip_prefix(prefix)
                .filter(|name| !name.is_empty())
                .map(str::to_owned)
        };
        if let Some(name) = named(HEADER_PREFIX) {
            return Ok(Self::Header(name));
        }
        if let Some(name) = named(QUERY_PREFIX) {
            return Ok(Self::QueryString(name));
        }
        if let Some(name) = named(STAGE_VARIABLE_PREFIX) {
            return Ok(Self::StageVariable(name));
        }
        if let Some(name) = named(CONTEXT_PREFIX) {
            if CONTEXT_VARIABLES.contains(&name.as_str()) {
                return Ok(Self::Context(name));
            }
            return Err(format!(
                "identity source {expression} names a $context variable gantry does not provide here; use one of context.{}",
                CONTEXT_VARIABLES.join(", context.")
            ));
        }
        Err(format!(
            "identity source {expression:?} is not method.request.header.X, method.request.querystring.X, stageVariables.X or context.X (path parameters are not allowed, aws-rest-api.md §4.1)"
        ))
    }

    /// The expression as written.
    pub fn expression(&self) -> String {
        match self {
            Self::Header(name) => format!("{HEADER_PREFIX}{name}"),
            Self::QueryString(name) => format!("{QUERY_PREFIX}{name}"),
            Self::StageVariable(name) => format!("{STAGE_VARIABLE_PREFIX}{name}"),
            Self::Context(name) => format!("{CONTEXT_PREFIX}{name}"),
        }
    }

    /// The value in this request; `None` when absent.
    pub fn value(
        &self,
        request: &RestRequest<'_>,
        context: &RestRequestContext<'_>,
    ) -> Option<String> {
        match self {
            Self::Header(name) => header(request, name),
            Self::QueryString(name) => form_urlencoded::parse(request.raw_query.as_bytes())
                .filter(|(key, _)| key == name)
                .last()
                .map(|(_, value)| value.into_owned()),
            Self::StageVariable(name) => context
                .stage_variables
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone()),
            Self::Context(name) => context_variable(name, request, context),
        }
    }
}

/// The last value of a header, looked up case-insensitively.
pub fn header(request: &RestRequest<'_>, name: &str) -> Option<String> {
    request
        .headers
        .get_all(name)
        .iter()
        .next_back()
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
}

fn context_variable(
    name: &str,
    request: &RestRequest<'_>,
    context: &RestRequestContext<'_>,
) -> Option<String> {
    let value = match name {
        "accountId" => context.account_id.to_owned(),
        "apiId" => context.api_id.to_owned(),
        "domainName" => context.domain_name.to_owned(),
        "httpMethod" => request.method.as_str().to_owned(),
        "identity.sourceIp" => request.source_ip.to_string(),
        "identity.userAgent" => header(request, "user-agent")?,
        "path" => request.stage_path.to_owned(),
        "requestId" => context.request_id.to_owned(),
        "resourceId" => context.resource_id.to_owned(),
        "resourcePath" => context.resource_path.to_owned(),
        "stage" => context.stage.to_owned(),
        _ => return None,
    };
    Some(value)
}

/// Every source's value, or the first one missing or empty.
pub fn values(
    sources: &[IdentitySource],
    request: &RestRequest<'_>,
    context: &RestRequestContext<'_>,
) -> Result<Vec<String>, String> {
    sources
        .iter()
        .map(|source| match source.value(request, context) {
            Some(value) if !value.is_empty() => Ok(value),
            _ => Err(source.expression()),
        })
        .collect()
}
