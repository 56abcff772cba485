//! Compiling the stored REST API models into [`ServedRestApi`]s (aws-rest-api.md §1.2,
//! §9.1): each stage (a `Stage` resource, or the one a `Deployment`'s `StageName`
//! creates) serves the snapshot of the deployment it points to; each snapshot is
//! compiled once ([`snapshot`]) and shared by its stages; what depends on the stage (the
//! integration with stage variables resolved, the invoke-permission verdict, the
//! `MethodSettings` throttle) is decided per stage × method ([`stage`]).
//!
//! It does not read CloudFormation or group the stacks' resources: the caller hands it a
//! [`RestInventory`].

mod domains;
mod snapshot;
mod stage;

use std::collections::BTreeMap;
use std::sync::Arc;

use arn::Partition;
use store::StackRecord;
use store::model::DomainName;
use store::model::apigateway::{
    ApiKey, BasePathMapping, Deployment, RestApi, Stage, UsagePlan, UsagePlanKey,
};
use store::model::cognito::{UserPool, UserPoolClient};

pub(crate) use domains::domains;

use crate::jwt::IssuerKeys;
use crate::lambda_target::LambdaResources;
use crate::rest::api_key::UsagePlans;
use crate::rest::authorizer::{CognitoUserPools, RestApiFacts};
use crate::rest::resource_policy::ResourcePolicy;
use crate::rest::served::{ServedRestApi, ServedRestDeployment};

/// The REST resources of every stack, grouped for compiling.
#[derive(Debug, Default)]
pub(crate) struct RestInventory<'a> {
    pub(crate) rest_apis: Vec<(&'a StackRecord, &'a RestApi)>,
    pub(crate) deployments: Vec<&'a Deployment>,
    pub(crate) stages: Vec<&'a Stage>,
    pub(crate) api_keys: Vec<&'a ApiKey>,
    pub(crate) usage_plans: Vec<&'a UsagePlan>,
    pub(crate) usage_plan_keys: Vec<&'a UsagePlanKey>,
    pub(crate) user_pools: Vec<&'a UserPool>,
    pub(crate) user_pool_clients: Vec<&'a UserPoolClient>,
    pub(crate) domain_names: Vec<&'a DomainName>,
    pub(crate) base_path_mappings: Vec<&'a BasePathMapping>,
}

/// Why deployed REST resources cannot be served; the deployment fails with this reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RestCompileError {
    /// A stage points at a deployment that does not exist.
    #[error(
        "REST API {rest_api_id}, stage {stage}: DeploymentId {deployment_id} is not a deployment of the API; point the stage at an AWS::ApiGateway::Deployment of the same RestApi"
    )]
    MissingDeployment {
        /// The API.
        rest_api_id: String,
        /// The stage.
        stage: String,
        /// The deployment it names.
        deployment_id: String,
    },
    /// Two resources declare the same stage.
    #[error(
        "REST API {rest_api_id}: stage {stage} is declared twice (by an AWS::ApiGateway::Stage and a Deployment's StageName, or twice); keep one"
    )]
    StageDeclaredTwice {
        /// The API.
        rest_api_id: String,
        /// The stage.
        stage: String,
    },
    /// The snapshot's resources or methods cannot form a tree.
    #[error("REST API {rest_api_id}, deployment {deployment_id}: {problem}")]
    Snapshot {
        /// The API.
        rest_api_id: String,
        /// The deployment.
        deployment_id: String,
        /// What is wrong, and the fix.
        problem: String,
    },
    /// A base path mapping leads nowhere.
    #[error("custom domain {domain_name}, base path {base_path:?}: {problem}")]
    BasePathMapping {
        /// The domain.
        domain_name: String,
        /// The mapping's `BasePath`.
        base_path: String,
        /// What is wrong.
        problem: String,
    },
}

/// Every REST API served, and the account-wide API keys and usage plans.
#[derive(Debug, Default)]
pub(crate) struct CompiledRest {
    pub(crate) apis: BTreeMap<String, Arc<ServedRestApi>>,
    pub(crate) usage_plans: Arc<UsagePlans>,
}

/// The stack-wide facts a REST API's pieces are compiled with.
pub(crate) struct Facts<'i, 'a> {
    pub(crate) inventory: &'i RestInventory<'a>,
    pub(crate) lambda: &'i LambdaResources<'a>,
    pub(crate) keys: &'i IssuerKeys,
}

impl Facts<'_, '_> {
    fn user_pools(&self) -> CognitoUserPools<'_> {
        CognitoUserPools {
            pools: &self.inventory.user_pools,
            clients: &self.inventory.user_pool_clients,
        }
    }
}

/// Compiles every REST API of the inventory.
pub(crate) fn compile(
    inventory: &RestInventory<'_>,
    lambda: &LambdaResources<'_>,
    keys: &IssuerKeys,
) -> Result<CompiledRest, RestCompileError> {
    let facts = Facts {
        inventory,
        lambda,
        keys,
    };
    let mut apis = BTreeMap::new();
    for (stack, api) in &inventory.rest_apis {
        let served = compile_api(stack, api, &facts)?;
        apis.insert(api.rest_api_id.clone(), Arc::new(served));
    }
    let usage_plans = UsagePlans::compile(
        &inventory.api_keys,
        &inventory.usage_plans,
        &inventory.usage_plan_keys,
    );
    Ok(CompiledRest {
        apis,
        usage_plans: Arc::new(usage_plans),
    })
}

fn compile_api(
    stack: &StackRecord,
    api: &RestApi,
    facts: &Facts<'_, '_>,
) -> Result<ServedRestApi, RestCompileError> {
    let api_id = api.rest_api_id.as_str();
    let partition = Partition::of_region(&stack.region);
    let on = RestApiFacts {
        partition,
        region: &stack.region,
        account_id: &stack.account_id,
        rest_api_id: api_id,
    };
    // Each deployment's snapshot once, shared by the stages that serve it.
    let mut deployments: BTreeMap<&str, Arc<ServedRestDeployment>> = BTreeMap::new();
    let mut stages = BTreeMap::new();
    for (stage, deployment) in stage_models(api_id, facts.inventory)? {
        let compiled = match deployments.get(deployment.deployment_id.as_str()) {
            Some(compiled) => compiled.clone(),
            None => {
                let compiled = Arc::new(snapshot::compile(on, deployment, api, facts)?);
                deployments.insert(&deployment.deployment_id, compiled.clone());
                compiled
            }
        };
        let served = stage::compile(on, api, stage, compiled, facts);
        stages.insert(stage.stage_name.clone(), served);
    }
    Ok(ServedRestApi {
        rest_api_id: api_id.to_owned(),
        name: api.name.clone(),
        api_endpoint: api.api_endpoint.clone(),
        partition,
        region: stack.region.clone(),
        account_id: stack.account_id.clone(),
        disable_execute_api_endpoint: api.disable_execute_api_endpoint,
        api_key_source_type: api.api_key_source_type,
        resource_policy: api.policy.as_ref().map(ResourcePolicy::compile),
        stages,
    })
}

/// The API's stages with the deployment each serves: `Stage` resources, and the stages
/// `Deployment`s create with `StageName`.
fn stage_models<'a>(
    api_id: &str,
    inventory: &RestInventory<'a>,
) -> Result<Vec<(&'a Stage, &'a Deployment)>, RestCompileError> {
    let deployments: Vec<&'a Deployment> = inventory
        .deployments
        .iter()
        .copied()
        .filter(|d| d.rest_api_id == api_id)
        .collect();
    let declared = inventory
        .stages
        .iter()
        .copied()
        .filter(|s| s.rest_api_id == api_id)
        .chain(deployments.iter().filter_map(|d| d.stage.as_ref()));
    let mut stages: Vec<(&'a Stage, &'a Deployment)> = Vec::new();
    for stage in declared {
        if stages
            .iter()
            .any(|(other, _)| other.stage_name == stage.stage_name)
        {
            return Err(RestCompileError::StageDeclaredTwice {
                rest_api_id: api_id.to_owned(),
                stage: stage.stage_name.clone(),
            });
        }
        let deployment = deployments
            .iter()
            .find(|d| d.deployment_id == stage.deployment_id)
            .ok_or_else(|| RestCompileError::MissingDeployment {
                rest_api_id: api_id.to_owned(),
                stage: stage.stage_name.clone(),
                deployment_id: stage.deployment_id.clone(),
            })?;
        stages.push((stage, deployment));
    }
    Ok(stages)
}
