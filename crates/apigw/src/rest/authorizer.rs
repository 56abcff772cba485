//! REST authorizers (aws-rest-api.md §4): Lambda `TOKEN` and `REQUEST` authorizers with
//! their policy answers and result cache, and Cognito user pool authorizers. Compiled
//! once per API deployment and shared by the methods that use them.
//!
//! STUB: the interface the pipeline calls; the authorizer helper replaces the bodies.

use std::sync::Arc;
use std::time::Instant;

use lambda_host::Invoke;
use store::model::apigateway::Authorizer;
use store::model::cognito::{UserPool, UserPoolClient};

use crate::jwt::IssuerKeys;
use crate::lambda_target::LambdaResources;
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
}

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
    #[allow(dead_code)] // STUB: called once the pipeline lands.
    pub(crate) fn compile(
        api: RestApiFacts<'_>,
        authorizer: &Authorizer,
        lambda: &LambdaResources<'_>,
        user_pools: CognitoUserPools<'_>,
        keys: &IssuerKeys,
    ) -> Arc<Self> {
        let _ = (api, lambda, user_pools, keys);
        Arc::new(Self {
            name: authorizer.name.clone(),
            authorizer_id: authorizer.authorizer_id.clone(),
        })
    }

    /// Decides a request: `Ok` with what the integration sees, or the 401/403/500 AWS
    /// answers.
    pub async fn authorize(
        &self,
        input: &AuthorizeInput<'_>,
        invoker: &dyn Invoke,
        now: Instant,
    ) -> Result<Authorized, RestError> {
        let _ = (input, invoker, now);
        Err(RestError::authorizer_configuration(format!(
            "authorizer {} is not served yet",
            self.name
        )))
    }
}
