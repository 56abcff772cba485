//! Compiling stored resource models into a [`Deployment`]: group the resources of every
//! stack ([`inventory`]), then for each API compile its stages, its routes with their
//! authorization and integration ([`routes`]), and the invoke-permission verdict of every
//! stage × route.

mod domains;
mod iam_roles;
mod imported;
mod inventory;
mod lambda_authorizers;
mod routes;
mod stages;

use std::collections::BTreeMap;
use std::sync::Arc;

use arn::Partition;
use store::StackRecord;
use store::model::Api;

use super::{Deployment, ServedApi};
use crate::cors::CorsPolicy;
use crate::jwt::{IssuerKeys, JwtConfigError};
use crate::rest::RestCompileError;
use crate::route::{RouteKeyError, RouteTable, RouteTableError};
use crate::stage::StageTable;
use inventory::Inventory;
use routes::Routes;

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
    /// A route key is declared by the Api's OpenAPI definition and by a Route resource.
    #[error(
        "API {api_id}: route key {route_key:?} is declared both by the Api's OpenAPI definition (route {imported_route_id}) and by an AWS::ApiGatewayV2::Route resource (route {resource_route_id}); keep one of them"
    )]
    RouteDeclaredTwice {
        /// The API.
        api_id: String,
        /// The key both declare.
        route_key: String,
        /// The imported route.
        imported_route_id: String,
        /// The Route resource.
        resource_route_id: String,
    },
    /// A stage's `RouteSettings` names a route key the API does not have.
    #[error(
        "API {api_id}, stage {stage}: RouteSettings names route key {route_key:?}, which is not a route of the API; use the RouteKey of one of its routes"
    )]
    RouteSettings {
        /// The API.
        api_id: String,
        /// The stage.
        stage: String,
        /// The key as written.
        route_key: String,
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
    /// A REST API cannot be served.
    #[error(transparent)]
    Rest(#[from] RestCompileError),
    /// An API mapping of a custom domain name leads nowhere.
    #[error("custom domain {domain_name}, API mapping {api_mapping_key:?}: {problem}")]
    ApiMapping {
        /// The domain name.
        domain_name: String,
        /// The mapping's `ApiMappingKey`.
        api_mapping_key: String,
        /// What is wrong.
        problem: String,
    },
}

/// Compiles every HTTP API and REST API of `stacks`. `keys` is the gateway's issuer-key cache, shared
/// by authorizers across deployments.
pub fn compile(stacks: &[StackRecord], keys: &IssuerKeys) -> Result<Deployment, CompileError> {
    let inventory = Inventory::of(stacks);
    let mut apis = BTreeMap::new();
    for (stack, api) in &inventory.apis {
        let served = compile_api(stack, api, &inventory, keys)?;
        apis.insert(api.api_id.clone(), Arc::new(served));
    }
    let iam_roles = iam_roles::of(&inventory);
    let domains = domains::domains(&inventory, &apis)?;
    let rest = crate::rest::compile::compile(&inventory.rest, &inventory.lambda, keys)?;
    let rest_domains = crate::rest::compile::domains(&inventory.rest, &rest.apis)?;
    Ok(Deployment {
        apis,
        rest_apis: rest.apis,
        usage_plans: rest.usage_plans,
        rest_domains,
        iam_roles,
        domains,
    })
}

fn compile_api(
    stack: &StackRecord,
    api: &Api,
    inventory: &Inventory<'_>,
    keys: &IssuerKeys,
) -> Result<ServedApi, CompileError> {
    let api_id = api.api_id.as_str();
    let stages = stages::stages(stack, api, inventory);

    imported::check_route_keys(api, inventory)?;
    // Quick create's route first, then the Route resources (and the imported routes).
    let mut routes = Routes::new(api_id, inventory, keys);
    if let Some(quick) = &api.quick_create {
        routes.add_quick_create(quick, inventory.overrides.get(api_id).copied())?;
    }
    for route in inventory.routes.iter().filter(|r| r.api_id == api_id) {
        routes.add_route(route)?;
    }

    let on_stages = stages::stage_routes(stack, api_id, &stages, &routes, inventory)?;
    let route_table = RouteTable::new(routes.routes).map_err(|source| CompileError::Routes {
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
        stages: StageTable::new(
            stages
                .into_iter()
                .map(|stage| (stage.served.name.clone(), stage.served)),
        ),
        routes: route_table,
        cors: api
            .cors_configuration
            .as_ref()
            .map(|cors| Arc::new(CorsPolicy::new(cors))),
        permissions: on_stages.permissions,
        stage_routes: on_stages.stage_routes,
    })
}
