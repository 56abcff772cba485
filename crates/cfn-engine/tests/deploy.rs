//! The deploy loop end to end over real templates (the seed example among them), with the
//! serving components' checks stubbed: this crate's job is ids, order, values and rollback.

#![allow(clippy::unwrap_used)] // test support code outside #[test] functions

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use cfn_engine::{
    CheckNote, DeployChecks, DeployError, DeployRequest, Deployed, IdSource, LocalEndpoints,
    ResourceStatus, StackEvent, deploy,
};
use cfn_template::ParameterOverride;
use store::StackRecord;
use store::model::{Function, PayloadFormatVersion, ResourceModel};

const EXAMPLE: &str = include_str!("../../../examples/auth0-http-api/template.yaml");

/// Accepts everything, or refuses functions whose name contains `refuse`.
#[derive(Default)]
struct Checks {
    functions_checked: Mutex<Vec<String>>,
}

impl DeployChecks for Checks {
    fn check_function(&self, function: &Function) -> Result<Vec<CheckNote>, CheckNote> {
        self.functions_checked
            .lock()
            .unwrap()
            .push(function.function_name.clone());
        if function.handler.as_deref() == Some("refuse.handler") {
            return Err(CheckNote::property("Handler", "refused by the test"));
        }
        Ok(vec![])
    }

    fn check_route_key(&self, route_key: &str) -> Result<(), CheckNote> {
        if route_key.ends_with('/') && route_key.len() > 6 {
            Err(CheckNote::resource("route paths cannot end with /"))
        } else {
            Ok(())
        }
    }
}

struct Fixture {
    checks: Checks,
    ids: IdSource,
    exports: BTreeMap<String, String>,
}

impl Fixture {
    fn new(seed: u64) -> Self {
        Self {
            checks: Checks::default(),
            ids: IdSource::seeded(seed),
            exports: BTreeMap::new(),
        }
    }

    fn deploy(
        &self,
        template: &str,
        previous: Option<&StackRecord>,
        events: &mut Vec<StackEvent>,
    ) -> Result<Deployed, DeployError> {
        let request = DeployRequest {
            stack_name: "seed",
            template_path: Path::new("examples/auth0-http-api/template.yaml"),
            template_body: template,
            parameter_overrides: vec![ParameterOverride {
                key: "Audience".into(),
                value: "https://api.test".into(),
            }],
            region: "eu-west-1",
            account_id: "111122223333",
            previous,
            exports: &self.exports,
            assets: &cfn_engine::LocalAssets::new(),
            ssm_parameters: &BTreeMap::new(),
            allow_unsupported: false,
            endpoints: LocalEndpoints { port: 3000 },
            checks: &self.checks,
            ids: &self.ids,
            now: 1_700_000_000,
        };
        deploy(&request, events)
    }
}

fn record<'a>(stack: &'a StackRecord, logical_id: &str) -> &'a store::ResourceRecord {
    stack
        .resources
        .iter()
        .find(|r| r.logical_id == logical_id)
        .unwrap_or_else(|| panic!("no {logical_id}"))
}

fn statuses(events: &[StackEvent]) -> Vec<String> {
    events
        .iter()
        .map(|e| format!("{} {}", e.status.as_str(), e.logical_id))
        .collect()
}

#[test]
fn example_deploys_in_dependency_order_with_aws_shaped_ids_and_values() {
    let fixture = Fixture::new(1);
    let mut events = Vec::new();
    let deployed = fixture.deploy(EXAMPLE, None, &mut events).unwrap();
    let stack = &deployed.record;

    let order: Vec<&str> = stack
        .resources
        .iter()
        .map(|r| r.logical_id.as_str())
        .collect();
    let position = |id: &str| order.iter().position(|o| *o == id).unwrap();
    assert!(position("TestFunctionRole") < position("TestFunction"));
    assert!(position("TestFunction") < position("TestIntegration"));
    assert!(position("ApiGatewayInvokeRole") < position("TestIntegration"));
    assert!(position("TestIntegration") < position("TestRoute"));
    assert!(position("JwtAuthorizer") < position("TestRoute"));

    let api = record(stack, "HttpApi");
    assert_eq!(api.physical_id.len(), 10);
    let function = record(stack, "TestFunction");
    assert!(
        function.physical_id.starts_with("seed-TestFunction-"),
        "{}",
        function.physical_id
    );
    let function_arn = format!(
        "arn:aws:lambda:eu-west-1:111122223333:function:{}",
        function.physical_id
    );
    assert_eq!(function.attributes["Arn"], function_arn.as_str());

    let ResourceModel::Integration(integration) = &record(stack, "TestIntegration").model else {
        panic!("not an integration");
    };
    assert_eq!(
        integration.integration_uri.as_deref(),
        Some(function_arn.as_str())
    );
    assert_eq!(integration.api_id, api.physical_id);
    assert_eq!(
        integration.payload_format_version,
        PayloadFormatVersion::V2_0
    );
    let role = record(stack, "ApiGatewayInvokeRole");
    assert_eq!(
        integration.credentials_arn.as_deref(),
        role.attributes["Arn"].as_str()
    );

    let ResourceModel::Route(route) = &record(stack, "TestRoute").model else {
        panic!("not a route");
    };
    assert_eq!(
        route.target.as_deref(),
        Some(format!("integrations/{}", integration.integration_id).as_str())
    );
    let ResourceModel::Authorizer(authorizer) = &record(stack, "JwtAuthorizer").model else {
        panic!("not an authorizer");
    };
    let jwt = authorizer.jwt_configuration.as_ref().unwrap();
    assert_eq!(jwt.audience, ["https://api.test"]);
    assert_eq!(jwt.issuer, "http://127.0.0.1:3000/_gantry/issuer/");

    let endpoint = format!("http://{}.execute-api.localhost:3000", api.physical_id);
    let outputs: BTreeMap<_, _> = stack
        .outputs
        .iter()
        .map(|o| (o.key.as_str(), o.value.as_str()))
        .collect();
    assert_eq!(outputs["ApiEndpoint"], endpoint);
    assert_eq!(outputs["TestUrl"], format!("{endpoint}/test"));
    assert_eq!(stack.parameters["Audience"], "https://api.test");

    assert_eq!(
        events.first().unwrap().status,
        ResourceStatus::CreateInProgress
    );
    assert_eq!(
        events.last().unwrap().status,
        ResourceStatus::CreateComplete
    );
    assert_eq!(
        *fixture.checks.functions_checked.lock().unwrap(),
        std::slice::from_ref(&function.physical_id)
    );
}

#[test]
fn redeploying_the_same_template_keeps_every_id_and_reports_no_resource_changes() {
    let fixture = Fixture::new(2);
    let first = fixture
        .deploy(EXAMPLE, None, &mut Vec::new())
        .unwrap()
        .record;
    let mut events = Vec::new();
    let second = fixture
        .deploy(EXAMPLE, Some(&first), &mut events)
        .unwrap()
        .record;
    assert_eq!(first.stack_id, second.stack_id);
    assert_eq!(first.resources, second.resources);
    assert_eq!(
        statuses(&events),
        ["UPDATE_IN_PROGRESS seed", "UPDATE_COMPLETE seed"],
        "only stack events expected"
    );
}

#[test]
fn changed_template_creates_updates_and_deletes_only_what_changed() {
    let fixture = Fixture::new(3);
    let first = fixture
        .deploy(EXAMPLE, None, &mut Vec::new())
        .unwrap()
        .record;
    let changed = EXAMPLE
        .replace("RouteKey: GET /test", "RouteKey: GET /hello")
        .replace(
            "  TestIntegration:\n",
            "  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 7\n\n  TestIntegration:\n",
        )
        .replace("Outputs:\n  ApiEndpoint:", "Outputs:\n  Endpoint:");
    let without_stage = changed.replace(
        "  DefaultStage:\n    Type: AWS::ApiGatewayV2::Stage\n    Properties:\n      ApiId: !Ref HttpApi\n      StageName: $default\n      AutoDeploy: true\n",
        "",
    );
    assert_ne!(without_stage, changed, "the stage block was found");
    let mut events = Vec::new();
    let second = fixture
        .deploy(&without_stage, Some(&first), &mut events)
        .unwrap()
        .record;

    let steps = statuses(&events);
    assert!(
        steps.contains(&"UPDATE_COMPLETE TestRoute".to_owned()),
        "{steps:?}"
    );
    assert!(
        steps.contains(&"CREATE_COMPLETE Logs".to_owned()),
        "{steps:?}"
    );
    assert!(
        steps.contains(&"DELETE_COMPLETE DefaultStage".to_owned()),
        "{steps:?}"
    );
    assert!(
        !steps.iter().any(|s| s.ends_with(" TestFunction")),
        "{steps:?}"
    );
    assert_eq!(
        record(&first, "TestRoute").physical_id,
        record(&second, "TestRoute").physical_id
    );
    assert_eq!(
        record(&first, "HttpApi").physical_id,
        record(&second, "HttpApi").physical_id
    );
    assert!(
        second
            .resources
            .iter()
            .all(|r| r.logical_id != "DefaultStage")
    );
    assert_eq!(second.outputs[0].key, "Endpoint");
}

#[test]
fn create_only_property_change_replaces_the_resource_with_a_new_id() {
    let fixture = Fixture::new(4);
    let first = fixture
        .deploy(EXAMPLE, None, &mut Vec::new())
        .unwrap()
        .record;
    let renamed = EXAMPLE.replace(
        "      Runtime: nodejs22.x\n",
        "      FunctionName: hello\n      Runtime: nodejs22.x\n",
    );
    let mut events = Vec::new();
    let second = fixture
        .deploy(&renamed, Some(&first), &mut events)
        .unwrap()
        .record;
    assert_eq!(record(&second, "TestFunction").physical_id, "hello");
    let replacement = events
        .iter()
        .find(|e| e.logical_id == "TestFunction" && e.status == ResourceStatus::UpdateInProgress)
        .unwrap();
    assert!(
        replacement
            .reason
            .as_deref()
            .unwrap()
            .contains("FunctionName"),
        "{replacement:?}"
    );
    // The integration points at the new function.
    let ResourceModel::Integration(integration) = &record(&second, "TestIntegration").model else {
        panic!()
    };
    assert!(
        integration
            .integration_uri
            .as_deref()
            .unwrap()
            .ends_with(":function:hello")
    );
}

#[test]
fn failing_resource_rolls_back_and_names_the_resource_and_reason() {
    let fixture = Fixture::new(5);
    let broken = EXAMPLE.replace("Handler: index.handler", "Handler: refuse.handler");
    let mut events = Vec::new();
    let err = fixture.deploy(&broken, None, &mut events).unwrap_err();
    match &err {
        DeployError::ResourceFailed {
            logical_id, reason, ..
        } => {
            assert_eq!(logical_id, "TestFunction");
            assert!(reason.contains("refused by the test"));
        }
        other => panic!("{other:?}"),
    }
    let steps = statuses(&events);
    assert!(
        steps.contains(&"CREATE_FAILED TestFunction".to_owned()),
        "{steps:?}"
    );
    assert!(
        steps.contains(&"ROLLBACK_IN_PROGRESS seed".to_owned()),
        "{steps:?}"
    );
    assert!(
        steps.contains(&"DELETE_COMPLETE TestFunctionRole".to_owned()),
        "{steps:?}"
    );
    assert_eq!(steps.last().unwrap(), "ROLLBACK_COMPLETE seed");
}

#[test]
fn failed_update_rolls_back_to_the_previous_deployment() {
    let fixture = Fixture::new(6);
    let first = fixture
        .deploy(EXAMPLE, None, &mut Vec::new())
        .unwrap()
        .record;
    let broken = EXAMPLE
        .replace("RouteKey: GET /test", "RouteKey: GET /renamed")
        .replace("Handler: index.handler", "Handler: refuse.handler");
    let mut events = Vec::new();
    assert!(fixture.deploy(&broken, Some(&first), &mut events).is_err());
    let steps = statuses(&events);
    assert_eq!(
        steps.last().unwrap(),
        "UPDATE_ROLLBACK_COMPLETE seed",
        "{steps:?}"
    );
}

#[test]
fn unsupported_types_stop_the_deploy_before_anything_and_list_them() {
    let fixture = Fixture::new(7);
    let template = EXAMPLE.replacen(
        "\nOutputs:",
        "\n  Table:\n    Type: AWS::SQS::Queue\n\nOutputs:",
        1,
    );
    let mut events = Vec::new();
    let err = fixture.deploy(&template, None, &mut events).unwrap_err();
    let DeployError::Unsupported(list) = err else {
        panic!("{err:?}")
    };
    assert_eq!(list, [("Table".to_owned(), "AWS::SQS::Queue".to_owned())]);
    assert!(events.is_empty(), "nothing may start: {events:?}");
}

#[test]
fn invalid_template_is_refused_with_its_diagnostics() {
    let fixture = Fixture::new(8);
    let broken = EXAMPLE.replace("!GetAtt TestFunction.Arn", "!GetAtt TestFunctoin.Arn");
    let err = fixture.deploy(&broken, None, &mut Vec::new()).unwrap_err();
    let DeployError::Invalid(validation) = err else {
        panic!("{err:?}")
    };
    assert!(
        validation
            .errors()
            .any(|d| d.message.contains("TestFunctoin"))
    );
}
