//! The gateway's side of CORS (§8.2): a preflight no route claims is answered here,
//! without authorizer or integration, and every other response of an API with CORS gets
//! the API's CORS headers instead of the integration's.

use crate::error::GatewayError;
use bytes::Bytes;
use http::request::Parts;
use http::{Response, StatusCode};

use super::AccessLog;
use crate::cors::{CorsPolicy, Decorated, PreflightAnswer, origin, preflight};

/// Status of API Gateway's own preflight answer.
// Unconfirmed: 204 No Content with an empty body, as emulators built against AWS answer.
pub const PREFLIGHT_STATUS: StatusCode = StatusCode::NO_CONTENT;

/// API Gateway's answer to a preflight that no route claimed, if the request is one.
pub(super) fn answer_preflight(
    policy: &CorsPolicy,
    parts: &Parts,
    log: &mut AccessLog,
) -> Option<Response<Bytes>> {
    let preflight = preflight(&parts.method, &parts.headers)?;
    let mut response = Response::new(Bytes::new());
    *response.status_mut() = PREFLIGHT_STATUS;
    let explanation = match policy.answer(&preflight) {
        PreflightAnswer::Allowed(headers) => {
            response.headers_mut().extend(headers);
            format!(
                "CORS preflight answered by API Gateway (origin {} allowed; no route claims OPTIONS, so no authorizer or integration ran)",
                preflight.origin
            )
        }
        PreflightAnswer::Refused(why) => format!(
            "CORS preflight answered by API Gateway without CORS headers, so the browser will refuse the request: {why}"
        ),
    };
    log.explanation = Some(explanation);
    Some(response)
}

/// The answer when no route matched: API Gateway's preflight answer if the API has CORS
/// and the request is a preflight, else the no-route error. The preflight answer carries
/// its own CORS headers, so the policy is taken out of `cors_policy`.
pub(super) fn answer_unclaimed_preflight(
    cors_policy: &mut Option<std::sync::Arc<CorsPolicy>>,
    parts: &Parts,
    log: &mut AccessLog,
    no_route: GatewayError,
) -> Result<Response<Bytes>, GatewayError> {
    let answer = cors_policy
        .as_deref()
        .and_then(|policy| answer_preflight(policy, parts, log));
    if answer.is_some() {
        *cors_policy = None;
    }
    answer.ok_or(no_route)
}

/// Puts the API's CORS headers on `response` in place of any it has (§8.2); a refused
/// origin is explained on the log line.
pub(super) fn decorate(
    policy: &CorsPolicy,
    parts: &Parts,
    response: &mut Response<Bytes>,
    log: &mut AccessLog,
) {
    if let Decorated::OriginRefused(why) =
        policy.decorate(origin(&parts.headers), response.headers_mut())
    {
        log.explanation = Some(match log.explanation.take() {
            Some(earlier) => format!("{earlier}\n{why}"),
            None => why,
        });
    }
}
