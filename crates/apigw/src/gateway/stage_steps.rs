//! The pipeline's steps about the selected stage: is it deployed, what its access log
//! records, and its throttle for the selected route.

use std::time::Instant;

use http::request::Parts;

use super::AccessLog;
use crate::deployment::{ServedApi, ServedRoute, ServedStage};
use crate::error::{ClientError, GatewayError};

/// A stage without a deployment serves nothing (§7.1).
pub(super) fn check_deployed(stage: &ServedStage) -> Result<(), GatewayError> {
    match &stage.undeployed {
        None => Ok(()),
        Some(reason) => Err(ClientError::StageNotDeployed {
            reason: reason.clone(),
        }
        .into()),
    }
}

/// From here on the request belongs to the stage: its access log records it (§7.3).
/// What only a stage's `Format` reads is copied from the request here, and only for a
/// stage that logs, so other requests pay nothing for it.
pub(super) fn record_stage(log: &mut AccessLog, stage: &ServedStage, parts: &Parts) {
    log.context.access_log.clone_from(&stage.access_log);
    if stage.access_log.is_some() {
        log.context.record_request(parts);
    }
}

/// Takes a token from the stage × route bucket, or refuses with 429 (§7.2). Right after
/// route selection, before the authorizer.
// Unconfirmed: AWS does not document where throttling sits in the order (§0 step 5);
// before authorization, so throttled requests never reach an authorizer.
pub(super) fn throttle(
    api: &ServedApi,
    stage: &ServedStage,
    route: &ServedRoute,
    now: Instant,
) -> Result<(), GatewayError> {
    let Some(throttle) = api.throttle(stage, route) else {
        return Ok(());
    };
    if throttle.try_acquire(now) {
        return Ok(());
    }
    let limits = throttle.limits();
    Err(ClientError::Throttled {
        stage: stage.name.clone(),
        route_key: route.route_key.as_str().to_owned(),
        rate_limit: limits.rate_limit.to_string(),
        burst_limit: limits.burst_limit,
    }
    .into())
}
