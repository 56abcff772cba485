//! The resources of every stack, grouped by kind and keyed as the compiler looks them up.

use std::collections::HashMap;

use store::StackRecord;
use store::model::{
    Api, ApiGatewayManagedOverrides, Authorizer, Deployment, Integration, ResourceModel, Route,
    Stage,
};

use crate::deployment::lambda_target::LambdaResources;

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
    /// Functions, their permissions and the roles that may invoke them.
    pub(super) lambda: LambdaResources<'a>,
}

impl<'a> Inventory<'a> {
    pub(super) fn of(stacks: &'a [StackRecord]) -> Self {
        let mut inventory = Self::default();
        for stack in stacks {
            for record in &stack.resources {
                inventory.add(stack, &record.model);
            }
        }
        inventory
    }

    fn add(&mut self, stack: &'a StackRecord, model: &'a ResourceModel) {
        match model {
            ResourceModel::Api(api) => self.apis.push((stack, api)),
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
            ResourceModel::Function(f) => self.lambda.functions.push(f),
            ResourceModel::Permission(p) => self.lambda.permissions.push(p),
            ResourceModel::Role(r) => self.lambda.roles.push(r),
            ResourceModel::Policy(p) => self.lambda.policies.push(p),
            ResourceModel::Deployment(d) => self.deployments.push(d),
            ResourceModel::LogGroup(_) | ResourceModel::Placeholder { .. } => {}
        }
    }
}
