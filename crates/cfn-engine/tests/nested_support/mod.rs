//! Deploying a parent template next to its nested templates, with the child templates
//! read from real files, for the nested-stack tests.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)] // test support code outside #[test] functions

use std::collections::BTreeMap;

use cfn_engine::{
    CheckNote, DeployChecks, DeployError, DeployRequest, Deployed, IdSource, LocalAssets,
    LocalEndpoints, NestedTemplate, NestedTemplateRequest, StackEvent, deploy,
};
use cfn_template::ParameterOverride;
use store::StackRecord;
use store::model::{Function, ResourceModel};

/// Accepts every function but a `refuse.handler`; reads nested templates from disk as they are.
pub(crate) struct Checks;

impl DeployChecks for Checks {
    fn check_function(&self, function: &Function) -> Result<Vec<CheckNote>, CheckNote> {
        match function.handler.as_deref() {
            Some("refuse.handler") => Err(CheckNote::property("Handler", "refused by the test")),
            _ => Ok(vec![]),
        }
    }

    fn check_route_key(&self, _: &str) -> Result<(), CheckNote> {
        Ok(())
    }

    fn nested_template(
        &self,
        request: &NestedTemplateRequest<'_>,
    ) -> Result<NestedTemplate, CheckNote> {
        let path = request.path;
        let body = std::fs::read_to_string(path)
            .map_err(|e| CheckNote::property("TemplateURL", format!("{}: {e}", path.display())))?;
        Ok(NestedTemplate {
            body,
            notes: vec![],
            source_lines: None,
        })
    }
}

/// A folder holding the child template, where the parent's template is.
pub(crate) struct Dir(pub(crate) tempfile::TempDir, pub(crate) LocalAssets);

impl Dir {
    pub(crate) fn new(child: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("child.yaml"), child).unwrap();
        Self(dir, LocalAssets::new())
    }

    pub(crate) fn deploy(
        &self,
        template: &str,
        previous: Option<&StackRecord>,
        seed: u64,
    ) -> (Result<Deployed, DeployError>, Vec<StackEvent>) {
        let ids = IdSource::seeded(seed);
        let template_path = self.0.path().join("template.yaml");
        let (exports, ssm) = (BTreeMap::new(), BTreeMap::new());
        let request = DeployRequest {
            stack_name: "app",
            template_path: &template_path,
            template_body: template,
            parameter_overrides: Vec::<ParameterOverride>::new(),
            region: "us-east-1",
            account_id: "123456789012",
            previous,
            exports: &exports,
            assets: &self.1,
            ssm_parameters: &ssm,
            allow_unsupported: false,
            endpoints: LocalEndpoints { port: 3000 },
            checks: &Checks,
            ids: &ids,
            now: 1_700_000_000,
        };
        let mut events = Vec::new();
        (deploy(&request, &mut events), events)
    }
}

pub(crate) fn child_stack(record: &StackRecord) -> &StackRecord {
    record
        .resources
        .iter()
        .find_map(|r| match &r.model {
            ResourceModel::NestedStack(nested) => Some(&*nested.stack),
            _ => None,
        })
        .expect("a nested stack")
}

pub(crate) fn output<'a>(stack: &'a StackRecord, key: &str) -> &'a str {
    &stack.outputs.iter().find(|o| o.key == key).unwrap().value
}

pub(crate) fn failure(result: Result<Deployed, DeployError>) -> (String, String) {
    match result {
        Err(DeployError::ResourceFailed {
            logical_id, reason, ..
        }) => (logical_id, reason),
        other => panic!("expected a failed resource, found {other:?}"),
    }
}
