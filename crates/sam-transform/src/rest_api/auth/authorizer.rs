//! One entry of an Api's `Auth.Authorizers` (or the `AWS_IAM` that `DefaultAuthorizer:
//! AWS_IAM` implies): its checks and its `securityDefinitions` entry.

use serde_json::{Map, Value, json};

use super::body::truthy;
pub(crate) use super::python::python_str;
use crate::error::Cause;

/// An authorizer as the translator models it.
#[derive(Clone, Debug)]
pub(crate) struct Authorizer {
    pub(crate) name: String,
    pub(crate) user_pool_arn: Option<Value>,
    pub(crate) function_arn: Option<Value>,
    pub(crate) identity: Option<Value>,
    pub(crate) function_payload_type: Option<Value>,
    pub(crate) function_invoke_role: Option<Value>,
    pub(crate) is_aws_iam: bool,
    /// `AuthorizationScopes` (a list; empty when not given).
    pub(crate) authorization_scopes: Value,
    pub(crate) disable_function_default_permissions: Option<Value>,
}

/// What kind of authorizer API Gateway gets.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    AwsIam,
    CognitoUserPools,
    Lambda,
}

impl Authorizer {
    /// The `AWS_IAM` authorizer `DefaultAuthorizer: AWS_IAM` stands for.
    pub(crate) fn aws_iam() -> Self {
        Self {
            name: "AWS_IAM".to_owned(),
            user_pool_arn: None,
            function_arn: None,
            identity: None,
            function_payload_type: None,
            function_invoke_role: None,
            is_aws_iam: true,
            authorization_scopes: json!([]),
            disable_function_default_permissions: None,
        }
    }

    /// Authorizer `name` of Api `api_id` from its `Auth.Authorizers` entry (a mapping),
    /// with the translator's checks.
    pub(crate) fn from_config(api_id: &str, name: &str, config: &Value) -> Result<Self, Cause> {
        let field = |key: &str| config.get(key).filter(|value| !value.is_null()).cloned();
        let payload_type = field("FunctionPayloadType");
        if let Some(payload_type) = &payload_type
            && payload_type != "TOKEN"
            && payload_type != "REQUEST"
        {
            return Err(Cause::resource(
                api_id,
                format!(
                    "{name} Authorizer has invalid 'FunctionPayloadType': {}.",
                    python_str(payload_type)
                ),
            ));
        }
        let authorizer = Self {
            name: name.to_owned(),
            user_pool_arn: field("UserPoolArn"),
            function_arn: field("FunctionArn"),
            identity: field("Identity"),
            function_payload_type: payload_type,
            function_invoke_role: field("FunctionInvokeRole"),
            is_aws_iam: false,
            authorization_scopes: field("AuthorizationScopes").unwrap_or_else(|| json!([])),
            disable_function_default_permissions: field("DisableFunctionDefaultPermissions"),
        };
        if authorizer.payload_type() == "REQUEST"
            && authorizer.function_payload_type.is_some()
            && authorizer.is_missing_identity_source(api_id)?
        {
            return Err(Cause::resource(
                api_id,
                format!(
                    "{name} Authorizer must specify Identity with at least one of Headers, QueryStrings, StageVariables, or Context."
                ),
            ));
        }
        if !authorizer.authorization_scopes.is_array() {
            return Err(Cause::resource(
                api_id,
                format!("Property 'Authorizers.{name}.AuthorizationScopes' should be a list."),
            ));
        }
        if let Some(flag) = &authorizer.disable_function_default_permissions
            && !flag.is_boolean()
        {
            return Err(Cause::resource(
                api_id,
                format!(
                    "Property 'Authorizers.{name}.DisableFunctionDefaultPermissions' should be a boolean."
                ),
            ));
        }
        Ok(authorizer)
    }

    /// Whether the authorizer gets an invoke permission: a Lambda authorizer whose
    /// default permission is not disabled.
    pub(crate) fn needs_permission(&self) -> bool {
        self.function_arn.as_ref().is_some_and(truthy)
            && !self
                .disable_function_default_permissions
                .as_ref()
                .is_some_and(truthy)
    }

    /// A REQUEST authorizer's identity sources: none given, or none of them while
    /// caching is on (`ReauthorizeEvery` not 0).
    fn is_missing_identity_source(&self, api_id: &str) -> Result<bool, Cause> {
        let Some(identity) = self.identity.as_ref().filter(|identity| truthy(identity)) else {
            return Ok(true);
        };
        if !identity.is_object() {
            return Err(Cause::resource(
                api_id,
                format!(
                    "Property 'Authorizer.{}.Identity' should be a map.",
                    self.name
                ),
            ));
        }
        let given = |key: &str| identity.get(key).is_some_and(truthy);
        let missing = !given("Headers")
            && !given("QueryStrings")
            && !given("StageVariables")
            && !given("Context");
        let ttl = match identity.get("ReauthorizeEvery") {
            None | Some(Value::Null) => return Ok(missing),
            Some(Value::Number(number)) => number.as_f64().map(|ttl| ttl.trunc() as i64),
            Some(Value::String(text)) => text.trim().parse::<i64>().ok(),
            Some(Value::Bool(flag)) => Some(i64::from(*flag)),
            Some(_) => None,
        };
        Ok(match ttl {
            Some(ttl) => ttl > 0 && missing,
            None => missing,
        })
    }

    fn kind(&self) -> Kind {
        if self.is_aws_iam {
            Kind::AwsIam
        } else if self.user_pool_arn.as_ref().is_some_and(truthy) {
            Kind::CognitoUserPools
        } else {
            Kind::Lambda
        }
    }

    fn payload_type(&self) -> &str {
        match &self.function_payload_type {
            Some(Value::String(payload_type)) if !payload_type.is_empty() => payload_type,
            _ => "TOKEN",
        }
    }

    fn identity_field(&self, key: &str) -> Option<&Value> {
        self.identity
            .as_ref()
            .filter(|identity| truthy(identity))
            .and_then(|identity| identity.get(key))
    }

    /// The header the authorizer reads (`Identity.Header`, default `Authorization`).
    fn identity_header(&self, api_id: &str) -> Result<Value, Cause> {
        if let Some(identity) = self.identity.as_ref().filter(|identity| truthy(identity))
            && !identity.is_object()
        {
            return Err(Cause::resource(
                api_id,
                "Auth.Authorizers.<Authorizer>.Identity must be a dict (LambdaTokenAuthorizationIdentity, \
                 LambdaRequestAuthorizationIdentity or CognitoAuthorizationIdentity).",
            ));
        }
        Ok(self
            .identity_field("Header")
            .filter(|header| truthy(header))
            .cloned()
            .unwrap_or_else(|| json!("Authorization")))
    }

    /// A REQUEST authorizer's `identitySource`: its headers, query strings, stage
    /// variables and context values, comma separated.
    fn identity_source(&self, api_id: &str) -> Result<String, Cause> {
        let pairs = [
            ("Headers", "method.request.header."),
            ("QueryStrings", "method.request.querystring."),
            ("StageVariables", "stageVariables."),
            ("Context", "context."),
        ];
        let mut sources = Vec::new();
        for (key, prefix) in pairs {
            let Some(values) = self.identity_field(key).filter(|values| truthy(values)) else {
                continue;
            };
            let path = format!("Auth.Authorizers.{}.Identity.{key}", self.name);
            let Value::Array(values) = values else {
                return Err(Cause::resource(
                    api_id,
                    format!("Property '{path}' should be a list."),
                ));
            };
            for (index, value) in values.iter().enumerate() {
                let Value::String(value) = value else {
                    return Err(Cause::resource(
                        api_id,
                        format!("Property '{path}[{index}]' should be a string."),
                    ));
                };
                sources.push(format!("{prefix}{value}"));
            }
        }
        Ok(sources.join(", "))
    }

    /// The authorizer's `securityDefinitions` entry.
    pub(crate) fn security_definition(
        &self,
        api_id: &str,
        partition: &str,
    ) -> Result<Value, Cause> {
        let kind = self.kind();
        let mut definition = Map::new();
        definition.insert("type".into(), json!("apiKey"));
        let name = if kind == Kind::Lambda && self.payload_type() == "REQUEST" {
            json!("Unused")
        } else {
            self.identity_header(api_id)?
        };
        definition.insert("name".into(), name);
        definition.insert("in".into(), json!("header"));
        let auth_type = match kind {
            Kind::AwsIam => "awsSigv4",
            Kind::CognitoUserPools => "cognito_user_pools",
            Kind::Lambda => "custom",
        };
        definition.insert("x-amazon-apigateway-authtype".into(), json!(auth_type));
        let mut authorizer = Map::new();
        match kind {
            Kind::AwsIam => return Ok(Value::Object(definition)),
            Kind::CognitoUserPools => {
                authorizer.insert("type".into(), json!("cognito_user_pools"));
                let arns = match &self.user_pool_arn {
                    Some(Value::Array(arns)) => Value::Array(arns.clone()),
                    Some(arn) => json!([arn]),
                    None => json!([null]),
                };
                authorizer.insert("providerARNs".into(), arns);
            }
            Kind::Lambda => self.lambda_authorizer(api_id, partition, &mut authorizer)?,
        }
        let takes_validation_expression =
            kind == Kind::CognitoUserPools || self.payload_type() == "TOKEN";
        if takes_validation_expression
            && let Some(expression) = self
                .identity_field("ValidationExpression")
                .filter(|expression| truthy(expression))
        {
            authorizer.insert("identityValidationExpression".into(), expression.clone());
        }
        definition.insert(
            "x-amazon-apigateway-authorizer".into(),
            Value::Object(authorizer),
        );
        Ok(Value::Object(definition))
    }

    fn lambda_authorizer(
        &self,
        api_id: &str,
        partition: &str,
        authorizer: &mut Map<String, Value>,
    ) -> Result<(), Cause> {
        let payload_type = self.payload_type();
        authorizer.insert("type".into(), json!(payload_type.to_lowercase()));
        let uri = format!(
            "arn:{partition}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{__FunctionArn__}}/invocations"
        );
        authorizer.insert(
            "authorizerUri".into(),
            json!({"Fn::Sub": [uri, {"__FunctionArn__": self.function_arn.clone().unwrap_or(Value::Null)}]}),
        );
        if let Some(ttl) = self
            .identity_field("ReauthorizeEvery")
            .filter(|ttl| !ttl.is_null())
        {
            authorizer.insert("authorizerResultTtlInSeconds".into(), ttl.clone());
        }
        if let Some(role) = self
            .function_invoke_role
            .as_ref()
            .filter(|role| truthy(role) && *role != "NONE")
        {
            authorizer.insert("authorizerCredentials".into(), role.clone());
        }
        if payload_type == "REQUEST" {
            let source = self.identity_source(api_id)?;
            if !source.is_empty() {
                authorizer.insert("identitySource".into(), json!(source));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn definition(config: Value) -> Result<Value, Cause> {
        Authorizer::from_config("Api", "Auth", &config)?.security_definition("Api", "aws")
    }

    #[test]
    fn a_request_authorizer_joins_its_identity_sources() {
        let config = json!({"FunctionArn": "arn", "FunctionPayloadType": "REQUEST",
            "Identity": {"Headers": ["H1", "H2"], "QueryStrings": ["q"], "StageVariables": ["s"],
                "Context": ["c"], "ReauthorizeEvery": 10}});
        let authorizer = &definition(config).unwrap()["x-amazon-apigateway-authorizer"];
        assert_eq!(
            authorizer["identitySource"],
            "method.request.header.H1, method.request.header.H2, method.request.querystring.q, stageVariables.s, context.c"
        );
        assert_eq!(authorizer["authorizerResultTtlInSeconds"], 10);
        assert_eq!(authorizer["type"], "request");
    }

    #[test]
    fn a_request_authorizer_without_sources_is_valid_only_without_caching() {
        let uncached = json!({"FunctionArn": "arn", "FunctionPayloadType": "REQUEST",
            "Identity": {"ReauthorizeEvery": 0}});
        let generated = definition(uncached).unwrap();
        assert_eq!(generated["name"], "Unused");
        assert!(
            generated["x-amazon-apigateway-authorizer"]
                .get("identitySource")
                .is_none()
        );
        let cached = json!({"FunctionArn": "arn", "FunctionPayloadType": "REQUEST",
            "Identity": {"ReauthorizeEvery": 300}});
        assert!(definition(cached).unwrap_err().message.ends_with(
            "Auth Authorizer must specify Identity with at least one of Headers, QueryStrings, StageVariables, or Context."
        ));
    }

    #[test]
    fn a_token_authorizer_reads_its_header_and_validation_expression() {
        let config = json!({"FunctionArn": "arn", "FunctionInvokeRole": "NONE",
            "Identity": {"Header": "X-Token", "ValidationExpression": "^Bearer"}});
        assert_eq!(
            definition(config).unwrap(),
            json!({"type": "apiKey", "name": "X-Token", "in": "header",
                "x-amazon-apigateway-authtype": "custom",
                "x-amazon-apigateway-authorizer": {"type": "token",
                    "authorizerUri": {"Fn::Sub": ["arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${__FunctionArn__}/invocations",
                        {"__FunctionArn__": "arn"}]},
                    "identityValidationExpression": "^Bearer"}})
        );
    }

    #[test]
    fn an_unknown_payload_type_is_named() {
        let error =
            definition(json!({"FunctionArn": "arn", "FunctionPayloadType": "BODY"})).unwrap_err();
        assert_eq!(
            error.message,
            "Resource with id [Api] is invalid. Auth Authorizer has invalid 'FunctionPayloadType': BODY."
        );
    }
}
