//! The pipeline's `authorize` step for `AWS_IAM` routes (§12): the request's SigV4
//! signature and the caller's permission on the route, decided by [`crate::iam`], with
//! the decision on the request's log line.

use std::time::SystemTime;

use http::request::Parts;

use super::{AccessLog, Authorized, host};
use crate::deployment::{Deployment, ServedApi};
use crate::error::{AuthorizerError, GatewayError};
use crate::iam::{self, IamScope, LocalCredentials, SignedRequest};

/// What the step needs besides the request.
pub(super) struct IamRequest<'a> {
    pub(super) api: &'a ServedApi,
    pub(super) deployment: &'a Deployment,
    pub(super) local: Option<&'a LocalCredentials>,
    pub(super) stage: &'a str,
    /// The path routing saw (stage prefix removed).
    pub(super) route_path: &'a str,
}

pub(super) fn authorize(
    request: &IamRequest<'_>,
    parts: &Parts,
    body: &[u8],
    received: SystemTime,
    log: &mut AccessLog,
) -> Result<Authorized, GatewayError> {
    let api = request.api;
    let route_arn = iam::route_arn(
        api.partition.id(),
        &api.region,
        &api.account_id,
        &api.api_id,
        request.stage,
        parts.method.as_str(),
        request.route_path,
    );
    let scope = IamScope {
        local: request.local,
        roles: &request.deployment.iam_roles,
        partition: api.partition.id(),
        region: &api.region,
        account_id: &api.account_id,
    };
    let signed = SignedRequest {
        method: parts.method.as_str(),
        path_and_query: parts.uri.path_and_query().map_or("/", |p| p.as_str()),
        host: host(parts),
        headers: &parts.headers,
        body,
    };
    let raw_query = parts.uri.query().unwrap_or("");
    match iam::authorize(&scope, &signed, raw_query, &route_arn, received) {
        Ok(allow) => {
            log.authorization = Some(format!("AWS_IAM: {}", allow.granted_by));
            Ok(Authorized::Iam(Box::new(allow.caller)))
        }
        Err(deny) => Err(AuthorizerError::Iam(deny).into()),
    }
}
