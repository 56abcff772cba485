//! A plain-CloudFormation REST API deployed through the engine (`fixtures/rest/`): every
//! `AWS::ApiGateway::*` part and the Cognito pool and client get AWS-shaped ids and AWS's
//! `Ref`/`GetAtt` values (aws-rest-api.md §10), the Deployment snapshots the API
//! (§1.2, §9.1), and each thing gantry cannot serve is refused with its reason.

#![allow(clippy::unwrap_used)] // test support code outside #[test] functions

mod deploy_support;

use std::collections::BTreeMap;
use std::path::Path;

use cfn_engine::{CheckNote, DeployChecks, DeployError, Deployed};
use deploy_support::{EMPTY_STORE, TestDeploy};
use store::model::apigateway::Deployment;
use store::model::{Function, IntegrationType, ResourceModel};
use store::{ResourceRecord, StackRecord};

#[path = "rest_resources/refusals.rs"]
mod refusals;

const TEMPLATE: &str = include_str!("fixtures/rest/template.yaml");
const LAMBDA_PROXY: &str = "Type: AWS_PROXY\n        IntegrationHttpMethod: POST\n        Uri";

/// Accepts every function; knows the gateway response types a data plane would.
struct Checks;

impl DeployChecks for Checks {
    fn check_function(&self, _: &Function) -> Result<Vec<CheckNote>, CheckNote> {
        Ok(vec![])
    }

    fn check_route_key(&self, _: &str) -> Result<(), CheckNote> {
        Ok(())
    }

    fn check_gateway_response_type(&self, response_type: &str) -> Result<(), CheckNote> {
        if ["DEFAULT_4XX", "DEFAULT_5XX", "UNAUTHORIZED"].contains(&response_type) {
            Ok(())
        } else {
            Err(CheckNote::property(
                "ResponseType",
                format!("unknown type {response_type}"),
            ))
        }
    }
}

fn deploy_template(
    template: &str,
    previous: Option<&StackRecord>,
) -> Result<Deployed, DeployError> {
    let setup = TestDeploy {
        stack_name: "pets",
        region: "eu-west-1",
        account_id: "111122223333",
        allow_unsupported: false,
        checks: &Checks,
        seed: 13,
        ssm_parameters: &EMPTY_STORE,
    };
    setup.deploy(Path::new("template.yaml"), template, previous)
}

fn record<'a>(stack: &'a StackRecord, logical_id: &str) -> &'a ResourceRecord {
    stack
        .resources
        .iter()
        .find(|r| r.logical_id == logical_id)
        .unwrap()
}

fn is_id(id: &str, len: usize) -> bool {
    id.len() == len
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

fn deployment(stack: &StackRecord, logical_id: &str) -> Deployment {
    match &record(stack, logical_id).model {
        ResourceModel::RestDeployment(deployment) => deployment.clone(),
        other => panic!("{other:?}"),
    }
}

fn refusal(template: &str) -> (String, String) {
    match deploy_template(template, None) {
        Err(DeployError::ResourceFailed {
            logical_id, reason, ..
        }) => (logical_id, reason),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn every_part_gets_aws_ids_and_ref_and_getatt_values() {
    let deployed = deploy_template(TEMPLATE, None).unwrap();
    let stack = &deployed.record;
    let api = match &record(stack, "Api").model {
        ResourceModel::RestApi(api) => api.clone(),
        other => panic!("{other:?}"),
    };
    for (logical_id, path) in [
        ("Pets", "/pets"),
        ("Pet", "/pets/{id}"),
        ("Proxy", "/{proxy+}"),
    ] {
        let resource = record(stack, logical_id);
        assert!(is_id(&resource.physical_id, 6), "{}", resource.physical_id);
        assert_eq!(
            resource.attributes["ResourceId"],
            resource.physical_id.as_str()
        );
        match &resource.model {
            ResourceModel::RestResource(model) => assert_eq!(model.path, path),
            other => panic!("{other:?}"),
        }
    }
    let get_pet = match &record(stack, "GetPet").model {
        ResourceModel::RestMethod(method) => method.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        (get_pet.http_method.as_str(), get_pet.resource_path.as_str()),
        ("GET", "/pets/{id}")
    );
    assert!(get_pet.api_key_required);
    assert_eq!(
        get_pet.authorizer_id.as_deref(),
        Some(record(stack, "TokenAuthorizer").physical_id.as_str())
    );
    let integration = get_pet.integration.unwrap();
    assert_eq!(integration.integration_type, IntegrationType::AwsProxy);
    assert_eq!(integration.timeout_in_millis, 29_000);
    assert!(
        record(stack, "GetPet")
            .physical_id
            .starts_with("pets-GetPet-")
    );

    for authorizer in ["TokenAuthorizer", "RequestAuthorizer", "CognitoAuthorizer"] {
        let record = record(stack, authorizer);
        assert!(is_id(&record.physical_id, 6));
        assert_eq!(
            record.attributes["AuthorizerId"],
            record.physical_id.as_str()
        );
    }
    assert!(is_id(&record(stack, "Validator").physical_id, 6));
    assert_eq!(record(stack, "PetModel").physical_id, "Pet");
    assert_eq!(record(stack, "ProdStage").physical_id, "Prod");

    let outputs: BTreeMap<&str, &str> = stack
        .outputs
        .iter()
        .map(|o| (o.key.as_str(), o.value.as_str()))
        .collect();
    let key = record(stack, "Key");
    assert!(is_id(&key.physical_id, 10));
    assert_eq!(outputs["KeyId"], key.physical_id);
    match &key.model {
        ResourceModel::ApiKey(model) => {
            assert!(model.enabled);
            assert!(
                model.value.len() == 40 && model.value.bytes().all(|b| b.is_ascii_alphanumeric())
            );
            assert_eq!(
                model.stage_keys,
                vec![(api.rest_api_id.clone(), "Prod".to_owned())]
            );
        }
        other => panic!("{other:?}"),
    }
    let plan = record(stack, "Plan");
    assert!(is_id(&plan.physical_id, 6));
    assert_eq!(
        outputs["PlanKeyId"],
        format!("{}:{}", key.physical_id, plan.physical_id)
    );
    assert_eq!(
        outputs["DeploymentId"],
        record(stack, "Deployment").physical_id
    );
    assert_eq!(outputs["Stage"], "Prod");
    assert_eq!(outputs["Distribution"], "Z2FDTNDATAQYW2");
    let domain = record(stack, "Domain");
    assert_eq!(domain.attributes["RegionalHostedZoneId"], "ZLY8HYME6SFDD");
    assert!(
        domain.attributes["DistributionDomainName"]
            .as_str()
            .unwrap()
            .ends_with(".cloudfront.net")
    );
    let pool = record(stack, "UserPool");
    let suffix = pool.physical_id.strip_prefix("eu-west-1_").unwrap();
    assert!(suffix.len() == 9 && suffix.bytes().all(|b| b.is_ascii_alphanumeric()));
    assert_eq!(
        outputs["ProviderUrl"],
        format!(
            "https://cognito-idp.eu-west-1.amazonaws.com/{}",
            pool.physical_id
        )
    );
    assert_eq!(
        pool.attributes["Arn"],
        format!(
            "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/{}",
            pool.physical_id
        )
        .as_str()
    );
    assert!(is_id(outputs["ClientId"], 26));
    match &record(stack, "Mapping").model {
        ResourceModel::BasePathMapping(mapping) => {
            assert_eq!(
                (mapping.base_path.as_str(), mapping.stage.as_deref()),
                ("v1", Some("Prod"))
            );
        }
        other => panic!("{other:?}"),
    }

    let warned = |logical_id: &str, text: &str| {
        deployed
            .warnings
            .iter()
            .any(|w| w.logical_id.as_deref() == Some(logical_id) && w.message.contains(text))
    };
    assert!(warned("ProdStage", "TracingEnabled: accepted, not traced"));
    assert!(warned(
        "Deployment",
        "StageDescription.CanarySetting: canary deployments are not emulated: all traffic goes to the main deployment"
    ));
    assert!(warned(
        "UserPool",
        "AutoVerifiedAttributes: gantry's built-in issuer stands in"
    ));
    assert!(warned(
        "UserPoolClient",
        "GenerateSecret: no client secret exists locally"
    ));
    assert!(warned(
        "Domain",
        "RegionalCertificateArn, EndpointConfiguration"
    ));
}

#[test]
fn the_deployment_snapshots_the_api_and_creates_its_stage() {
    let stack = deploy_template(TEMPLATE, None).unwrap().record;
    let api_root = record(&stack, "Api").attributes["RootResourceId"].clone();
    let deployment = deployment(&stack, "Deployment");
    assert!(is_id(&deployment.deployment_id, 6));
    let snapshot = &deployment.snapshot;
    assert_eq!(snapshot.root_resource_id, api_root.as_str().unwrap());
    let paths: Vec<&str> = snapshot.resources.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths, ["/pets", "/{proxy+}", "/pets/{id}"]);
    let methods: Vec<String> = snapshot
        .methods
        .iter()
        .map(|m| format!("{} {}", m.http_method, m.resource_path))
        .collect();
    assert_eq!(
        methods,
        [
            "OPTIONS /pets",
            "POST /pets",
            "GET /pets/{id}",
            "ANY /{proxy+}"
        ]
    );
    let authorizers: Vec<&str> = snapshot
        .authorizers
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(authorizers, ["cognito", "request", "token"]);
    assert_eq!(snapshot.gateway_responses[0].response_type, "DEFAULT_4XX");
    assert_eq!(snapshot.models[0].name, "Pet");
    assert_eq!(snapshot.request_validators[0].name, "body");
    assert_eq!(snapshot.binary_media_types, ["image/png"]);

    let stage = deployment.stage.unwrap();
    assert_eq!(
        (stage.stage_name.as_str(), stage.deployment_id.as_str()),
        ("dev", deployment.deployment_id.as_str())
    );
    assert_eq!(stage.variables["backend"], "pets");
    assert_eq!(stage.method_settings[0].resource_path, "/*");
    assert_eq!(stage.method_settings[0].throttling_rate_limit, Some(100.0));
    match &record(&stack, "ProdStage").model {
        ResourceModel::RestStage(prod) => {
            assert_eq!(prod.deployment_id, deployment.deployment_id);
            assert_eq!(prod.method_settings[0].resource_path, "/pets/{id}");
            assert_eq!(prod.method_settings[0].throttling_burst_limit, Some(2));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_update_in_place_keeps_the_snapshot_and_says_so_as_aws_does() {
    let first = deploy_template(TEMPLATE, None).unwrap().record;
    let changed = TEMPLATE.replacen("TimeoutInMillis: 5000", "TimeoutInMillis: 6000", 1);
    let second = deploy_template(&changed, Some(&first)).unwrap();
    let before = deployment(&first, "Deployment");
    let after = deployment(&second.record, "Deployment");
    assert_eq!(after, before);
    assert!(second.warnings.iter().any(|w| {
        w.logical_id.as_deref() == Some("Deployment")
            && w.message.contains("change the Deployment's logical id")
    }));
    // A new logical id is a new deployment, with the change.
    let renamed = changed
        .replace("  Deployment:\n", "  Deployment2:\n")
        .replace("!Ref Deployment\n", "!Ref Deployment2\n")
        .replace("!GetAtt Deployment.", "!GetAtt Deployment2.");
    let third = deploy_template(&renamed, Some(&second.record))
        .unwrap()
        .record;
    let fresh = deployment(&third, "Deployment2");
    assert_ne!(fresh.deployment_id, before.deployment_id);
    let post = fresh
        .snapshot
        .methods
        .iter()
        .find(|m| m.http_method == "POST")
        .unwrap();
    assert_eq!(post.integration.as_ref().unwrap().timeout_in_millis, 6000);
}

#[test]
fn a_deployment_made_before_any_method_serves_nothing_and_says_why() {
    let template = TEMPLATE.replacen(
        "    DependsOn: [GetPet, PostPets, OptionsPets, AnyProxy, Unauthorized]\n",
        "",
        1,
    );
    let deployed = deploy_template(&template, None).unwrap();
    assert!(
        deployment(&deployed.record, "Deployment")
            .snapshot
            .methods
            .is_empty()
    );
    assert!(deployed.warnings.iter().any(|w| {
        w.logical_id.as_deref() == Some("Deployment")
            && w.message.starts_with(
                "The REST API doesn't contain any methods: AWS refuses this deployment",
            )
    }));
}
