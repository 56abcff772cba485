//! The routes of one API: each with its authorization (authorizers compiled once and
//! shared by their routes) and its integration resolved to a deployed function, from the
//! `Route` resources and from quick create.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use store::model::{
    ApiGatewayManagedOverrides, AuthorizationType, IntegrationType, PayloadFormatVersion,
    QuickCreate, Route,
};

use super::CompileError;
use super::inventory::Inventory;
use crate::deployment::http_proxy_target::{self, HttpProxySettings};
use crate::deployment::{LambdaIntegration, RouteAuthorization, RouteIntegration, ServedRoute};
use crate::jwt::{IssuerKeys, JwtAuthorizer, JwtAuthorizerConfig};
use crate::lambda_target::function_arn_of;
use crate::route::RouteKey;
use crate::stage::has_stage_variables;

/// Quick create's integration timeout when no override sets one (the HTTP API maximum).
const DEFAULT_TIMEOUT_IN_MILLIS: u32 = 30_000;

/// An integration as the data plane needs it, from a resource or from quick create.
#[derive(Clone, Copy)]
pub(super) struct IntegrationSpec<'a> {
    pub(super) integration_id: &'a str,
    integration_type: IntegrationType,
    pub(super) integration_uri: Option<&'a str>,
    payload_format_version: PayloadFormatVersion,
    credentials_arn: Option<&'a str>,
    timeout_in_millis: u32,
    integration_subtype: Option<&'a str>,
    integration_method: Option<&'a str>,
    request_parameters: Option<&'a BTreeMap<String, String>>,
    response_parameters: Option<&'a BTreeMap<String, BTreeMap<String, String>>>,
}

impl<'a> IntegrationSpec<'a> {
    /// The same integration with another `IntegrationUri` (resolved for a stage).
    pub(super) fn with_uri<'u>(self, integration_uri: &'u str) -> IntegrationSpec<'u>
    where
        'a: 'u,
    {
        IntegrationSpec {
            integration_uri: Some(integration_uri),
            ..self
        }
    }
}

/// A route's authorization as written: type, authorizer and scopes.
type Authorization<'a> = (AuthorizationType, Option<&'a str>, &'a [String]);

/// The routes of one API as they are compiled.
pub(super) struct Routes<'i, 'a> {
    api_id: &'a str,
    inventory: &'i Inventory<'a>,
    keys: &'i IssuerKeys,
    /// JWT authorizers by id: one per authorizer, shared by its routes (and token cache).
    authorizers: HashMap<String, Arc<JwtAuthorizer>>,
    /// Lambda authorizers by id, compiled once and shared by their routes (and cache).
    lambda_authorizers: HashMap<String, RouteAuthorization>,
    /// The routes, in the order they were added (their `index`).
    pub(super) routes: Vec<(RouteKey, ServedRoute)>,
    /// Each route's integration `CredentialsArn`, by route index.
    pub(super) credentials: Vec<Option<String>>,
    /// By route index: the integration when its `IntegrationUri` uses stage variables, to
    /// be resolved for each stage (`stage_routes`).
    pub(super) staged: Vec<Option<IntegrationSpec<'a>>>,
}

impl<'i, 'a> Routes<'i, 'a> {
    pub(super) fn new(api_id: &'a str, inventory: &'i Inventory<'a>, keys: &'i IssuerKeys) -> Self {
        Self {
            api_id,
            inventory,
            keys,
            authorizers: HashMap::new(),
            lambda_authorizers: HashMap::new(),
            routes: Vec::new(),
            credentials: Vec::new(),
            staged: Vec::new(),
        }
    }

    /// The route and integration quick create (`Target` on the Api) makes, with the
    /// API's `ApiGatewayManagedOverrides` applied.
    pub(super) fn add_quick_create(
        &mut self,
        quick: &'a QuickCreate,
        overrides: Option<&'a ApiGatewayManagedOverrides>,
    ) -> Result<(), CompileError> {
        let route_overrides = overrides.and_then(|o| o.route.as_ref());
        let authorization = (
            route_overrides
                .and_then(|o| o.authorization_type)
                .unwrap_or(AuthorizationType::None),
            route_overrides.and_then(|o| o.authorizer_id.as_deref()),
            route_overrides
                .and_then(|o| o.authorization_scopes.as_deref())
                .unwrap_or(&[]),
        );
        let integration_type = if function_arn_of(&quick.target).is_some() {
            IntegrationType::AwsProxy
        } else {
            IntegrationType::HttpProxy
        };
        let spec = IntegrationSpec {
            integration_id: &quick.integration_id,
            integration_type,
            integration_uri: Some(&quick.target),
            // Quick create makes payload format 2.0 Lambda integrations.
            payload_format_version: overrides
                .and_then(|o| o.integration_payload_format_version)
                .unwrap_or(PayloadFormatVersion::V2_0),
            credentials_arn: quick.credentials_arn.as_deref(),
            timeout_in_millis: overrides
                .and_then(|o| o.integration_timeout_in_millis)
                .unwrap_or(DEFAULT_TIMEOUT_IN_MILLIS),
            integration_subtype: None,
            integration_method: None,
            request_parameters: None,
            response_parameters: None,
        };
        self.add(&quick.route_id, &quick.route_key, authorization, Ok(spec))
    }

    /// An `AWS::ApiGatewayV2::Route` with the integration its `Target` names.
    pub(super) fn add_route(&mut self, route: &'a Route) -> Result<(), CompileError> {
        let api_id = self.api_id;
        let target = route
            .target
            .as_deref()
            .and_then(|t| t.strip_prefix("integrations/"));
        let integration = match target {
            Some(id) => match self.inventory.integrations.get(&(api_id, id)) {
                Some(i) => Ok(IntegrationSpec {
                    integration_id: &i.integration_id,
                    integration_type: i.integration_type,
                    integration_uri: i.integration_uri.as_deref(),
                    payload_format_version: i.payload_format_version,
                    credentials_arn: i.credentials_arn.as_deref(),
                    timeout_in_millis: i.timeout_in_millis,
                    integration_subtype: i.integration_subtype.as_deref(),
                    integration_method: i.integration_method.as_deref(),
                    request_parameters: Some(&i.request_parameters),
                    response_parameters: Some(&i.response_parameters),
                }),
                None => Err(format!(
                    "route {:?} targets integrations/{id}, which is not an integration of API {api_id}",
                    route.route_key
                )),
            },
            // Unconfirmed: AWS's answer for a route without a target is not documented.
            None => Err(format!(
                "route {:?} has no Target; set Target: !Sub integrations/${{MyIntegration}}",
                route.route_key
            )),
        };
        let authorization = (
            route.authorization_type,
            route.authorizer_id.as_deref(),
            route.authorization_scopes.as_slice(),
        );
        self.add(
            &route.route_id,
            &route.route_key,
            authorization,
            integration,
        )
    }

    fn add(
        &mut self,
        route_id: &str,
        route_key: &str,
        authorization: Authorization<'_>,
        integration: Result<IntegrationSpec<'a>, String>,
    ) -> Result<(), CompileError> {
        let key = RouteKey::parse(route_key).map_err(|source| CompileError::RouteKey {
            api_id: self.api_id.to_owned(),
            route_key: route_key.to_owned(),
            source,
        })?;
        let authorization_type = authorization.0;
        let authorization = route_authorization(
            self.api_id,
            authorization,
            self.inventory,
            self.keys,
            &mut self.authorizers,
            &mut self.lambda_authorizers,
        )?;
        let (integration, credentials_arn, staged) = match integration {
            // Lambda targets are resolved per stage here; an HTTP URL keeps its variables
            // for the request (path parameters fill it too).
            Ok(spec)
                if spec.integration_type == IntegrationType::AwsProxy
                    && spec.integration_uri.is_some_and(has_stage_variables) =>
            {
                (
                    RouteIntegration::Unavailable(format!(
                        "integration {}'s IntegrationUri uses stage variables and is resolved for each stage",
                        spec.integration_id
                    )),
                    spec.credentials_arn.map(str::to_owned),
                    Some(spec),
                )
            }
            Ok(spec) => (
                route_integration(&spec, self.inventory),
                spec.credentials_arn.map(str::to_owned),
                None,
            ),
            Err(reason) => (RouteIntegration::Unavailable(reason), None, None),
        };
        self.credentials.push(credentials_arn);
        self.staged.push(staged);
        let index = self.routes.len();
        self.routes.push((
            key.clone(),
            ServedRoute {
                route_id: route_id.to_owned(),
                route_key: key,
                authorization,
                authorization_type,
                integration,
                index,
            },
        ));
        Ok(())
    }
}

fn route_authorization(
    api_id: &str,
    (authorization_type, authorizer_id, scopes): Authorization<'_>,
    inventory: &Inventory<'_>,
    keys: &IssuerKeys,
    cache: &mut HashMap<String, Arc<JwtAuthorizer>>,
    lambda_authorizers: &mut HashMap<String, RouteAuthorization>,
) -> Result<RouteAuthorization, CompileError> {
    match authorization_type {
        AuthorizationType::None => Ok(RouteAuthorization::None),
        AuthorizationType::Custom => Ok(super::lambda_authorizers::route_authorization(
            api_id,
            authorizer_id,
            inventory,
            lambda_authorizers,
        )),
        AuthorizationType::AwsIam => Ok(RouteAuthorization::Iam),
        AuthorizationType::Jwt => {
            let Some(authorizer_id) = authorizer_id else {
                return Ok(RouteAuthorization::Unsupported(
                    "the route has AuthorizationType JWT but no AuthorizerId; set AuthorizerId: !Ref MyAuthorizer".to_owned(),
                ));
            };
            let Some(authorizer) = inventory.authorizers.get(&(api_id, authorizer_id)) else {
                return Ok(RouteAuthorization::Unsupported(format!(
                    "the route's AuthorizerId {authorizer_id} is not an authorizer of API {api_id}"
                )));
            };
            let Some(jwt) = &authorizer.jwt_configuration else {
                return Ok(RouteAuthorization::Unsupported(format!(
                    "the route has AuthorizationType JWT but authorizer {} is of type {}; use AuthorizationType CUSTOM or a JWT authorizer",
                    authorizer.name, authorizer.authorizer_type
                )));
            };
            let authorizer = match cache.get(authorizer_id) {
                Some(existing) => existing.clone(),
                None => {
                    let config = JwtAuthorizerConfig::new(
                        jwt.issuer.clone(),
                        jwt.audience.clone(),
                        &authorizer.identity_source,
                    )
                    .map_err(|source| CompileError::JwtAuthorizer {
                        api_id: api_id.to_owned(),
                        authorizer_id: authorizer_id.to_owned(),
                        source,
                    })?;
                    let created = Arc::new(JwtAuthorizer::new(config, keys));
                    cache.insert(authorizer_id.to_owned(), created.clone());
                    created
                }
            };
            Ok(RouteAuthorization::Jwt {
                authorizer,
                scopes: scopes.to_vec(),
            })
        }
    }
}

/// The integration `spec` describes, with `spec.integration_uri` as it stands.
pub(super) fn route_integration(
    spec: &IntegrationSpec<'_>,
    inventory: &Inventory<'_>,
) -> RouteIntegration {
    if let Some(subtype) = spec.integration_subtype {
        return http_proxy_target::aws_service_integration(spec.integration_id, subtype);
    }
    if spec.integration_type == IntegrationType::HttpProxy {
        return http_proxy_target::http_proxy(&HttpProxySettings {
            integration_id: spec.integration_id,
            integration_uri: spec.integration_uri,
            integration_method: spec.integration_method,
            timeout_in_millis: spec.timeout_in_millis,
            request_parameters: spec.request_parameters,
            response_parameters: spec.response_parameters,
        });
    }
    if spec.request_parameters.is_some_and(|p| !p.is_empty())
        || spec.response_parameters.is_some_and(|p| !p.is_empty())
    {
        return http_proxy_target::lambda_with_mappings(spec.integration_id);
    }
    if spec.integration_type != IntegrationType::AwsProxy {
        return RouteIntegration::Unavailable(format!(
            "integration {} is of type {}; gantry serves Lambda proxy (AWS_PROXY) integrations only",
            spec.integration_id, spec.integration_type
        ));
    }
    let Some(function_arn) = spec.integration_uri.and_then(function_arn_of) else {
        return RouteIntegration::Unavailable(format!(
            "integration {} has IntegrationUri {:?}, which is not a Lambda function; gantry serves Lambda proxy integrations only",
            spec.integration_id,
            spec.integration_uri.unwrap_or("")
        ));
    };
    match inventory.lambda.function(function_arn) {
        Ok(function) => RouteIntegration::Lambda(Arc::new(LambdaIntegration {
            integration_id: spec.integration_id.to_owned(),
            function_name: function.function_name.clone(),
            function_arn: function_arn.to_owned(),
            timeout: Duration::from_millis(u64::from(spec.timeout_in_millis)),
            payload_format_version: spec.payload_format_version,
        })),
        Err(reason) => RouteIntegration::Unavailable(reason),
    }
}
