//! The event a Lambda authorizer receives (§3.4), in payload format 2.0 or 1.0.
//!
//! 2.0 is the integration's 2.0 event (§4.1: same headers, cookies, query parameters and
//! request context, as a captured authorizer event shows) without `body` and
//! `isBase64Encoded`, led by `type`, `routeArn` and `identitySource`. 1.0 is the REST
//! API `REQUEST` authorizer event of AWS's example, with `methodArn`.

use bytes::Bytes;
use serde::Serialize;
use serde_json::{Map, Value};
use store::model::PayloadFormatVersion;

use super::AuthorizerRequest;
use crate::payload::v2::build_event;

/// The event's `type`.
const REQUEST_TYPE: &str = "REQUEST";
/// Fields of the integration's 2.0 event an authorizer does not get.
const NOT_FOR_AUTHORIZERS: [&str; 2] = ["body", "isBase64Encoded"];

/// The serialized event for `version`. `identity` are the identity-source values in
/// configured order, `None` when the authorizer has no identity sources.
pub(crate) fn authorizer_event(
    version: PayloadFormatVersion,
    request: &AuthorizerRequest<'_>,
    identity: Option<&[String]>,
    route_arn: &str,
) -> Result<Bytes, serde_json::Error> {
    match version {
        PayloadFormatVersion::V2_0 => v2_event(request, identity, route_arn),
        PayloadFormatVersion::V1_0 => v1_event(request, identity, route_arn),
    }
}

fn v2_event(
    request: &AuthorizerRequest<'_>,
    identity: Option<&[String]>,
    route_arn: &str,
) -> Result<Bytes, serde_json::Error> {
    let integration_event = build_event(&request.request, &request.context);
    let Value::Object(fields) = serde_json::to_value(&integration_event)? else {
        return Err(serde::ser::Error::custom(
            "the 2.0 event is not a JSON object",
        ));
    };
    let mut event = Map::with_capacity(fields.len() + 2);
    for (name, value) in fields {
        if name == "version" {
            event.insert(name, value);
            event.insert("type".to_owned(), REQUEST_TYPE.into());
            event.insert("routeArn".to_owned(), route_arn.into());
            // With no identity sources AWS sends `null` (§3.2, observed).
            event.insert(
                "identitySource".to_owned(),
                identity.map_or(Value::Null, |values| values.into()),
            );
        } else if !NOT_FOR_AUTHORIZERS.contains(&name.as_str()) {
            event.insert(name, value);
        }
    }
    serde_json::to_vec(&event).map(Bytes::from)
}

/// The 1.0 event, in the field order of AWS's example.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct V1Event<'a> {
    version: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    method_arn: &'a str,
    identity_source: Option<String>,
    authorization_token: Option<String>,
    resource: &'a str,
    path: &'a str,
    http_method: &'a str,
    headers: Map<String, Value>,
    query_string_parameters: Map<String, Value>,
    path_parameters: Map<String, Value>,
    stage_variables: Map<String, Value>,
    request_context: V1RequestContext<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct V1RequestContext<'a> {
    path: &'a str,
    account_id: &'a str,
    resource_id: &'a str,
    stage: &'a str,
    request_id: &'a str,
    identity: V1Identity,
    resource_path: &'a str,
    http_method: &'a str,
    api_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct V1Identity {
    source_ip: String,
}

fn v1_event(
    request: &AuthorizerRequest<'_>,
    identity: Option<&[String]>,
    method_arn: &str,
) -> Result<Bytes, serde_json::Error> {
    let incoming = &request.request;
    let context = &request.context;
    // Unconfirmed: `resource` and `resourcePath` are the route's path template (the
    // route key for `$default`), and `resourceId` is the route id (§4.3).
    let resource = context
        .route_key
        .split_once(' ')
        .map_or(context.route_key, |(_, path)| path);
    // Single-value maps keep the last of repeated headers and the first of repeated
    // query parameters, like AWS's 1.0 example (§4.3).
    // Unconfirmed: HTTP APIs' rule for repeated values in 1.0 authorizer events.
    let mut headers = Map::new();
    for (name, value) in incoming.headers {
        headers.insert(
            name.as_str().to_owned(),
            String::from_utf8_lossy(value.as_bytes())
                .into_owned()
                .into(),
        );
    }
    let mut query = Map::new();
    for (key, value) in form_urlencoded::parse(incoming.raw_query.as_bytes()) {
        query
            .entry(key.into_owned())
            .or_insert_with(|| value.into_owned().into());
    }
    let identity_source = identity.map(|values| values.join(","));
    let event = V1Event {
        version: PayloadFormatVersion::V1_0.as_str(),
        kind: REQUEST_TYPE,
        method_arn,
        authorization_token: identity_source.clone(),
        identity_source,
        resource,
        path: incoming.path,
        http_method: incoming.method.as_str(),
        headers,
        query_string_parameters: query,
        path_parameters: context
            .path_parameters
            .iter()
            .map(|(name, value)| (name.to_owned(), value.into()))
            .collect(),
        stage_variables: context
            .stage_variables
            .iter()
            .map(|(name, value)| (name.clone(), value.as_str().into()))
            .collect(),
        request_context: V1RequestContext {
            path: incoming.path,
            account_id: context.account_id,
            resource_id: request.route_id,
            stage: context.stage,
            request_id: context.request_id.as_str(),
            identity: V1Identity {
                source_ip: incoming.source_ip.to_string(),
            },
            resource_path: resource,
            http_method: incoming.method.as_str(),
            api_id: context.api_id,
        },
    };
    serde_json::to_vec(&event).map(Bytes::from)
}
