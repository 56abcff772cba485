//! Stack records built in code: the resource models `apigw::deployment::compile` reads,
//! as the deploy engine would have stored them, without a template.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use store::model::{
    Api, AuthorizationType, Authorizer, AuthorizerType, Code, Deployment, Function, InlinePolicy,
    Integration, IntegrationType, JwtConfiguration, PayloadFormatVersion, Permission, ProtocolType,
    ResourceModel, Role, Route, Stage,
};
use store::{ResourceRecord, StackRecord, StackStatus};

pub(crate) const REGION: &str = "us-east-1";
pub(crate) const ACCOUNT: &str = "123456789012";
/// The API most tests deploy.
pub(crate) const API_ID: &str = "a1b2c3d4e5";
/// The function most tests deploy.
pub(crate) const FUNCTION: &str = "hello";
/// The authorizer id of [`Stack::jwt_authorizer`].
pub(crate) const AUTHORIZER_ID: &str = "auth01";
/// The audience the JWT authorizer accepts.
pub(crate) const AUDIENCE: &str = "api";
/// The integration role of [`Stack::role`].
pub(crate) const ROLE_NAME: &str = "ApiInvokeRole";

pub(crate) fn function_arn(name: &str) -> String {
    format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}")
}

pub(crate) fn role_arn(name: &str) -> String {
    format!("arn:aws:iam::{ACCOUNT}:role/{name}")
}

/// `arn:aws:execute-api:…:{API_ID}/{rest}`, e.g. `source_arn("*/GET/hello")`.
pub(crate) fn source_arn(rest: &str) -> String {
    format!("arn:aws:execute-api:{REGION}:{ACCOUNT}:{API_ID}/{rest}")
}

/// Where a route sends requests.
#[derive(Debug, Clone)]
enum Target {
    Function(String),
    HttpProxy(String),
    /// An `AWS_PROXY` `IntegrationUri` as written (stage variables and all).
    LambdaUri(String),
}

/// A route with its integration.
#[derive(Debug, Clone)]
pub(crate) struct RouteSpec {
    key: String,
    target: Target,
    authorization: AuthorizationType,
    authorizer_id: Option<String>,
    scopes: Vec<String>,
    payload: PayloadFormatVersion,
    timeout_ms: u32,
    credentials_arn: Option<String>,
}

impl RouteSpec {
    /// `key` → AWS_PROXY payload 2.0 integration to `function`, no authorization.
    pub(crate) fn lambda(key: &str, function: &str) -> Self {
        Self {
            key: key.to_owned(),
            target: Target::Function(function.to_owned()),
            authorization: AuthorizationType::None,
            authorizer_id: None,
            scopes: Vec::new(),
            payload: PayloadFormatVersion::V2_0,
            timeout_ms: 30_000,
            credentials_arn: None,
        }
    }

    /// `key` → AWS_PROXY payload 2.0 integration with this `IntegrationUri`.
    pub(crate) fn lambda_uri(key: &str, integration_uri: &str) -> Self {
        Self {
            target: Target::LambdaUri(integration_uri.to_owned()),
            ..Self::lambda(key, FUNCTION)
        }
    }

    /// `key` → HTTP_PROXY integration to `url`.
    pub(crate) fn http_proxy(key: &str, url: &str) -> Self {
        Self {
            target: Target::HttpProxy(url.to_owned()),
            ..Self::lambda(key, FUNCTION)
        }
    }

    /// `AuthorizationType: JWT` with [`AUTHORIZER_ID`] and these scopes.
    pub(crate) fn jwt(mut self, scopes: &[&str]) -> Self {
        self.authorization = AuthorizationType::Jwt;
        self.authorizer_id = Some(AUTHORIZER_ID.to_owned());
        self.scopes = scopes.iter().map(|s| (*s).to_owned()).collect();
        self
    }

    /// Another `AuthorizationType` (CUSTOM, AWS_IAM), without an authorizer.
    pub(crate) fn authorization(mut self, authorization: AuthorizationType) -> Self {
        self.authorization = authorization;
        self
    }

    pub(crate) fn payload(mut self, payload: PayloadFormatVersion) -> Self {
        self.payload = payload;
        self
    }

    pub(crate) fn timeout_ms(mut self, timeout_ms: u32) -> Self {
        self.timeout_ms = timeout_ms;
        self
    }

    /// The integration's `CredentialsArn`.
    pub(crate) fn credentials(mut self, role_arn: &str) -> Self {
        self.credentials_arn = Some(role_arn.to_owned());
        self
    }
}

/// A stack under construction; resources go to the API added last.
#[derive(Debug)]
pub(crate) struct Stack {
    api_id: String,
    resources: Vec<ResourceRecord>,
    routes: usize,
}

impl Stack {
    /// An empty stack.
    pub(crate) fn empty() -> Self {
        Self {
            api_id: API_ID.to_owned(),
            resources: Vec::new(),
            routes: 0,
        }
    }

    /// [`API_ID`] with a `$default` stage and function [`FUNCTION`], no routes.
    pub(crate) fn new() -> Self {
        Self::empty().api(API_ID).function(FUNCTION)
    }

    /// [`Stack::new`] with `GET /hello` → [`FUNCTION`] and an API-wide permission for
    /// API Gateway to invoke it: the smallest stack that serves a request.
    pub(crate) fn hello() -> Self {
        Self::new()
            .route(RouteSpec::lambda("GET /hello", FUNCTION))
            .permission(FUNCTION, Some(&source_arn("*")))
    }

    /// An HTTP API with a `$default` stage; later routes belong to it.
    pub(crate) fn api(self, api_id: &str) -> Self {
        self.api_with_stages(api_id, &["$default"])
    }

    /// An HTTP API with exactly these stages.
    pub(crate) fn api_with_stages(mut self, api_id: &str, stages: &[&str]) -> Self {
        self.api_id = api_id.to_owned();
        let api = Api {
            api_id: api_id.to_owned(),
            name: format!("{api_id}-api"),
            protocol_type: ProtocolType::Http,
            api_endpoint: format!("http://{api_id}.execute-api.localhost:3000"),
            disable_execute_api_endpoint: false,
            cors_configuration: None,
            quick_create: None,
        };
        self.add("AWS::ApiGatewayV2::Api", api_id, ResourceModel::Api(api));
        for stage in stages {
            self.add(
                "AWS::ApiGatewayV2::Stage",
                stage,
                ResourceModel::Stage(Stage {
                    api_id: api_id.to_owned(),
                    stage_name: (*stage).to_owned(),
                    auto_deploy: true,
                    deployment_id: None,
                    stage_variables: BTreeMap::new(),
                    default_route_settings: None,
                    route_settings: BTreeMap::new(),
                    access_log_settings: None,
                }),
            );
        }
        self
    }

    /// Changes stage `name` of the current API (variables, throttling, access log).
    pub(crate) fn stage(mut self, name: &str, change: impl FnOnce(&mut Stage)) -> Self {
        let api_id = self.api_id.clone();
        let stage = self
            .resources
            .iter_mut()
            .find_map(|record| match &mut record.model {
                ResourceModel::Stage(stage)
                    if stage.api_id == api_id && stage.stage_name == name =>
                {
                    Some(stage)
                }
                _ => None,
            })
            .expect("the stage exists");
        change(stage);
        self
    }

    /// An `AWS::ApiGatewayV2::Deployment` of the current API naming `stage_name`.
    pub(crate) fn deployment(mut self, stage_name: &str) -> Self {
        let deployment = Deployment {
            api_id: self.api_id.clone(),
            deployment_id: "dep001".to_owned(),
            stage_name: Some(stage_name.to_owned()),
        };
        self.add(
            "AWS::ApiGatewayV2::Deployment",
            "dep001",
            ResourceModel::Deployment(deployment),
        );
        self
    }

    /// `DisableExecuteApiEndpoint: true` on the current API.
    pub(crate) fn disable_execute_api_endpoint(mut self) -> Self {
        let api_id = self.api_id.clone();
        for record in &mut self.resources {
            if let ResourceModel::Api(api) = &mut record.model
                && api.api_id == api_id
            {
                api.disable_execute_api_endpoint = true;
            }
        }
        self
    }

    /// A Node.js function (never run: the fake function answers for it).
    pub(crate) fn function(mut self, name: &str) -> Self {
        let function = Function::zip(
            format!("{name}Function"),
            name,
            function_arn(name),
            role_arn("LambdaExecutionRole"),
            "nodejs22.x",
            Code::Inline {
                zip_file: "exports.handler = async () => ({ statusCode: 200 });".to_owned(),
            },
        );
        self.add(
            "AWS::Lambda::Function",
            name,
            ResourceModel::Function(function),
        );
        self
    }

    /// A route and its integration on the current API.
    pub(crate) fn route(mut self, spec: RouteSpec) -> Self {
        self.routes += 1;
        let route_id = format!("r{:06}", self.routes);
        let integration_id = format!("i{:06}", self.routes);
        let (integration_type, uri) = match &spec.target {
            Target::Function(name) => (IntegrationType::AwsProxy, function_arn(name)),
            Target::HttpProxy(url) => (IntegrationType::HttpProxy, url.clone()),
            Target::LambdaUri(uri) => (IntegrationType::AwsProxy, uri.clone()),
        };
        let integration = Integration {
            api_id: self.api_id.clone(),
            integration_id: integration_id.clone(),
            integration_type,
            integration_subtype: None,
            integration_uri: Some(uri),
            integration_method: None,
            payload_format_version: spec.payload,
            credentials_arn: spec.credentials_arn,
            timeout_in_millis: spec.timeout_ms,
        };
        let route = Route {
            api_id: self.api_id.clone(),
            route_id: route_id.clone(),
            route_key: spec.key,
            target: Some(format!("integrations/{integration_id}")),
            authorization_type: spec.authorization,
            authorizer_id: spec.authorizer_id,
            authorization_scopes: spec.scopes,
        };
        self.add(
            "AWS::ApiGatewayV2::Integration",
            &integration_id,
            ResourceModel::Integration(integration),
        );
        self.add(
            "AWS::ApiGatewayV2::Route",
            &route_id,
            ResourceModel::Route(route),
        );
        self
    }

    /// A JWT authorizer ([`AUTHORIZER_ID`]) on the current API: `Authorization` header,
    /// this issuer, audience [`AUDIENCE`].
    pub(crate) fn jwt_authorizer(mut self, issuer: &str) -> Self {
        let authorizer = Authorizer {
            api_id: self.api_id.clone(),
            authorizer_id: AUTHORIZER_ID.to_owned(),
            name: "JwtAuthorizer".to_owned(),
            authorizer_type: AuthorizerType::Jwt,
            identity_source: vec!["$request.header.Authorization".to_owned()],
            jwt_configuration: Some(JwtConfiguration {
                issuer: issuer.to_owned(),
                audience: vec![AUDIENCE.to_owned()],
            }),
            authorizer_uri: None,
        };
        self.add(
            "AWS::ApiGatewayV2::Authorizer",
            AUTHORIZER_ID,
            ResourceModel::Authorizer(authorizer),
        );
        self
    }

    /// `AWS::Lambda::Permission` for `apigateway.amazonaws.com` to invoke `function`.
    pub(crate) fn permission(mut self, function: &str, source_arn: Option<&str>) -> Self {
        let statement_id = format!("ApiPermission{}", self.resources.len());
        let permission = Permission {
            statement_id: statement_id.clone(),
            function_name: function.to_owned(),
            action: "lambda:InvokeFunction".to_owned(),
            principal: "apigateway.amazonaws.com".to_owned(),
            source_arn: source_arn.map(str::to_owned),
            source_account: None,
        };
        self.add(
            "AWS::Lambda::Permission",
            &statement_id,
            ResourceModel::Permission(permission),
        );
        self
    }

    /// Role [`ROLE_NAME`] with this trust policy and these inline policies.
    pub(crate) fn role(mut self, trust: Value, policies: Vec<InlinePolicy>) -> Self {
        let role = Role {
            role_name: ROLE_NAME.to_owned(),
            arn: role_arn(ROLE_NAME),
            role_id: "AROAEXAMPLEEXAMPLE01".to_owned(),
            assume_role_policy_document: trust,
            policies,
            managed_policy_arns: Vec::new(),
        };
        self.add("AWS::IAM::Role", ROLE_NAME, ResourceModel::Role(role));
        self
    }

    /// The stack record, as the store would hand it to `compile`.
    pub(crate) fn record(self) -> StackRecord {
        StackRecord {
            name: "pipeline".to_owned(),
            stack_id: format!(
                "arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/pipeline/00000000-0000-4000-8000-000000000000"
            ),
            region: REGION.to_owned(),
            account_id: ACCOUNT.to_owned(),
            partition: "aws".to_owned(),
            status: StackStatus::CreateComplete,
            template_path: "template.yaml".to_owned(),
            template_body: String::new(),
            parameters: BTreeMap::new(),
            outputs: Vec::new(),
            resources: self.resources,
            updated_at: 0,
        }
    }

    fn add(&mut self, resource_type: &str, physical_id: &str, model: ResourceModel) {
        self.resources.push(ResourceRecord {
            logical_id: physical_id.replace(['$', '-'], ""),
            resource_type: resource_type.to_owned(),
            physical_id: physical_id.to_owned(),
            properties: json!({}),
            attributes: BTreeMap::new(),
            model,
        });
    }
}

/// A trust policy letting API Gateway assume the role.
pub(crate) fn api_gateway_trust() -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "apigateway.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }],
    })
}

/// A trust policy for Lambda only (API Gateway may not assume the role).
pub(crate) fn lambda_only_trust() -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }],
    })
}

/// An inline policy allowing `lambda:InvokeFunction` on `function`.
pub(crate) fn invoke_policy(function: &str) -> InlinePolicy {
    InlinePolicy {
        policy_name: "InvokeFunction".to_owned(),
        policy_document: json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Action": "lambda:InvokeFunction",
                "Resource": function_arn(function),
            }],
        }),
    }
}
