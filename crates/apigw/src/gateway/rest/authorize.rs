//! The REST pipeline's access steps (aws-rest-api.md §0 steps 4–8): the resource policy,
//! the method's authorization, the API key and usage plan, request validation and the
//! stage's `MethodSettings` throttle.

use std::time::{Instant, SystemTime};

use http::request::Parts;
use lambda_host::Invoke;
use store::model::apigateway::{ApiKeySourceType, MethodAuthorizationType};

use super::select::MatchedMethod;
use crate::headers::X_API_KEY;
use crate::iam::IamScope;
use crate::rest::api_key::{KeyedMethod, UsagePlans};
use crate::rest::authorizer::{AuthorizeInput, Authorized};
use crate::rest::request::{RestRequest, RestRequestContext};
use crate::rest::resource_policy::PolicyCaller;
use crate::rest::served::{MethodAuthorization, ServedRestApi, ServedRestStage};
use crate::rest::{RestError, iam};

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

/// The API's resource policy for a call of a method with `authorization`, by `caller`
/// (aws-rest-api.md §0 step 4); one gantry cannot evaluate refuses every request (fail
/// closed).
fn check_resource_policy(
    api: &ServedRestApi,
    authorization: MethodAuthorizationType,
    method_arn: &str,
    caller: PolicyCaller<'_>,
) -> Result<(), RestError> {
    match &api.resource_policy {
        None => Ok(()),
        Some(Ok(policy)) => policy.check_method(authorization, method_arn, caller),
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

/// What the access steps need besides the request.
pub(super) struct Access<'a> {
    pub(super) invoker: &'a dyn Invoke,
    pub(super) iam: IamScope<'a>,
    pub(super) parts: &'a Parts,
    pub(super) method_arn: &'a str,
}

/// Steps 4–5: the resource policy and the method's authorization; `Ok(Some)` with what a
/// Lambda or Cognito authorizer established. An `AWS_IAM` caller is authenticated first,
/// so the policy sees its ARN, and is written into `requestContext.identity`.
pub(super) async fn authorize(
    api: &ServedRestApi,
    access: &Access<'_>,
    matched: &MatchedMethod,
    request: RestRequest<'_>,
    context: &mut RestRequestContext<'_>,
) -> Result<Option<Authorized>, RestError> {
    let authorization = &matched.method.authorization;
    let mut caller = PolicyCaller {
        source_ip: request.source_ip,
        principal_arn: None,
    };
    if let MethodAuthorization::Iam = authorization {
        let identity = iam::authenticate(
            access.parts,
            request.body,
            &access.iam,
            access.method_arn,
            SystemTime::now(),
        )?;
        caller.principal_arn = identity.user_arn.as_deref();
        check_resource_policy(
            api,
            matched.method.authorization_type,
            access.method_arn,
            caller,
        )?;
        context.identity = identity;
        return Ok(None);
    }
    check_resource_policy(
        api,
        matched.method.authorization_type,
        access.method_arn,
        caller,
    )?;
    match authorization {
        MethodAuthorization::None | MethodAuthorization::Iam => Ok(None),
        MethodAuthorization::Unavailable(reason) => Err(RestError::configuration(reason.clone())),
        MethodAuthorization::Authorizer { authorizer, scopes } => {
            let input = AuthorizeInput {
                request,
                context,
                method_arn: access.method_arn,
                scopes,
            };
            authorizer
                .authorize(&input, access.invoker, Instant::now())
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
