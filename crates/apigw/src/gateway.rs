//! The request pipeline, in API Gateway's order (§0):
//!
//! `select_api → select_stage → select_route → throttle → authorize → read_body →
//! integration → check_invoke_permission → build_event → invoke → map_response`
//!
//! (`AWS_IAM` reads the body just before its check: the signature covers it.)
//!
//! A custom domain's API mapping chooses the API and the stage together (§7.4). With a
//! `CorsConfiguration`, a preflight no route claims is answered after `select_route`, and
//! every response gets the API's CORS headers (§8.2).
//!
//! Each step either hands the next one its input or ends the request with a
//! [`GatewayError`]; [`error_response`] turns that into AWS's bytes. Every request, served
//! or refused, yields one [`AccessLog`] with the reason and fix for refusals; a stage with
//! `AccessLogSettings` also gets its line, in its `Format`, through the [`AccessLogSink`].
//!
//! A request whose host names a REST API (or the only API deployed is one) goes through
//! the REST pipeline instead (`rest`, aws-rest-api.md §0).

mod access_log;
mod authorize;
mod authorizer_log;
mod cors;
mod iam;
mod invoke;
mod proxy;
mod rest;
mod stage_steps;
mod steps;
mod target;

use std::net::SocketAddr;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http::request::Parts;
use http::{HeaderValue, Request, Response};
use lambda_host::Invoke;
use time::OffsetDateTime;

pub use access_log::{
    AccessLog, AccessLogSink, AuthorizerKind, AuthorizerLog, AuthorizerOutcome, ErrorContext,
    ErrorKind, FunctionCall, IntegrationCall, LogContext, RestLogContext,
};
pub use cors::PREFLIGHT_STATUS;

use crate::cors::CorsPolicy;
use crate::deployment::{Deployment, RouteAuthorization, RouteIntegration};
use crate::error::{GatewayError, IntegrationError};
use crate::headers::APIGW_REQUEST_ID;
use crate::iam::LocalCredentials;
use crate::payload::{
    EventContext, Forwarded, IncomingRequest, ResponseMapping, event_json, map_response,
};
use crate::request_id::{RequestId, trace_id};
use crate::response::error_response;
use crate::route::decode_path;
use authorize::Authorized;
use stage_steps::{check_deployed, record_stage, throttle};
use steps::{
    BodyBudget, check_invoke_permission, host, lambda_integration, read_body, select_route,
};
use tokio::sync::OwnedSemaphorePermit;

/// API Gateway's payload quota for HTTP APIs (§6.1).
pub const MAX_REQUEST_BODY_BYTES: usize = 10 * 1024 * 1024;
/// Bytes of request bodies gantry holds at once for all requests in flight: 25 bodies at
/// the 10 MB quota, far more than a developer's clients send at once, small beside the
/// memory of the machines gantry runs on.
pub const BUFFERED_BODY_BUDGET: usize = 256 * 1024 * 1024;
/// How long a client may take to send a request body, once its head has arrived.
// Unconfirmed: API Gateway's body read timeout is not documented; 30 s matches its
// integration timeout (§6.1), and 10 MB arrives well within it on any live connection.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// The data plane: serves the current [`Deployment`] through an [`Invoke`] implementation.
pub struct Gateway {
    deployment: RwLock<Arc<Deployment>>,
    invoker: Arc<dyn Invoke>,
    /// The listener's port, for `x-forwarded-port`.
    port: u16,
    /// The keys `AWS_IAM` callers sign with; `None` refuses every such request.
    local_credentials: Option<LocalCredentials>,
    /// Where stages' access-log lines go; none are rendered without one.
    access_log_sink: Option<Arc<dyn AccessLogSink>>,
    /// How long a request body may take to arrive ([`BODY_READ_TIMEOUT`] by default).
    body_read_timeout: Duration,
    /// Body bytes all requests in flight may hold ([`BUFFERED_BODY_BUDGET`] by default).
    body_budget: BodyBudget,
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
            local_credentials: None,
            access_log_sink: None,
            body_read_timeout: BODY_READ_TIMEOUT,
            body_budget: BodyBudget::new(BUFFERED_BODY_BUDGET),
        }
    }

    /// Holds at most `bytes` of request bodies at once; beyond it a request is refused 503.
    #[must_use]
    pub fn with_body_budget(mut self, bytes: usize) -> Self {
        self.body_budget = BodyBudget::new(bytes);
        self
    }

    /// Refuses a request whose body takes longer than `timeout` to arrive.
    #[must_use]
    pub fn with_body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout;
        self
    }

    /// Checks `AWS_IAM` routes' signatures against these credentials (§12.4).
    #[must_use]
    pub fn with_local_credentials(mut self, credentials: LocalCredentials) -> Self {
        self.local_credentials = Some(credentials);
        self
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
        let (parts, body) = request.into_parts();
        // A REST API has its own pipeline (aws-rest-api.md §0).
        let deployment = self.deployment();
        if let Some(target) = rest::select_target(&deployment, host(&parts), parts.uri.path()) {
            return self
                .handle_rest(&deployment, target, parts, body, client)
                .await;
        }
        let started = Instant::now();
        let received = SystemTime::now();
        let facts = RequestFacts {
            request_id: RequestId::generate(),
            trace_id: trace_id(received),
            received,
            client,
        };
        let mut log = AccessLog::new(&facts.request_id, &parts);
        log.context.request_time = Some(received);
        log.context.source_ip = Some(client.ip());
        let mut cors_policy = None;
        let mut response = match self
            .serve(
                &deployment,
                &parts,
                body,
                &facts,
                &mut log,
                &mut cors_policy,
            )
            .await
        {
            Ok(response) => response,
            Err(error) => {
                log.explanation = Some(error.to_string());
                let response = error_response(&error);
                log.context.error = Some(ErrorContext::of(&error, response.body()));
                response
            }
        };
        // Unconfirmed: API Gateway's own error responses get the CORS headers too (§8.2).
        if let Some(policy) = cors_policy {
            cors::decorate(&policy, &parts, &mut response, &mut log);
        }
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

    /// Reads the body within the quota and the read timeout, and logs its size.
    async fn read_body<B>(
        &self,
        body: B,
        parts: &Parts,
        log: &mut AccessLog,
    ) -> Result<(Bytes, Option<OwnedSemaphorePermit>), GatewayError>
    where
        B: http_body::Body<Data = Bytes>,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let (body, held) =
            read_body(body, parts, self.body_read_timeout, &self.body_budget).await?;
        log.context.request_length = body.len();
        log.request_body = body.clone();
        Ok((body, held))
    }

    async fn serve<B>(
        &self,
        deployment: &Deployment,
        parts: &Parts,
        body: B,
        facts: &RequestFacts,
        log: &mut AccessLog,
        cors_policy: &mut Option<Arc<CorsPolicy>>,
    ) -> Result<Response<Bytes>, GatewayError>
    where
        B: http_body::Body<Data = Bytes>,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let path = decode_path(parts.uri.path());
        let target = target::select_target(deployment, host(parts), &path)?;
        let api = target.api;
        log.api_id = Some(api.api_id.clone());
        cors_policy.clone_from(&api.cors);
        let selected = target.select_stage(&path)?;
        let stage = selected.stage;
        log.stage = Some(stage.name.to_owned());
        check_deployed(stage.stage)?;
        record_stage(log, stage.stage, parts);
        let route = match select_route(api, parts, stage.name, stage.route_path) {
            Ok(route) => route,
            // A preflight no route claims is API Gateway's to answer (§8.2).
            Err(no_route) => {
                return cors::answer_unclaimed_preflight(cors_policy, parts, log, no_route);
            }
        };
        log.route_key = Some(route.route_key.as_str().to_owned());
        throttle(api, stage.stage, route.target, Instant::now())?;
        // The body is read only once the request may go on: `AWS_IAM` signs it, so it is
        // read before that check; JWT and Lambda authorizers never see it, so a refused
        // request's body is never buffered.
        // Unconfirmed: AWS's order between its payload quota and the other checks (§0);
        // an oversized body to a missing route is 404, an unauthenticated one 401.
        // A body's share of the buffered-body budget is held until the response is made.
        let (signed_body, signed_share, unread_body) = match route.target.authorization {
            RouteAuthorization::Iam => {
                let (body, share) = self.read_body(body, parts, log).await?;
                (Some(body), share, None)
            }
            _ => (None, None, Some(body)),
        };
        let request = IncomingRequest {
            method: &parts.method,
            // Deviation from AWS: with a custom domain, 1.0's `path` should keep the API
            // mapping's path; both formats get the path without it, as 2.0's `rawPath`.
            path: selected.raw_path,
            raw_query: parts.uri.query().unwrap_or(""),
            headers: &parts.headers,
            body: signed_body.as_deref().unwrap_or_default(),
            source_ip: facts.client.ip(),
        };
        let context = EventContext {
            account_id: &api.account_id,
            api_id: &api.api_id,
            domain_name: host(parts),
            stage: stage.name,
            route_key: route.route_key.as_str(),
            path_parameters: &route.path_parameters,
            stage_variables: &stage.stage.variables,
            authorizer: None,
            request_id: &facts.request_id,
            trace_id: &facts.trace_id,
            time: OffsetDateTime::from(facts.received),
            forwarded: Forwarded {
                proto: "http",
                port: self.port,
            },
        };
        let authorized = self
            .authorize_route(
                deployment, api, &stage, &route, parts, facts, log, request, context,
            )
            .await;
        log.authorizer =
            authorizer_log::http_decision(route.target, &authorized, log.authorization.as_deref());
        let authorized = authorized?;
        let (body, _share) = match unread_body {
            Some(body) => self.read_body(body, parts, log).await?,
            None => (signed_body.clone().unwrap_or_default(), signed_share),
        };
        let request = IncomingRequest {
            body: &body,
            ..request
        };
        let integration = api.integration(stage.stage, route.target);
        if let RouteIntegration::HttpProxy(proxy) = integration {
            let matched = proxy::Matched {
                api,
                stage: &stage,
                route: &route,
                authorized: authorized.as_ref(),
            };
            return proxy::forward(proxy, parts, &path, &body, &matched, facts).await;
        }
        let lambda = lambda_integration(integration)?;
        check_invoke_permission(api, stage.stage, route.target)?;
        let payload = event_json(
            lambda.payload_format_version,
            &request,
            &EventContext {
                authorizer: authorized.as_ref().map(Authorized::context),
                ..context
            },
        )
        .map_err(|e| crate::error::InternalError {
            what: format!("serializing the event: {e}"),
        })?;
        let output = invoke::invoke(self.invoker.as_ref(), lambda, payload, facts, log).await?;
        match map_response(lambda.payload_format_version, &output) {
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
