//! Deploying templates in tests: [`TestDeploy`] (the HTTP API and REST API tests), and
//! for REST APIs a seeded deploy, the RestApi and its import.

#![allow(clippy::unwrap_used, dead_code)] // test support code outside #[test] functions

use std::collections::BTreeMap;
use std::path::Path;

use cfn_engine::{
    CheckNote, DeployChecks, DeployError, DeployRequest, DeployWarning, Deployed, IdSource,
    LocalEndpoints, deploy,
};
use store::StackRecord;
use store::model::apigateway::{Authorizer, ImportedRestDefinition, RestApi};
use store::model::{Function, ResourceModel};

pub(crate) struct Checks;

impl DeployChecks for Checks {
    fn check_function(&self, _: &Function) -> Result<Vec<CheckNote>, CheckNote> {
        Ok(vec![])
    }

    fn check_route_key(&self, _: &str) -> Result<(), CheckNote> {
        Ok(())
    }

    /// A stand-in for the data plane's catalog: one unknown type.
    fn check_gateway_response_type(&self, response_type: &str) -> Result<(), CheckNote> {
        match response_type {
            "NOT_A_TYPE" => Err(CheckNote::resource("is not a gateway response type")),
            _ => Ok(()),
        }
    }
}

/// One test deploy: what the tests vary; no parameters or exports, port 3000 and a fixed
/// clock.
pub(crate) struct TestDeploy<'a> {
    pub(crate) stack_name: &'a str,
    pub(crate) region: &'a str,
    pub(crate) account_id: &'a str,
    pub(crate) allow_unsupported: bool,
    /// The deploy checks standing in for the data plane.
    pub(crate) checks: &'a dyn DeployChecks,
    pub(crate) seed: u64,
    /// The local parameter store.
    pub(crate) ssm_parameters: &'a BTreeMap<String, String>,
}

/// A parameter store with nothing in it.
pub(crate) static EMPTY_STORE: BTreeMap<String, String> = BTreeMap::new();

impl TestDeploy<'_> {
    pub(crate) fn deploy(
        &self,
        template_path: &Path,
        template: &str,
        previous: Option<&StackRecord>,
    ) -> Result<Deployed, DeployError> {
        let ids = IdSource::seeded(self.seed);
        let exports = BTreeMap::new();
        let request = DeployRequest {
            stack_name: self.stack_name,
            template_path,
            template_body: template,
            parameter_overrides: vec![],
            region: self.region,
            account_id: self.account_id,
            previous,
            exports: &exports,
            assets: &cfn_engine::LocalAssets::new(),
            ssm_parameters: self.ssm_parameters,
            allow_unsupported: self.allow_unsupported,
            endpoints: LocalEndpoints { port: 3000 },
            checks: self.checks,
            ids: &ids,
            now: 1_700_000_000,
        };
        deploy(&request, &mut Vec::new())
    }
}

/// A REST API test's deploy: stack `hello`, seeded with `seed`.
pub(crate) fn deploy_at(
    template_path: &Path,
    template: &str,
    previous: Option<&StackRecord>,
    seed: u64,
) -> Result<Deployed, DeployError> {
    let setup = TestDeploy {
        stack_name: "hello",
        region: "us-east-1",
        account_id: "123456789012",
        allow_unsupported: true,
        checks: &Checks,
        seed,
        ssm_parameters: &EMPTY_STORE,
    };
    setup.deploy(template_path, template, previous)
}

pub(crate) fn deploy_template(template: &str) -> Result<Deployed, DeployError> {
    deploy_at(Path::new("template.yaml"), template, None, 1)
}

pub(crate) fn rest_api(deployed: &Deployed) -> &RestApi {
    deployed
        .record
        .resources
        .iter()
        .find_map(|r| match &r.model {
            ResourceModel::RestApi(api) => Some(api),
            _ => None,
        })
        .unwrap()
}

pub(crate) fn imported(deployed: &Deployed) -> &ImportedRestDefinition {
    rest_api(deployed).imported.as_ref().unwrap()
}

pub(crate) fn failure(result: Result<Deployed, DeployError>) -> String {
    match result {
        Err(DeployError::ResourceFailed { reason, .. }) => reason,
        other => panic!("expected a failed resource, found {other:?}"),
    }
}

/// The imported authorizer named `name`.
pub(crate) fn authorizer<'a>(imported: &'a ImportedRestDefinition, name: &str) -> &'a Authorizer {
    imported
        .authorizers
        .iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("no authorizer {name}"))
}

/// The deploy warning whose message starts with `prefix`.
pub(crate) fn warning<'a>(deployed: &'a Deployed, prefix: &str) -> &'a DeployWarning {
    deployed
        .warnings
        .iter()
        .find(|w| w.message.starts_with(prefix))
        .unwrap_or_else(|| panic!("no warning {prefix:?} in {:?}", deployed.warnings))
}

/// The 1-based number of the template's first line containing `text`.
pub(crate) fn line_of(template: &str, text: &str) -> u32 {
    let index = template.lines().position(|l| l.contains(text)).unwrap();
    u32::try_from(index).unwrap() + 1
}
