//! The payload format 2.0 event (§4.1), serialized with serde in the field
//! order of AWS's documented example, borrowing from the request wherever possible.

use std::borrow::Cow;
use std::net::IpAddr;

use bytes::Bytes;
use http::header::USER_AGENT;
use http::{HeaderMap, Method};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use store::model::PayloadFormatVersion;
use time::OffsetDateTime;
use time::macros::format_description;

use super::body;
use super::headers::{AddedHeaders, EventHeaders, cookies, event_headers};
use crate::request_id::RequestId;
use crate::route::PathParameters;

/// The event's `version`.
const PAYLOAD_VERSION: &str = PayloadFormatVersion::V2_0.as_str();
/// `requestContext.http.protocol`: API Gateway reports HTTP/1.1 whatever the client
/// spoke (§4.1).
// Unconfirmed: the event value for HTTP/2 clients is inferred from `$context.protocol`.
const PROTOCOL: &str = "HTTP/1.1";

/// The request as received, after stage selection decoded the path.
#[derive(Debug, Clone, Copy)]
pub struct IncomingRequest<'a> {
    /// The HTTP method.
    pub method: &'a Method,
    /// The decoded path, stage prefix included (`rawPath`, §1.5, §4.1).
    pub path: &'a str,
    /// The query string as received, still encoded, without `?`; `""` when none.
    pub raw_query: &'a str,
    /// The request headers.
    pub headers: &'a HeaderMap,
    /// The request body.
    pub body: &'a [u8],
    /// The client's address.
    pub source_ip: IpAddr,
}

/// The scheme and port the client connected with, for `x-forwarded-proto`/`-port`.
// Deviation from AWS: AWS always reports https and 443; gantry reports the local
// listener's scheme and port, which is what the client actually used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forwarded<'a> {
    /// `http` or `https`.
    pub proto: &'a str,
    /// The listener's port.
    pub port: u16,
}

/// What the authorizer established, for `requestContext.authorizer`.
#[derive(Debug, Clone, Copy)]
pub enum AuthorizerContext<'a> {
    /// A JWT authorizer allowed the request (§2.6).
    Jwt {
        /// Claims rendered as strings (`VerifiedClaims::rendered`).
        claims: &'a [(String, String)],
        /// `None` when the route has no scopes (serialized as `null`).
        scopes: Option<&'a [String]>,
    },
}

/// Everything about the request that is not in the request itself.
#[derive(Debug, Clone, Copy)]
pub struct EventContext<'a> {
    /// The API owner's account id.
    pub account_id: &'a str,
    /// The API id.
    pub api_id: &'a str,
    /// The host the API is served at (`requestContext.domainName`).
    pub domain_name: &'a str,
    /// The stage name (`$default` or a named stage).
    pub stage: &'a str,
    /// The matched route key as written (`GET /pets/{id}` or `$default`).
    pub route_key: &'a str,
    /// The route's captured path variables.
    pub path_parameters: &'a PathParameters<'a, 'a>,
    /// The stage's variables; empty means the field is omitted.
    pub stage_variables: &'a [(String, String)],
    /// The authorizer's result; `None` for routes without authorization.
    pub authorizer: Option<AuthorizerContext<'a>>,
    /// The request id (also the `apigw-requestid` response header).
    pub request_id: &'a RequestId,
    /// The `x-amzn-trace-id` to add when the client sent none.
    pub trace_id: &'a str,
    /// When the request arrived.
    pub time: OffsetDateTime,
    /// The client's scheme and port.
    pub forwarded: Forwarded<'a>,
}

/// The event, ready to serialize.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event<'a> {
    version: &'static str,
    route_key: &'a str,
    raw_path: &'a str,
    raw_query_string: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    cookies: Option<Vec<Cow<'a, str>>>,
    headers: EventHeaders<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    query_string_parameters: Option<Pairs<'a>>,
    request_context: RequestContext<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "PathParameters::is_empty")]
    path_parameters: &'a PathParameters<'a, 'a>,
    is_base64_encoded: bool,
    #[serde(skip_serializing_if = "Pairs::is_empty")]
    stage_variables: Pairs<'a>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct RequestContext<'a> {
    account_id: &'a str,
    api_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    authorizer: Option<Authorizer<'a>>,
    domain_name: &'a str,
    domain_prefix: &'a str,
    http: Http<'a>,
    request_id: &'a str,
    route_key: &'a str,
    stage: &'a str,
    time: String,
    time_epoch: i128,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Http<'a> {
    method: &'a str,
    path: &'a str,
    protocol: &'static str,
    source_ip: String,
    user_agent: Cow<'a, str>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
enum Authorizer<'a> {
    Jwt {
        claims: Pairs<'a>,
        scopes: Option<&'a [String]>,
    },
}

/// Name/value pairs serialized as a JSON object, in order.
#[derive(Debug, Clone, Default)]
struct Pairs<'a>(Vec<(Cow<'a, str>, Cow<'a, str>)>);

impl Pairs<'_> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Pairs<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'a> Event<'a> {
    /// The event as JSON bytes, the invocation payload.
    pub fn to_json(&self) -> Result<Bytes, serde_json::Error> {
        serde_json::to_vec(self).map(Bytes::from)
    }

    /// A header of the event as the function will see it (for tests and logs).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)
    }
}

/// Builds the event for a request.
pub fn build_event<'a>(request: &IncomingRequest<'a>, context: &EventContext<'a>) -> Event<'a> {
    let source_ip = request.source_ip.to_string();
    let added = AddedHeaders {
        content_length: request.body.len().to_string(),
        trace_id: context.trace_id,
        source_ip: source_ip.clone(),
        forwarded_port: context.forwarded.port.to_string(),
        forwarded_proto: context.forwarded.proto,
    };
    let (body, is_base64_encoded) = body::encode(request.headers, request.body);
    // Unconfirmed: a missing User-Agent gives an empty `userAgent`.
    let user_agent = request
        .headers
        .get(USER_AGENT)
        .map_or(Cow::Borrowed(""), |v| String::from_utf8_lossy(v.as_bytes()));
    Event {
        version: PAYLOAD_VERSION,
        route_key: context.route_key,
        raw_path: request.path,
        raw_query_string: request.raw_query,
        cookies: cookies(request.headers),
        headers: event_headers(request.headers, added),
        query_string_parameters: query_string_parameters(request.raw_query),
        request_context: RequestContext {
            account_id: context.account_id,
            api_id: context.api_id,
            authorizer: context.authorizer.map(authorizer),
            domain_name: context.domain_name,
            domain_prefix: context.domain_name.split('.').next().unwrap_or_default(),
            http: Http {
                method: request.method.as_str(),
                path: request.path,
                protocol: PROTOCOL,
                source_ip,
                user_agent,
            },
            request_id: context.request_id.as_str(),
            route_key: context.route_key,
            stage: context.stage,
            time: clf_time(context.time),
            time_epoch: context.time.unix_timestamp_nanos() / 1_000_000,
        },
        body,
        path_parameters: context.path_parameters,
        is_base64_encoded,
        stage_variables: Pairs(
            context
                .stage_variables
                .iter()
                .map(|(k, v)| (Cow::Borrowed(k.as_str()), Cow::Borrowed(v.as_str())))
                .collect(),
        ),
    }
}

fn authorizer(context: AuthorizerContext<'_>) -> Authorizer<'_> {
    match context {
        AuthorizerContext::Jwt { claims, scopes } => Authorizer::Jwt {
            claims: Pairs(
                claims
                    .iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Cow::Borrowed(v.as_str())))
                    .collect(),
            ),
            scopes,
        },
    }
}

/// Decoded (`+` → space, `%2B` → `+`), repeated keys joined with `,` in order of first
/// appearance; `None` without a query string (§4.1).
fn query_string_parameters(raw_query: &str) -> Option<Pairs<'_>> {
    if raw_query.is_empty() {
        return None;
    }
    let mut pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::new();
    for (key, value) in form_urlencoded::parse(raw_query.as_bytes()) {
        match pairs.iter_mut().find(|(k, _)| *k == key) {
            Some((_, joined)) => {
                let joined = joined.to_mut();
                joined.push(',');
                joined.push_str(&value);
            }
            None => pairs.push((key, value)),
        }
    }
    (!pairs.is_empty()).then_some(Pairs(pairs))
}

/// Common Log Format time in UTC, as `requestContext.time` (`10/Jul/2026:19:19:05 +0000`).
fn clf_time(time: OffsetDateTime) -> String {
    let format =
        format_description!("[day]/[month repr:short]/[year]:[hour]:[minute]:[second] +0000");
    time.to_offset(time::UtcOffset::UTC)
        .format(&format)
        .unwrap_or_default()
}
