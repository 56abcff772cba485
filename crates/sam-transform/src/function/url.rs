//! `FunctionUrlConfig`: the `AWS::Lambda::Url` (`<Fn>Url`) and, when its `AuthType` is
//! `NONE`, the two permissions that let anyone call it.

use serde_json::{Map, Value, json};

use super::attributes::{Attributes, generated_resource};
use crate::intrinsics::{is_intrinsic, reference};

/// The `Cors` members Lambda URLs take, with the JSON type each must have.
const CORS_MEMBERS: [(&str, &str); 6] = [
    ("AllowOrigins", "list"),
    ("AllowMethods", "list"),
    ("AllowCredentials", "bool"),
    ("AllowHeaders", "list"),
    ("ExposeHeaders", "list"),
    ("MaxAge", "int"),
];

/// The URL and its permissions for function `logical_id` (its alias when it has one).
pub(crate) fn resources(
    logical_id: &str,
    alias_id: Option<&str>,
    config: &Value,
    attributes: &Attributes,
) -> Result<Vec<(String, Value)>, String> {
    if super::code::is_python_falsy(config) {
        return Ok(Vec::new());
    }
    check_auth_type(config)?;
    check_cors(config)?;
    let target = reference(alias_id.unwrap_or(logical_id));
    let mut url = Map::new();
    if let Some(cors) = config
        .get("Cors")
        .filter(|cors| !super::code::is_python_falsy(cors))
    {
        url.insert("Cors".to_owned(), cors.clone());
    }
    for (name, value) in [
        ("AuthType", config.get("AuthType")),
        ("TargetFunctionArn", Some(&target)),
        ("InvokeMode", config.get("InvokeMode")),
    ] {
        if let Some(value) = value.filter(|value| !value.is_null()) {
            url.insert(name.to_owned(), value.clone());
        }
    }
    let mut resources = vec![(
        format!("{logical_id}Url"),
        generated_resource("AWS::Lambda::Url", attributes.pass_through(), url),
    )];
    if config.get("AuthType").and_then(Value::as_str) == Some("NONE") && !is_intrinsic(config) {
        resources.extend(public_permissions(logical_id, &target, attributes));
    }
    Ok(resources)
}

/// Anyone may call the URL (`lambda:InvokeFunctionUrl`), and invoke the function
/// through it (`lambda:InvokeFunction` with `InvokedViaFunctionUrl`).
fn public_permissions(
    logical_id: &str,
    target: &Value,
    attributes: &Attributes,
) -> Vec<(String, Value)> {
    let permission = |properties: Value| {
        let properties = properties.as_object().cloned().unwrap_or_default();
        generated_resource(
            "AWS::Lambda::Permission",
            attributes.pass_through(),
            properties,
        )
    };
    vec![
        (
            format!("{logical_id}UrlPublicPermissions"),
            permission(json!({
                "Action": "lambda:InvokeFunctionUrl",
                "FunctionName": target,
                "Principal": "*",
                "FunctionUrlAuthType": "NONE"
            })),
        ),
        (
            format!("{logical_id}URLInvokeAllowPublicAccess"),
            permission(json!({
                "Action": "lambda:InvokeFunction",
                "Principal": "*",
                "FunctionName": target,
                "InvokedViaFunctionUrl": true
            })),
        ),
    ]
}

fn check_auth_type(config: &Value) -> Result<(), String> {
    if is_intrinsic(config) {
        return Ok(());
    }
    let auth_type = config.get("AuthType");
    if auth_type.is_some_and(is_intrinsic) {
        return Ok(());
    }
    match auth_type.and_then(Value::as_str) {
        Some("AWS_IAM" | "NONE") => Ok(()),
        _ => Err(
            "AuthType is required to configure function property `FunctionUrlConfig`. \
                  Please provide either AWS_IAM or NONE."
                .to_owned(),
        ),
    }
}

fn check_cors(config: &Value) -> Result<(), String> {
    if is_intrinsic(config) {
        return Ok(());
    }
    let Some(cors) = config.get("Cors") else {
        return Ok(());
    };
    if super::code::is_python_falsy(cors) || is_intrinsic(cors) {
        return Ok(());
    }
    let Value::Object(cors) = cors else {
        return Err("Property 'FunctionUrlConfig.Cors' should be a map.".to_owned());
    };
    for (name, value) in cors {
        let Some((_, expected)) = CORS_MEMBERS.iter().find(|(member, _)| member == name) else {
            return Err(format!(
                "{name} is not a valid property for configuring Cors."
            ));
        };
        let valid = is_intrinsic(value)
            || match *expected {
                "list" => value.is_array(),
                "bool" => value.is_boolean(),
                // Python's bool is an int.
                _ => value.is_i64() || value.is_u64() || value.is_boolean(),
            };
        if !valid {
            return Err(format!("{name} must be of type {expected}."));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attributes() -> Attributes {
        Attributes::of(&json!({"Condition": "C"}))
    }

    #[test]
    fn a_public_url_gets_both_permissions_and_the_function_s_condition() {
        let made = resources("Fn", None, &json!({"AuthType": "NONE"}), &attributes());
        let ids: Vec<String> = made
            .unwrap_or_default()
            .into_iter()
            .map(|(id, resource)| {
                assert_eq!(resource["Condition"], "C");
                id
            })
            .collect();
        assert_eq!(
            ids,
            [
                "FnUrl",
                "FnUrlPublicPermissions",
                "FnURLInvokeAllowPublicAccess"
            ]
        );
    }

    #[test]
    fn auth_type_and_cors_are_checked() {
        assert!(resources("Fn", None, &json!({"AuthType": "x"}), &attributes()).is_err());
        let bad_cors = json!({"AuthType": "AWS_IAM", "Cors": {"MaxAge": "1"}});
        assert_eq!(
            resources("Fn", Some("FnAliaslive"), &bad_cors, &attributes()),
            Err("MaxAge must be of type int.".to_owned())
        );
    }
}
