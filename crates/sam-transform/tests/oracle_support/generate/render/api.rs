//! The APIs of a generated template: explicit HTTP and REST APIs, their authorizers and CORS.

use serde_json::{Map, Value, json};

use super::super::{HttpApiShape, RestApiShape, TemplateShape};

const USER_POOL_ARN: &str = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc";

pub(super) fn http_cors(choice: u8) -> Option<Value> {
    match choice {
        1 => Some(json!(true)),
        2 => Some(json!({
            "AllowOrigins": ["https://example.com"],
            "AllowMethods": ["GET", "POST"],
            "AllowHeaders": ["x-custom"],
            "MaxAge": 600,
            "AllowCredentials": true
        })),
        _ => None,
    }
}

pub(super) fn rest_cors(choice: u8) -> Option<Value> {
    match choice {
        1 => Some(json!("'*'")),
        2 => Some(json!({
            "AllowOrigin": "'https://example.com'",
            "AllowMethods": "'GET,POST'",
            "AllowHeaders": "'Content-Type'"
        })),
        _ => None,
    }
}

pub(super) fn jwt_authorizer() -> Value {
    json!({
        "JwtConfiguration": {"issuer": "https://issuer.example.com", "audience": ["gantry"]},
        "IdentitySource": "$request.header.Authorization"
    })
}

fn authorizer_function_arn() -> Value {
    json!({"Fn::GetAtt": ["AuthorizerFunction", "Arn"]})
}

/// The authorizers an HTTP API has (Globals' included), `AWS_IAM` last when enabled.
pub(super) fn http_authorizers(
    shape: &TemplateShape,
    api: Option<&HttpApiShape>,
) -> Vec<&'static str> {
    let mut names = Vec::new();
    if shape.globals.http_api.as_ref().is_some_and(|g| g.jwt) {
        names.push("GlobalJwt");
    }
    if let Some(api) = api {
        if api.jwt {
            names.push("JwtAuth");
        }
        if api.lambda {
            names.push("LambdaAuth");
        }
        if api.iam {
            names.push("AWS_IAM");
        }
    }
    names
}

/// The authorizers a REST API has, `AWS_IAM` always available.
pub(super) fn rest_authorizers(api: Option<&RestApiShape>) -> Vec<&'static str> {
    let mut names = Vec::new();
    if let Some(api) = api {
        if api.token {
            names.push("TokenAuth");
        }
        if api.request {
            names.push("RequestAuth");
        }
        if api.cognito {
            names.push("CognitoAuth");
        }
    }
    names.push("AWS_IAM");
    names
}

/// The default authorizer a `default` choice picks among `names` (0: none).
pub(super) fn default_of(default: u8, names: &[&'static str]) -> Option<&'static str> {
    let choice = usize::from(default);
    (choice > 0 && !names.is_empty()).then(|| names[(choice - 1) % names.len()])
}

pub(super) fn http_api(api: &HttpApiShape) -> Value {
    let mut properties = Map::new();
    if let Some(stage) = api.stage {
        properties.insert("StageName".into(), json!(stage));
    }
    if api.stage_variables {
        properties.insert("StageVariables".into(), json!({"mode": "test"}));
    }
    if api.tags {
        properties.insert("Tags".into(), json!({"api": "http"}));
    }
    if let Some(cors) = http_cors(api.cors) {
        properties.insert("CorsConfiguration".into(), cors);
    }
    let mut authorizers = Map::new();
    if api.jwt {
        let mut jwt = jwt_authorizer();
        if let Some(object) = jwt.as_object_mut() {
            object.insert("AuthorizationScopes".into(), json!(["read", "write"]));
        }
        authorizers.insert("JwtAuth".into(), jwt);
    }
    if api.lambda {
        authorizers.insert(
            "LambdaAuth".into(),
            json!({
                "FunctionArn": authorizer_function_arn(),
                "AuthorizerPayloadFormatVersion": "2.0",
                "EnableSimpleResponses": true,
                "Identity": {"Headers": ["Authorization"]}
            }),
        );
    }
    let own = http_own_authorizers(api);
    let mut auth = Map::new();
    if !authorizers.is_empty() {
        auth.insert("Authorizers".into(), Value::Object(authorizers));
    }
    if api.iam {
        auth.insert("EnableIamAuthorizer".into(), json!(true));
    }
    if let Some(default) = default_of(api.default, &own) {
        auth.insert("DefaultAuthorizer".into(), json!(default));
    }
    if !auth.is_empty() {
        properties.insert("Auth".into(), Value::Object(auth));
    }
    json!({"Type": "AWS::Serverless::HttpApi", "Properties": properties})
}

/// An explicit HTTP API's own authorizers (a default among them overrides Globals').
pub(super) fn http_own_authorizers(api: &HttpApiShape) -> Vec<&'static str> {
    [
        (api.jwt, "JwtAuth"),
        (api.lambda, "LambdaAuth"),
        (api.iam, "AWS_IAM"),
    ]
    .into_iter()
    .filter_map(|(present, name)| present.then_some(name))
    .collect()
}

pub(super) fn rest_api(api: &RestApiShape) -> Value {
    let mut properties = Map::new();
    properties.insert("StageName".into(), json!(api.stage));
    if api.variables {
        properties.insert("Variables".into(), json!({"mode": "test"}));
    }
    if api.tags {
        properties.insert("Tags".into(), json!({"api": "rest"}));
    }
    if let Some(cors) = rest_cors(api.cors) {
        properties.insert("Cors".into(), cors);
    }
    let mut authorizers = Map::new();
    if api.token {
        authorizers.insert(
            "TokenAuth".into(),
            json!({"FunctionArn": authorizer_function_arn()}),
        );
    }
    if api.request {
        authorizers.insert(
            "RequestAuth".into(),
            json!({
                "FunctionPayloadType": "REQUEST",
                "FunctionArn": authorizer_function_arn(),
                "Identity": {"Headers": ["Authorization"]}
            }),
        );
    }
    if api.cognito {
        authorizers.insert("CognitoAuth".into(), json!({"UserPoolArn": USER_POOL_ARN}));
    }
    let mut auth = Map::new();
    if !authorizers.is_empty() {
        auth.insert("Authorizers".into(), Value::Object(authorizers));
    }
    if let Some(default) = default_of(api.default, &rest_authorizers(Some(api))) {
        auth.insert("DefaultAuthorizer".into(), json!(default));
    }
    if !auth.is_empty() {
        properties.insert("Auth".into(), Value::Object(auth));
    }
    json!({"Type": "AWS::Serverless::Api", "Properties": properties})
}
