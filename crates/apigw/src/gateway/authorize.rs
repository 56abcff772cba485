//! The authorization step (§0 step 6): `AWS_IAM` signatures, JWT authorizers and Lambda
//! authorizers, each deciding allow or refuse; what an allowed request carries on to
//! the event.

use std::sync::Arc;
use std::time::Instant;

use http::request::Parts;

use super::{AccessLog, Gateway, RequestFacts, iam};
use crate::deployment::{Deployment, RouteAuthorization, ServedApi, ServedRoute, ServedStage};
use crate::error::{AuthorizerError, GatewayError, IntegrationError};
use crate::iam::CallerIdentity;
use crate::jwt::{Decision, IdentityRequest, VerifiedClaims};
use crate::lambda_authorizer::{AuthorizerRequest, LambdaAllowed, route_arn};
use crate::payload::{AuthorizerContext, EventContext, IncomingRequest};
use crate::route::RouteMatch;
use crate::stage::SelectedStage;

/// What a successful authorization contributes to the event.
pub(super) enum Authorized {
    Jwt {
        claims: Arc<VerifiedClaims>,
        scopes: Option<Arc<[String]>>,
    },
    Lambda {
        allowed: LambdaAllowed,
        /// How long the authorizer step took, for 1.0's `integrationLatency`.
        latency_ms: u64,
    },
    Iam(Box<CallerIdentity>),
}

impl Authorized {
    pub(super) fn context(&self) -> AuthorizerContext<'_> {
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
    /// Authorizes the request for its route: an `AWS_IAM` signature check, or the
    /// route's authorizer.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn authorize_route(
        &self,
        deployment: &Deployment,
        api: &ServedApi,
        stage: &SelectedStage<'_, '_, ServedStage>,
        route: &RouteMatch<'_, '_, ServedRoute>,
        parts: &Parts,
        facts: &RequestFacts,
        log: &mut AccessLog,
        request: IncomingRequest<'_>,
        context: EventContext<'_>,
    ) -> Result<Option<Authorized>, GatewayError> {
        let authorized = match route.target.authorization {
            RouteAuthorization::Iam => Some(iam::authorize(
                &iam::IamRequest {
                    api,
                    deployment,
                    local: self.local_credentials.as_ref(),
                    stage: stage.name,
                    route_path: stage.route_path,
                },
                parts,
                request.body,
                facts.received,
                log,
            )?),
            _ => {
                self.authorize(api, route, stage.route_path, facts, request, context)
                    .await?
            }
        };
        if let Some(Authorized::Jwt { claims, .. }) = &authorized {
            log.context.claims = Some(claims.clone());
        }
        Ok(authorized)
    }

    /// The route's authorizer (§0 step 6).
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
                    .map_err(AuthorizerError::Lambda)?;
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
