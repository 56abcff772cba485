//! Access control of REST stacks built in code: Lambda authorizers, `AWS_IAM`, API keys
//! and usage plans, custom domains with base path mappings.

use std::collections::BTreeMap;

use store::model::ResourceModel;
use store::model::apigateway::{
    ApiKey, Authorizer, BasePathMapping, MethodAuthorizationType, RequestValidator,
    RestAuthorizerType, UsagePlan, UsagePlanApiStage, UsagePlanKey,
};
use store::model::cognito::{UserPool, UserPoolClient};

use super::stack::{API_ID, RestStack, function_arn, invocations_uri};

/// The authorizer id of [`RestStack::token_authorizer`].
pub(crate) const AUTHORIZER_ID: &str = "auth01";
/// The user pool of [`RestStack::cognito_authorizer`].
pub(crate) const USER_POOL_ID: &str = "us-east-1_abcdefghi";
/// Its app client.
pub(crate) const USER_POOL_CLIENT_ID: &str = "3n4b5urk1ft4fl3mg5e62d9ado";

impl RestStack {
    /// A `TOKEN` authorizer reading `Authorization`, invoking `function`, caching for `ttl`.
    pub(crate) fn token_authorizer(mut self, function: &str, ttl: u32) -> Self {
        self.snapshot.authorizers.push(Authorizer {
            rest_api_id: API_ID.to_owned(),
            authorizer_id: AUTHORIZER_ID.to_owned(),
            name: "TokenAuth".to_owned(),
            authorizer_type: RestAuthorizerType::Token,
            authorizer_uri: Some(invocations_uri(&function_arn(function))),
            authorizer_credentials: None,
            identity_source: Some("method.request.header.Authorization".to_owned()),
            identity_validation_expression: None,
            authorizer_result_ttl_in_seconds: Some(ttl),
            provider_arns: Vec::new(),
        });
        self.function(function).permission(function, None)
    }

    /// The authorizer of [`RestStack::token_authorizer`] as a `REQUEST` authorizer reading
    /// `Authorization` (call it after `token_authorizer`).
    pub(crate) fn request_typed(mut self) -> Self {
        if let Some(authorizer) = self.snapshot.authorizers.last_mut() {
            authorizer.name = "RequestAuth".to_owned();
            authorizer.authorizer_type = RestAuthorizerType::Request;
        }
        self
    }

    /// A `COGNITO_USER_POOLS` authorizer ([`AUTHORIZER_ID`], `CognitoAuth`) of pool
    /// [`USER_POOL_ID`] with app client [`USER_POOL_CLIENT_ID`]; the last method uses it.
    pub(crate) fn cognito_authorizer(mut self) -> Self {
        let pool = UserPool {
            user_pool_id: USER_POOL_ID.to_owned(),
            name: "Users".to_owned(),
            arn: format!("arn:aws:cognito-idp:us-east-1:123456789012:userpool/{USER_POOL_ID}"),
            provider_name: format!("cognito-idp.us-east-1.amazonaws.com/{USER_POOL_ID}"),
            provider_url: format!("https://cognito-idp.us-east-1.amazonaws.com/{USER_POOL_ID}"),
        };
        self.snapshot.authorizers.push(Authorizer {
            rest_api_id: API_ID.to_owned(),
            authorizer_id: AUTHORIZER_ID.to_owned(),
            name: "CognitoAuth".to_owned(),
            authorizer_type: RestAuthorizerType::CognitoUserPools,
            authorizer_uri: None,
            authorizer_credentials: None,
            identity_source: Some("method.request.header.Authorization".to_owned()),
            identity_validation_expression: None,
            authorizer_result_ttl_in_seconds: Some(300),
            provider_arns: vec![pool.arn.clone()],
        });
        if let Some(method) = self.snapshot.methods.last_mut() {
            method.authorization_type = MethodAuthorizationType::CognitoUserPools;
            method.authorizer_id = Some(AUTHORIZER_ID.to_owned());
        }
        let client = UserPoolClient {
            client_id: USER_POOL_CLIENT_ID.to_owned(),
            user_pool_id: USER_POOL_ID.to_owned(),
            name: "web".to_owned(),
        };
        self.add(
            "AWS::Cognito::UserPool",
            USER_POOL_ID,
            ResourceModel::UserPool(pool),
        );
        self.add(
            "AWS::Cognito::UserPoolClient",
            USER_POOL_CLIENT_ID,
            ResourceModel::UserPoolClient(client),
        );
        self
    }

    /// The last method uses `authorizer_id` (`CUSTOM`).
    pub(crate) fn authorized_by(mut self, authorizer_id: &str) -> Self {
        if let Some(method) = self.snapshot.methods.last_mut() {
            method.authorization_type = MethodAuthorizationType::Custom;
            method.authorizer_id = Some(authorizer_id.to_owned());
        }
        self
    }

    /// The last method is `AWS_IAM`.
    pub(crate) fn iam(mut self) -> Self {
        if let Some(method) = self.snapshot.methods.last_mut() {
            method.authorization_type = MethodAuthorizationType::AwsIam;
        }
        self
    }

    /// The last method has `ApiKeyRequired: true`.
    pub(crate) fn api_key_required(mut self) -> Self {
        if let Some(method) = self.snapshot.methods.last_mut() {
            method.api_key_required = true;
        }
        self
    }

    /// The last method requires query parameter `name`, checked by a validator.
    pub(crate) fn required_query(mut self, name: &str) -> Self {
        self.snapshot.request_validators.push(RequestValidator {
            rest_api_id: API_ID.to_owned(),
            request_validator_id: "val001".to_owned(),
            name: "params-only".to_owned(),
            validate_request_body: false,
            validate_request_parameters: true,
        });
        if let Some(method) = self.snapshot.methods.last_mut() {
            method.request_validator_id = Some("val001".to_owned());
            method
                .request_parameters
                .insert(format!("method.request.querystring.{name}"), true);
        }
        self
    }

    /// An enabled API key `value` in a usage plan covering `stage` of the API.
    pub(crate) fn api_key_in_plan(mut self, value: &str, stage: &str) -> Self {
        let key = ApiKey {
            api_key_id: "key001".to_owned(),
            name: "TestKey".to_owned(),
            value: value.to_owned(),
            enabled: true,
            stage_keys: Vec::new(),
        };
        let plan = UsagePlan {
            usage_plan_id: "plan01".to_owned(),
            name: "TestPlan".to_owned(),
            api_stages: vec![UsagePlanApiStage {
                api_id: API_ID.to_owned(),
                stage: stage.to_owned(),
                throttle: BTreeMap::new(),
            }],
            throttle: None,
            quota: None,
        };
        let plan_key = UsagePlanKey {
            key_id: "key001".to_owned(),
            usage_plan_id: "plan01".to_owned(),
        };
        self.add(
            "AWS::ApiGateway::ApiKey",
            "key001",
            ResourceModel::ApiKey(key),
        );
        self.add(
            "AWS::ApiGateway::UsagePlan",
            "plan01",
            ResourceModel::UsagePlan(plan),
        );
        self.add(
            "AWS::ApiGateway::UsagePlanKey",
            "plankey01",
            ResourceModel::UsagePlanKey(plan_key),
        );
        self
    }

    /// A base path mapping of `domain` to the API's `stage`.
    pub(crate) fn base_path_mapping(
        mut self,
        domain: &str,
        base_path: &str,
        stage: Option<&str>,
    ) -> Self {
        let mapping = BasePathMapping {
            domain_name: domain.to_owned(),
            base_path: base_path.to_owned(),
            rest_api_id: API_ID.to_owned(),
            stage: stage.map(str::to_owned),
        };
        self.add(
            "AWS::ApiGateway::BasePathMapping",
            base_path,
            ResourceModel::BasePathMapping(mapping),
        );
        self
    }
}
