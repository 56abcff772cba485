//! REST authorizers (aws-rest-api.md §4): Lambda `TOKEN` and `REQUEST` authorizers with
//! their policy answers and result cache ([`lambda`]), and Cognito user pool authorizers
//! ([`cognito`]). Compiled once per API deployment and shared by the methods that use
//! them. `AWS_IAM` methods are checked by [`crate::rest::iam`], not here.
//!
//! An authorizer gantry cannot serve (no function, an unreadable identity source or
//! expression, no built-in issuer) is still compiled: it answers every request with a
//! 500 naming why, and never lets one through.

pub mod answer;
pub mod cognito;
pub mod identity;
pub mod lambda;

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use lambda_host::Invoke;
use regex::Regex;
use store::model::apigateway::{Authorizer, RestAuthorizerType};
use store::model::cognito::{UserPool, UserPoolClient};

use crate::jwt::IssuerKeys;
use crate::lambda_authorizer::{AuthorizerCache, DEFAULT_AUTHORIZER_CACHE_CAPACITY};
use crate::lambda_target::{LambdaResources, function_arn_of};
use crate::rest::{RestError, RestRequest, RestRequestContext};

/// The API an authorizer belongs to, for ARNs and the invoke-permission check.
#[derive(Debug, Clone, Copy)]
pub struct RestApiFacts<'a> {
    /// `AWS::Partition` of the API's stack.
    pub partition: &'static arn::Partition,
    /// `AWS::Region` of the API's stack.
    pub region: &'a str,
    /// The owning account.
    pub account_id: &'a str,
    /// The API id.
    pub rest_api_id: &'a str,
}

/// The deployed Cognito user pools and app clients; gantry's built-in issuer stands in
/// for every pool (aws-rest-api.md §4.6).
#[derive(Debug, Clone, Copy, Default)]
pub struct CognitoUserPools<'a> {
    /// `AWS::Cognito::UserPool`s of every stack.
    pub pools: &'a [&'a UserPool],
    /// `AWS::Cognito::UserPoolClient`s of every stack.
    pub clients: &'a [&'a UserPoolClient],
}

/// A compiled authorizer; one that cannot be served answers every request with a 500
/// naming why (fail closed).
#[derive(Debug)]
pub struct RestAuthorizer {
    /// `Name`.
    pub name: String,
    /// `AuthorizerId`.
    pub authorizer_id: String,
    /// `Type`: `TOKEN`, `REQUEST` or `COGNITO_USER_POOLS`.
    pub authorizer_type: RestAuthorizerType,
    kind: Kind,
}

/// What decides a request.
#[derive(Debug)]
enum Kind {
    Lambda(lambda::LambdaRestAuthorizer),
    Cognito(cognito::CognitoAuthorizer),
    /// Why gantry cannot serve it (500 for every request).
    Unservable(String),
}

/// `AuthorizerResultTtlInSeconds` when absent (aws-rest-api.md §4.1).
pub const DEFAULT_RESULT_TTL_SECONDS: u32 = 300;
/// The identity source of TOKEN and Cognito authorizers when absent.
const DEFAULT_TOKEN_HEADER: &str = "Authorization";
const HEADER_SOURCE_PREFIX: &str = "method.request.header.";

/// What a method's authorizer is asked to decide.
#[derive(Debug, Clone)]
pub struct AuthorizeInput<'a> {
    /// The request.
    pub request: RestRequest<'a>,
    /// `requestContext` as far as it is known before authorization.
    pub context: &'a RestRequestContext<'a>,
    /// `methodArn`: `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}`
    /// with the request's verb and path (aws-rest-api.md §4.2).
    pub method_arn: &'a str,
    /// The method's `AuthorizationScopes` (Cognito).
    pub scopes: &'a [String],
}

/// What an authorizer established.
#[derive(Debug, Clone, PartialEq)]
pub struct Authorized {
    /// `requestContext.authorizer` as AWS fills it (aws-rest-api.md §4.5, §4.6).
    pub context: serde_json::Value,
    /// The Lambda authorizer's `usageIdentifierKey` (API key source `AUTHORIZER`).
    pub usage_identifier_key: Option<String>,
    /// The authorizer's function invocation, for the access log.
    pub invoked_function: Option<String>,
    /// Why the request was allowed (principal, cached or not), for the access log.
    pub explanation: String,
}

impl RestAuthorizer {
    /// Compiles `authorizer` of the API `api`.
    pub(crate) fn compile(
        api: RestApiFacts<'_>,
        authorizer: &Authorizer,
        lambda: &LambdaResources<'_>,
        user_pools: CognitoUserPools<'_>,
        keys: &IssuerKeys,
    ) -> Arc<Self> {
        let kind = match authorizer.authorizer_type {
            RestAuthorizerType::Token | RestAuthorizerType::Request => {
                compile_lambda(api, authorizer, lambda).map(Kind::Lambda)
            }
            RestAuthorizerType::CognitoUserPools => {
                compile_cognito(authorizer, user_pools, keys).map(Kind::Cognito)
            }
        };
        Arc::new(Self {
            name: authorizer.name.clone(),
            authorizer_id: authorizer.authorizer_id.clone(),
            authorizer_type: authorizer.authorizer_type,
            kind: kind.unwrap_or_else(Kind::Unservable),
        })
    }

    /// Why gantry cannot serve this authorizer, if it cannot (for a deploy-time warning).
    pub fn unservable(&self) -> Option<&str> {
        match &self.kind {
            Kind::Unservable(why) => Some(why),
            Kind::Lambda(_) | Kind::Cognito(_) => None,
        }
    }

    /// Decides a request: `Ok` with what the integration sees, or the 401/403/500 AWS
    /// answers.
    pub async fn authorize(
        &self,
        input: &AuthorizeInput<'_>,
        invoker: &dyn Invoke,
        now: Instant,
    ) -> Result<Authorized, RestError> {
        self.authorize_at(input, invoker, now, SystemTime::now())
            .await
    }

    /// [`RestAuthorizer::authorize`] with the wall-clock time tokens' `exp` is checked
    /// against.
    pub async fn authorize_at(
        &self,
        input: &AuthorizeInput<'_>,
        invoker: &dyn Invoke,
        now: Instant,
        wall_clock: SystemTime,
    ) -> Result<Authorized, RestError> {
        match &self.kind {
            Kind::Lambda(lambda) => lambda.authorize(input, invoker, now).await,
            Kind::Cognito(cognito) => cognito.authorize(input, wall_clock).await,
            Kind::Unservable(why) => Err(RestError::authorizer_configuration(format!(
                "authorizer {} cannot be served: {why}",
                self.name
            ))),
        }
    }
}

fn compile_lambda(
    api: RestApiFacts<'_>,
    authorizer: &Authorizer,
    lambda: &LambdaResources<'_>,
) -> Result<lambda::LambdaRestAuthorizer, String> {
    let uri = authorizer.authorizer_uri.as_deref().unwrap_or_default();
    let function_arn = function_arn_of(uri)
        .ok_or_else(|| format!("AuthorizerUri {uri:?} does not name a Lambda function"))?;
    let function = lambda.function(function_arn)?;
    let identity = match authorizer.authorizer_type {
        RestAuthorizerType::Token => lambda::Identity::Token {
            header: token_header(authorizer)?,
            validation: validation_expression(authorizer)?,
        },
        _ => lambda::Identity::Request(identity::IdentitySource::parse_list(
            authorizer.identity_source.as_deref().unwrap_or_default(),
        )?),
    };
    let source_arn = arn::Arn::execute_api(
        api.partition,
        api.region,
        api.account_id,
        api.rest_api_id,
        &format!("/authorizers/{}", authorizer.authorizer_id),
    )
    .to_string();
    let permission = lambda.check(
        function,
        function_arn,
        authorizer.authorizer_credentials.as_deref(),
        &source_arn,
        api.account_id,
    );
    let ttl = authorizer
        .authorizer_result_ttl_in_seconds
        .unwrap_or(DEFAULT_RESULT_TTL_SECONDS);
    Ok(lambda::LambdaRestAuthorizer {
        name: authorizer.name.clone(),
        identity,
        function_name: function.function_name.clone(),
        permission,
        source_arn,
        cache: AuthorizerCache::new(
            Duration::from_secs(u64::from(ttl)),
            DEFAULT_AUTHORIZER_CACHE_CAPACITY,
        ),
    })
}

fn compile_cognito(
    authorizer: &Authorizer,
    user_pools: CognitoUserPools<'_>,
    keys: &IssuerKeys,
) -> Result<cognito::CognitoAuthorizer, String> {
    let issuer = keys.builtin_issuer().ok_or_else(|| {
        "no built-in issuer runs to stand in for its user pools (run it with `gantry up`)"
            .to_owned()
    })?;
    let pools: Vec<&str> = user_pools
        .pools
        .iter()
        .filter(|pool| authorizer.provider_arns.contains(&pool.arn))
        .map(|pool| pool.user_pool_id.as_str())
        .collect();
    let client_ids = user_pools
        .clients
        .iter()
        .filter(|client| pools.contains(&client.user_pool_id.as_str()))
        .map(|client| client.client_id.clone())
        .collect();
    Ok(cognito::CognitoAuthorizer {
        name: authorizer.name.clone(),
        header: token_header(authorizer)?,
        issuer: issuer.to_owned(),
        keys: keys.source(issuer),
        client_ids,
        validation: validation_expression(authorizer)?,
    })
}

/// The header of a TOKEN or Cognito authorizer's `IdentitySource`.
fn token_header(authorizer: &Authorizer) -> Result<String, String> {
    let Some(source) = authorizer.identity_source.as_deref().map(str::trim) else {
        return Ok(DEFAULT_TOKEN_HEADER.to_owned());
    };
    source
        .strip_prefix(HEADER_SOURCE_PREFIX)
        .filter(|name| !name.is_empty() && !name.contains(','))
        .map(str::to_owned)
        .ok_or_else(|| {
            format!(
                "IdentitySource {source:?} is not one header (method.request.header.NAME), as a {} authorizer needs",
                authorizer.authorizer_type
            )
        })
}

/// `IdentityValidationExpression`, matched against the whole value.
// Unconfirmed: AWS does not say whether the expression is anchored; gantry requires a
// full match (aws-rest-api.md §4.2).
fn validation_expression(authorizer: &Authorizer) -> Result<Option<Regex>, String> {
    authorizer
        .identity_validation_expression
        .as_deref()
        .filter(|expression| !expression.is_empty())
        .map(|expression| {
            Regex::new(&format!("^(?:{expression})$")).map_err(|e| {
                format!("IdentityValidationExpression {expression:?} is not a valid regular expression: {e}")
            })
        })
        .transpose()
}

#[cfg(test)]
mod tests;
