//! The REST pipeline's integration step (aws-rest-api.md §0 step 8, §3, §8): an
//! `AWS_PROXY` Lambda call (the invoke permission decided at compile time, the event,
//! the call within `TimeoutInMillis`, the proxy response mapping), a `MOCK` answer, or an
//! `HTTP_PROXY` exchange ([`super::http_proxy`]).

use bytes::Bytes;
use http::Response;
use http::header::ACCEPT;
use lambda_host::{Invoke, InvokeResult};

use super::super::AccessLog;
use super::super::invoke::{CallFailed, FunctionCallRequest, call_within_timeout};
use super::select::MatchedMethod;
use crate::iam::{IamRoles, check_action};
use crate::permission::{INVOKE_FUNCTION_ACTION, InvokePermission};
use crate::rest::RestError;
use crate::rest::binary::BinaryMediaTypes;
use crate::rest::event::proxy_event;
use crate::rest::mock::mock_response;
use crate::rest::proxy_response::map_proxy_response;
use crate::rest::request::{RestRequest, RestRequestContext};
use crate::rest::served::{
    LambdaInvokeAccess, RestIntegration, RestLambdaIntegration, ServedRestStage,
};

/// What answered: the response, and whether a Lambda function did (`X-Amzn-Trace-Id`).
pub(super) struct Answer {
    pub(super) response: Response<Bytes>,
    pub(super) from_lambda: bool,
}

/// Calls the method's integration on this stage.
pub(super) async fn integrate(
    invoker: &dyn Invoke,
    stage: &ServedRestStage,
    matched: &MatchedMethod,
    request: &RestRequest<'_>,
    context: &RestRequestContext<'_>,
    roles: &IamRoles,
    log: &mut AccessLog,
) -> Result<Answer, RestError> {
    let integration = stage
        .method(&matched.method)
        .map(|on_stage| &on_stage.integration)
        .ok_or_else(|| {
            RestError::configuration(format!(
                "stage {} has no integration compiled for method {} {}; this is a gantry bug",
                stage.name, matched.method.http_method, matched.method.resource_path
            ))
        })?;
    match integration {
        RestIntegration::Lambda(lambda) => {
            let binary = &stage.deployment.binary_media_types;
            let response =
                call_lambda(invoker, lambda, request, context, binary, roles, log).await?;
            Ok(Answer {
                response,
                from_lambda: true,
            })
        }
        RestIntegration::Mock => Ok(Answer {
            response: mock_response(&matched.method.model, request, context)?,
            from_lambda: false,
        }),
        RestIntegration::HttpProxy(proxy) => Ok(Answer {
            response: super::http_proxy::forward(proxy, matched, request, log).await?,
            from_lambda: false,
        }),
        RestIntegration::Unavailable(reason) => Err(RestError::configuration(reason.clone())),
    }
}

/// The Lambda proxy call: permission, event, invocation, response mapping.
async fn call_lambda(
    invoker: &dyn Invoke,
    lambda: &RestLambdaIntegration,
    request: &RestRequest<'_>,
    context: &RestRequestContext<'_>,
    binary: &BinaryMediaTypes,
    roles: &IamRoles,
    log: &mut AccessLog,
) -> Result<Response<Bytes>, RestError> {
    check_invoke_access(lambda, context, roles)?;
    let event = proxy_event(request, context, binary);
    let payload = serde_json::to_vec(&event).map_err(|e| {
        RestError::configuration(format!("serializing the proxy event failed: {e}"))
    })?;
    let output = invoke(invoker, lambda, Bytes::from(payload), context.trace_id, log).await?;
    let accept = request
        .headers
        .get(ACCEPT)
        .and_then(|value| value.to_str().ok());
    match map_proxy_response(&output, accept, binary) {
        Ok(mapped) => {
            if let Some(call) = &mut log.context.integration {
                call.response_status = Some(mapped.status.as_u16());
            }
            let mut response = Response::new(mapped.body);
            *response.status_mut() = mapped.status;
            *response.headers_mut() = mapped.headers;
            Ok(response)
        }
        Err(malformed) if malformed.configuration_error => {
            Err(RestError::configuration(malformed.explanation))
        }
        Err(malformed) => Err(RestError::bad_gateway(format!(
            "Malformed Lambda proxy response from function {}: {}",
            lambda.function_name, malformed.explanation
        ))),
    }
}

/// May API Gateway invoke the function for this request (aws-rest-api.md §2.7, §3.4)?
fn check_invoke_access(
    lambda: &RestLambdaIntegration,
    context: &RestRequestContext<'_>,
    roles: &IamRoles,
) -> Result<(), RestError> {
    match &lambda.permission {
        LambdaInvokeAccess::Decided(InvokePermission::Allowed { .. }) => Ok(()),
        LambdaInvokeAccess::Decided(InvokePermission::Denied(denied)) => {
            Err(RestError::configuration(format!(
                "API Gateway may not invoke function {} (aws:SourceArn is the method's ARN with the method as configured): {denied}",
                lambda.function_name
            )))
        }
        LambdaInvokeAccess::CallerCredentials => caller_may_invoke(lambda, context, roles),
    }
}

/// With `Credentials: arn:aws:iam::*:user/*` API Gateway invokes the function as the
/// SigV4 caller, so the caller needs `lambda:InvokeFunction` on it.
fn caller_may_invoke(
    lambda: &RestLambdaIntegration,
    context: &RestRequestContext<'_>,
    roles: &IamRoles,
) -> Result<(), RestError> {
    // Unconfirmed: AWS's answer when a method that is not AWS_IAM invokes with the
    // caller's credentials (there are none); gantry answers the permission error.
    let Some(access_key) = context.identity.access_key.as_deref() else {
        return Err(RestError::configuration(format!(
            "the integration's Credentials arn:aws:iam::*:user/* invoke function {} with the caller's own credentials, but this method's authorization is not AWS_IAM, so the request carries none; set AuthorizationType: AWS_IAM on the method (SAM: Auth.DefaultAuthorizer: AWS_IAM), or give the integration a role or a resource-policy grant (SAM: Auth.InvokeRole: NONE)",
            lambda.function_name
        )));
    };
    // gantry's default user may do everything; a stack role's policies decide for it.
    let Some(role) = roles.get(access_key) else {
        return Ok(());
    };
    check_action(role, INVOKE_FUNCTION_ACTION, &lambda.function_arn)
        .map(|_| ())
        .map_err(|deny| {
            RestError::configuration(format!(
                "API Gateway invokes function {} with the caller's credentials (Credentials arn:aws:iam::*:user/*), and the caller may not: {deny}",
                lambda.function_name
            ))
        })
}

/// Invokes the function within `TimeoutInMillis`; `Ok` is a successful invocation's
/// output (aws-rest-api.md §3.4).
async fn invoke(
    invoker: &dyn Invoke,
    lambda: &RestLambdaIntegration,
    payload: Bytes,
    trace_id: &str,
    log: &mut AccessLog,
) -> Result<Bytes, RestError> {
    let call = FunctionCallRequest {
        function_name: &lambda.function_name,
        function_arn: &lambda.function_arn,
        timeout: lambda.timeout,
        trace_id,
    };
    let outcome = match call_within_timeout(invoker, &call, payload, log).await {
        Ok(outcome) => outcome,
        Err(CallFailed::TimedOut) => {
            return Err(RestError::integration_timeout(format!(
                "function {} did not answer within the integration's TimeoutInMillis ({} ms); raise TimeoutInMillis (at most 29000) or make the function faster",
                lambda.function_name,
                lambda.timeout.as_millis()
            )));
        }
        Err(CallFailed::NotInvoked(error)) => {
            return Err(RestError::configuration(format!(
                "gantry could not invoke function {}: {error}",
                lambda.function_name
            )));
        }
    };
    match outcome.result {
        InvokeResult::Success { payload } => Ok(payload),
        InvokeResult::FunctionError {
            error_type,
            payload,
        } => Err(RestError::bad_gateway(format!(
            "function {} failed ({error_type}): {}; a Lambda proxy integration answers 502 when the function throws, so catch the error and return a response with a statusCode",
            lambda.function_name,
            String::from_utf8_lossy(&payload)
        ))),
        _ => Err(RestError::bad_gateway(format!(
            "function {} did not complete: {}",
            lambda.function_name,
            outcome.explain()
        ))),
    }
}
