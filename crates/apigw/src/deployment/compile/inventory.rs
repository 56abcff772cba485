//! The resources of every stack, grouped by kind and keyed as the compiler looks them up.

use std::collections::HashMap;

use store::StackRecord;
use store::model::{
    Api, ApiGatewayManagedOverrides, ApiMapping, Authorizer, Deployment, DomainName,
    ImportedDefinition, Integration, ResourceModel, Route, Stage,
};

use crate::lambda_target::LambdaResources;
use crate::rest::compile::RestInventory;

/// The resources of all stacks, grouped for compiling.
#[derive(Default)]
pub(super) struct Inventory<'a> {
    pub(super) apis: Vec<(&'a StackRecord, &'a Api)>,
    pub(super) stages: Vec<&'a Stage>,
    pub(super) deployments: Vec<&'a Deployment>,
    pub(super) routes: Vec<&'a Route>,
    /// By `(ApiId, IntegrationId)`.
    pub(super) integrations: HashMap<(&'a str, &'a str), &'a Integration>,
    /// By `(ApiId, AuthorizerId)`.
    pub(super) authorizers: HashMap<(&'a str, &'a str), &'a Authorizer>,
    /// By `ApiId`.
    pub(super) overrides: HashMap<&'a str, &'a ApiGatewayManagedOverrides>,
    /// Custom domain names.
    pub(super) domain_names: Vec<&'a DomainName>,
    /// API mappings of the custom domain names.
    pub(super) api_mappings: Vec<&'a ApiMapping>,
    /// Functions, their permissions and the roles that may invoke them.
    pub(super) lambda: LambdaResources<'a>,
    /// REST APIs (v1) with their deployments, stages, keys and Cognito user pools.
    pub(super) rest: RestInventory<'a>,
}

impl<'a> Inventory<'a> {
    pub(super) fn of(stacks: &'a [StackRecord]) -> Self {
        let mut inventory = Self::default();
        // A nested stack's resources are served like its parent's.
        for stack in stacks.iter().flat_map(StackRecord::stacks) {
            for record in &stack.resources {
                inventory.add(stack, &record.model);
            }
        }
        inventory
    }

    fn add(&mut self, stack: &'a StackRecord, model: &'a ResourceModel) {
        match model {
            ResourceModel::Api(api) => {
                self.apis.push((stack, api));
                if let Some(imported) = &api.imported {
                    self.add_imported(imported);
                }
            }
            ResourceModel::Stage(stage) => self.stages.push(stage),
            ResourceModel::Route(route) => self.routes.push(route),
            ResourceModel::Integration(i) => {
                self.integrations.insert((&i.api_id, &i.integration_id), i);
            }
            ResourceModel::Authorizer(a) => {
                self.authorizers.insert((&a.api_id, &a.authorizer_id), a);
            }
            ResourceModel::ApiGatewayManagedOverrides(o) => {
                self.overrides.insert(&o.api_id, o);
            }
            ResourceModel::DomainName(d) => self.domain_names.push(d),
            ResourceModel::ApiMapping(m) => self.api_mappings.push(m),
            ResourceModel::Function(f) => self.lambda.functions.push(f),
            ResourceModel::Permission(p) => self.lambda.permissions.push(p),
            ResourceModel::Alias(a) => self.lambda.aliases.push(a),
            ResourceModel::Version(v) => self.lambda.versions.push(v),
            ResourceModel::Role(r) => self.lambda.roles.push(r),
            ResourceModel::Policy(p) => self.lambda.policies.push(p),
            ResourceModel::Deployment(d) => self.deployments.push(d),
            ResourceModel::RestApi(api) => self.rest.rest_apis.push((stack, api)),
            ResourceModel::RestDeployment(d) => self.rest.deployments.push(d),
            ResourceModel::RestStage(s) => self.rest.stages.push(s),
            ResourceModel::ApiKey(k) => self.rest.api_keys.push(k),
            ResourceModel::UsagePlan(p) => self.rest.usage_plans.push(p),
            ResourceModel::UsagePlanKey(k) => self.rest.usage_plan_keys.push(k),
            ResourceModel::UserPool(p) => self.rest.user_pools.push(p),
            ResourceModel::UserPoolClient(c) => self.rest.user_pool_clients.push(c),
            ResourceModel::BasePathMapping(m) => self.rest.base_path_mappings.push(m),
            ResourceModel::RestDomainName(d) => self.rest.domain_names.push(d),
            ResourceModel::LogGroup(_)
            | ResourceModel::LayerVersion(_)
            | ResourceModel::FunctionUrl(_)
            | ResourceModel::Table(_)
            | ResourceModel::CustomResource(_)
            | ResourceModel::CdkMetadata
            | ResourceModel::SsmParameter(_)
            | ResourceModel::Placeholder { .. } => {}
            // Walked by `of`, through `StackRecord::stacks`.
            ResourceModel::NestedStack(_) => {}
            // A deployment's snapshot holds the resources, methods, authorizers, gateway
            // responses, models and validators its stages serve (aws-rest-api.md §1.2).
            ResourceModel::RestResource(_)
            | ResourceModel::RestMethod(_)
            | ResourceModel::RestAuthorizer(_)
            | ResourceModel::GatewayResponse(_)
            | ResourceModel::RestModel(_)
            | ResourceModel::RequestValidator(_)
            | ResourceModel::RestAccount(_) => {}
        }
    }

    /// What an Api's OpenAPI definition made (§11.2), kept with the resources of the
    /// same kinds so that they compile alike.
    // Deviation from AWS: AWS documents Body together with Route, Integration or
    // Authorizer resources on the same API as unsupported (a later import replaces
    // them); gantry serves both, and a route key declared by both fails the deploy.
    fn add_imported(&mut self, imported: &'a ImportedDefinition) {
        self.routes.extend(&imported.routes);
        for i in &imported.integrations {
            self.integrations.insert((&i.api_id, &i.integration_id), i);
        }
        for a in &imported.authorizers {
            self.authorizers.insert((&a.api_id, &a.authorizer_id), a);
        }
    }
}
