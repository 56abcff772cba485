//! The request pipeline, in API Gateway's order (§0):
//!
//! `select_api → read_body → select_stage → select_route → authorize → integration →
//! check_invoke_permission → build_event → invoke → map_response`
//!
//! A custom domain's API mapping chooses the API and the stage together (§7.4). With a
//! `CorsConfiguration`, a preflight no route claims is answered after `select_route`, and
//! every response gets the API's CORS headers (§8.2).
//!
//! Each step either hands the next one its input or ends the request with a
//! [`GatewayError`]; [`error_response`] turns that into AWS's bytes. Every request, served
//! or refused, yields one [`AccessLog`] with the reason and fix for refusals.

mod access_log;
mod cors;
mod iam;
mod invoke;
mod proxy;
mod target;

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

pub use access_log::AccessLog;
pub use cors::PREFLIGHT_STATUS;

use crate::cors::CorsPolicy;
use crate::deployment::{
    ApiSelection, Deployment, LambdaIntegration, RouteAuthorization, RouteIntegration, ServedApi,
    ServedRoute, ServedStage,
};
use crate::error::{AuthorizerError, ClientError, GatewayError, IntegrationError};
use crate::headers::APIGW_REQUEST_ID;
use crate::iam::{CallerIdentity, LocalCredentials};
use crate::jwt::{Decision, IdentityRequest, VerifiedClaims};
use crate::lambda_authorizer::{AuthorizerRequest, LambdaAllowed, route_arn};
use crate::payload::{
    AuthorizerContext, EventContext, Forwarded, IncomingRequest, ResponseMapping, build_event,
    map_response,
};
use crate::permission::InvokePermission;
use crate::request_id::{RequestId, trace_id};
use crate::response::error_response;
use crate::route::{RouteMatch, decode_path};

/// API Gateway's payload quota for HTTP APIs (§6.1).
pub const MAX_REQUEST_BODY_BYTES: usize = 10 * 1024 * 1024;

/// The data plane: serves the current [`Deployment`] through an [`Invoke`] implementation.
pub struct Gateway {
    deployment: RwLock<Arc<Deployment>>,
    invoker: Arc<dyn Invoke>,
    /// The listener's port, for `x-forwarded-port`.
    port: u16,
    /// The keys `AWS_IAM` callers sign with; `None` refuses every such request.
    local_credentials: Option<LocalCredentials>,
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
        }
    }

    /// Checks `AWS_IAM` routes' signatures against these credentials (§12.4).
    pub fn with_local_credentials(mut self, credentials: LocalCredentials) -> Self {
        self.local_credentials = Some(credentials);
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
        let mut cors_policy = None;
        let mut response = match self
            .serve(&parts, body, &facts, &mut log, &mut cors_policy)
            .await
        {
            Ok(response) => response,
            Err(error) => {
                log.explanation = Some(error.to_string());
                error_response(&error)
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
        (response, log)
    }

    async fn serve<B>(
        &self,
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
        let deployment = self.deployment();
        let path = decode_path(parts.uri.path());
        let target = target::select_target(&deployment, host(parts), &path)?;
        let api = target.api;
        cors_policy.clone_from(&api.cors);
        let body = read_body(body, parts).await?;
        let selected = target.select_stage(&path)?;
        let stage = selected.stage;
        let route = match select_route(api, parts, stage.name, stage.route_path) {
            Ok(route) => route,
            // A preflight no route claims is API Gateway's to answer (§8.2).
            Err(no_route) => {
                let answer = cors_policy
                    .as_deref()
                    .and_then(|policy| cors::answer_preflight(policy, parts, log));
                if answer.is_some() {
                    // The answer carries its own CORS headers.
                    *cors_policy = None;
                }
                return answer.ok_or(no_route);
            }
        };
        log.route_key = Some(route.route_key.as_str().to_owned());
        let request = IncomingRequest {
            method: &parts.method,
            // Deviation from AWS: with a custom domain, 1.0's `path` should keep the API
            // mapping's path; both formats get the path without it, as 2.0's `rawPath`.
            path: selected.raw_path,
            raw_query: parts.uri.query().unwrap_or(""),
            headers: &parts.headers,
            body: &body,
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
        let authorized = match route.target.authorization {
            RouteAuthorization::Iam => Some(iam::authorize(
                &iam::IamRequest {
                    api,
                    deployment: &deployment,
                    local: self.local_credentials.as_ref(),
                    stage: stage.name,
                    route_path: stage.route_path,
                },
                parts,
                &body,
                facts.received,
                log,
            )?),
            _ => {
                self.authorize(api, &route, stage.route_path, facts, request, context)
                    .await?
            }
        };
        if let RouteIntegration::HttpProxy(proxy) = &route.target.integration {
            let matched = proxy::Matched {
                api,
                stage: &stage,
                route: &route,
                authorized: authorized.as_ref(),
            };
            return proxy::forward(proxy, parts, &path, &body, &matched, facts).await;
        }
        let lambda = integration(route.target)?;
        check_invoke_permission(api, stage.stage, route.target)?;
        let event = build_event(
            lambda.payload_format_version,
            &request,
            &EventContext {
                authorizer: authorized.as_ref().map(Authorized::context),
                ..context
            },
        );
        let payload = event.to_json().map_err(|e| crate::error::InternalError {
            what: format!("serializing the event: {e}"),
        })?;
        let output = invoke::invoke(self.invoker.as_ref(), lambda, payload, facts, log).await?;
        match map_response(lambda.payload_format_version, &output) {
            ResponseMapping::Mapped(mapped) => {
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
    Lambda {
        allowed: LambdaAllowed,
        /// How long the authorizer step took, for 1.0's `integrationLatency`.
        latency_ms: u64,
    },
    Iam(CallerIdentity),
}

impl Authorized {
    fn context(&self) -> AuthorizerContext<'_> {
        match self {
            Self::Jwt { claims, scopes } => AuthorizerContext::Jwt {
                claims: claims.rendered(),
                scopes: scopes.as_deref(),
            },
            Self::Lambda {
                allowed,
                latency_ms,
            } => AuthorizerContext::Lambda {
                context: allowed.context(),
                principal_id: allowed.verdict.principal_id(),
                latency_ms: *latency_ms,
            },
            Self::Iam(caller) => AuthorizerContext::Iam(caller),
        }
    }
}

impl Gateway {
    /// The route's authorization (§0 step 6).
    async fn authorize(
        &self,
        api: &ServedApi,
        route: &RouteMatch<'_, '_, ServedRoute>,
        route_path: &str,
        facts: &RequestFacts,
        request: IncomingRequest<'_>,
        context: EventContext<'_>,
    ) -> Result<Option<Authorized>, GatewayError> {
        match &route.target.authorization {
            RouteAuthorization::None => Ok(None),
            RouteAuthorization::Iam => Err(crate::error::InternalError {
                what: "AWS_IAM routes are authorized before this step".to_owned(),
            }
            .into()),
            RouteAuthorization::Unsupported(reason) => Err(IntegrationError::NotServed {
                reason: reason.clone(),
            }
            .into()),
            RouteAuthorization::Jwt { authorizer, scopes } => {
                let request = IdentityRequest {
                    headers: request.headers,
                    raw_query: request.raw_query,
                };
                match authorizer.authorize(request, scopes, facts.received).await {
                    Decision::Deny(reason) => Err(AuthorizerError::Jwt(reason).into()),
                    Decision::Allow { claims, scopes } => {
                        Ok(Some(Authorized::Jwt { claims, scopes }))
                    }
                }
            }
            RouteAuthorization::Lambda { authorizer } => {
                let route_arn = route_arn(
                    api.partition,
                    &api.region,
                    &api.account_id,
                    &api.api_id,
                    context.stage,
                    request.method.as_str(),
                    route_path,
                );
                let request = AuthorizerRequest {
                    request,
                    context,
                    route_id: &route.target.route_id,
                    route_arn: &route_arn,
                    trace_id: &facts.trace_id,
                };
                let started = Instant::now();
                let allowed = authorizer
                    .authorize(&request, self.invoker.as_ref())
                    .await
                    .map_err(|refusal| AuthorizerError::Lambda(refusal))?;
                // Unconfirmed: a cached answer reports the (near zero) time of this step.
                let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                Ok(Some(Authorized::Lambda {
                    allowed,
                    latency_ms,
                }))
            }
        }
    }
}

fn integration(route: &ServedRoute) -> Result<&LambdaIntegration, GatewayError> {
    match &route.integration {
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
