//! `sam init`'s hello world as `gantry transform` makes it (the fixture
//! `tests/fixtures/rest/sam-init-hello-world.json`): the RestApi's Body is imported, the
//! Deployment snapshots `GET /hello`, and the `Prod` stage serves that deployment.

#![allow(clippy::unwrap_used)] // test support code outside #[test] functions

mod deploy_support;

use deploy_support::{deploy_at, imported, rest_api};
use store::model::ResourceModel;
use store::model::apigateway::Deployment;

const HELLO_WORLD: &str = include_str!("fixtures/rest/sam-init-hello-world.json");

#[test]
fn the_prod_stage_serves_get_hello_from_the_imported_body() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("hello-world")).unwrap();
    std::fs::write(
        dir.path().join("hello-world/app.mjs"),
        "export const lambdaHandler = async () => ({statusCode: 200, body: 'hello world'});\n",
    )
    .unwrap();
    let deployed = deploy_at(&dir.path().join("template.yaml"), HELLO_WORLD, None, 1).unwrap();
    let api = rest_api(&deployed);
    let method = &imported(&deployed).methods[0];
    assert_eq!(
        (method.http_method.as_str(), method.resource_path.as_str()),
        ("GET", "/hello")
    );
    let deployment: &Deployment = deployed
        .record
        .resources
        .iter()
        .find_map(|r| match &r.model {
            ResourceModel::RestDeployment(deployment) => Some(deployment),
            _ => None,
        })
        .unwrap();
    assert_eq!(deployment.rest_api_id, api.rest_api_id);
    assert_eq!(deployment.snapshot.root_resource_id, api.root_resource_id);
    assert_eq!(
        deployment.snapshot.methods,
        std::slice::from_ref(method),
        "the deployment serves the imported GET /hello"
    );
    let prod = deployed
        .record
        .resources
        .iter()
        .find_map(|r| match &r.model {
            ResourceModel::RestStage(stage) => Some(stage),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        (prod.stage_name.as_str(), &prod.deployment_id),
        ("Prod", &deployment.deployment_id)
    );
    let url = &deployed.record.outputs[0].value;
    assert_eq!(
        url,
        &format!(
            "https://{}.execute-api.us-east-1.amazonaws.com/Prod/hello/",
            api.rest_api_id
        )
    );
    let warnings: Vec<_> = deployed
        .warnings
        .iter()
        .filter(|w| w.logical_id.as_deref() == Some("ServerlessRestApi"))
        .collect();
    assert!(warnings.is_empty(), "{warnings:?}");
}
