//! The payload format 1.0 event (§4.3): REST's proxy event plus `"version": "1.0"`,
//! serialized in the field order of captured events.
//!
//! Empty things are JSON `null`, not absent (`queryStringParameters`, the multi-value
//! query, `pathParameters`, `stageVariables`, `body`, the unknown `identity` fields);
//! `requestContext.authorizer` is absent on routes without authorization.

use std::borrow::Cow;

use bytes::Bytes;
use http::header::USER_AGENT;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Map, Value};
use store::model::PayloadFormatVersion;

use super::headers::{AddedHeaders, event_headers};
use super::values::{LastValues, MultiValues};
use crate::payload::v2::{AuthorizerContext, EventContext, IncomingRequest, body, clf_time};
use crate::route::{DEFAULT_ROUTE_KEY, PathParameters};

/// The event's `version`.
const PAYLOAD_VERSION: &str = PayloadFormatVersion::V1_0.as_str();
/// `requestContext.protocol`: API Gateway reports HTTP/1.1 whatever the client spoke.
// Unconfirmed: as in 2.0, inferred from `$context.protocol`; every captured 1.0 event
// says HTTP/1.1.
const PROTOCOL: &str = "HTTP/1.1";

/// The event, ready to serialize with [`Event::to_json`].
#[derive(Debug, Clone)]
pub struct Event<'a> {
    resource: &'a str,
    path: &'a str,
    http_method: &'a str,
    headers: MultiValues<'a>,
    query: Option<MultiValues<'a>>,
    request_context: RequestContext<'a>,
    path_parameters: &'a PathParameters<'a, 'a>,
    stage_variables: &'a [(String, String)],
    body: Option<Cow<'a, str>>,
    is_base64_encoded: bool,
}

/// What goes on the wire, borrowing from [`Event`]: each multi-valued thing twice.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Wire<'e, 'a> {
    version: &'static str,
    resource: &'a str,
    path: &'a str,
    http_method: &'a str,
    headers: LastValues<'e, 'a>,
    multi_value_headers: &'e MultiValues<'a>,
    query_string_parameters: Option<LastValues<'e, 'a>>,
    multi_value_query_string_parameters: Option<&'e MultiValues<'a>>,
    request_context: &'e RequestContext<'a>,
    path_parameters: Option<&'a PathParameters<'a, 'a>>,
    stage_variables: Option<Pairs<'a>>,
    body: Option<&'e str>,
    is_base64_encoded: bool,
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
    extended_request_id: &'a str,
    http_method: &'a str,
    identity: Identity<'a>,
    path: &'a str,
    protocol: &'static str,
    request_id: &'a str,
    request_time: String,
    request_time_epoch: i128,
    resource_id: &'a str,
    resource_path: &'a str,
    stage: &'a str,
}

/// `requestContext.identity`: who called. Unknown fields are `null`, as AWS sends them.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Identity<'a> {
    access_key: Option<&'a str>,
    account_id: Option<&'a str>,
    caller: Option<&'a str>,
    cognito_amr: Option<&'a str>,
    cognito_authentication_provider: Option<&'a str>,
    cognito_authentication_type: Option<&'a str>,
    cognito_identity_id: Option<&'a str>,
    cognito_identity_pool_id: Option<&'a str>,
    principal_org_id: Option<&'a str>,
    source_ip: String,
    user: Option<&'a str>,
    user_agent: Cow<'a, str>,
    user_arn: Option<&'a str>,
}

/// `requestContext.authorizer` in the 1.0 shape, one variant per authorizer type.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
enum Authorizer<'a> {
    /// `{"claims": {...}, "scopes": [...] | null}` (§2.6).
    Jwt {
        claims: Pairs<'a>,
        scopes: Option<&'a [String]>,
    },
    /// A Lambda authorizer's context, REST-style (§3.7).
    Lambda(Map<String, Value>),
}

/// Name/value pairs serialized as a JSON object, in order.
#[derive(Debug, Clone, Copy)]
struct Pairs<'a>(&'a [(String, String)]);

impl Serialize for Pairs<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'a> Event<'a> {
    /// The event as JSON bytes, the invocation payload.
    pub fn to_json(&self) -> Result<Bytes, serde_json::Error> {
        let wire = Wire {
            version: PAYLOAD_VERSION,
            resource: self.resource,
            path: self.path,
            http_method: self.http_method,
            headers: self.headers.last(),
            multi_value_headers: self.headers.all(),
            query_string_parameters: self.query.as_ref().map(MultiValues::last),
            multi_value_query_string_parameters: self.query.as_ref().map(MultiValues::all),
            request_context: &self.request_context,
            path_parameters: (!self.path_parameters.is_empty()).then_some(self.path_parameters),
            stage_variables: (!self.stage_variables.is_empty())
                .then_some(Pairs(self.stage_variables)),
            body: self.body.as_deref(),
            is_base64_encoded: self.is_base64_encoded,
        };
        serde_json::to_vec(&wire).map(Bytes::from)
    }

    /// Every value of a header of the event as the function will see it, by the name the
    /// event uses (`Host`, `accept`).
    pub fn header(&self, name: &str) -> Option<&[Cow<'a, str>]> {
        self.headers.get(name)
    }
}

/// Builds the 1.0 event for a request.
pub fn build_event<'a>(request: &IncomingRequest<'a>, context: &EventContext<'a>) -> Event<'a> {
    let source_ip = request.source_ip.to_string();
    let added = AddedHeaders {
        content_length: request.body.len().to_string(),
        host: context.domain_name,
        trace_id: context.trace_id,
        source_ip: source_ip.clone(),
        forwarded_port: context.forwarded.port.to_string(),
        forwarded_proto: context.forwarded.proto,
    };
    // Unconfirmed: 1.0 bodies follow 2.0's content-type rule (§4.2); no capture shows a
    // binary 1.0 body.
    let (body, is_base64_encoded) = body::encode(request.headers, request.body);
    // Observed in captured events (§4.3): `resource` and `resourcePath` are the route's path
    // (`/pets/{id}`), `resourceId` is the route key, and all three are `$default` for
    // the `$default` route.
    let resource = route_path(context.route_key);
    Event {
        resource,
        // Unconfirmed: decoded like 2.0's `rawPath` (§1.5); captures show no encoded path.
        path: request.path,
        http_method: request.method.as_str(),
        headers: event_headers(request.headers, &added),
        query: query_string_parameters(request.raw_query),
        request_context: RequestContext {
            account_id: context.account_id,
            api_id: context.api_id,
            authorizer: context.authorizer.and_then(authorizer),
            domain_name: context.domain_name,
            domain_prefix: context.domain_name.split('.').next().unwrap_or_default(),
            // Observed: the same value as `requestId` (§4.3).
            extended_request_id: context.request_id.as_str(),
            http_method: request.method.as_str(),
            identity: identity(request, context, source_ip),
            // Observed: the stage prefix is kept here too (§4.3).
            path: request.path,
            protocol: PROTOCOL,
            request_id: context.request_id.as_str(),
            request_time: clf_time(context.time),
            request_time_epoch: context.time.unix_timestamp_nanos() / 1_000_000,
            resource_id: context.route_key,
            resource_path: resource,
            stage: context.stage,
        },
        path_parameters: context.path_parameters,
        stage_variables: context.stage_variables,
        body,
        is_base64_encoded,
    }
}

/// `GET /pets/{id}` → `/pets/{id}`; `$default` stays `$default`.
fn route_path(route_key: &str) -> &str {
    if route_key == DEFAULT_ROUTE_KEY {
        return route_key;
    }
    route_key
        .split_once(' ')
        .map_or(route_key, |(_, path)| path)
}

/// The 1.0 rendering of what the authorizer established; one arm per authorizer type.
fn authorizer(context: AuthorizerContext<'_>) -> Option<Authorizer<'_>> {
    Some(match context {
        // Unconfirmed: claims rendered as strings as in 2.0 (§2.6); no 1.0 capture of a
        // JWT route was found.
        AuthorizerContext::Jwt { claims, scopes } => Authorizer::Jwt {
            claims: Pairs(claims),
            scopes,
        },
        AuthorizerContext::Lambda {
            context,
            principal_id,
            latency_ms,
        } => Authorizer::Lambda(lambda_authorizer(context, principal_id, latency_ms)),
        // An AWS_IAM caller is in `identity`, as in REST's events (§4.3).
        // Unconfirmed: no `authorizer` object for AWS_IAM routes in 1.0.
        AuthorizerContext::Iam(_) => return None,
    })
}

/// A Lambda authorizer's 1.0 `requestContext.authorizer`: REST's shape, a flat object of
/// the context's keys with their values as strings, `principalId` and
/// `integrationLatency` (§3.7).
// Unconfirmed: taken from REST APIs' Lambda proxy events; HTTP APIs document none.
fn lambda_authorizer(
    context: Option<&Map<String, Value>>,
    principal_id: Option<&str>,
    latency_ms: u64,
) -> Map<String, Value> {
    let mut authorizer: Map<String, Value> = context
        .into_iter()
        .flatten()
        .map(|(key, value)| {
            let text = match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            (key.clone(), Value::String(text))
        })
        .collect();
    if let Some(principal_id) = principal_id {
        authorizer.insert("principalId".to_owned(), principal_id.into());
    }
    authorizer.insert("integrationLatency".to_owned(), latency_ms.into());
    authorizer
}

/// Who called: only the address and user agent are known for JWT and unauthenticated
/// routes (AWS_IAM callers fill the IAM fields in REST's captures).
fn identity<'a>(
    request: &IncomingRequest<'a>,
    context: &EventContext<'a>,
    source_ip: String,
) -> Identity<'a> {
    // Unconfirmed: a request without User-Agent gives an empty `userAgent` (as in 2.0;
    // one captured 1.0 event shows `""`).
    let user_agent = request
        .headers
        .get(USER_AGENT)
        .map_or(Cow::Borrowed(""), |v| String::from_utf8_lossy(v.as_bytes()));
    let anonymous = Identity {
        access_key: None,
        account_id: None,
        caller: None,
        cognito_amr: None,
        cognito_authentication_provider: None,
        cognito_authentication_type: None,
        cognito_identity_id: None,
        cognito_identity_pool_id: None,
        principal_org_id: None,
        source_ip,
        user: None,
        user_agent,
        user_arn: None,
    };
    match context.authorizer {
        None | Some(AuthorizerContext::Jwt { .. } | AuthorizerContext::Lambda { .. }) => anonymous,
        // The signed caller, in the fields REST's captures fill for IAM callers.
        Some(AuthorizerContext::Iam(caller)) => Identity {
            access_key: Some(&caller.access_key),
            account_id: Some(&caller.account_id),
            caller: Some(&caller.caller_id),
            principal_org_id: caller.principal_org_id.as_deref(),
            user: Some(&caller.user_id),
            user_arn: Some(&caller.user_arn),
            ..anonymous
        },
    }
}

/// Decoded (`+` → space, `%2B` → `+`) names and values, every value kept in order;
/// `None` without a query string.
fn query_string_parameters(raw_query: &str) -> Option<MultiValues<'_>> {
    let mut query = MultiValues::default();
    for (name, value) in form_urlencoded::parse(raw_query.as_bytes()) {
        query.push(name, value);
    }
    (!query.is_empty()).then_some(query)
}
