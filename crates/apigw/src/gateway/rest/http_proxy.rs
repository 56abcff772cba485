//! The integration step for REST `HTTP_PROXY` methods (aws-rest-api.md §8.2): the
//! request's method, headers, query and body sent to the integration URI with its
//! `{name}` placeholders filled from the path mappings; the endpoint's status, headers
//! and body passed back; `TimeoutInMillis` → 504.

use bytes::Bytes;
use http::Response;

use super::super::{AccessLog, IntegrationCall};
use super::select::MatchedMethod;
use crate::http_proxy::{ExchangeError, exchange};
use crate::rest::RestError;
use crate::rest::request::RestRequest;
use crate::rest::served::{PathValue, RestHttpProxy};

/// Forwards the request and returns the endpoint's response.
pub(super) async fn forward(
    proxy: &RestHttpProxy,
    matched: &MatchedMethod,
    request: &RestRequest<'_>,
    log: &mut AccessLog,
) -> Result<Response<Bytes>, RestError> {
    let url = url(proxy, &matched.path_parameters, request.raw_query)?;
    let method = proxy
        .method
        .clone()
        .unwrap_or_else(|| request.method.clone());
    let called = std::time::Instant::now();
    let body = Bytes::copy_from_slice(request.body);
    let outcome = exchange(method, &url, request.headers, body, proxy.timeout).await;
    log.context.integration = Some(IntegrationCall {
        status: outcome.as_ref().ok().map(|r| r.status().as_u16()),
        response_status: outcome.as_ref().ok().map(|r| r.status().as_u16()),
        latency: called.elapsed(),
        request_id: None,
    });
    outcome.map_err(|error| match error {
        ExchangeError::Timeout => RestError::integration_timeout(format!(
            "the HTTP_PROXY endpoint {url} did not answer within TimeoutInMillis ({} ms); raise TimeoutInMillis (at most 29000) or make the endpoint faster",
            proxy.timeout.as_millis()
        )),
        ExchangeError::InvalidUrl(reason) => RestError::configuration(format!(
            "the HTTP_PROXY integration's URL {url} cannot be used ({reason}); fix the integration Uri"
        )),
        // Unconfirmed: the answer for an endpoint that cannot be reached or answers
        // badly; 502 with the integration-failure body.
        ExchangeError::Unreachable(reason) | ExchangeError::BadResponse(reason) => {
            RestError::bad_gateway(format!(
                "the HTTP_PROXY endpoint {url} could not be used: {reason}; is it running?"
            ))
        }
    })
}

/// The integration URI with each `{name}` filled and the request's query appended.
fn url(
    proxy: &RestHttpProxy,
    path_parameters: &[(String, String)],
    raw_query: &str,
) -> Result<String, RestError> {
    let mut url = proxy.uri.clone();
    for (name, value) in &proxy.path_values {
        let value = match value {
            PathValue::Literal(literal) => literal.as_str(),
            PathValue::Parameter(parameter) => path_parameters
                .iter()
                .find(|(key, _)| key == parameter)
                .map(|(_, value)| value.as_str())
                .ok_or_else(|| {
                    RestError::configuration(format!(
                        "the HTTP_PROXY integration maps method.request.path.{parameter}, which the matched resource has no path parameter for"
                    ))
                })?,
        };
        url = url.replace(&format!("{{{name}}}"), value);
    }
    if !raw_query.is_empty() {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(raw_query);
    }
    Ok(url)
}
