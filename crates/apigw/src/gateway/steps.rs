//! The pipeline's smaller steps: which API a host reaches, reading the body within the
//! quota, route selection, and the integration and invoke-permission checks.

use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::header::HOST;
use http::request::Parts;
use http_body_util::BodyExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::MAX_REQUEST_BODY_BYTES;
use crate::deployment::{
    ApiSelection, Deployment, LambdaIntegration, RouteIntegration, ServedApi, ServedRoute,
    ServedStage,
};
use crate::error::{ClientError, GatewayError, IntegrationError};
use crate::permission::InvokePermission;
use crate::route::RouteMatch;

pub(super) fn host(parts: &Parts) -> &str {
    parts
        .headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| parts.uri.authority().map(|a| a.as_str()))
        .unwrap_or("")
}

/// Which API the host reaches (`{apiId}.execute-api.…`, or the only one deployed).
pub(super) fn select_api<'d>(
    deployment: &'d Deployment,
    host: &str,
) -> Result<&'d ServedApi, GatewayError> {
    let api = match deployment.select_api(host) {
        ApiSelection::Found(api) => api,
        ApiSelection::UnknownApi(api_id) => {
            return Err(ClientError::UnknownApi {
                host: host.to_owned(),
                api_id,
            }
            .into());
        }
        ApiSelection::Ambiguous(api_ids) => {
            return Err(ClientError::AmbiguousApi {
                host: host.to_owned(),
                api_ids,
            }
            .into());
        }
        ApiSelection::NoApis => return Err(ClientError::NoApis.into()),
        // `Gateway::handle` sends REST APIs' requests to their own pipeline first.
        ApiSelection::Rest(api) => {
            return Err(crate::error::InternalError {
                what: format!(
                    "REST API {} reached the HTTP API pipeline; this is a gantry bug",
                    api.rest_api_id
                ),
            }
            .into());
        }
    };
    if api.disable_execute_api_endpoint {
        return Err(ClientError::ExecuteApiEndpointDisabled {
            api_id: api.api_id.clone(),
        }
        .into());
    }
    Ok(api)
}

/// The declared body size, for explaining a refusal.
fn content_length(parts: &Parts) -> Option<u64> {
    parts
        .headers
        .get(http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// Reads the body, refusing more than the payload quota without reading it all, a body
/// that does not finish arriving within `timeout`, and one that would take gantry over
/// `budget` (bytes of bodies held by all requests in flight). The permit holds the
/// body's share of the budget until it is dropped.
pub(super) async fn read_body<B>(
    body: B,
    parts: &Parts,
    timeout: Duration,
    budget: &BodyBudget,
) -> Result<(Bytes, Option<OwnedSemaphorePermit>), GatewayError>
where
    B: http_body::Body<Data = Bytes>,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    // Most requests have no body: no timer, no budget share (a timer per request is
    // measurable on the request path).
    if body.is_end_stream() {
        return Ok((Bytes::new(), None));
    }
    // Unconfirmed: AWS's answer to a body that stops arriving is not documented; gantry
    // answers 400 as for any body it cannot read, and closes the connection.
    tokio::time::timeout(timeout, collect_within_budget(body, parts, budget))
        .await
        .unwrap_or_else(|_| {
            Err(ClientError::UnreadableBody {
                reason: format!(
                    "it did not finish arriving within {} ms of the request head",
                    timeout.as_millis()
                ),
            }
            .into())
        })
}

async fn collect_within_budget<B>(
    body: B,
    parts: &Parts,
    budget: &BodyBudget,
) -> Result<(Bytes, Option<OwnedSemaphorePermit>), GatewayError>
where
    B: http_body::Body<Data = Bytes>,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let mut body = std::pin::pin!(body);
    let mut buffer = BytesMut::new();
    let mut held: Option<OwnedSemaphorePermit> = None;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|error| ClientError::UnreadableBody {
            reason: error.into().to_string(),
        })?;
        let Ok(data) = frame.into_data() else {
            continue; // trailers carry no payload
        };
        if buffer.len() + data.len() > MAX_REQUEST_BODY_BYTES {
            return Err(ClientError::PayloadTooLarge {
                content_length: content_length(parts),
                limit: MAX_REQUEST_BODY_BYTES,
            }
            .into());
        }
        let share = u32::try_from(data.len())
            .ok()
            .and_then(|bytes| {
                Arc::clone(&budget.permits)
                    .try_acquire_many_owned(bytes)
                    .ok()
            })
            .ok_or(ClientError::BodyBudgetExhausted {
                budget: budget.bytes,
            })?;
        match &mut held {
            Some(held) => held.merge(share),
            None => held = Some(share),
        }
        buffer.extend_from_slice(&data);
    }
    Ok((buffer.freeze(), held))
}

/// Bytes of request bodies all requests in flight may hold at once.
pub(super) struct BodyBudget {
    pub(super) permits: Arc<Semaphore>,
    pub(super) bytes: usize,
}

impl BodyBudget {
    pub(super) fn new(bytes: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(bytes.min(Semaphore::MAX_PERMITS))),
            bytes,
        }
    }
}

pub(super) fn select_route<'a>(
    api: &'a ServedApi,
    parts: &Parts,
    stage_name: &str,
    route_path: &'a str,
) -> Result<RouteMatch<'a, 'a, ServedRoute>, GatewayError> {
    api.routes
        .select(parts.method.as_str(), route_path)
        .ok_or_else(|| {
            ClientError::NoRoute {
                stage: stage_name.to_owned(),
                method: parts.method.to_string(),
                path: route_path.to_owned(),
            }
            .into()
        })
}

pub(super) fn lambda_integration(
    integration: &RouteIntegration,
) -> Result<&LambdaIntegration, GatewayError> {
    match integration {
        RouteIntegration::Lambda(lambda) => Ok(lambda),
        RouteIntegration::Unavailable(reason) => Err(IntegrationError::NotServed {
            reason: reason.clone(),
        }
        .into()),
        RouteIntegration::HttpProxy(proxy) => Err(crate::error::InternalError {
            what: format!(
                "integration {} is an HTTP proxy, forwarded before this step",
                proxy.integration_id
            ),
        }
        .into()),
    }
}

/// Decided at deploy time for each stage × route (see [`crate::deployment`]).
pub(super) fn check_invoke_permission(
    api: &ServedApi,
    stage: &ServedStage,
    route: &ServedRoute,
) -> Result<(), GatewayError> {
    match api.permission(stage, route) {
        Some(InvokePermission::Allowed { .. }) => Ok(()),
        Some(InvokePermission::Denied(denied)) => {
            Err(IntegrationError::PermissionDenied(denied.clone()).into())
        }
        None => Err(crate::error::InternalError {
            what: format!("no invoke-permission verdict for route {}", route.route_key),
        }
        .into()),
    }
}
