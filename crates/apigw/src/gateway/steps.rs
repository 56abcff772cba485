//! The pipeline's smaller steps: which API a host reaches, reading the body within the
//! quota, route selection, and the integration and invoke-permission checks.

use std::time::Duration;

use bytes::Bytes;
use http::header::HOST;
use http::request::Parts;
use http_body_util::{BodyExt, Limited};

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

/// Reads the body, refusing more than the payload quota without reading it all, and a
/// body that does not finish arriving within `timeout`.
pub(super) async fn read_body<B>(
    body: B,
    parts: &Parts,
    timeout: Duration,
) -> Result<Bytes, GatewayError>
where
    B: http_body::Body<Data = Bytes>,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let collected = tokio::time::timeout(
        timeout,
        Limited::new(body, MAX_REQUEST_BODY_BYTES).collect(),
    );
    // Unconfirmed: AWS's answer to a body that stops arriving is not documented; gantry
    // answers 400 as for any body it cannot read, and closes the connection.
    let Ok(collected) = collected.await else {
        return Err(ClientError::UnreadableBody {
            reason: format!(
                "it did not finish arriving within {} ms of the request head",
                timeout.as_millis()
            ),
        }
        .into());
    };
    match collected {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => {
            Err(ClientError::PayloadTooLarge {
                content_length: content_length(parts),
                limit: MAX_REQUEST_BODY_BYTES,
            }
            .into())
        }
        Err(error) => Err(ClientError::UnreadableBody {
            reason: error.to_string(),
        }
        .into()),
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
