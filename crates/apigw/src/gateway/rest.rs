//! The REST API (v1) request pipeline, in API Gateway's order (aws-rest-api.md §0):
//!
//! `select_api → select_stage → select_resource → authorize (resource policy,
//! then the method's authorization; SigV4 first for AWS_IAM, after reading the body it
//! signs) → read_body → api_key → validate → throttle → integration → ids`
//!
//! Each step either hands the next one its input or ends the request with a
//! [`RestError`], rendered once with the stage's gateway responses
//! ([`respond::refusal`]). Every request, served or refused, yields one [`AccessLog`]
//! with the explanation of a refusal; a stage with `AccessLogSetting` also gets its line
//! through the [`super::AccessLogSink`]. HTTP APIs have their own pipeline in
//! [`super::Gateway::handle`]; this one is reached when the host names a REST API.

mod authorize;
mod http_proxy;
mod integration;
mod respond;
mod select;

use std::net::SocketAddr;
use std::time::Instant;

use bytes::Bytes;
use http::request::Parts;
use http::{Response, StatusCode};
use time::OffsetDateTime;

use super::access_log::stage_log::write_stage_line;
use super::steps::{host, read_body};
use super::{AccessLog, Gateway, RestLogContext};
use crate::deployment::Deployment;
use crate::iam::IamScope;
use crate::payload::Forwarded;
use crate::rest::RestError;
use crate::rest::request::{RestIdentity, RestRequest, RestRequestContext};
use crate::rest::served::MethodAuthorization;
use respond::{Known, RestIds};
pub(super) use select::{RestTarget, select_target};

impl Gateway {
    /// Serves one REST request. Never fails: every outcome is a response, with its log.
    pub(super) async fn handle_rest<B>(
        &self,
        deployment: &Deployment,
        target: RestTarget<'_>,
        parts: Parts,
        body: B,
        client: SocketAddr,
    ) -> (Response<Bytes>, AccessLog)
    where
        B: http_body::Body<Data = Bytes>,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let started = Instant::now();
        let ids = RestIds::generate();
        let mut log = AccessLog::new(&ids.request_id, &parts);
        log.context.request_time = Some(ids.received);
        log.context.source_ip = Some(client.ip());
        log.context.rest = Some(RestLogContext {
            extended_request_id: ids.extended_request_id.as_str().to_owned(),
            ..RestLogContext::default()
        });
        let mut known = Known::default();
        let served = self
            .serve_rest(
                deployment, &target, &parts, body, client, &ids, &mut log, &mut known,
            )
            .await;
        let (mut response, from_lambda) = match served {
            Ok(answer) => (answer.response, answer.from_lambda),
            Err(error) => (
                respond::refusal(&error, &known, &parts, &ids, &mut log),
                false,
            ),
        };
        respond::add_ids(&mut response, &ids, from_lambda);
        log.finish(response.status(), started.elapsed());
        log.context.response_length = response.body().len();
        if let Some(sink) = &self.access_log_sink {
            write_stage_line(sink.as_ref(), &log);
        }
        (response, log)
    }

    /// Reads the body within the quota and the read timeout, and logs its size.
    async fn read_rest_body<B>(
        &self,
        body: B,
        parts: &Parts,
        log: &mut AccessLog,
    ) -> Result<(Bytes, Option<tokio::sync::OwnedSemaphorePermit>), RestError>
    where
        B: http_body::Body<Data = Bytes>,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let (body, share) = read_body(body, parts, self.body_read_timeout, &self.body_budget)
            .await
            .map_err(|error| match error.status() {
                StatusCode::PAYLOAD_TOO_LARGE => RestError::request_too_large(error.to_string()),
                StatusCode::SERVICE_UNAVAILABLE => RestError::unavailable(error.to_string()),
                _ => RestError::bad_request_body(error.to_string()),
            })?;
        log.context.request_length = body.len();
        log.request_body = body.clone();
        Ok((body, share))
    }

    #[allow(clippy::too_many_arguments)] // The pipeline's inputs, each used by some step.
    async fn serve_rest<'d, B>(
        &self,
        deployment: &'d Deployment,
        target: &RestTarget<'d>,
        parts: &Parts,
        body: B,
        client: SocketAddr,
        ids: &RestIds,
        log: &mut AccessLog,
        known: &mut Known<'d>,
    ) -> Result<integration::Answer, RestError>
    where
        B: http_body::Body<Data = Bytes>,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let api = select::select_api(target)?;
        known.api = Some(api);
        log.api_id = Some(api.rest_api_id.clone());
        let selected = select::select_stage(api, target, parts.uri.path())?;
        let stage = selected.stage;
        known.stage = Some(stage);
        log.stage = Some(stage.name.clone());
        log.context.access_log.clone_from(&stage.access_log);
        if stage.access_log.is_some() {
            log.context.record_request(parts);
        }
        let matched = select::select_resource(&selected, parts)?;
        known.resource_path = Some(matched.resource_path.clone());
        known.path_parameters.clone_from(&matched.path_parameters);
        log.route_key = Some(format!("{} {}", parts.method, matched.resource_path));
        if let Some(rest) = &mut log.context.rest {
            rest.resource_path = Some(matched.resource_path.clone());
            rest.resource_id = Some(matched.resource_id.clone());
        }

        // The body is read only once the request may go on (as for HTTP APIs, see
        // `Gateway::serve`): before an `AWS_IAM` check, which signs it, else after the
        // authorizer, which never sees it.
        // Unconfirmed: AWS's order between its payload quota and the other checks (§0).
        // A body's share of the buffered-body budget is held until the response is made.
        let (signed_body, signed_share, unread_body) = match matched.method.authorization {
            MethodAuthorization::Iam => {
                let (body, share) = self.read_rest_body(body, parts, log).await?;
                (Some(body), share, None)
            }
            _ => (None, None, Some(body)),
        };
        let request = RestRequest {
            method: &parts.method,
            path: &selected.path,
            stage_path: &selected.stage_path,
            raw_query: parts.uri.query().unwrap_or(""),
            headers: &parts.headers,
            body: signed_body.as_deref().unwrap_or_default(),
            source_ip: client.ip(),
        };
        let method_arn = authorize::method_arn(
            api,
            &stage.name,
            parts.method.as_str(),
            &selected.route_path,
        );
        let mut context = RestRequestContext {
            account_id: &api.account_id,
            api_id: &api.rest_api_id,
            domain_name: host(parts),
            stage: &stage.name,
            deployment_id: &stage.deployment.deployment_id,
            resource_id: &matched.resource_id,
            resource_path: &matched.resource_path,
            operation_name: matched.method.operation_name.as_deref(),
            path_parameters: &matched.path_parameters,
            stage_variables: &stage.variables,
            request_id: ids.request_id.as_str(),
            extended_request_id: ids.extended_request_id.as_str(),
            trace_id: &ids.trace_id,
            time: OffsetDateTime::from(ids.received),
            identity: RestIdentity::default(),
            authorizer: None,
            forwarded: Forwarded {
                proto: "http",
                port: self.port,
            },
        };
        let access = authorize::Access {
            invoker: self.invoker.as_ref(),
            iam: IamScope {
                local: self.local_credentials.as_ref(),
                roles: &deployment.iam_roles,
                partition: api.partition.id(),
                region: &api.region,
                account_id: &api.account_id,
            },
            parts,
            method_arn: &method_arn,
        };
        let authorized = authorize::authorize(
            api,
            &access,
            &matched,
            request,
            &mut context,
            &mut log.authorizer,
        )
        .await?;
        let (body, _share) = match unread_body {
            Some(body) => self.read_rest_body(body, parts, log).await?,
            None => (signed_body.clone().unwrap_or_default(), signed_share),
        };
        let request = RestRequest {
            body: &body,
            ..request
        };
        if let Some(authorized) = &authorized {
            log.authorization = Some(authorized.explanation.clone());
            context.authorizer = Some(authorized.context.clone());
        }
        authorize::admit_api_key(
            &deployment.usage_plans,
            stage,
            &matched,
            &request,
            authorized.as_ref(),
            &mut context,
        )?;
        if let Some(rest) = &mut log.context.rest {
            rest.api_key.clone_from(&context.identity.api_key);
            rest.api_key_id.clone_from(&context.identity.api_key_id);
            rest.authorizer = context.authorizer.clone().map(std::sync::Arc::new);
        }
        authorize::validate(&matched, &request)?;
        authorize::throttle(stage, &matched)?;
        integration::integrate(
            self.invoker.as_ref(),
            stage,
            &matched,
            &request,
            &context,
            &deployment.iam_roles,
            log,
        )
        .await
    }
}
