//! The REST pipeline's access steps (aws-rest-api.md §0 steps 4–8): the resource policy,
//! the method's authorization, the API key and usage plan, request validation and the
//! stage's `MethodSettings` throttle.

use std::time::{Instant, SystemTime};

use http::request::Parts;
use lambda_host::Invoke;
use store::model::apigateway::{ApiKeySourceType, MethodAuthorizationType, RestAuthorizerType};

use super::super::{AuthorizerKind, AuthorizerLog, AuthorizerOutcome};
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
/// so the policy sees its ARN, and is written into `requestContext.identity`. What the
/// method's authorization decided goes to `decision` (an `AWS_IAM` decision includes the
/// resource policy; an authorizer the resource policy kept the request from has none).
pub(super) async fn authorize(
    api: &ServedRestApi,
    access: &Access<'_>,
    matched: &MatchedMethod,
    request: RestRequest<'_>,
    context: &mut RestRequestContext<'_>,
    decision: &mut Option<AuthorizerLog>,
) -> Result<Option<Authorized>, RestError> {
    let authorization = &matched.method.authorization;
    let caller = PolicyCaller {
        source_ip: request.source_ip,
        principal_arn: None,
    };
    if let MethodAuthorization::Iam = authorization {
        let checked = iam::authenticate(
            access.parts,
            request.body,
            &access.iam,
            access.method_arn,
            SystemTime::now(),
        )
        .and_then(|authenticated| {
            let caller = PolicyCaller {
                principal_arn: authenticated.identity.user_arn.as_deref(),
                ..caller
            };
            check_resource_policy(
                api,
                matched.method.authorization_type,
                access.method_arn,
                caller,
            )?;
            Ok(authenticated)
        });
        *decision = Some(logged(
            AuthorizerKind::AwsIam,
            checked
                .as_ref()
                .map(|allowed| format!("AWS_IAM: {}", allowed.granted_by)),
        ));
        context.identity = checked?.identity;
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
        MethodAuthorization::Unavailable(reason) => {
            let refusal = RestError::configuration(reason.clone());
            *decision = unavailable_kind(matched.method.authorization_type)
                .map(|kind| logged(kind, Err(&refusal)));
            Err(refusal)
        }
        MethodAuthorization::Authorizer { authorizer, scopes } => {
            let input = AuthorizeInput {
                request,
                context,
                method_arn: access.method_arn,
                scopes,
            };
            let decided = authorizer
                .authorize(&input, access.invoker, Instant::now())
                .await;
            let kind = match authorizer.authorizer_type {
                RestAuthorizerType::Token => AuthorizerKind::Token,
                RestAuthorizerType::Request => AuthorizerKind::Request,
                RestAuthorizerType::CognitoUserPools => AuthorizerKind::CognitoUserPools,
            };
            *decision = Some(logged(
                kind,
                decided.as_ref().map(|allowed| allowed.explanation.clone()),
            ));
            decided.map(Some)
        }
    }
}

/// The kind of a method whose authorizer cannot be found; a `CUSTOM` one is shown as
/// `REQUEST` (whether it was meant as `TOKEN` is unknown).
fn unavailable_kind(authorization: MethodAuthorizationType) -> Option<AuthorizerKind> {
    match authorization {
        MethodAuthorizationType::None => None,
        MethodAuthorizationType::AwsIam => Some(AuthorizerKind::AwsIam),
        MethodAuthorizationType::Custom => Some(AuthorizerKind::Request),
        MethodAuthorizationType::CognitoUserPools => Some(AuthorizerKind::CognitoUserPools),
    }
}

/// A decision for the log: allowed with why, or the refusal's explanation; a 5xx refusal
/// (the authorizer failed or is not served) or one marked undecided is an error.
fn logged(kind: AuthorizerKind, decided: Result<String, &RestError>) -> AuthorizerLog {
    let (outcome, explanation) = match decided {
        Ok(why) => (AuthorizerOutcome::Allow, why),
        Err(refusal) if refusal.undecided || refusal.status.is_server_error() => {
            (AuthorizerOutcome::Error, refusal.explanation.clone())
        }
        Err(refusal) => (AuthorizerOutcome::Deny, refusal.explanation.clone()),
    };
    AuthorizerLog {
        kind,
        outcome,
        explanation,
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
