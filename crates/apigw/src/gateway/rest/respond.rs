//! How a REST request ends: a refusal rendered once with the API's gateway responses
//! (aws-rest-api.md §7.2), and the ids API Gateway adds to every response
//! (aws-rest-api.md §3.5).

use std::time::SystemTime;

use bytes::Bytes;
use http::header::HeaderName;
use http::request::Parts;
use http::{HeaderValue, Response};

use super::super::AccessLog;
use super::super::access_log::ErrorContext as LogErrorContext;
use crate::headers::{X_AMZ_APIGW_ID, X_AMZN_REQUEST_ID, X_AMZN_TRACE_ID};
use crate::request_id::{RequestId, trace_id};
use crate::rest::RestError;
use crate::rest::gateway_response::{ErrorContext, GatewayResponses};
use crate::rest::served::{ServedRestApi, ServedRestDeployment, ServedRestStage};

/// One REST request's ids (aws-rest-api.md §2.5).
pub(super) struct RestIds {
    /// `requestId` and `x-amzn-RequestId`: a UUID.
    pub(super) request_id: RequestId,
    /// `extendedRequestId` and `x-amz-apigw-id`.
    pub(super) extended_request_id: RequestId,
    /// `X-Amzn-Trace-Id`.
    pub(super) trace_id: String,
    /// When the request arrived.
    pub(super) received: SystemTime,
}

impl RestIds {
    pub(super) fn generate() -> Self {
        let received = SystemTime::now();
        Self {
            request_id: RequestId::uuid(),
            extended_request_id: RequestId::generate(),
            trace_id: trace_id(received),
            received,
        }
    }
}

/// What the pipeline had established when it refused, for the gateway response's
/// parameters and templates.
#[derive(Debug, Default)]
pub(super) struct Known<'d> {
    pub(super) api: Option<&'d ServedRestApi>,
    pub(super) stage: Option<&'d ServedRestStage>,
    pub(super) resource_path: Option<String>,
    pub(super) path_parameters: Vec<(String, String)>,
}

impl Known<'_> {
    fn deployment(&self) -> Option<&ServedRestDeployment> {
        self.stage.map(|stage| stage.deployment.as_ref())
    }
}

/// The response for a refusal, rendered with the stage's gateway responses (AWS's
/// defaults before a stage is known); the explanation goes to the log line.
pub(super) fn refusal(
    error: &RestError,
    known: &Known<'_>,
    parts: &Parts,
    ids: &RestIds,
    log: &mut AccessLog,
) -> Response<Bytes> {
    let defaults = GatewayResponses::default();
    let responses = known
        .deployment()
        .map_or(&defaults, |deployment| &deployment.gateway_responses);
    let api_id = known.api.map(|api| api.rest_api_id.as_str());
    let stage_name = known.stage.map(|stage| stage.name.as_str());
    let mut context_values: Vec<(&str, &str)> = vec![("httpMethod", parts.method.as_str())];
    if let Some(api_id) = api_id {
        context_values.push(("apiId", api_id));
    }
    if let Some(stage) = stage_name {
        context_values.push(("stage", stage));
    }
    if let Some(resource_path) = known.resource_path.as_deref() {
        context_values.push(("resourcePath", resource_path));
    }
    let context = ErrorContext {
        request_id: ids.request_id.as_str(),
        extended_request_id: ids.extended_request_id.as_str(),
        headers: Some(&parts.headers),
        raw_query: parts.uri.query().unwrap_or(""),
        path_parameters: &known.path_parameters,
        stage_variables: known.stage.map_or(&[], |stage| stage.variables.as_slice()),
        context_values: &context_values,
    };
    let response = responses.render(error, &context);
    log.explanation = Some(error.explanation.clone());
    log.context.error = Some(LogErrorContext::of_rest(error, response.body()));
    response
}

/// `x-amzn-RequestId` and `x-amz-apigw-id` on every response, `X-Amzn-Trace-Id` on
/// Lambda integrations' (aws-rest-api.md §3.5).
pub(super) fn add_ids(response: &mut Response<Bytes>, ids: &RestIds, from_lambda: bool) {
    let headers = response.headers_mut();
    let mut add = |name: &'static str, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    };
    add(X_AMZN_REQUEST_ID, ids.request_id.as_str());
    add(X_AMZ_APIGW_ID, ids.extended_request_id.as_str());
    if from_lambda {
        add(X_AMZN_TRACE_ID, &ids.trace_id);
    }
}
