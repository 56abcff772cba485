//! The Lambda proxy integration's event (aws-rest-api.md §2) and the `REQUEST`
//! authorizer's event (aws-rest-api.md §4.3), as JSON values in the field order of
//! captured events.
//!
//! Null versus absent follows the captures: in the proxy event the five optional maps
//! and `body` are `null` when empty; in the authorizer event the maps are `{}` and there
//! is no body. `requestContext.authorizer`, `operationName`, `identity.apiKey` and
//! `identity.apiKeyId` appear only when set. There is no `version` key. Not here: the
//! invocation, the TOKEN authorizer's event, mapping templates.

mod headers;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::header::{CONTENT_TYPE, USER_AGENT};
use serde_json::{Map, Value};

use crate::payload::v2::clf_time;
use crate::rest::binary::BinaryMediaTypes;
use crate::rest::request::{RestRequest, RestRequestContext};
use headers::{EventHeaders, HeaderRule};

/// `requestContext.protocol`: HTTP/1.1 whatever the client spoke (aws-rest-api.md §2.1).
const PROTOCOL: &str = "HTTP/1.1";
/// The `REQUEST` authorizer event's `type`.
const REQUEST_AUTHORIZER_TYPE: &str = "REQUEST";

/// The `AWS_PROXY` event for `request` (aws-rest-api.md §2.1).
pub fn proxy_event(
    request: &RestRequest<'_>,
    context: &RestRequestContext<'_>,
    binary: &BinaryMediaTypes,
) -> Value {
    let headers = EventHeaders::new(request, context, HeaderRule::Integration);
    let query = query_parameters(request.raw_query);
    let (body, is_base64_encoded) = body(request, binary);
    let mut event = Map::new();
    event.insert("resource".into(), context.resource_path.into());
    event.insert("path".into(), request.path.into());
    event.insert("httpMethod".into(), request.method.as_str().into());
    event.insert("headers".into(), or_null(headers.last_values()));
    event.insert("multiValueHeaders".into(), or_null(headers.all_values()));
    event.insert("queryStringParameters".into(), or_null(last_values(&query)));
    event.insert(
        "multiValueQueryStringParameters".into(),
        or_null(all_values(&query)),
    );
    event.insert(
        "pathParameters".into(),
        or_null(pairs(context.path_parameters)),
    );
    event.insert(
        "stageVariables".into(),
        or_null(pairs(context.stage_variables)),
    );
    event.insert(
        "requestContext".into(),
        request_context(request, context, true),
    );
    event.insert("body".into(), body.map_or(Value::Null, Value::String));
    event.insert("isBase64Encoded".into(), is_base64_encoded.into());
    Value::Object(event)
}

/// The `REQUEST` authorizer's event for `request` (aws-rest-api.md §4.3).
pub fn request_authorizer_event(
    request: &RestRequest<'_>,
    context: &RestRequestContext<'_>,
    method_arn: &str,
) -> Value {
    let headers = EventHeaders::new(request, context, HeaderRule::Authorizer);
    let query = query_parameters(request.raw_query);
    let mut event = Map::new();
    event.insert("type".into(), REQUEST_AUTHORIZER_TYPE.into());
    event.insert("methodArn".into(), method_arn.into());
    event.insert("resource".into(), context.resource_path.into());
    event.insert("path".into(), request.path.into());
    event.insert("httpMethod".into(), request.method.as_str().into());
    event.insert("headers".into(), Value::Object(headers.last_values()));
    event.insert(
        "multiValueHeaders".into(),
        Value::Object(headers.all_values()),
    );
    event.insert(
        "queryStringParameters".into(),
        Value::Object(last_values(&query)),
    );
    event.insert(
        "multiValueQueryStringParameters".into(),
        Value::Object(all_values(&query)),
    );
    event.insert(
        "pathParameters".into(),
        Value::Object(pairs(context.path_parameters)),
    );
    event.insert(
        "stageVariables".into(),
        Value::Object(pairs(context.stage_variables)),
    );
    event.insert(
        "requestContext".into(),
        request_context(request, context, false),
    );
    Value::Object(event)
}

/// `requestContext` (aws-rest-api.md §2.1, aws-rest-api.md §2.5); `with_authorizer`
/// false for the authorizer's own event.
fn request_context(
    request: &RestRequest<'_>,
    context: &RestRequestContext<'_>,
    with_authorizer: bool,
) -> Value {
    let mut fields = Map::new();
    fields.insert("resourceId".into(), context.resource_id.into());
    fields.insert("resourcePath".into(), context.resource_path.into());
    fields.insert("httpMethod".into(), request.method.as_str().into());
    fields.insert(
        "extendedRequestId".into(),
        context.extended_request_id.into(),
    );
    fields.insert("requestTime".into(), clf_time(context.time).into());
    fields.insert("path".into(), request.stage_path.into());
    fields.insert("accountId".into(), context.account_id.into());
    fields.insert("protocol".into(), PROTOCOL.into());
    fields.insert("stage".into(), context.stage.into());
    let domain_prefix = context.domain_name.split('.').next().unwrap_or_default();
    fields.insert("domainPrefix".into(), domain_prefix.into());
    let epoch_ms = i64::try_from(context.time.unix_timestamp_nanos() / 1_000_000).unwrap_or(0);
    fields.insert("requestTimeEpoch".into(), epoch_ms.into());
    fields.insert("requestId".into(), context.request_id.into());
    fields.insert("identity".into(), identity(request, context));
    fields.insert("domainName".into(), context.domain_name.into());
    fields.insert("deploymentId".into(), context.deployment_id.into());
    fields.insert("apiId".into(), context.api_id.into());
    if with_authorizer && let Some(authorizer) = &context.authorizer {
        fields.insert("authorizer".into(), authorizer.clone());
    }
    if let Some(operation_name) = context.operation_name {
        fields.insert("operationName".into(), operation_name.into());
    }
    Value::Object(fields)
}

/// `requestContext.identity`: every key, `null` when unknown (aws-rest-api.md §2.5).
fn identity(request: &RestRequest<'_>, context: &RestRequestContext<'_>) -> Value {
    let known = &context.identity;
    let text = |value: &Option<String>| value.clone().map_or(Value::Null, Value::String);
    // Unconfirmed: a request without User-Agent gives `"userAgent": null`.
    let user_agent = request.headers.get(USER_AGENT).map_or(Value::Null, |v| {
        String::from_utf8_lossy(v.as_bytes()).into()
    });
    let mut fields = Map::new();
    fields.insert("cognitoIdentityPoolId".into(), Value::Null);
    fields.insert("accountId".into(), text(&known.account_id));
    fields.insert("cognitoIdentityId".into(), Value::Null);
    fields.insert("caller".into(), text(&known.caller));
    fields.insert("sourceIp".into(), request.source_ip.to_string().into());
    fields.insert("principalOrgId".into(), Value::Null);
    fields.insert("accessKey".into(), text(&known.access_key));
    fields.insert("cognitoAuthenticationType".into(), Value::Null);
    fields.insert("cognitoAuthenticationProvider".into(), Value::Null);
    fields.insert("userArn".into(), text(&known.user_arn));
    fields.insert("userAgent".into(), user_agent);
    fields.insert("user".into(), text(&known.user));
    if let Some(api_key) = &known.api_key {
        fields.insert("apiKey".into(), api_key.clone().into());
    }
    if let Some(api_key_id) = &known.api_key_id {
        fields.insert("apiKeyId".into(), api_key_id.clone().into());
    }
    Value::Object(fields)
}

/// `body` and `isBase64Encoded` (aws-rest-api.md §2.6): base64 iff the `Content-Type`
/// matches `binaryMediaTypes`.
fn body(request: &RestRequest<'_>, binary: &BinaryMediaTypes) -> (Option<String>, bool) {
    if request.body.is_empty() {
        return (None, false);
    }
    let content_type = request
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if !binary.matches_request(content_type)
        && let Ok(text) = std::str::from_utf8(request.body)
    {
        return (Some(text.to_owned()), false);
    }
    // Unconfirmed: a non-binary body that is not UTF-8 is sent as base64 rather than
    // altered.
    (Some(STANDARD.encode(request.body)), true)
}

/// Decoded (`+` → space, `%2B` → `+`) names with every value, in order
/// (aws-rest-api.md §2.3).
fn query_parameters(raw_query: &str) -> Vec<(String, Vec<String>)> {
    let mut query: Vec<(String, Vec<String>)> = Vec::new();
    for (name, value) in form_urlencoded::parse(raw_query.as_bytes()) {
        match query.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => values.push(value.into_owned()),
            None => query.push((name.into_owned(), vec![value.into_owned()])),
        }
    }
    query
}

/// `{"name": "last value"}`: the last of repeated values wins (aws-rest-api.md §2.3).
fn last_values(entries: &[(String, Vec<String>)]) -> Map<String, Value> {
    entries
        .iter()
        .filter_map(|(name, values)| Some((name.clone(), values.last()?.clone().into())))
        .collect()
}

/// `{"name": ["every", "value"]}`.
fn all_values(entries: &[(String, Vec<String>)]) -> Map<String, Value> {
    entries
        .iter()
        .map(|(name, values)| (name.clone(), values.clone().into()))
        .collect()
}

fn pairs(pairs: &[(String, String)]) -> Map<String, Value> {
    pairs
        .iter()
        .map(|(name, value)| (name.clone(), value.clone().into()))
        .collect()
}

/// An empty map is `null` in the proxy event (aws-rest-api.md §2.1).
fn or_null(map: Map<String, Value>) -> Value {
    if map.is_empty() {
        Value::Null
    } else {
        Value::Object(map)
    }
}

#[cfg(test)]
mod tests;
