//! What `apigw::deployment::compile` makes of REST stacks (aws-rest-api.md §1.2, §9.1):
//! the stages a `Stage` or a `Deployment`'s `StageName` declares, each serving its
//! deployment, and the deployments it refuses.

use apigw::deployment::{CompileError, compile};
use apigw::jwt::{IssuerKeys, JwksSettings};
use apigw::rest::RestCompileError;
use store::StackRecord;
use store::model::ResourceModel;

use crate::support::{Bed, FakeFunction, RestStack, get};

fn compiled(stack: &StackRecord) -> Result<apigw::deployment::Deployment, CompileError> {
    compile(
        std::slice::from_ref(stack),
        &IssuerKeys::new(JwksSettings::default()).unwrap(),
    )
}

#[test]
fn served_rest_api_lists_its_stages_methods_and_urls() {
    let deployment = compiled(&RestStack::hello().record()).unwrap();
    let api = deployment.rest_apis().next().expect("one REST API");
    assert_eq!(api.rest_api_id, "r1e2s3t4a5");
    assert_eq!(api.stage_names(), ["Prod"]);
    let stage = &api.stages["Prod"];
    assert_eq!(
        stage.url,
        "http://r1e2s3t4a5.execute-api.localhost:3000/Prod/"
    );
    assert_eq!(stage.methods().collect::<Vec<_>>(), [("GET", "/hello")]);
}

#[test]
fn stage_pointing_at_a_missing_deployment_is_refused_naming_both() {
    let mut stack = RestStack::hello().record();
    for record in &mut stack.resources {
        if let ResourceModel::RestStage(stage) = &mut record.model {
            stage.deployment_id = "gone01".to_owned();
        }
    }
    let error = compiled(&stack).unwrap_err();
    assert!(matches!(
        &error,
        CompileError::Rest(RestCompileError::MissingDeployment { stage, deployment_id, .. })
            if stage == "Prod" && deployment_id == "gone01"
    ));
    assert!(
        error
            .to_string()
            .contains("stage Prod: DeploymentId gone01"),
        "{error}"
    );
}

#[tokio::test]
async fn deployment_stage_name_creates_a_served_stage() {
    let mut stack = RestStack::new()
        .lambda("GET", "/hello", "hello")
        .stage("Prod", &[])
        .record();
    // Turn the Stage resource into the Deployment's `StageName`.
    let stage = stack.resources.iter().find_map(|r| match &r.model {
        ResourceModel::RestStage(stage) => Some(stage.clone()),
        _ => None,
    });
    stack
        .resources
        .retain(|r| !matches!(r.model, ResourceModel::RestStage(_)));
    for record in &mut stack.resources {
        if let ResourceModel::RestDeployment(deployment) = &mut record.model {
            deployment.stage.clone_from(&stage);
        }
    }
    let bed = Bed::serve(&[stack], FakeFunction::ok());
    let served = bed.send(get("/Prod/hello/")).await;
    assert_eq!(served.status(), 200, "{}", served.explanation());
    let event = bed.function.only_invocation().event;
    assert_eq!(
        event["path"], "/hello/",
        "the trailing slash is kept in path"
    );
    assert_eq!(event["resource"], "/hello");
}
