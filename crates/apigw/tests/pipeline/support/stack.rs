//! Stack records built in code: the resource models `apigw::deployment::compile` reads,
//! as the deploy engine would have stored them, without a template.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use store::model::{
    Api, ApiMapping, Authorizer, AuthorizerType, CorsConfiguration, Deployment, DomainName,
    InlinePolicy, Integration, IntegrationType, JwtConfiguration, PayloadFormatVersion,
    ProtocolType, ResourceModel, Role, Route, Stage,
};
use store::{ResourceRecord, StackRecord};

use super::records::{function_record, permission_record, resource_record, stack_record};
use super::route_spec::{RouteSpec, Target};

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
            imported: None,
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

    /// `CorsConfiguration` on the current API.
    pub(crate) fn cors(mut self, cors: CorsConfiguration) -> Self {
        let api_id = self.api_id.clone();
        for record in &mut self.resources {
            if let ResourceModel::Api(api) = &mut record.model
                && api.api_id == api_id
            {
                api.cors_configuration = Some(cors.clone());
            }
        }
        self
    }

    /// A custom domain name with API mappings `(ApiMappingKey, ApiId, Stage)`.
    pub(crate) fn domain(mut self, domain_name: &str, mappings: &[(&str, &str, &str)]) -> Self {
        let domain = DomainName {
            domain_name: domain_name.to_owned(),
            domain_name_arn: format!("arn:aws:apigateway:{REGION}::/domainnames/{domain_name}"),
            regional_domain_name: format!("d-0000000000.execute-api.{REGION}.amazonaws.com"),
        };
        self.add(
            "AWS::ApiGatewayV2::DomainName",
            domain_name,
            ResourceModel::DomainName(domain),
        );
        for (index, (key, api_id, stage)) in mappings.iter().enumerate() {
            let mapping = ApiMapping {
                api_mapping_id: format!("map{index:03}"),
                domain_name: domain_name.to_owned(),
                api_id: (*api_id).to_owned(),
                stage: (*stage).to_owned(),
                api_mapping_key: (*key).to_owned(),
            };
            self.add(
                "AWS::ApiGatewayV2::ApiMapping",
                &mapping.api_mapping_id.clone(),
                ResourceModel::ApiMapping(mapping),
            );
        }
        self
    }

    /// A Node.js function (never run: the fake function answers for it).
    pub(crate) fn function(mut self, name: &str) -> Self {
        self.resources.push(function_record(
            name,
            function_arn(name),
            role_arn("LambdaExecutionRole"),
        ));
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
            integration_subtype: spec.integration_subtype,
            integration_uri: Some(uri),
            integration_method: spec.integration_method,
            payload_format_version: spec.payload,
            credentials_arn: spec.credentials_arn,
            timeout_in_millis: spec.timeout_ms,
            request_parameters: spec.request_parameters,
            response_parameters: spec.response_parameters,
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
            authorizer_payload_format_version: None,
            enable_simple_responses: false,
            authorizer_result_ttl_in_seconds: None,
            authorizer_credentials_arn: None,
        };
        self.add(
            "AWS::ApiGatewayV2::Authorizer",
            AUTHORIZER_ID,
            ResourceModel::Authorizer(authorizer),
        );
        self
    }

    /// A Lambda `REQUEST` authorizer ([`AUTHORIZER_ID`], named `LambdaAuth`) invoking
    /// `function`: payload 2.0, `Authorization` header, no caching; `configure` changes it.
    pub(crate) fn lambda_authorizer(
        mut self,
        function: &str,
        configure: impl FnOnce(&mut Authorizer),
    ) -> Self {
        let mut authorizer = Authorizer {
            api_id: self.api_id.clone(),
            authorizer_id: AUTHORIZER_ID.to_owned(),
            name: "LambdaAuth".to_owned(),
            authorizer_type: AuthorizerType::Request,
            identity_source: vec!["$request.header.Authorization".to_owned()],
            jwt_configuration: None,
            authorizer_uri: Some(format!(
                "arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{}/invocations",
                function_arn(function)
            )),
            authorizer_payload_format_version: Some(PayloadFormatVersion::V2_0),
            enable_simple_responses: false,
            authorizer_result_ttl_in_seconds: Some(0),
            authorizer_credentials_arn: None,
        };
        configure(&mut authorizer);
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
        self.resources
            .push(permission_record(&statement_id, function, source_arn));
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
        stack_record("pipeline", REGION, ACCOUNT, self.resources)
    }

    fn add(&mut self, resource_type: &str, physical_id: &str, model: ResourceModel) {
        self.resources
            .push(resource_record(resource_type, physical_id, model));
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
