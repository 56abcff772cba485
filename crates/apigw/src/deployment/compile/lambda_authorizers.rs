//! Lambda `REQUEST` authorizers, compiled once per API and shared by the routes that use
//! them (with their result cache): the function resolved from `AuthorizerUri`, the
//! identity sources parsed, the TTL decided, and the invoke permission checked for the
//! source ARN `{apiId}/authorizers/{authorizerId}` (§9.2).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use arn::{Arn, Partition};
use store::model::{Authorizer, AuthorizerType, PayloadFormatVersion};

use super::inventory::Inventory;
use crate::deployment::RouteAuthorization;
use crate::lambda_authorizer::{
    AuthorizerCache, DEFAULT_AUTHORIZER_CACHE_CAPACITY, IdentitySource, LambdaAuthorizer,
};
use crate::lambda_target::function_arn_of;

/// The TTL of an authorizer with identity sources whose template sets none.
// Unconfirmed: today's API reference names no default for HTTP APIs; the first
// ApiGatewayV2 API model documented 300, as REST APIs do (§3.1). Without identity sources
// there is no cache key, so nothing is cached.
const DEFAULT_TTL_SECONDS: u32 = 300;

/// The authorization of a route with `AuthorizationType: CUSTOM`; `compiled` keeps each
/// authorizer's result by id so its routes share one authorizer and one cache.
pub(super) fn route_authorization(
    api_id: &str,
    authorizer_id: Option<&str>,
    inventory: &Inventory<'_>,
    compiled: &mut HashMap<String, RouteAuthorization>,
) -> RouteAuthorization {
    let Some(authorizer_id) = authorizer_id else {
        return RouteAuthorization::Unsupported(
            "the route has AuthorizationType CUSTOM but no AuthorizerId; set AuthorizerId: !Ref MyLambdaAuthorizer".to_owned(),
        );
    };
    if let Some(existing) = compiled.get(authorizer_id) {
        return existing.clone();
    }
    let authorization = match inventory.authorizers.get(&(api_id, authorizer_id)) {
        None => RouteAuthorization::Unsupported(format!(
            "the route's AuthorizerId {authorizer_id} is not an authorizer of API {api_id}"
        )),
        Some(authorizer) => match compile(api_id, authorizer, inventory) {
            Ok(lambda) => RouteAuthorization::Lambda {
                authorizer: Arc::new(lambda),
            },
            Err(reason) => RouteAuthorization::Unsupported(format!(
                "Lambda authorizer {}: {reason}",
                authorizer.name
            )),
        },
    };
    compiled.insert(authorizer_id.to_owned(), authorization.clone());
    authorization
}

fn compile(
    api_id: &str,
    authorizer: &Authorizer,
    inventory: &Inventory<'_>,
) -> Result<LambdaAuthorizer, String> {
    if authorizer.authorizer_type != AuthorizerType::Request {
        return Err(format!(
            "the route has AuthorizationType CUSTOM but the authorizer is of type {}; use AuthorizationType JWT for it",
            authorizer.authorizer_type
        ));
    }
    let Some((stack, _)) = inventory.apis.iter().find(|(_, api)| api.api_id == api_id) else {
        return Err(format!("API {api_id} is not deployed"));
    };
    let uri = authorizer.authorizer_uri.as_deref().unwrap_or_default();
    let function_arn = function_arn_of(uri)
        .ok_or_else(|| format!("AuthorizerUri {uri:?} does not name a Lambda function"))?;
    let function = inventory.lambda.function(function_arn)?;
    let identity_sources = authorizer
        .identity_source
        .iter()
        .map(|source| IdentitySource::parse(source))
        .collect::<Result<Vec<_>, _>>()?;
    let ttl = match authorizer.authorizer_result_ttl_in_seconds {
        Some(ttl) => ttl,
        None if identity_sources.is_empty() => 0,
        None => DEFAULT_TTL_SECONDS,
    };
    let partition = Partition::of_region(&stack.region);
    let source_arn = Arn::execute_api(
        partition,
        &stack.region,
        &stack.account_id,
        api_id,
        &format!("/authorizers/{}", authorizer.authorizer_id),
    )
    .to_string();
    let permission = inventory.lambda.check(
        function,
        function_arn,
        authorizer.authorizer_credentials_arn.as_deref(),
        &source_arn,
        &stack.account_id,
    );
    Ok(LambdaAuthorizer {
        name: authorizer.name.clone(),
        authorizer_id: authorizer.authorizer_id.clone(),
        function_name: function.function_name.clone(),
        payload_format_version: authorizer
            .authorizer_payload_format_version
            .unwrap_or(PayloadFormatVersion::V2_0),
        simple_responses: authorizer.enable_simple_responses,
        identity_sources,
        permission,
        source_arn,
        cache: AuthorizerCache::new(
            Duration::from_secs(u64::from(ttl)),
            DEFAULT_AUTHORIZER_CACHE_CAPACITY,
        ),
    })
}
