//! The properties an `AWS::Serverless::Function` accepts and the types the translator
//! checks before translating, with its messages.

use serde_json::{Map, Value};

/// What the translator checks about one property's value.
#[derive(Clone, Copy)]
enum Check {
    /// Passed through unread (CloudFormation checks it).
    PassThrough,
    /// A mapping (`Property 'X' should be a map.`); a one-key mapping counts as an intrinsic.
    Map,
    /// A string (`Property 'X' should be a string.`), or an intrinsic.
    String,
    /// Any other rule, or an intrinsic; its message is `Type of property 'X' is invalid.`
    Other(fn(&Value) -> bool),
    /// A rule without intrinsics (the translator's `Property`); same message.
    Strict(fn(&Value) -> bool),
}

/// Every property of `AWS::Serverless::Function`, in the order the translator checks them.
const PROPERTIES: &[(&str, Check)] = &[
    ("FunctionName", Check::Other(is_string_or_map)),
    ("Handler", Check::PassThrough),
    ("Runtime", Check::PassThrough),
    ("CodeUri", Check::PassThrough),
    ("ImageUri", Check::PassThrough),
    ("PackageType", Check::PassThrough),
    ("InlineCode", Check::PassThrough),
    ("DeadLetterQueue", Check::Map),
    ("Description", Check::PassThrough),
    ("MemorySize", Check::PassThrough),
    ("Timeout", Check::PassThrough),
    ("VpcConfig", Check::PassThrough),
    ("Role", Check::String),
    ("AssumeRolePolicyDocument", Check::Map),
    ("Policies", Check::Other(is_policies)),
    ("RolePath", Check::PassThrough),
    ("PermissionsBoundary", Check::String),
    ("Environment", Check::Other(is_map_of_maps)),
    ("Events", Check::Other(is_map_of_maps)),
    ("Tags", Check::Map),
    ("PropagateTags", Check::Other(Value::is_boolean)),
    ("Tracing", Check::Other(is_string_or_map)),
    ("KmsKeyArn", Check::PassThrough),
    ("DeploymentPreference", Check::Map),
    ("ReservedConcurrentExecutions", Check::PassThrough),
    ("Layers", Check::Other(is_list_of_strings_or_maps)),
    ("EventInvokeConfig", Check::Map),
    ("EphemeralStorage", Check::PassThrough),
    ("AutoPublishAlias", Check::Other(Value::is_string)),
    ("AutoPublishCodeSha256", Check::Other(Value::is_string)),
    (
        "AutoPublishAliasAllProperties",
        Check::Strict(Value::is_boolean),
    ),
    ("VersionDescription", Check::PassThrough),
    ("ProvisionedConcurrencyConfig", Check::PassThrough),
    ("FileSystemConfigs", Check::PassThrough),
    ("ImageConfig", Check::PassThrough),
    ("CodeSigningConfigArn", Check::PassThrough),
    ("Architectures", Check::PassThrough),
    ("SnapStart", Check::Map),
    ("FunctionUrlConfig", Check::Map),
    ("RuntimeManagementConfig", Check::PassThrough),
    ("LoggingConfig", Check::PassThrough),
    ("RecursiveLoop", Check::PassThrough),
    ("SourceKMSKeyArn", Check::PassThrough),
    ("CapacityProviderConfig", Check::Map),
    ("FunctionScalingConfig", Check::Map),
    (
        "VersionDeletionPolicy",
        Check::Other(is_version_deletion_policy),
    ),
    ("PublishToLatestPublished", Check::PassThrough),
    ("TenancyConfig", Check::PassThrough),
    ("DurableConfig", Check::Map),
];

/// The function's properties with `null` values left out (the translator treats them as
/// absent), after checking each is known and of its type. `Err` is the message.
pub(crate) fn checked(properties: &Map<String, Value>) -> Result<Map<String, Value>, String> {
    for name in properties.keys() {
        if !PROPERTIES.iter().any(|(known, _)| known == name) {
            return Err(format!(
                "property {name} not defined for resource of type AWS::Serverless::Function"
            ));
        }
    }
    for (name, check) in PROPERTIES {
        let Some(value) = properties.get(*name).filter(|value| !value.is_null()) else {
            continue;
        };
        if let Some(message) = type_error(name, *check, value) {
            return Err(message);
        }
    }
    Ok(properties
        .iter()
        .filter(|(_, value)| !value.is_null())
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect())
}

/// The translator's message when `value` fails `check`.
fn type_error(name: &str, check: Check, value: &Value) -> Option<String> {
    // The translator lets any one-key mapping through as a possible intrinsic.
    let one_key_map = matches!(value, Value::Object(map) if map.len() == 1);
    let valid = match check {
        Check::PassThrough => true,
        Check::Map => value.is_object(),
        Check::String => one_key_map || value.is_string(),
        Check::Other(rule) => one_key_map || rule(value),
        Check::Strict(rule) => rule(value),
    };
    if valid {
        return None;
    }
    Some(match check {
        Check::Map => format!("Property '{name}' should be a map."),
        Check::String => format!("Property '{name}' should be a string."),
        _ if name == "VersionDeletionPolicy" => {
            format!("Property '{name}' should be a one of the strings: 'Delete' or 'Retain'.")
        }
        _ => format!("Type of property '{name}' is invalid."),
    })
}

fn is_string_or_map(value: &Value) -> bool {
    value.is_string() || value.is_object()
}

fn is_map_of_maps(value: &Value) -> bool {
    matches!(value, Value::Object(map) if map.values().all(Value::is_object))
}

fn is_policies(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.iter().all(is_string_or_map),
        other => is_string_or_map(other),
    }
}

fn is_list_of_strings_or_maps(value: &Value) -> bool {
    matches!(value, Value::Array(items) if items.iter().all(is_string_or_map))
}

fn is_version_deletion_policy(value: &Value) -> bool {
    matches!(value.as_str(), Some("Delete" | "Retain"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    #[test]
    fn unknown_properties_and_wrong_types_get_the_translator_s_messages() {
        assert_eq!(
            checked(&map(json!({"Handlr": "x"}))),
            Err(
                "property Handlr not defined for resource of type AWS::Serverless::Function".into()
            )
        );
        assert_eq!(
            checked(&map(json!({"Tags": ["a"]}))),
            Err("Property 'Tags' should be a map.".into())
        );
        assert_eq!(
            checked(&map(json!({"Events": {"E": "x", "F": {}}}))),
            Err("Type of property 'Events' is invalid.".into())
        );
        assert_eq!(
            checked(&map(json!({"Role": {"Fn::GetAtt": ["R", "Arn"]}}))).map(|m| m.len()),
            Ok(1)
        );
    }

    #[test]
    fn null_properties_are_absent() {
        assert_eq!(
            checked(&map(json!({"Events": null, "Handler": "h"}))),
            Ok(map(json!({"Handler": "h"})))
        );
    }
}
