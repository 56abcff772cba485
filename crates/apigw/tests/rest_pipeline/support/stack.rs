//! REST API stacks built in code: the `AWS::ApiGateway::*` models
//! `apigw::deployment::compile` reads, as the deploy engine would have stored them. One
//! RestApi whose methods all go into one Deployment, served by the stages added.

use std::collections::BTreeMap;

use store::model::apigateway::{
    Deployment, DeploymentSnapshot, GatewayResponse, IntegrationResponse, Method,
    MethodAuthorizationType, MethodIntegration, MethodSetting, Resource, RestApi, Stage,
};
use store::model::{AccessLogSettings, IntegrationType, ResourceModel};
use store::{ResourceRecord, StackRecord};

use super::records::{function_record, permission_record, resource_record, stack_record};

pub(crate) const REGION: &str = "us-east-1";
pub(crate) const ACCOUNT: &str = "123456789012";
/// The REST API every test deploys.
pub(crate) const API_ID: &str = "r1e2s3t4a5";
/// Its root resource.
pub(crate) const ROOT_ID: &str = "rootid0001";
/// The deployment its stages serve.
pub(crate) const DEPLOYMENT_ID: &str = "dep001";
/// The function most methods invoke.
pub(crate) const FUNCTION: &str = "hello";

pub(crate) fn function_arn(name: &str) -> String {
    format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}")
}

/// The invocations URI of a function ARN (or of text with stage variables).
pub(crate) fn invocations_uri(function_arn: &str) -> String {
    format!(
        "arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{function_arn}/invocations"
    )
}

/// `arn:aws:execute-api:…:{API_ID}/{rest}`.
pub(crate) fn source_arn(rest: &str) -> String {
    format!("arn:aws:execute-api:{REGION}:{ACCOUNT}:{API_ID}/{rest}")
}

/// A REST API stack under construction.
#[derive(Debug)]
pub(crate) struct RestStack {
    records: Vec<ResourceRecord>,
    api: RestApi,
    pub(super) snapshot: DeploymentSnapshot,
    stages: Vec<Stage>,
}

impl RestStack {
    /// The API with function [`FUNCTION`] and an API-wide invoke permission, no methods.
    pub(crate) fn new() -> Self {
        let mut stack = Self {
            records: Vec::new(),
            api: RestApi {
                rest_api_id: API_ID.to_owned(),
                root_resource_id: ROOT_ID.to_owned(),
                name: "hello-api".to_owned(),
                api_endpoint: format!("http://{API_ID}.execute-api.localhost:3000"),
                binary_media_types: Vec::new(),
                api_key_source_type: store::model::apigateway::ApiKeySourceType::Header,
                disable_execute_api_endpoint: false,
                policy: None,
                imported: None,
            },
            snapshot: DeploymentSnapshot {
                root_resource_id: ROOT_ID.to_owned(),
                ..DeploymentSnapshot::default()
            },
            stages: Vec::new(),
        };
        stack = stack.function(FUNCTION);
        stack.permission(FUNCTION, Some(&source_arn("*/*/*")))
    }

    /// [`RestStack::new`] with `GET /hello` → [`FUNCTION`] on stage `Prod`: `sam init`'s
    /// hello world.
    pub(crate) fn hello() -> Self {
        Self::new()
            .lambda("GET", "/hello", FUNCTION)
            .stage("Prod", &[])
    }

    /// An empty stack with function `name` only.
    pub(crate) fn function(mut self, name: &str) -> Self {
        self.records.push(function_record(
            name,
            function_arn(name),
            format!("arn:aws:iam::{ACCOUNT}:role/LambdaExecutionRole"),
        ));
        self
    }

    /// Drops every `AWS::Lambda::Permission` added so far.
    pub(crate) fn without_permissions(mut self) -> Self {
        self.records
            .retain(|r| !matches!(r.model, ResourceModel::Permission(_)));
        self
    }

    /// Lets API Gateway invoke `function` from `source_arn`.
    pub(crate) fn permission(mut self, function: &str, source_arn: Option<&str>) -> Self {
        let statement_id = format!("ApiPermission{}", self.records.len());
        self.records
            .push(permission_record(&statement_id, function, source_arn));
        self
    }

    /// `HttpMethod` on `path` with this integration (resources made as needed).
    pub(crate) fn method(
        mut self,
        http_method: &str,
        path: &str,
        integration: MethodIntegration,
    ) -> Self {
        let resource_id = self.resource(path);
        self.snapshot.methods.push(Method {
            rest_api_id: API_ID.to_owned(),
            resource_id,
            resource_path: path.to_owned(),
            http_method: http_method.to_owned(),
            authorization_type: MethodAuthorizationType::None,
            authorizer_id: None,
            authorization_scopes: Vec::new(),
            api_key_required: false,
            operation_name: None,
            request_validator_id: None,
            request_parameters: BTreeMap::new(),
            request_models: BTreeMap::new(),
            method_responses: BTreeMap::new(),
            integration: Some(integration),
        });
        self
    }

    /// `HttpMethod` on `path` → `function` through an `AWS_PROXY` integration.
    pub(crate) fn lambda(self, http_method: &str, path: &str, function: &str) -> Self {
        self.lambda_uri(http_method, path, &invocations_uri(&function_arn(function)))
    }

    /// `HttpMethod` on `path` → an `AWS_PROXY` integration with this `Uri`.
    pub(crate) fn lambda_uri(self, http_method: &str, path: &str, uri: &str) -> Self {
        self.method(
            http_method,
            path,
            integration(IntegrationType::AwsProxy, Some(uri)),
        )
    }

    /// The last method's integration timeout.
    pub(crate) fn timeout_ms(mut self, timeout: u32) -> Self {
        if let Some(integration) = self
            .snapshot
            .methods
            .last_mut()
            .and_then(|m| m.integration.as_mut())
        {
            integration.timeout_in_millis = timeout;
        }
        self
    }

    /// SAM's CORS preflight: `OPTIONS` on `path`, a `MOCK` with `{"statusCode": 200}` and
    /// the `Access-Control-Allow-*` response parameters for `origin`.
    pub(crate) fn sam_cors_options(self, path: &str, origin: &str) -> Self {
        let mut mock = integration(IntegrationType::Mock, None);
        mock.request_templates.insert(
            "application/json".to_owned(),
            r#"{"statusCode" : 200}"#.to_owned(),
        );
        mock.passthrough_behavior = Some("when_no_match".to_owned());
        mock.integration_responses.push(IntegrationResponse {
            status_code: "200".to_owned(),
            selection_pattern: None,
            response_parameters: BTreeMap::from([
                (
                    "method.response.header.Access-Control-Allow-Methods".to_owned(),
                    "'GET,OPTIONS'".to_owned(),
                ),
                (
                    "method.response.header.Access-Control-Allow-Origin".to_owned(),
                    format!("'{origin}'"),
                ),
            ]),
            response_templates: BTreeMap::from([("application/json".to_owned(), "{}".to_owned())]),
            content_handling: None,
        });
        self.method("OPTIONS", path, mock)
    }

    /// A stage serving the deployment, with these variables.
    pub(crate) fn stage(mut self, name: &str, variables: &[(&str, &str)]) -> Self {
        self.stages.push(Stage {
            rest_api_id: API_ID.to_owned(),
            stage_name: name.to_owned(),
            deployment_id: DEPLOYMENT_ID.to_owned(),
            variables: variables
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            method_settings: Vec::new(),
            access_log_setting: None,
            tracing_enabled: false,
        });
        self
    }

    /// A `MethodSettings` entry of the last stage.
    pub(crate) fn method_setting(
        mut self,
        resource_path: &str,
        http_method: &str,
        rate: f64,
        burst: u32,
    ) -> Self {
        if let Some(stage) = self.stages.last_mut() {
            stage.method_settings.push(MethodSetting {
                resource_path: resource_path.to_owned(),
                http_method: http_method.to_owned(),
                throttling_rate_limit: Some(rate),
                throttling_burst_limit: Some(burst),
            });
        }
        self
    }

    /// `AccessLogSetting` of the last stage.
    pub(crate) fn access_log(mut self, format: &str) -> Self {
        if let Some(stage) = self.stages.last_mut() {
            stage.access_log_setting = Some(AccessLogSettings {
                destination_arn: format!("arn:aws:logs:{REGION}:{ACCOUNT}:log-group:rest-access"),
                format: format.to_owned(),
            });
        }
        self
    }

    /// A gateway response of the deployment.
    pub(crate) fn gateway_response(
        mut self,
        response_type: &str,
        headers: &[(&str, &str)],
    ) -> Self {
        self.snapshot.gateway_responses.push(GatewayResponse {
            rest_api_id: API_ID.to_owned(),
            response_type: response_type.to_owned(),
            status_code: None,
            response_parameters: headers
                .iter()
                .map(|(k, v)| (format!("gatewayresponse.header.{k}"), format!("'{v}'")))
                .collect(),
            response_templates: BTreeMap::new(),
        });
        self
    }

    /// `BinaryMediaTypes` of the API and its deployment.
    pub(crate) fn binary_media_types(mut self, types: &[&str]) -> Self {
        let types: Vec<String> = types.iter().map(|t| (*t).to_owned()).collect();
        self.api.binary_media_types.clone_from(&types);
        self.snapshot.binary_media_types = types;
        self
    }

    /// The resource at `path` (and its parents), returning its id.
    fn resource(&mut self, path: &str) -> String {
        if path == "/" {
            return ROOT_ID.to_owned();
        }
        let mut parent = ROOT_ID.to_owned();
        let mut full = String::new();
        for part in path.trim_start_matches('/').split('/') {
            full.push('/');
            full.push_str(part);
            let existing = self.snapshot.resources.iter().find(|r| r.path == full);
            parent = match existing {
                Some(resource) => resource.resource_id.clone(),
                None => {
                    let resource_id = format!("res{:03}", self.snapshot.resources.len() + 1);
                    self.snapshot.resources.push(Resource {
                        rest_api_id: API_ID.to_owned(),
                        resource_id: resource_id.clone(),
                        parent_id: parent,
                        path_part: part.to_owned(),
                        path: full.clone(),
                    });
                    resource_id
                }
            };
        }
        parent
    }

    pub(crate) fn record(mut self) -> StackRecord {
        self.snapshot
            .binary_media_types
            .clone_from(&self.api.binary_media_types);
        let api = self.api.clone();
        self.add(
            "AWS::ApiGateway::RestApi",
            API_ID,
            ResourceModel::RestApi(api),
        );
        let deployment = Deployment {
            rest_api_id: API_ID.to_owned(),
            deployment_id: DEPLOYMENT_ID.to_owned(),
            stage: None,
            snapshot: self.snapshot.clone(),
        };
        self.add(
            "AWS::ApiGateway::Deployment",
            DEPLOYMENT_ID,
            ResourceModel::RestDeployment(deployment),
        );
        for stage in std::mem::take(&mut self.stages) {
            let name = stage.stage_name.clone();
            self.add(
                "AWS::ApiGateway::Stage",
                &name,
                ResourceModel::RestStage(stage),
            );
        }
        stack_record("rest", REGION, ACCOUNT, self.records)
    }

    pub(super) fn add(&mut self, resource_type: &str, physical_id: &str, model: ResourceModel) {
        self.records
            .push(resource_record(resource_type, physical_id, model));
    }
}

/// An integration of this type with AWS's defaults (29 s timeout, POST for Lambda).
pub(crate) fn integration(
    integration_type: IntegrationType,
    uri: Option<&str>,
) -> MethodIntegration {
    MethodIntegration {
        integration_type,
        uri: uri.map(str::to_owned),
        integration_http_method: (integration_type == IntegrationType::AwsProxy)
            .then(|| "POST".to_owned()),
        credentials: None,
        timeout_in_millis: 29_000,
        request_templates: BTreeMap::new(),
        request_parameters: BTreeMap::new(),
        passthrough_behavior: None,
        content_handling: None,
        cache_key_parameters: Vec::new(),
        integration_responses: Vec::new(),
    }
}
