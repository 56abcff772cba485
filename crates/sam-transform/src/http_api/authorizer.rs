//! One authorizer of an HttpApi's `Auth.Authorizers`, checked as the translator checks it
//! (`ApiGatewayV2Authorizer`) and rendered as its OpenAPI security scheme: JWT
//! (`JwtConfiguration`) or Lambda `REQUEST` (`FunctionArn`).

use serde_json::{Map, Value, json};

use super::auth::{Authorizer, is_truthy};
use crate::error::Cause;
use crate::intrinsics::sub_with;

/// Each property of an authorizer, the kind that accepts it and the hint its error gives.
const PROPERTIES: [(&str, Kind, &str); 9] = [
    ("AuthorizationScopes", Kind::Jwt, "OAuth2 Authorizer"),
    ("JwtConfiguration", Kind::Jwt, "OAuth2 Authorizer"),
    (
        "IdentitySource",
        Kind::Jwt,
        "OAuth2 Authorizer. For Lambda Authorizer, use the 'Identity' property instead",
    ),
    ("FunctionArn", Kind::Request, "Lambda Authorizer"),
    ("FunctionInvokeRole", Kind::Request, "Lambda Authorizer"),
    ("Identity", Kind::Request, "Lambda Authorizer"),
    (
        "AuthorizerPayloadFormatVersion",
        Kind::Request,
        "Lambda Authorizer",
    ),
    ("EnableSimpleResponses", Kind::Request, "Lambda Authorizer"),
    (
        "EnableFunctionDefaultPermissions",
        Kind::Request,
        "Lambda Authorizer",
    ),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Jwt,
    Request,
}

/// Authorizer `name` of API `logical_id`, checked, with its security scheme.
pub(super) fn build(
    logical_id: &str,
    name: &str,
    config: &Map<String, Value>,
    partition: &str,
) -> Result<Authorizer, Cause> {
    let error = |message: String| Cause::resource(logical_id, message);
    let present = |key: &str| config.get(key).filter(|value| !value.is_null());
    let jwt_configuration = match present("JwtConfiguration").filter(|c| is_truthy(c)) {
        Some(Value::Object(configuration)) => Some(
            configuration
                .iter()
                .map(|(key, value)| (key.to_lowercase(), value.clone()))
                .collect::<Map<String, Value>>(),
        ),
        Some(_) => return Err(error("Property 'JwtConfiguration' should be a map.".into())),
        None => None,
    };
    let kind = if jwt_configuration.is_some() {
        Kind::Jwt
    } else {
        Kind::Request
    };
    if present("AuthorizationScopes").is_some_and(|scopes| !scopes.is_array()) {
        return Err(error("AuthorizationScopes must be a list.".into()));
    }
    for (property, accepted_by, hint) in PROPERTIES {
        if accepted_by != kind && present(property).is_some() {
            return Err(error(format!("{property} is only supported for {hint}.")));
        }
    }
    let falsy = |key: &str| !config.get(key).is_some_and(is_truthy);
    match kind {
        Kind::Jwt if falsy("IdentitySource") => {
            return Err(error(format!(
                "{name} OAuth2 Authorizer must define 'IdentitySource'."
            )));
        }
        Kind::Request if falsy("FunctionArn") => {
            return Err(error(format!(
                "{name} Lambda Authorizer must define 'FunctionArn'."
            )));
        }
        Kind::Request if falsy("AuthorizerPayloadFormatVersion") => {
            return Err(error(format!(
                "{name} Lambda Authorizer must define 'AuthorizerPayloadFormatVersion'."
            )));
        }
        _ => {}
    }
    let default_permissions = present("EnableFunctionDefaultPermissions");
    if default_permissions.is_some_and(|flag| !flag.is_boolean()) {
        return Err(error(format!(
            "Property 'Authorizers.{name}.EnableFunctionDefaultPermissions' should be a boolean."
        )));
    }
    let scheme = match jwt_configuration {
        Some(configuration) => json!({
            "type": "oauth2",
            "x-amazon-apigateway-authorizer": {
                "jwtConfiguration": configuration,
                "identitySource": config.get("IdentitySource"),
                "type": "jwt",
            }
        }),
        None => request_scheme(logical_id, name, config, partition)?,
    };
    let permission_function = (kind == Kind::Request
        && default_permissions == Some(&Value::Bool(true)))
    .then(|| config.get("FunctionArn").cloned())
    .flatten();
    Ok(Authorizer {
        name: name.to_owned(),
        scopes: present("AuthorizationScopes").cloned(),
        scheme,
        permission_function,
    })
}

/// The security scheme of a Lambda `REQUEST` authorizer.
fn request_scheme(
    logical_id: &str,
    name: &str,
    config: &Map<String, Value>,
    partition: &str,
) -> Result<Value, Cause> {
    let mut variables = Map::new();
    variables.insert(
        "__FunctionArn__".to_owned(),
        config.get("FunctionArn").cloned().unwrap_or(Value::Null),
    );
    let mut extension = Map::new();
    extension.insert("type".to_owned(), json!("request"));
    extension.insert(
        "authorizerUri".to_owned(),
        sub_with(
            &format!("arn:{partition}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{__FunctionArn__}}/invocations"),
            variables,
        ),
    );
    if let Some(role) = config
        .get("FunctionInvokeRole")
        .filter(|role| is_truthy(role) && role.as_str() != Some("NONE"))
    {
        extension.insert("authorizerCredentials".to_owned(), role.clone());
    }
    if let Some(identity) = config.get("Identity").filter(|i| is_truthy(i)) {
        let Value::Object(identity) = identity else {
            return Err(Cause::resource(
                logical_id,
                format!("Property 'Auth.Authorizers.{name}.Identity' should be a map."),
            ));
        };
        if let Some(ttl) = identity.get("ReauthorizeEvery").filter(|t| !t.is_null()) {
            extension.insert("authorizerResultTtlInSeconds".to_owned(), ttl.clone());
        }
        extension.insert(
            "identitySource".to_owned(),
            Value::Array(identity_source(logical_id, name, identity)?),
        );
    }
    extension.insert(
        "authorizerPayloadFormatVersion".to_owned(),
        config
            .get("AuthorizerPayloadFormatVersion")
            .cloned()
            .unwrap_or(Value::Null),
    );
    if let Some(simple) = config.get("EnableSimpleResponses").filter(|s| is_truthy(s)) {
        extension.insert("enableSimpleResponses".to_owned(), simple.clone());
    }
    Ok(json!({
        "type": "apiKey",
        "name": "Unused",
        "in": "header",
        "x-amazon-apigateway-authorizer": extension,
    }))
}

/// A Lambda authorizer's `Identity` as API Gateway identity sources.
fn identity_source(
    logical_id: &str,
    name: &str,
    identity: &Map<String, Value>,
) -> Result<Vec<Value>, Cause> {
    let mut sources = Vec::new();
    for (prefix, property) in [
        ("$request.header.", "Headers"),
        ("$request.querystring.", "QueryStrings"),
        ("$stageVariables.", "StageVariables"),
        ("$context.", "Context"),
    ] {
        let Some(values) = identity.get(property).filter(|v| is_truthy(v)) else {
            continue;
        };
        let path = format!("Authorizers.{name}.Identity.{property}");
        let Value::Array(values) = values else {
            return Err(Cause::resource(
                logical_id,
                format!("Property '{path}' should be a list."),
            ));
        };
        for (index, value) in values.iter().enumerate() {
            let Some(value) = value.as_str() else {
                return Err(Cause::resource(
                    logical_id,
                    format!("Property '{path}[{index}]' should be a string."),
                ));
            };
            sources.push(Value::String(format!("{prefix}{value}")));
        }
    }
    Ok(sources)
}
