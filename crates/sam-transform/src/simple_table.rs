//! `AWS::Serverless::SimpleTable` → `AWS::DynamoDB::Table` (`../shared/reference/sam-cdk.md` A.12):
//!
//! 1. check the properties' types;
//! 2. the primary key (`id` of type `S` by default) as the table's only attribute and
//!    `HASH` key;
//! 3. provisioned throughput when given, else on-demand billing (`PAY_PER_REQUEST`);
//! 4. `PointInTimeRecoverySpecification`, `SSESpecification`, `TableName` and `Tags` (as
//!    a list) when set.

use serde_json::{Map, Value, json};

use crate::error::Cause;
use crate::property_types::{Check, PropertyType, check, optional};
use crate::python::is_falsy;
use crate::template::Template;

const RESOURCE_TYPE: &str = "AWS::Serverless::SimpleTable";

const PROPERTY_TYPES: &[PropertyType] = &[
    optional("PointInTimeRecoverySpecification", Check::Any),
    optional("PrimaryKey", Check::MapOfStr),
    optional("ProvisionedThroughput", Check::MapOfIntOrMap),
    optional("TableName", Check::StrOrMap),
    optional("Tags", Check::Map),
    optional("SSESpecification", Check::Map),
];

/// Resource attributes the table keeps from the SAM resource.
const ATTRIBUTES: &[&str] = &[
    "DependsOn",
    "DeletionPolicy",
    "UpdatePolicy",
    "Condition",
    "UpdateReplacePolicy",
    "Metadata",
];

/// Translates SimpleTable `logical_id`, recording errors on the template.
pub(crate) fn translate(template: &mut Template<'_>, logical_id: &str) {
    let Some(resource) = template.resource(logical_id).cloned() else {
        return;
    };
    let outcome = table(logical_id, &resource)
        .and_then(|table| template.replace(logical_id, vec![(logical_id.to_owned(), table)]));
    if let Err(cause) = outcome {
        template.errors.push(cause);
    }
}

/// The `AWS::DynamoDB::Table` for SAM resource `resource`.
fn table(logical_id: &str, resource: &Value) -> Result<Value, Cause> {
    let properties = resource
        .get("Properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    check(logical_id, RESOURCE_TYPE, &properties, PROPERTY_TYPES)?;

    let mut table = Map::new();
    let primary_key = primary_key(logical_id, properties.get("PrimaryKey"))?;
    table.insert(
        "KeySchema".to_owned(),
        json!([{"AttributeName": primary_key.get("AttributeName"), "KeyType": "HASH"}]),
    );
    table.insert(
        "AttributeDefinitions".to_owned(),
        Value::Array(vec![Value::Object(primary_key)]),
    );
    if let Some(pitr) = truthy(&properties, "PointInTimeRecoverySpecification") {
        table.insert("PointInTimeRecoverySpecification".to_owned(), pitr.clone());
    }
    match truthy(&properties, "ProvisionedThroughput") {
        Some(throughput) => table.insert("ProvisionedThroughput".to_owned(), throughput.clone()),
        None => table.insert("BillingMode".to_owned(), json!("PAY_PER_REQUEST")),
    };
    for name in ["SSESpecification", "TableName"] {
        if let Some(value) = truthy(&properties, name) {
            table.insert(name.to_owned(), value.clone());
        }
    }
    if let Some(Value::Object(tags)) = truthy(&properties, "Tags") {
        table.insert("Tags".to_owned(), tag_list(tags));
    }

    let mut generated = Map::new();
    generated.insert("Type".to_owned(), json!("AWS::DynamoDB::Table"));
    for attribute in ATTRIBUTES {
        if let Some(value) = resource.get(*attribute) {
            generated.insert((*attribute).to_owned(), value.clone());
        }
    }
    generated.insert("Properties".to_owned(), Value::Object(table));
    Ok(Value::Object(generated))
}

/// `{AttributeName, AttributeType}` of the table's key: `PrimaryKey`'s `Name` and `Type`
/// (`String`, `Number` or `Binary`), or `id` of type `S`.
fn primary_key(logical_id: &str, primary_key: Option<&Value>) -> Result<Map<String, Value>, Cause> {
    let Some(Value::Object(key)) = primary_key.filter(|key| !is_falsy(key)) else {
        let mut default = Map::new();
        default.insert("AttributeName".to_owned(), json!("id"));
        default.insert("AttributeType".to_owned(), json!("S"));
        return Ok(default);
    };
    let required = |name: &str| {
        key.get(name)
            .filter(|value| !value.is_null())
            .ok_or_else(|| {
                Cause::resource(
                    logical_id,
                    format!("Property 'PrimaryKey.{name}' is required."),
                )
            })
    };
    let name = required("Name")?;
    let attribute_type = match required("Type")?.as_str() {
        Some("String") => "S",
        Some("Number") => "N",
        Some("Binary") => "B",
        other => {
            let shown = other.map_or_else(
                || key.get("Type").map(Value::to_string).unwrap_or_default(),
                str::to_owned,
            );
            return Err(Cause::resource(
                logical_id,
                format!("Invalid 'Type' \"{shown}\"."),
            ));
        }
    };
    let mut definition = Map::new();
    definition.insert("AttributeName".to_owned(), name.clone());
    definition.insert("AttributeType".to_owned(), json!(attribute_type));
    Ok(definition)
}

/// A property's value when Python would find it true.
fn truthy<'a>(properties: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    properties.get(name).filter(|value| !is_falsy(value))
}

/// SAM's tag mapping as CloudFormation's list of `{Key, Value}` (a null value becomes `""`).
pub(crate) fn tag_list(tags: &Map<String, Value>) -> Value {
    Value::Array(
        tags.iter()
            .map(|(key, value)| {
                let value = if value.is_null() {
                    json!("")
                } else {
                    value.clone()
                };
                json!({"Key": key, "Value": value})
            })
            .collect(),
    )
}
