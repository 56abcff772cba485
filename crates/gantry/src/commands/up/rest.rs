//! What `up` prints for the stack's REST APIs (API Gateway v1): per API its
//! `{apiId}.execute-api.localhost` endpoint, per stage each method's local URL with its
//! authorization, and the API keys clients send. Read from the stack record: a stage
//! serves the deployment snapshot it points to (aws-rest-api.md §1.2), so that is what is
//! listed. HTTP APIs are printed by `report.rs`, custom domains by `domains.rs`.

use std::collections::BTreeMap;

use apigw::rest::api_key::UsagePlans;
use store::StackRecord;
use store::model::ResourceModel;
use store::model::apigateway::{
    Authorizer, Deployment, Method, MethodAuthorizationType, RestApi, Stage,
};

/// The header API keys travel in (aws-rest-api.md §5).
const API_KEY_HEADER: &str = "x-api-key";

/// The REST APIs of a stack as `up` needs them.
pub(super) struct RestApis<'a> {
    apis: Vec<&'a RestApi>,
    stages: Vec<&'a Stage>,
    deployments: BTreeMap<&'a str, &'a Deployment>,
    usage_plans: UsagePlans,
}

impl<'a> RestApis<'a> {
    pub(super) fn of(record: &'a StackRecord) -> Self {
        let (mut apis, mut stages, mut deployments) = (Vec::new(), Vec::new(), BTreeMap::new());
        let (mut keys, mut plans, mut plan_keys) = (Vec::new(), Vec::new(), Vec::new());
        for resource in &record.resources {
            match &resource.model {
                ResourceModel::RestApi(api) => apis.push(api),
                ResourceModel::RestStage(stage) => stages.push(stage),
                ResourceModel::RestDeployment(deployment) => {
                    // A Deployment's `StageName` makes a stage too (SAM's `Stage` stage).
                    stages.extend(deployment.stage.as_ref());
                    deployments.insert(deployment.deployment_id.as_str(), deployment);
                }
                ResourceModel::ApiKey(key) => keys.push(key),
                ResourceModel::UsagePlan(plan) => plans.push(plan),
                ResourceModel::UsagePlanKey(plan_key) => plan_keys.push(plan_key),
                _ => {}
            }
        }
        apis.sort_by(|a, b| a.name.cmp(&b.name));
        stages.sort_by(|a, b| a.stage_name.cmp(&b.stage_name));
        Self {
            apis,
            stages,
            deployments,
            usage_plans: UsagePlans::compile(&keys, &plans, &plan_keys),
        }
    }

    /// How many REST APIs the stack has.
    pub(super) fn len(&self) -> usize {
        self.apis.len()
    }

    /// The local URL for an AWS invoke URL of one of these APIs
    /// (`https://{id}.execute-api.{region}.amazonaws.com/Prod/hello/`), as a stack output
    /// names it; `base` is where a single API is served.
    pub(super) fn local_url(&self, aws_url: &str, base: Option<&str>) -> Option<String> {
        let rest = aws_url.strip_prefix("https://")?;
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let api_id = host.split_once(".execute-api.")?.0;
        let api = self.apis.iter().find(|api| api.rest_api_id == api_id)?;
        Some(format!("{}/{path}", base.unwrap_or(&api.api_endpoint)))
    }

    /// One block per API: its endpoint, then each stage's methods; then the API keys.
    /// `base` is where a single API is served (`http://127.0.0.1:PORT`); with several
    /// APIs each is reached at its endpoint.
    pub(super) fn render(&self, base: Option<&str>) -> String {
        let mut text = String::new();
        for api in &self.apis {
            text.push_str(&format!(
                "\nREST API {} ({}) at {}\n",
                api.name, api.rest_api_id, api.api_endpoint
            ));
            let base = base.unwrap_or(&api.api_endpoint);
            let stages = self
                .stages
                .iter()
                .filter(|stage| stage.rest_api_id == api.rest_api_id);
            for stage in stages {
                let Some(deployment) = self.deployments.get(stage.deployment_id.as_str()) else {
                    text.push_str(&format!(
                        "  (stage {} points to no deployment of this stack and serves nothing)\n",
                        stage.stage_name
                    ));
                    continue;
                };
                let snapshot = &deployment.snapshot;
                let mut methods: Vec<&Method> = snapshot.methods.iter().collect();
                methods.sort_by(|a, b| {
                    (&a.resource_path, &a.http_method).cmp(&(&b.resource_path, &b.http_method))
                });
                for method in methods {
                    text.push_str(&format!(
                        "  {:<7} {base}/{}{}{}\n",
                        method.http_method,
                        stage.stage_name,
                        method.resource_path,
                        authorization(method, &snapshot.authorizers)
                    ));
                }
            }
        }
        text.push_str(&self.api_keys());
        text
    }

    /// The API keys and the stages their usage plans cover.
    fn api_keys(&self) -> String {
        let keys = self.usage_plans.printed_keys();
        if keys.is_empty() {
            return String::new();
        }
        let mut text = format!("\nAPI keys (send one as the {API_KEY_HEADER} header)\n");
        for key in keys {
            let stages = if key.stages.is_empty() {
                "in no usage plan: refused everywhere".to_owned()
            } else {
                format!("stages {}", key.stages.join(", "))
            };
            let disabled = if key.enabled { "" } else { ", disabled" };
            text.push_str(&format!(
                "  {API_KEY_HEADER}: {}  ({}: {stages}{disabled})\n",
                key.value, key.name
            ));
        }
        text
    }
}

/// What a caller needs to call a method: its authorizer and whether it takes an API key.
fn authorization(method: &Method, authorizers: &[Authorizer]) -> String {
    let authorizer = || {
        method
            .authorizer_id
            .as_deref()
            .and_then(|id| authorizers.iter().find(|a| a.authorizer_id == id))
            .map_or_else(|| "?".to_owned(), |a| a.name.clone())
    };
    let mut needs = match method.authorization_type {
        MethodAuthorizationType::None => Vec::new(),
        MethodAuthorizationType::AwsIam => vec!["AWS_IAM: SigV4-signed callers".to_owned()],
        MethodAuthorizationType::Custom => vec![format!("Lambda authorizer {}", authorizer())],
        MethodAuthorizationType::CognitoUserPools => {
            let mut text = format!("Cognito authorizer {}", authorizer());
            if !method.authorization_scopes.is_empty() {
                text.push_str(&format!(
                    ", scopes {}",
                    method.authorization_scopes.join(" | ")
                ));
            }
            vec![text]
        }
    };
    if method.api_key_required {
        needs.push(format!("API key in {API_KEY_HEADER}"));
    }
    if needs.is_empty() {
        String::new()
    } else {
        format!("  ({})", needs.join("; "))
    }
}
