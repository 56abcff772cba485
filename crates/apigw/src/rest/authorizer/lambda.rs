//! Lambda `TOKEN` and `REQUEST` authorizers of REST APIs (aws-rest-api.md §4.2 to aws-rest-api.md §4.5), as one list
//! of steps: read the identity (401 without invoking) → the cached answer, if any → may
//! API Gateway invoke the function (500) → invoke with the event (10 s) → parse the
//! answer (500) → cache it → decide for this request's `methodArn` (403).

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use lambda_host::{Invoke, InvokeOptions, InvokeResult};
use regex::Regex;
use serde_json::{Map, Value, json};

use super::answer::{LambdaAnswer, PolicyDecision};
use super::identity::{self, IdentitySource};
use super::{AuthorizeInput, Authorized};
use crate::lambda_authorizer::{
    AUTHORIZER_PERMISSION_ERROR_MESSAGE, AuthorizerCache, FunctionFailure,
};
use crate::permission::InvokePermission;
use crate::rest::RestError;

/// `type` of a TOKEN authorizer's event.
const TOKEN_EVENT_TYPE: &str = "TOKEN";

/// How long API Gateway waits for a REST Lambda authorizer.
// Unconfirmed: REST APIs do not document it; HTTP APIs document 10 s (aws-rest-api.md §4.4).
pub const REST_AUTHORIZER_TIMEOUT: Duration = crate::lambda_authorizer::AUTHORIZER_TIMEOUT;

/// Where a Lambda authorizer reads the caller's identity.
#[derive(Debug)]
pub enum Identity {
    /// `TOKEN`: one header, optionally checked against `IdentityValidationExpression`.
    Token {
        /// The header's name.
        header: String,
        /// The compiled expression.
        validation: Option<Regex>,
    },
    /// `REQUEST`: the identity sources, all required (they are the cache key).
    Request(Vec<IdentitySource>),
}

/// A compiled Lambda authorizer.
#[derive(Debug)]
pub struct LambdaRestAuthorizer {
    /// `Name`.
    pub name: String,
    /// Where the identity comes from.
    pub identity: Identity,
    /// The function the Lambda host invokes.
    pub function_name: String,
    /// May API Gateway invoke it (decided at compile time, aws-rest-api.md §4.8).
    pub permission: InvokePermission,
    /// `arn:...:{apiId}/authorizers/{authorizerId}`.
    pub source_arn: String,
    /// Answers by identity, for `AuthorizerResultTtlInSeconds`.
    // Unconfirmed: one cache per authorizer, shared by the API's stages (the stage is in
    // the methodArn each cached policy is decided for again).
    pub cache: AuthorizerCache<LambdaAnswer>,
}

impl LambdaRestAuthorizer {
    /// Decides one request.
    pub async fn authorize(
        &self,
        input: &AuthorizeInput<'_>,
        invoker: &dyn Invoke,
        now: Instant,
    ) -> Result<Authorized, RestError> {
        let key = self.identity_key(input)?;
        if let Some(cached) = self.cache.get(&key, now) {
            // Unconfirmed: a cached answer reports integrationLatency 0 (aws-rest-api.md §4.5).
            return self.decide(
                &cached.verdict,
                input.method_arn,
                Some(cached.age),
                Duration::ZERO,
            );
        }
        self.check_permission()?;
        let payload = self.event(input, &key)?;
        let started = Instant::now();
        let answer = Arc::new(self.invoke(payload, input, invoker).await?);
        let latency = started.elapsed();
        self.cache.insert(key, answer.clone(), now);
        self.decide(&answer, input.method_arn, None, latency)
    }

    /// The identity values, which are also the cache key; 401 without invoking when one
    /// is missing, empty or fails the validation expression.
    fn identity_key(&self, input: &AuthorizeInput<'_>) -> Result<Vec<String>, RestError> {
        match &self.identity {
            Identity::Token { header, validation } => {
                let token = identity::header(&input.request, header)
                    .filter(|token| !token.is_empty())
                    .ok_or_else(|| {
                        RestError::unauthorized(format!(
                            "TOKEN authorizer {} was not invoked: the request has no {header} header (or it is empty); send the token in {header}",
                            self.name
                        ))
                    })?;
                if let Some(expression) = validation
                    && !expression.is_match(&token)
                {
                    return Err(RestError::unauthorized(format!(
                        "TOKEN authorizer {} was not invoked: the {header} header does not match its IdentityValidationExpression {}",
                        self.name,
                        expression.as_str()
                    )));
                }
                Ok(vec![token])
            }
            // Unconfirmed: with caching off, a missing identity source is still a 401
            // (aws-rest-api.md §4.3).
            Identity::Request(sources) => identity::values(sources, &input.request, input.context)
                .map_err(|missing| {
                    RestError::unauthorized(format!(
                        "REQUEST authorizer {} was not invoked: identity source {missing} is missing or empty in the request; send it, or remove it from IdentitySource",
                        self.name
                    ))
                }),
        }
    }

    fn check_permission(&self) -> Result<(), RestError> {
        match &self.permission {
            InvokePermission::Allowed { .. } => Ok(()),
            // Unconfirmed: the body of a missing authorizer permission is {"message":null}
            // (aws-rest-api.md §4.4).
            InvokePermission::Denied(denied) => Err(RestError::authorizer_configuration(format!(
                "Lambda authorizer {}: {AUTHORIZER_PERMISSION_ERROR_MESSAGE}\ngantry checked the invocation for source ARN {}: {denied}\n(For an authorizer, a role goes in the authorizer's AuthorizerCredentials.)",
                self.name, self.source_arn
            ))),
        }
    }

    fn event(&self, input: &AuthorizeInput<'_>, key: &[String]) -> Result<Bytes, RestError> {
        let event = match &self.identity {
            Identity::Token { .. } => json!({
                "type": TOKEN_EVENT_TYPE,
                "authorizationToken": key.first(),
                "methodArn": input.method_arn,
            }),
            Identity::Request(_) => crate::rest::event::request_authorizer_event(
                &input.request,
                input.context,
                input.method_arn,
            ),
        };
        serde_json::to_vec(&event).map(Bytes::from).map_err(|e| {
            RestError::authorizer_configuration(format!(
                "gantry could not serialize the event of authorizer {}: {e}",
                self.name
            ))
        })
    }

    async fn invoke(
        &self,
        payload: Bytes,
        input: &AuthorizeInput<'_>,
        invoker: &dyn Invoke,
    ) -> Result<LambdaAnswer, RestError> {
        let options = InvokeOptions::default().with_trace_id(input.context.trace_id.to_owned());
        let invocation = invoker.invoke(&self.function_name, payload, options);
        let failed = |why: String| {
            RestError::authorizer_configuration(format!("Lambda authorizer {} {why}", self.name))
        };
        let outcome = match tokio::time::timeout(REST_AUTHORIZER_TIMEOUT, invocation).await {
            Err(_elapsed) => {
                return Err(failed(format!(
                    "did not answer within {} ms; make it faster",
                    REST_AUTHORIZER_TIMEOUT.as_millis()
                )));
            }
            Ok(Err(error)) => return Err(failed(format!("could not be invoked: {error}"))),
            Ok(Ok(outcome)) => outcome,
        };
        match &outcome.result {
            InvokeResult::Success { payload } => LambdaAnswer::parse(payload)
                .map_err(|reason| failed(format!("returned an invalid response: {reason}"))),
            InvokeResult::FunctionError {
                error_type,
                payload,
            } => Err(self.function_error(error_type, payload)),
            _ => Err(failed(format!(
                "returned no response: {}",
                outcome.explain()
            ))),
        }
    }

    /// `Unauthorized` as the error message asks for a 401; any other error is a 500.
    fn function_error(&self, error_type: &str, payload: &[u8]) -> RestError {
        let failure = FunctionFailure::read(error_type, payload);
        let FunctionFailure {
            error_type,
            message,
        } = &failure;
        if failure.is_unauthorized() {
            return RestError::unauthorized(format!(
                "Lambda authorizer {} rejected the request: the function failed with {error_type}: Unauthorized, which API Gateway answers with 401",
                self.name
            ));
        }
        RestError::authorizer_configuration(format!(
            "Lambda authorizer {} failed with {error_type}: {message} (only the exact message \"Unauthorized\" gives a 401)",
            self.name
        ))
    }

    fn decide(
        &self,
        answer: &LambdaAnswer,
        method_arn: &str,
        cached: Option<Duration>,
        latency: Duration,
    ) -> Result<Authorized, RestError> {
        let how = match cached {
            Some(age) => format!("answer cached {} s ago", age.as_secs()),
            None => "invoked".to_owned(),
        };
        match answer.decide(method_arn) {
            PolicyDecision::Allow => Ok(Authorized {
                context: authorizer_context(answer, latency),
                usage_identifier_key: answer.usage_identifier_key.clone(),
                invoked_function: cached.is_none().then(|| self.function_name.clone()),
                explanation: format!(
                    "Lambda authorizer {} ({how}) allows principal {:?}",
                    self.name, answer.principal_id
                ),
            }),
            PolicyDecision::ExplicitDeny(reason) => Err(RestError::explicit_deny(format!(
                "Lambda authorizer {} ({how}) denied the request: {reason}",
                self.name
            ))),
            PolicyDecision::ImplicitDeny(reason) => Err(RestError::implicit_deny(format!(
                "Lambda authorizer {} ({how}) did not allow the request: {reason}",
                self.name
            ))),
        }
    }
}

/// `requestContext.authorizer` (aws-rest-api.md §4.5): `principalId`, `integrationLatency` in
/// milliseconds, then the stringified context.
// Unconfirmed: a context key named principalId or integrationLatency replaces gantry's.
fn authorizer_context(answer: &LambdaAnswer, latency: Duration) -> Value {
    let mut context = Map::new();
    context.insert("principalId".into(), json!(answer.principal_id));
    context.insert(
        "integrationLatency".into(),
        json!(u64::try_from(latency.as_millis()).unwrap_or(u64::MAX)),
    );
    for (key, value) in &answer.context {
        context.insert(key.clone(), value.clone());
    }
    Value::Object(context)
}
