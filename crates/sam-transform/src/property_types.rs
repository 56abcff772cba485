//! The translator's type checks of a SAM resource's properties (`Resource.from_dict`,
//! `validate_properties`), for the resources that still use them (LayerVersion,
//! SimpleTable): an unknown property, a missing required one, a value of the wrong type,
//! each with the translator's message.

use serde_json::{Map, Value};

use crate::error::Cause;
use crate::intrinsics::is_intrinsic;

/// What a property's value must be.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Check {
    /// Anything (passed through).
    Any,
    /// A string.
    Str,
    /// A mapping.
    Map,
    /// `true` or `false`.
    Bool,
    /// A string or a mapping.
    StrOrMap,
    /// A list of strings or mappings.
    ListOfStrOrMap,
    /// An integer (or `true`/`false`, which Python counts as integers).
    Int,
    /// A list.
    List,
    /// `true`, `false` or a mapping.
    BoolOrMap,
    /// A mapping of strings to strings.
    MapOfStr,
    /// A mapping of strings to integers or mappings.
    MapOfIntOrMap,
}

/// One property of a SAM resource type.
pub(crate) struct PropertyType {
    pub(crate) name: &'static str,
    pub(crate) required: bool,
    pub(crate) check: Check,
}

/// A property that may be absent.
pub(crate) const fn optional(name: &'static str, check: Check) -> PropertyType {
    PropertyType {
        name,
        required: false,
        check,
    }
}

/// A property that must be present.
pub(crate) const fn required(name: &'static str, check: Check) -> PropertyType {
    PropertyType {
        name,
        required: true,
        check,
    }
}

/// Checks `properties` of resource `logical_id` (of `resource_type`) as the translator
/// does: first any property it does not define (in template order), then each defined
/// property in turn. Intrinsic functions are left for CloudFormation to check.
pub(crate) fn check(
    logical_id: &str,
    resource_type: &str,
    properties: &Map<String, Value>,
    types: &[PropertyType],
) -> Result<(), Cause> {
    if let Some(unknown) = properties
        .keys()
        .find(|name| !types.iter().any(|t| t.name == name.as_str()))
    {
        return Err(Cause::resource(
            logical_id,
            format!("property {unknown} not defined for resource of type {resource_type}"),
        ));
    }
    for property in types {
        match properties.get(property.name) {
            None | Some(Value::Null) => {
                if property.required {
                    return Err(Cause::resource(
                        logical_id,
                        format!("Missing required property '{}'.", property.name),
                    ));
                }
            }
            Some(value) if is_intrinsic(value) || is_valid(property.check, value) => {}
            Some(_) => {
                let message = match property.check {
                    Check::Str => format!("Property '{}' should be a string.", property.name),
                    Check::Map => format!("Property '{}' should be a map.", property.name),
                    _ => format!("Type of property '{}' is invalid.", property.name),
                };
                return Err(Cause::resource(logical_id, message));
            }
        }
    }
    Ok(())
}

fn is_valid(check: Check, value: &Value) -> bool {
    match check {
        Check::Any => true,
        Check::Str => value.is_string(),
        Check::Map => value.is_object(),
        Check::Bool => value.is_boolean(),
        Check::StrOrMap => value.is_string() || value.is_object(),
        Check::Int => value.is_i64() || value.is_u64() || value.is_boolean(),
        Check::List => value.is_array(),
        Check::BoolOrMap => value.is_boolean() || value.is_object(),
        Check::ListOfStrOrMap => value.as_array().is_some_and(|items| {
            items
                .iter()
                .all(|item| item.is_string() || item.is_object())
        }),
        Check::MapOfStr => value
            .as_object()
            .is_some_and(|map| map.values().all(Value::is_string)),
        // Python's `int` includes `bool`.
        Check::MapOfIntOrMap => value.as_object().is_some_and(|map| {
            map.values()
                .all(|item| item.is_i64() || item.is_u64() || item.is_boolean() || item.is_object())
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TYPES: &[PropertyType] = &[
        required("ContentUri", Check::StrOrMap),
        optional("Tags", Check::Map),
    ];

    fn checked(properties: Value) -> Result<(), String> {
        let properties = properties.as_object().cloned().unwrap_or_default();
        check("L", "AWS::Serverless::LayerVersion", &properties, TYPES)
            .map_err(|cause| cause.message)
    }

    #[test]
    fn the_translator_s_messages_for_each_kind_of_mistake() {
        assert_eq!(checked(json!({"ContentUri": "s3://b/k"})), Ok(()));
        assert_eq!(
            checked(json!({"ContentUri": {"Ref": "P"}, "Tags": {"Fn::If": []}})),
            Ok(())
        );
        assert_eq!(
            checked(json!({"ContentUri": "s3://b/k", "Foo": 1})),
            Err("Resource with id [L] is invalid. property Foo not defined for resource of type AWS::Serverless::LayerVersion".into())
        );
        assert_eq!(
            checked(json!({})),
            Err("Resource with id [L] is invalid. Missing required property 'ContentUri'.".into())
        );
        assert_eq!(
            checked(json!({"ContentUri": 3})),
            Err(
                "Resource with id [L] is invalid. Type of property 'ContentUri' is invalid.".into()
            )
        );
        assert_eq!(
            checked(json!({"ContentUri": "x", "Tags": []})),
            Err("Resource with id [L] is invalid. Property 'Tags' should be a map.".into())
        );
    }
}
