//! A scripted custom resource provider standing in for the Lambda host, and the deploy
//! of a test template with it, for the custom resource tests.

#![allow(clippy::unwrap_used, dead_code)] // test support code outside #[test] functions

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use cfn_engine::custom_resource::{
    CustomResourceFailure, CustomResourceRequest, CustomResourceResponse, RequestType,
};
use cfn_engine::{
    CheckNote, DeployChecks, DeployError, DeployRequest, Deployed, IdSource, LocalEndpoints,
    StackEvent, deploy,
};
use serde_json::{Value, json};
use store::StackRecord;
use store::model::Function;

/// Answers every request with a physical id of `<Name>-id` (or `PhysicalId` when the
/// properties give one) and `Data` echoing `Name`; answers `FAILED` when `Fail` is set
/// (naming `PhysicalId` when the properties give one, as cfn-response names its log
/// stream).
#[derive(Default)]
pub(crate) struct Provider {
    requests: Mutex<Vec<CustomResourceRequest>>,
}

impl DeployChecks for Provider {
    fn check_function(&self, _: &Function) -> Result<Vec<CheckNote>, CheckNote> {
        Ok(vec![])
    }

    fn check_route_key(&self, _: &str) -> Result<(), CheckNote> {
        Ok(())
    }

    fn invoke_custom_resource(
        &self,
        request: &CustomResourceRequest,
    ) -> Result<CustomResourceResponse, CustomResourceFailure> {
        self.requests.lock().unwrap().push(request.clone());
        let props = &request.resource_properties;
        if request.request_type != RequestType::Delete && props.get("Fail").is_some() {
            return Err(CustomResourceFailure {
                reason: "the provider said no".to_owned(),
                physical_resource_id: props
                    .get("PhysicalId")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            });
        }
        let name = props["Name"].as_str().unwrap_or("none");
        let physical_id = match props.get("PhysicalId").and_then(Value::as_str) {
            Some(id) => id.to_owned(),
            None => format!("{name}-id"),
        };
        Ok(CustomResourceResponse {
            physical_resource_id: physical_id,
            data: BTreeMap::from([("Echo".to_owned(), json!(format!("hello {name}")))]),
            no_echo: false,
        })
    }
}

impl Provider {
    pub(crate) fn take(&self) -> Vec<CustomResourceRequest> {
        std::mem::take(&mut self.requests.lock().unwrap())
    }
}

pub(crate) const FUNCTION: &str = r#"
  ProviderFn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: arn:aws:iam::111122223333:role/provider
      Code:
        ZipFile: "exports.handler = async () => {};"
"#;

pub(crate) fn template(resources: &str, outputs: &str) -> String {
    format!(
        "Resources:{FUNCTION}{resources}\nOutputs:\n  Fn:\n    Value: !Ref ProviderFn\n{outputs}"
    )
}

pub(crate) fn greeting(name: &str, extra: &str) -> String {
    format!(
        "\n  Greeting:\n    Type: Custom::Greeting\n    Properties:\n      ServiceToken: !GetAtt ProviderFn.Arn\n      Name: {name}\n      Count: 3\n      Enabled: true\n{extra}"
    )
}

pub(crate) fn run(
    provider: &Provider,
    body: &str,
    previous: Option<&StackRecord>,
) -> (Result<Deployed, DeployError>, Vec<StackEvent>) {
    let (ids, exports, ssm) = (IdSource::seeded(7), BTreeMap::new(), BTreeMap::new());
    let assets = cfn_engine::LocalAssets::new();
    let request = DeployRequest {
        stack_name: "custom",
        template_path: Path::new("template.yaml"),
        template_body: body,
        parameter_overrides: vec![],
        region: "eu-west-1",
        account_id: "111122223333",
        previous,
        exports: &exports,
        assets: &assets,
        ssm_parameters: &ssm,
        allow_unsupported: false,
        endpoints: LocalEndpoints { port: 3000 },
        checks: provider,
        ids: &ids,
        now: 1_700_000_000,
    };
    let mut events = Vec::new();
    let result = deploy(&request, &mut events);
    (result, events)
}

pub(crate) fn lines(events: &[StackEvent]) -> Vec<String> {
    events
        .iter()
        .map(|e| format!("{} {}", e.status.as_str(), e.logical_id))
        .collect()
}
