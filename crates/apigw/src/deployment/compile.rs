//! Compiling stored resource models into a [`Deployment`].

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use arn::Partition;
use store::StackRecord;
use store::model::{
    Api, ApiGatewayManagedOverrides, AuthorizationType, Authorizer, Integration, IntegrationType,
    PayloadFormatVersion, ResourceModel, Route, Stage,
};

use super::lambda_target::{LambdaResources, function_arn_of};
use super::{
    Deployment, LambdaIntegration, RouteAuthorization, RouteIntegration, ServedApi, ServedRoute,
    ServedStage,
};
use crate::jwt::{IssuerKeys, JwtAuthorizer, JwtAuthorizerConfig, JwtConfigError};
use crate::permission::execute_api_source_arn;
use crate::route::{RouteKey, RouteKeyError, RouteTable, RouteTableError};
use crate::stage::{DEFAULT_STAGE_NAME, StageTable};

/// Why deployed resources cannot be served. Caught at deploy time, so the deployment
/// fails with this reason instead of serving something broken.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// A route key cannot be parsed.
    #[error("API {api_id}: route key {route_key:?}: {source}")]
    RouteKey {
        /// The API.
        api_id: String,
        /// The key as written.
        route_key: String,
        /// What is wrong with it.
        source: RouteKeyError,
    },
    /// Two routes conflict.
    #[error("API {api_id}: {source}")]
    Routes {
        /// The API.
        api_id: String,
        /// The conflict.
        source: RouteTableError,
    },
    /// A JWT authorizer's configuration is unusable.
    #[error("API {api_id}, authorizer {authorizer_id}: {source}")]
    JwtAuthorizer {
        /// The API.
        api_id: String,
        /// The authorizer.
        authorizer_id: String,
        /// What is wrong.
        source: JwtConfigError,
    },
}

/// An integration as the data plane needs it, from a resource or from quick create.
struct IntegrationSpec<'a> {
    integration_id: &'a str,
    integration_type: IntegrationType,
    integration_uri: Option<&'a str>,
    payload_format_version: PayloadFormatVersion,
    credentials_arn: Option<&'a str>,
    timeout_in_millis: u32,
}

/// The resources of all stacks, grouped for compiling.
#[derive(Default)]
struct Inventory<'a> {
    apis: Vec<(&'a StackRecord, &'a Api)>,
    stages: Vec<&'a Stage>,
    routes: Vec<&'a Route>,
    integrations: HashMap<(&'a str, &'a str), &'a Integration>,
    authorizers: HashMap<(&'a str, &'a str), &'a Authorizer>,
    overrides: HashMap<&'a str, &'a ApiGatewayManagedOverrides>,
    lambda: LambdaResources<'a>,
}

/// Compiles every HTTP API of `stacks`. `keys` is the gateway's issuer-key cache, shared
/// by authorizers across deployments.
pub fn compile(stacks: &[StackRecord], keys: &IssuerKeys) -> Result<Deployment, CompileError> {
    let inventory = inventory(stacks);
    let mut apis = BTreeMap::new();
    for (stack, api) in &inventory.apis {
        let served = compile_api(stack, api, &inventory, keys)?;
        apis.insert(api.api_id.clone(), Arc::new(served));
    }
    Ok(Deployment { apis })
}

fn inventory(stacks: &[StackRecord]) -> Inventory<'_> {
    let mut inventory = Inventory::default();
    for stack in stacks {
        for record in &stack.resources {
            match &record.model {
                ResourceModel::Api(api) => inventory.apis.push((stack, api)),
                ResourceModel::Stage(stage) => inventory.stages.push(stage),
                ResourceModel::Route(route) => inventory.routes.push(route),
                ResourceModel::Integration(i) => {
                    inventory
                        .integrations
                        .insert((&i.api_id, &i.integration_id), i);
                }
                ResourceModel::Authorizer(a) => {
                    inventory
                        .authorizers
                        .insert((&a.api_id, &a.authorizer_id), a);
                }
                ResourceModel::ApiGatewayManagedOverrides(o) => {
                    inventory.overrides.insert(&o.api_id, o);
                }
                ResourceModel::Function(f) => inventory.lambda.functions.push(f),
                ResourceModel::Permission(p) => inventory.lambda.permissions.push(p),
                ResourceModel::Role(r) => inventory.lambda.roles.push(r),
                ResourceModel::Policy(p) => inventory.lambda.policies.push(p),
                ResourceModel::Deployment(_)
                | ResourceModel::LogGroup(_)
                | ResourceModel::Placeholder { .. } => {}
            }
        }
    }
    inventory
}

fn compile_api(
    stack: &StackRecord,
    api: &Api,
    inventory: &Inventory<'_>,
    keys: &IssuerKeys,
) -> Result<ServedApi, CompileError> {
    let api_id = api.api_id.as_str();
    let overrides = inventory.overrides.get(api_id).copied();

    // Stages: the API's Stage resources, plus the auto-deploying `$default` stage that
    // quick create makes.
    let mut stage_names: Vec<(String, Vec<(String, String)>)> = inventory
        .stages
        .iter()
        .filter(|stage| stage.api_id == api_id)
        .map(|stage| {
            let variables = stage
                .stage_variables
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            (stage.stage_name.clone(), variables)
        })
        .collect();
    if api.quick_create.is_some()
        && !stage_names
            .iter()
            .any(|(name, _)| name == DEFAULT_STAGE_NAME)
    {
        stage_names.push((DEFAULT_STAGE_NAME.to_owned(), Vec::new()));
    }

    // Routes with their integrations (quick create's first, then the Route resources).
    let mut authorizers: HashMap<String, Arc<JwtAuthorizer>> = HashMap::new();
    let mut routes = Vec::new();
    let mut credentials: Vec<Option<String>> = Vec::new();
    let mut add_route = |route_id: &str,
                         route_key: &str,
                         authorization: (AuthorizationType, Option<&str>, &[String]),
                         integration: Result<IntegrationSpec<'_>, String>|
     -> Result<(), CompileError> {
        let key = RouteKey::parse(route_key).map_err(|source| CompileError::RouteKey {
            api_id: api_id.to_owned(),
            route_key: route_key.to_owned(),
            source,
        })?;
        let authorization =
            route_authorization(api_id, authorization, inventory, keys, &mut authorizers)?;
        let (integration, credentials_arn) = match integration {
            Ok(spec) => (
                route_integration(&spec, inventory),
                spec.credentials_arn.map(str::to_owned),
            ),
            Err(reason) => (RouteIntegration::Unavailable(reason), None),
        };
        credentials.push(credentials_arn);
        let index = routes.len();
        routes.push((
            key.clone(),
            ServedRoute {
                route_id: route_id.to_owned(),
                route_key: key,
                authorization,
                integration,
                index,
            },
        ));
        Ok(())
    };

    if let Some(quick) = &api.quick_create {
        let route_overrides = overrides.and_then(|o| o.route.as_ref());
        let authorization_type = route_overrides
            .and_then(|o| o.authorization_type)
            .unwrap_or(AuthorizationType::None);
        let authorizer_id = route_overrides.and_then(|o| o.authorizer_id.as_deref());
        let scopes: &[String] = route_overrides
            .and_then(|o| o.authorization_scopes.as_deref())
            .unwrap_or(&[]);
        let is_lambda = function_arn_of(&quick.target).is_some();
        let spec = IntegrationSpec {
            integration_id: &quick.integration_id,
            integration_type: if is_lambda {
                IntegrationType::AwsProxy
            } else {
                IntegrationType::HttpProxy
            },
            integration_uri: Some(&quick.target),
            // Quick create makes payload format 2.0 Lambda integrations.
            payload_format_version: overrides
                .and_then(|o| o.integration_payload_format_version)
                .unwrap_or(PayloadFormatVersion::V2_0),
            credentials_arn: quick.credentials_arn.as_deref(),
            timeout_in_millis: overrides
                .and_then(|o| o.integration_timeout_in_millis)
                .unwrap_or(30_000),
        };
        add_route(
            &quick.route_id,
            &quick.route_key,
            (authorization_type, authorizer_id, scopes),
            Ok(spec),
        )?;
    }
    for route in inventory
        .routes
        .iter()
        .filter(|route| route.api_id == api_id)
    {
        let integration = match route
            .target
            .as_deref()
            .and_then(|t| t.strip_prefix("integrations/"))
        {
            Some(id) => match inventory.integrations.get(&(api_id, id)) {
                Some(i) => Ok(IntegrationSpec {
                    integration_id: &i.integration_id,
                    integration_type: i.integration_type,
                    integration_uri: i.integration_uri.as_deref(),
                    payload_format_version: i.payload_format_version,
                    credentials_arn: i.credentials_arn.as_deref(),
                    timeout_in_millis: i.timeout_in_millis,
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
        add_route(
            &route.route_id,
            &route.route_key,
            (
                route.authorization_type,
                route.authorizer_id.as_deref(),
                &route.authorization_scopes,
            ),
            integration,
        )?;
    }

    let stages: Vec<(String, ServedStage)> = stage_names
        .into_iter()
        .enumerate()
        .map(|(index, (name, variables))| {
            (
                name.clone(),
                ServedStage {
                    name,
                    variables,
                    index,
                },
            )
        })
        .collect();
    let permissions = stages
        .iter()
        .map(|(_, stage)| {
            routes
                .iter()
                .map(|(_, route)| {
                    invoke_verdict(stack, api_id, stage, route, &credentials, inventory)
                })
                .collect()
        })
        .collect();
    let route_table = RouteTable::new(routes).map_err(|source| CompileError::Routes {
        api_id: api_id.to_owned(),
        source,
    })?;
    Ok(ServedApi {
        api_id: api_id.to_owned(),
        name: api.name.clone(),
        api_endpoint: api.api_endpoint.clone(),
        partition: Partition::of_region(&stack.region),
        region: stack.region.clone(),
        account_id: stack.account_id.clone(),
        disable_execute_api_endpoint: api.disable_execute_api_endpoint,
        stages: StageTable::new(stages),
        routes: route_table,
        permissions,
    })
}

fn route_authorization(
    api_id: &str,
    (authorization_type, authorizer_id, scopes): (AuthorizationType, Option<&str>, &[String]),
    inventory: &Inventory<'_>,
    keys: &IssuerKeys,
    cache: &mut HashMap<String, Arc<JwtAuthorizer>>,
) -> Result<RouteAuthorization, CompileError> {
    match authorization_type {
        AuthorizationType::None => Ok(RouteAuthorization::None),
        AuthorizationType::Custom => Ok(RouteAuthorization::Unsupported(
            "the route uses a Lambda (REQUEST) authorizer, which gantry does not run yet".to_owned(),
        )),
        AuthorizationType::AwsIam => Ok(RouteAuthorization::Unsupported(
            "the route uses AWS_IAM authorization (SigV4-signed callers), which gantry does not check yet".to_owned(),
        )),
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
                    let config = JwtAuthorizerConfig::new(jwt.issuer.clone(), jwt.audience.clone(), &authorizer.identity_source)
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

fn route_integration(spec: &IntegrationSpec<'_>, inventory: &Inventory<'_>) -> RouteIntegration {
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
    if spec.payload_format_version != PayloadFormatVersion::V2_0 {
        return RouteIntegration::Unavailable(format!(
            "integration {} uses payload format {}; gantry implements payload format 2.0 only (set PayloadFormatVersion: '2.0')",
            spec.integration_id, spec.payload_format_version
        ));
    }
    match inventory.lambda.function(function_arn) {
        Ok(function) => RouteIntegration::Lambda(Arc::new(LambdaIntegration {
            integration_id: spec.integration_id.to_owned(),
            function_name: function.function_name.clone(),
            function_arn: function.function_arn.clone(),
            timeout: Duration::from_millis(u64::from(spec.timeout_in_millis)),
        })),
        Err(reason) => RouteIntegration::Unavailable(reason),
    }
}

fn invoke_verdict(
    stack: &StackRecord,
    api_id: &str,
    stage: &ServedStage,
    route: &ServedRoute,
    credentials: &[Option<String>],
    inventory: &Inventory<'_>,
) -> Option<crate::permission::InvokePermission> {
    let RouteIntegration::Lambda(lambda) = &route.integration else {
        return None;
    };
    let function = inventory.lambda.function(&lambda.function_arn).ok()?;
    let source_arn = execute_api_source_arn(
        Partition::of_region(&stack.region),
        &stack.region,
        &stack.account_id,
        api_id,
        &stage.name,
        &route.route_key,
    );
    let credentials_arn = credentials.get(route.index).and_then(Option::as_deref);
    Some(
        inventory
            .lambda
            .check(function, credentials_arn, &source_arn, &stack.account_id),
    )
}
