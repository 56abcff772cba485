//! Applying compiled mappings to one request and one response (§6.5).

use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde_json::Value;

use super::expression::{Part, PathStep, Source, Template};
use super::key::{Action, RequestTarget, ResponseTarget};
use super::{RequestMapping, ResponseMappings};
use crate::route::PathParameters;

/// API Gateway reads at most this much of a body for a JSONPath (§6.5).
pub const BODY_PATH_LIMIT: usize = 100 * 1024;

/// What `$context.*` and `$stageVariables.*` evaluate to for this request.
#[derive(Debug, Clone, Copy)]
pub struct ContextValues<'a> {
    /// `$context.accountId`.
    pub account_id: &'a str,
    /// `$context.apiId`.
    pub api_id: &'a str,
    /// `$context.domainName`.
    pub domain_name: &'a str,
    /// `$context.httpMethod`.
    pub http_method: &'a str,
    /// `$context.identity.sourceIp`.
    pub source_ip: &'a str,
    /// `$context.path`: the request path, stage included.
    pub path: &'a str,
    /// `$context.requestId`.
    pub request_id: &'a str,
    /// `$context.requestTime` (`dd/MMM/yyyy:HH:mm:ss +0000`).
    pub request_time: &'a str,
    /// `$context.requestTimeEpoch` (milliseconds).
    pub request_time_epoch: &'a str,
    /// `$context.routeKey`.
    pub route_key: &'a str,
    /// `$context.stage`.
    pub stage: &'a str,
    /// `$context.authorizer.claims.*` (JWT authorizers).
    pub claims: &'a [(String, String)],
    /// `$context.authorizer.principalId` and `$context.authorizer.KEY` (Lambda
    /// authorizers: the policy's principal and the returned context).
    pub lambda: Option<LambdaContext<'a>>,
    /// The stage's variables.
    pub stage_variables: &'a [(String, String)],
    /// The client's request headers, for `$context.identity.userAgent`.
    pub headers: &'a HeaderMap,
}

/// What a Lambda authorizer returned, as `$context.authorizer.*` reads it.
#[derive(Debug, Clone, Copy)]
pub struct LambdaContext<'a> {
    /// `principalId` of a policy answer.
    pub principal_id: Option<&'a str>,
    /// The returned `context`.
    pub context: Option<&'a serde_json::Map<String, Value>>,
}

/// The client's request, as request mappings read it.
#[derive(Debug, Clone, Copy)]
pub struct RequestValues<'a> {
    /// The request headers.
    pub headers: &'a HeaderMap,
    /// The query string as received.
    pub raw_query: &'a str,
    /// The body.
    pub body: &'a [u8],
    /// The request path without the stage (`$request.path`).
    pub path: &'a str,
    /// The route's path parameters.
    pub path_parameters: &'a PathParameters<'a, 'a>,
    /// Context and stage variables.
    pub context: ContextValues<'a>,
}

/// The integration's response, as response mappings read it.
#[derive(Debug, Clone, Copy)]
pub struct ResponseValues<'a> {
    /// The integration's response headers.
    pub headers: &'a HeaderMap,
    /// The integration's response body.
    pub body: &'a [u8],
    /// Context and stage variables.
    pub context: ContextValues<'a>,
}

/// The integration request being built: headers, query parameters, path.
#[derive(Debug, Clone, Default)]
pub struct TargetRequest {
    /// Headers to send.
    pub headers: HeaderMap,
    /// Query parameters to send, in order.
    pub query: Vec<(String, String)>,
    /// `overwrite:path`, when mapped.
    pub path: Option<String>,
}

/// The response being returned to the client.
#[derive(Debug, Clone)]
pub struct TargetResponse {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
}

impl RequestMapping {
    /// Applies the operations to `target`; `Err` says which value could not be used.
    pub fn apply(
        &self,
        values: &RequestValues<'_>,
        target: &mut TargetRequest,
    ) -> Result<(), String> {
        for operation in &self.operations {
            let value = || {
                operation
                    .value
                    .evaluate(&|source| request_source(source, values))
            };
            match (&operation.target, operation.action) {
                (RequestTarget::Header(name), action) => {
                    apply_header(&mut target.headers, name, action, value)?;
                }
                (RequestTarget::QueryString(name), Action::Remove) => {
                    target.query.retain(|(n, _)| n != name);
                }
                (RequestTarget::QueryString(name), action) => {
                    let Some(value) = value() else { continue };
                    if action == Action::Overwrite {
                        target.query.retain(|(n, _)| n != name);
                    }
                    target.query.push((name.clone(), value));
                }
                (RequestTarget::Path, _) => {
                    if let Some(value) = value() {
                        target.path = Some(value);
                    }
                }
            }
        }
        Ok(())
    }
}

/// One header operation: remove, or overwrite/append the value if it selects one.
fn apply_header(
    headers: &mut HeaderMap,
    name: &HeaderName,
    action: Action,
    value: impl FnOnce() -> Option<String>,
) -> Result<(), String> {
    if action == Action::Remove {
        headers.remove(name);
        return Ok(());
    }
    // Unconfirmed: a value whose only expression selects nothing (an absent header, say)
    // leaves the target unchanged.
    let Some(value) = value() else {
        return Ok(());
    };
    let value = header_value(name.as_str(), &value)?;
    if action == Action::Overwrite {
        headers.insert(name.clone(), value);
    } else {
        headers.append(name.clone(), value);
    }
    Ok(())
}

impl ResponseMappings {
    /// Applies the operations for the response's status code to `target`.
    pub fn apply(
        &self,
        values: &ResponseValues<'_>,
        target: &mut TargetResponse,
    ) -> Result<(), String> {
        for operation in self.for_status(target.status) {
            let value = || {
                operation
                    .value
                    .evaluate(&|source| response_source(source, values))
            };
            match (&operation.target, operation.action) {
                (ResponseTarget::Header(name), action) => {
                    apply_header(&mut target.headers, name, action, value)?;
                }
                (ResponseTarget::StatusCode, _) => {
                    let Some(value) = value() else { continue };
                    target.status = value
                        .trim()
                        .parse::<u16>()
                        .ok()
                        .and_then(|code| StatusCode::from_u16(code).ok())
                        .filter(|code| (100..=599).contains(&code.as_u16()))
                        .ok_or_else(|| {
                            format!("overwrite:statuscode evaluated to {value:?}, which is not a status code")
                        })?;
                }
            }
        }
        Ok(())
    }
}

fn header_value(name: &str, value: &str) -> Result<HeaderValue, String> {
    HeaderValue::from_str(value).map_err(|_| {
        format!("the value mapped to header {name} ({value:?}) is not a valid header value")
    })
}

impl Template {
    /// The value, or `None` when it is a single expression that selects nothing.
    fn evaluate(&self, resolve: &dyn Fn(&Source) -> Option<String>) -> Option<String> {
        if let [Part::Expression(source)] = self.parts() {
            return resolve(source);
        }
        let mut out = String::new();
        for part in self.parts() {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Expression(source) => out.push_str(&resolve(source).unwrap_or_default()),
            }
        }
        Some(out)
    }
}

/// All values of a header, comma-joined (§6.5).
fn joined_header(headers: &HeaderMap, name: &str) -> Option<String> {
    let values: Vec<&str> = headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    (!values.is_empty()).then(|| values.join(","))
}

fn request_source(source: &Source, values: &RequestValues<'_>) -> Option<String> {
    match source {
        Source::RequestHeader(name) => joined_header(values.headers, name),
        Source::RequestQueryString(name) => {
            let found: Vec<String> = form_urlencoded::parse(values.raw_query.as_bytes())
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v.into_owned())
                .collect();
            (!found.is_empty()).then(|| found.join(","))
        }
        Source::RequestBody => Some(String::from_utf8_lossy(values.body).into_owned()),
        Source::RequestBodyPath(path) => body_path(values.body, path),
        Source::RequestPath => Some(values.path.to_owned()),
        Source::RequestPathParameter(name) => values.path_parameters.get(name).map(str::to_owned),
        other => context_source(other, &values.context),
    }
}

fn response_source(source: &Source, values: &ResponseValues<'_>) -> Option<String> {
    match source {
        Source::ResponseHeader(name) => joined_header(values.headers, name),
        Source::ResponseBody => Some(String::from_utf8_lossy(values.body).into_owned()),
        Source::ResponseBodyPath(path) => body_path(values.body, path),
        other => context_source(other, &values.context),
    }
}

fn context_source(source: &Source, context: &ContextValues<'_>) -> Option<String> {
    let lookup = |pairs: &[(String, String)], name: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    match source {
        Source::StageVariable(name) => lookup(context.stage_variables, name),
        Source::Context(name) => {
            let value = match name.as_str() {
                "accountId" => context.account_id,
                "apiId" => context.api_id,
                "domainName" => context.domain_name,
                "domainPrefix" => context.domain_name.split('.').next().unwrap_or(""),
                "httpMethod" => context.http_method,
                "identity.sourceIp" => context.source_ip,
                "identity.userAgent" => {
                    return joined_header(context.headers, "user-agent");
                }
                "path" => context.path,
                "protocol" => "HTTP/1.1",
                "requestId" => context.request_id,
                "requestTime" => context.request_time,
                "requestTimeEpoch" => context.request_time_epoch,
                "routeKey" => context.route_key,
                "stage" => context.stage,
                other => {
                    if let Some(claim) = other.strip_prefix("authorizer.claims.") {
                        return lookup(context.claims, claim);
                    }
                    let key = other.strip_prefix("authorizer.")?;
                    let lambda = context.lambda?;
                    if key == "principalId" {
                        return lambda.principal_id.map(str::to_owned);
                    }
                    return match lambda.context?.get(key)? {
                        Value::String(text) => Some(text.clone()),
                        other => Some(other.to_string()),
                    };
                }
            };
            Some(value.to_owned())
        }
        _ => None,
    }
}

/// Selects `path` in the JSON body (its first [`BODY_PATH_LIMIT`] bytes); strings as
/// their text, anything else as JSON.
// Unconfirmed: a body that is not JSON (or is cut at the limit mid-document) selects
// nothing.
fn body_path(body: &[u8], path: &[PathStep]) -> Option<String> {
    let body = body.get(..BODY_PATH_LIMIT).unwrap_or(body);
    let document: Value = serde_json::from_slice(body).ok()?;
    let mut node = &document;
    for step in path {
        node = match step {
            PathStep::Member(name) => node.get(name)?,
            PathStep::Index(index) => node.get(*index)?,
        };
    }
    match node {
        Value::String(text) => Some(text.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}
