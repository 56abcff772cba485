//! The REST pipeline's access steps (aws-rest-api.md §0 steps 4–8): the resource policy,
//! the method's authorization, the API key and usage plan, request validation and the
//! stage's `MethodSettings` throttle.

use std::time::Instant;

use lambda_host::Invoke;
use store::model::apigateway::ApiKeySourceType;

use super::select::MatchedMethod;
use crate::headers::X_API_KEY;
use crate::rest::RestError;
use crate::rest::api_key::{KeyedMethod, UsagePlans};
use crate::rest::authorizer::{AuthorizeInput, Authorized};
use crate::rest::request::{RestRequest, RestRequestContext};
use crate::rest::resource_policy::PolicyCaller;
use crate::rest::served::{MethodAuthorization, ServedRestApi, ServedRestStage};

/// `methodArn`: `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}`
/// with the request's verb and path (aws-rest-api.md §4.2).
pub(super) fn method_arn(api: &ServedRestApi, stage: &str, verb: &str, path: &str) -> String {
    arn::Arn::execute_api(
        api.partition,
        &api.region,
        &api.account_id,
        &api.rest_api_id,
        &format!("/{stage}/{verb}{path}"),
    )
    .to_string()
}

/// Step 4: the API's resource policy, when it has one; one gantry cannot evaluate
/// refuses every request (fail closed).
pub(super) fn check_resource_policy(
    api: &ServedRestApi,
    method_arn: &str,
    request: &RestRequest<'_>,
) -> Result<(), RestError> {
    match &api.resource_policy {
        None => Ok(()),
        Some(Ok(policy)) => policy.check(
            method_arn,
            PolicyCaller {
                source_ip: request.source_ip,
                principal_arn: None,
            },
        ),
        Some(Err(reason)) => Err(RestError::access_denied(
            format!(
                "User: anonymous is not authorized to perform: execute-api:Invoke on resource: {method_arn}"
            ),
            format!(
                "REST API {}'s resource policy cannot be evaluated, so every request is refused: {reason}",
                api.rest_api_id
            ),
        )),
    }
}

/// Step 5: the method's authorization; `Ok(Some)` with what a Lambda or Cognito
/// authorizer established.
pub(super) async fn authorize(
    invoker: &dyn Invoke,
    matched: &MatchedMethod,
    request: RestRequest<'_>,
    context: &RestRequestContext<'_>,
    method_arn: &str,
) -> Result<Option<Authorized>, RestError> {
    match &matched.method.authorization {
        MethodAuthorization::None => Ok(None),
        // Deviation from AWS: AWS_IAM methods are refused until SigV4 is checked for
        // REST APIs; the method answers 500 with this reason (fail closed).
        MethodAuthorization::Iam => Err(RestError::configuration(format!(
            "method {} {} uses AuthorizationType AWS_IAM, which gantry does not check for REST APIs yet; use a Lambda or Cognito authorizer, or NONE",
            matched.method.http_method, matched.method.resource_path
        ))),
        MethodAuthorization::Unavailable(reason) => Err(RestError::configuration(reason.clone())),
        MethodAuthorization::Authorizer { authorizer, scopes } => {
            let input = AuthorizeInput {
                request,
                context,
                method_arn,
                scopes,
            };
            authorizer
                .authorize(&input, invoker, Instant::now())
                .await
                .map(Some)
        }
    }
}

/// Step 6: the API key of a method with `ApiKeyRequired`, from `x-api-key` or the
/// authorizer's `usageIdentifierKey` (aws-rest-api.md §5); fills `identity.apiKey` and
/// `identity.apiKeyId`.
pub(super) fn admit_api_key(
    usage_plans: &UsagePlans,
    stage: &ServedRestStage,
    matched: &MatchedMethod,
    request: &RestRequest<'_>,
    authorized: Option<&Authorized>,
    context: &mut RestRequestContext<'_>,
) -> Result<(), RestError> {
    if !matched.method.api_key_required {
        return Ok(());
    }
    let key = match stage.deployment.api_key_source_type {
        ApiKeySourceType::Header => request
            .headers
            .get(X_API_KEY)
            .and_then(|value| value.to_str().ok()),
        ApiKeySourceType::Authorizer => {
            authorized.and_then(|authorized| authorized.usage_identifier_key.as_deref())
        }
    };
    let admitted = usage_plans.admit(
        key,
        KeyedMethod {
            rest_api_id: context.api_id,
            stage: &stage.name,
            resource_path: &matched.resource_path,
            http_method: &matched.method.http_method,
        },
        Instant::now(),
    )?;
    context.identity.api_key = Some(admitted.value);
    context.identity.api_key_id = Some(admitted.api_key_id);
    Ok(())
}

/// Step 7: the method's request validator, when it has one.
pub(super) fn validate(
    matched: &MatchedMethod,
    request: &RestRequest<'_>,
) -> Result<(), RestError> {
    match &matched.method.validation {
        None => Ok(()),
        Some(validation) => validation.validate(request, &matched.path_parameters),
    }
}

/// Step 8: a token from the stage × method bucket of `MethodSettings` (429 otherwise).
// Unconfirmed: where stage throttling sits relative to authorization and validation
// (aws-rest-api.md §0 step 7); after them, so only admitted requests are counted.
pub(super) fn throttle(stage: &ServedRestStage, matched: &MatchedMethod) -> Result<(), RestError> {
    let Some(throttle) = stage
        .method(&matched.method)
        .and_then(|on_stage| on_stage.throttle.as_ref())
    else {
        return Ok(());
    };
    if throttle.try_acquire(Instant::now()) {
        return Ok(());
    }
    let limits = throttle.limits();
    Err(RestError::throttled(format!(
        "stage {}'s MethodSettings throttle {} {} at {} requests per second with a burst of {}; slow down, or raise ThrottlingRateLimit/ThrottlingBurstLimit",
        stage.name,
        matched.method.http_method,
        matched.resource_path,
        limits.rate_limit,
        limits.burst_limit
    )))
}
