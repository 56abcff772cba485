//! The integration step for HTTP_PROXY routes: what the pipeline knows about the request,
//! handed to [`HttpProxyIntegration::forward`] (§6.4).

use crate::payload::v2::clf_time;
use bytes::Bytes;
use http::Response;
use http::request::Parts;
use time::OffsetDateTime;

use super::{Authorized, RequestFacts, host};
use crate::deployment::{ServedApi, ServedRoute};
use crate::error::GatewayError;
use crate::http_proxy::{HttpProxyIntegration, ProxyRequest};
use crate::parameter_mapping::{ContextValues, LambdaContext};
use crate::route::RouteMatch;
use crate::stage::SelectedStage;

/// The route key of the catch-all route, which forwards the full path.
const DEFAULT_ROUTE_KEY: &str = "$default";

/// What the pipeline found before the integration step.
pub(super) struct Matched<'a> {
    pub(super) api: &'a ServedApi,
    pub(super) stage: &'a SelectedStage<'a, 'a, crate::deployment::ServedStage>,
    pub(super) route: &'a RouteMatch<'a, 'a, ServedRoute>,
    pub(super) authorized: Option<&'a Authorized>,
}

/// Forwards the request to the endpoint and returns its (mapped) response.
pub(super) async fn forward(
    proxy: &HttpProxyIntegration,
    parts: &Parts,
    path: &str,
    body: &Bytes,
    matched: &Matched<'_>,
    facts: &RequestFacts,
) -> Result<Response<Bytes>, GatewayError> {
    let received = OffsetDateTime::from(facts.received);
    let request_time = clf_time(received);
    let request_time_epoch = (received.unix_timestamp_nanos() / 1_000_000).to_string();
    let source_ip = facts.client.ip().to_string();
    let (claims, lambda) = match matched.authorized {
        Some(Authorized::Jwt { claims, .. }) => (claims.rendered(), None),
        Some(Authorized::Lambda { allowed, .. }) => (
            &[][..],
            Some(LambdaContext {
                principal_id: allowed.verdict.principal_id(),
                context: allowed.context(),
            }),
        ),
        // Unconfirmed: an AWS_IAM caller gives no `$context.authorizer.*` values.
        Some(Authorized::Iam(_)) | None => (&[][..], None),
    };
    let context = ContextValues {
        account_id: &matched.api.account_id,
        api_id: &matched.api.api_id,
        domain_name: host(parts),
        http_method: parts.method.as_str(),
        source_ip: &source_ip,
        path,
        request_id: facts.request_id.as_str(),
        request_time: &request_time,
        request_time_epoch: &request_time_epoch,
        route_key: matched.route.route_key.as_str(),
        stage: matched.stage.name,
        claims,
        lambda,
        stage_variables: &matched.stage.stage.variables,
        headers: &parts.headers,
    };
    let request = ProxyRequest {
        method: &parts.method,
        default_route: matched.route.route_key.as_str() == DEFAULT_ROUTE_KEY,
        route_path: matched.stage.route_path,
        raw_query: parts.uri.query().unwrap_or(""),
        headers: &parts.headers,
        body,
        path_parameters: &matched.route.path_parameters,
        client_ip: facts.client.ip(),
        proto: "http",
        host: host(parts),
        trace_id: &facts.trace_id,
        context,
    };
    Ok(proxy.forward(&request).await?)
}
