//! The request pipeline, in API Gateway's order (§0):
//!
//! `select_api → read_body → select_stage → select_route → throttle → authorize →
//! integration → check_invoke_permission → build_event → invoke → map_response`
//!
//! Each step either hands the next one its input or ends the request with a
//! [`GatewayError`]; [`error_response`] turns that into AWS's bytes. Every request, served
//! or refused, yields one [`AccessLog`] with the reason and fix for refusals; a stage with
//! `AccessLogSettings` also gets its line, in its `Format`, through the [`AccessLogSink`].

mod access_log;
mod invoke;
mod stage_steps;

use std::net::SocketAddr;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Instant, SystemTime};

use bytes::Bytes;
use http::header::HOST;
use http::request::Parts;
use http::{HeaderValue, Request, Response};
use http_body_util::{BodyExt, Limited};
use lambda_host::Invoke;
use time::OffsetDateTime;

pub use access_log::{
    AccessLog, AccessLogSink, ErrorContext, ErrorKind, IntegrationCall, LogContext,
};

use crate::deployment::{
    ApiSelection, Deployment, LambdaIntegration, RouteAuthorization, RouteIntegration, ServedApi,
    ServedRoute, ServedStage,
};
use crate::error::{AuthorizerError, ClientError, GatewayError, IntegrationError};
use crate::headers::APIGW_REQUEST_ID;
use crate::jwt::{Decision, IdentityRequest, VerifiedClaims};
use crate::payload::v2::{
    AuthorizerContext, EventContext, Forwarded, IncomingRequest, ResponseMapping, build_event,
    map_response,
};
use crate::permission::InvokePermission;
use crate::request_id::{RequestId, trace_id};
use crate::response::error_response;
use crate::route::{RouteMatch, decode_path};
use stage_steps::{check_deployed, record_stage, throttle};

/// API Gateway's payload quota for HTTP APIs (§6.1).
pub const MAX_REQUEST_BODY_BYTES: usize = 10 * 1024 * 1024;

/// The data plane: serves the current [`Deployment`] through an [`Invoke`] implementation.
pub struct Gateway {
    deployment: RwLock<Arc<Deployment>>,
    invoker: Arc<dyn Invoke>,
    /// The listener's port, for `x-forwarded-port`.
    port: u16,
    /// Where stages' access-log lines go; none are rendered without one.
    access_log_sink: Option<Arc<dyn AccessLogSink>>,
}

impl std::fmt::Debug for Gateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gateway")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

/// Per-request facts every step may need.
struct RequestFacts {
    request_id: RequestId,
    trace_id: String,
    received: SystemTime,
    client: SocketAddr,
}

impl Gateway {
    /// A gateway serving nothing yet; [`Gateway::publish`] gives it APIs.
    pub fn new(invoker: Arc<dyn Invoke>, port: u16) -> Self {
        Self {
            deployment: RwLock::new(Arc::new(Deployment::default())),
            invoker,
            port,
            access_log_sink: None,
        }
    }

    /// Hands every line of a stage with `AccessLogSettings` to `sink`.
    #[must_use]
    pub fn with_access_log_sink(mut self, sink: Arc<dyn AccessLogSink>) -> Self {
        self.access_log_sink = Some(sink);
        self
    }

    /// Serves `deployment` from now on; requests in flight finish on the old one.
    pub fn publish(&self, deployment: Deployment) {
        *self
            .deployment
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Arc::new(deployment);
    }

    /// What is being served.
    pub fn deployment(&self) -> Arc<Deployment> {
        self.deployment
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Serves one request. Never fails: every outcome is a response, with its access log.
    pub async fn handle<B>(
        &self,
        request: Request<B>,
        client: SocketAddr,
    ) -> (Response<Bytes>, AccessLog)
    where
        B: http_body::Body<Data = Bytes>,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let started = Instant::now();
        let received = SystemTime::now();
        let facts = RequestFacts {
            request_id: RequestId::generate(),
            trace_id: trace_id(received),
            received,
            client,
        };
        let (parts, body) = request.into_parts();
        let mut log = AccessLog::new(&facts.request_id, &parts);
        log.context.request_time = Some(received);
        log.context.source_ip = Some(client.ip());
        let mut response = match self.serve(&parts, body, &facts, &mut log).await {
            Ok(response) => response,
            Err(error) => {
                log.explanation = Some(error.to_string());
                let response = error_response(&error);
                log.context.error = Some(ErrorContext::of(&error, response.body()));
                response
            }
        };
        if let Ok(value) = HeaderValue::from_str(facts.request_id.as_str()) {
            response.headers_mut().insert(APIGW_REQUEST_ID, value);
        }
        log.finish(response.status(), started.elapsed());
        log.context.response_length = response.body().len();
        if let Some(sink) = &self.access_log_sink {
            access_log::stage_log::write_stage_line(sink.as_ref(), &log);
        }
        (response, log)
    }

    async fn serve<B>(
        &self,
        parts: &Parts,
        body: B,
        facts: &RequestFacts,
        log: &mut AccessLog,
    ) -> Result<Response<Bytes>, GatewayError>
    where
        B: http_body::Body<Data = Bytes>,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let deployment = self.deployment();
        let api = select_api(&deployment, host(parts))?;
        let body = read_body(body, parts).await?;
        log.context.request_length = body.len();
        let path = decode_path(parts.uri.path());
        let stage = api
            .stages
            .select(&path)
            .ok_or_else(|| ClientError::NoStage {
                path: path.to_string(),
            })?;
        check_deployed(stage.stage)?;
        record_stage(log, stage.stage);
        let route = select_route(api, parts, stage.name, stage.route_path)?;
        log.route_key = Some(route.route_key.as_str().to_owned());
        throttle(api, stage.stage, route.target, Instant::now())?;
        let authorized = authorize(route.target, parts, facts).await?;
        if let Some(Authorized::Jwt { claims, .. }) = &authorized {
            log.context.claims = Some(claims.clone());
        }
        let lambda = integration(api.integration(stage.stage, route.target))?;
        check_invoke_permission(api, stage.stage, route.target)?;
        let event = build_event(
            &IncomingRequest {
                method: &parts.method,
                path: &path,
                raw_query: parts.uri.query().unwrap_or(""),
                headers: &parts.headers,
                body: &body,
                source_ip: facts.client.ip(),
            },
            &EventContext {
                account_id: &api.account_id,
                api_id: &api.api_id,
                domain_name: host(parts),
                stage: stage.name,
                route_key: route.route_key.as_str(),
                path_parameters: &route.path_parameters,
                stage_variables: &stage.stage.variables,
                authorizer: authorized.as_ref().map(Authorized::context),
                request_id: &facts.request_id,
                trace_id: &facts.trace_id,
                time: OffsetDateTime::from(facts.received),
                forwarded: Forwarded {
                    proto: "http",
                    port: self.port,
                },
            },
        );
        let payload = event.to_json().map_err(|e| crate::error::InternalError {
            what: format!("serializing the event: {e}"),
        })?;
        let output = invoke::invoke(self.invoker.as_ref(), lambda, payload, facts, log).await?;
        match map_response(&output) {
            ResponseMapping::Mapped(mapped) => {
                if let Some(call) = &mut log.context.integration {
                    call.response_status = Some(mapped.status.as_u16());
                }
                let mut response = Response::new(mapped.body);
                *response.status_mut() = mapped.status;
                *response.headers_mut() = mapped.headers;
                Ok(response)
            }
            ResponseMapping::Malformed(malformed) => {
                Err(IntegrationError::MalformedResponse(malformed).into())
            }
        }
    }
}

fn host(parts: &Parts) -> &str {
    parts
        .headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| parts.uri.authority().map(|a| a.as_str()))
        .unwrap_or("")
}

/// Which API the host reaches (`{apiId}.execute-api.…`, or the only one deployed).
fn select_api<'d>(deployment: &'d Deployment, host: &str) -> Result<&'d ServedApi, GatewayError> {
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

/// Reads the body, refusing more than the payload quota without reading it all.
async fn read_body<B>(body: B, parts: &Parts) -> Result<Bytes, GatewayError>
where
    B: http_body::Body<Data = Bytes>,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    match Limited::new(body, MAX_REQUEST_BODY_BYTES).collect().await {
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

fn select_route<'a>(
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

/// What a successful authorization contributes to the event.
enum Authorized {
    Jwt {
        claims: Arc<VerifiedClaims>,
        scopes: Option<Arc<[String]>>,
    },
}

impl Authorized {
    fn context(&self) -> AuthorizerContext<'_> {
        match self {
            Self::Jwt { claims, scopes } => AuthorizerContext::Jwt {
                claims: claims.rendered(),
                scopes: scopes.as_deref(),
            },
        }
    }
}

async fn authorize(
    route: &ServedRoute,
    parts: &Parts,
    facts: &RequestFacts,
) -> Result<Option<Authorized>, GatewayError> {
    match &route.authorization {
        RouteAuthorization::None => Ok(None),
        RouteAuthorization::Unsupported(reason) => Err(IntegrationError::NotServed {
            reason: reason.clone(),
        }
        .into()),
        RouteAuthorization::Jwt { authorizer, scopes } => {
            let request = IdentityRequest {
                headers: &parts.headers,
                raw_query: parts.uri.query().unwrap_or(""),
            };
            match authorizer.authorize(request, scopes, facts.received).await {
                Decision::Deny(reason) => Err(AuthorizerError::Jwt(reason).into()),
                Decision::Allow { claims, scopes } => Ok(Some(Authorized::Jwt { claims, scopes })),
            }
        }
    }
}

fn integration(integration: &RouteIntegration) -> Result<&LambdaIntegration, GatewayError> {
    match integration {
        RouteIntegration::Lambda(lambda) => Ok(lambda),
        RouteIntegration::Unavailable(reason) => Err(IntegrationError::NotServed {
            reason: reason.clone(),
        }
        .into()),
    }
}

/// Decided at deploy time for each stage × route (see [`crate::deployment`]).
fn check_invoke_permission(
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
