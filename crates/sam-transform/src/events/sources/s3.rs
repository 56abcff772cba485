//! `S3` events: the permission for S3 to invoke the function, and the bucket (which must
//! be in the template) given a notification configuration per event type and a
//! dependency on the permission.

use serde_json::{Map, Value, json};

use super::Source;
use crate::error::Cause;
use crate::intrinsics::{fn_if, reference};
use crate::property_types::{Check, PropertyType, optional, required};
use crate::template::Template;

const S3_TYPES: &[PropertyType] = &[
    required("Bucket", Check::Str),
    required("Events", Check::Any),
    optional("Filter", Check::Any),
];

/// The permission; the bucket is changed in place in the template.
pub(super) fn s3(
    template: &mut Template<'_>,
    source: &Source<'_>,
) -> Result<Vec<(String, Value)>, Cause> {
    let bucket_id = bucket_id(template, source)?;
    source.check("S3", S3_TYPES)?;
    let permission = source.permission("s3.amazonaws.com", None, Some(reference("AWS::AccountId")));
    let condition = source.attributes.get("Condition").cloned();
    let mappings = notification_mappings(source);
    let Some(Value::Object(bucket)) = template.resource_mut(&bucket_id) else {
        return Err(missing_bucket(source));
    };
    match &condition {
        Some(condition) => depend_through_tag(&bucket_id, bucket, &permission.0, condition)?,
        None => depend_on(source, bucket, &permission.0)?,
    }
    add_notifications(&bucket_id, bucket, mappings)?;
    Ok(vec![permission])
}

/// The id of the template's bucket the event's `Bucket: !Ref B` names.
fn bucket_id(template: &Template<'_>, source: &Source<'_>) -> Result<String, Cause> {
    let reference = source
        .properties
        .get("Bucket")
        .and_then(|bucket| bucket.get("Ref"));
    match reference {
        Some(Value::String(id)) if template.resource(id).is_some() => Ok(id.clone()),
        Some(Value::String(_)) | None => Err(missing_bucket(source)),
        Some(_) => Err(Cause::resource(
            &source.function.logical_id,
            format!(
                "Event with id [{}] is invalid. 'Ref' value in S3 events is not a valid string.",
                source.event_id
            ),
        )),
    }
}

fn missing_bucket(source: &Source<'_>) -> Cause {
    source.error("S3 events must reference an S3 bucket in the same template.")
}

/// One `LambdaConfigurations` entry per event type (`Fn::If` on the function's condition).
fn notification_mappings(source: &Source<'_>) -> Vec<Value> {
    let event_types = match source.get("Events") {
        Some(Value::Array(types)) => types.clone(),
        Some(other) => vec![other.clone()],
        None => Vec::new(),
    };
    event_types
        .into_iter()
        .map(|event_type| {
            let mut mapping = Map::new();
            mapping.insert("Function".to_owned(), source.function_arn());
            if let Some(filter) = source.get("Filter") {
                mapping.insert("Filter".to_owned(), filter.clone());
            }
            mapping.insert("Event".to_owned(), event_type);
            match source.function.condition.as_deref() {
                Some(condition) => fn_if(
                    condition,
                    Value::Object(mapping),
                    crate::intrinsics::no_value(),
                ),
                None => Value::Object(mapping),
            }
        })
        .collect()
}

/// The bucket's `DependsOn` gains the permission (S3 checks it can invoke the function
/// when the notification is configured).
fn depend_on(
    source: &Source<'_>,
    bucket: &mut Map<String, Value>,
    permission_id: &str,
) -> Result<(), Cause> {
    let mut depends_on = match bucket.get("DependsOn") {
        None => Vec::new(),
        Some(Value::String(id)) => vec![json!(id)],
        Some(Value::Array(ids)) if ids.iter().all(Value::is_string) => ids.clone(),
        Some(_) => {
            return Err(Cause::resource(
                &source.logical_id,
                "Invalid type for field 'DependsOn'. Expected a string or list of strings.",
            ));
        }
    };
    let mut seen = Vec::new();
    depends_on.retain(|id| {
        let new = !seen.contains(id);
        seen.push(id.clone());
        new
    });
    if !depends_on.contains(&json!(permission_id)) {
        depends_on.push(json!(permission_id));
    }
    bucket.insert("DependsOn".to_owned(), Value::Array(depends_on));
    Ok(())
}

/// With a condition on the function, a `DependsOn` cannot be conditional: a tag whose
/// value is `Fn::If [cond, Ref permission, "no dependency"]` makes the dependency instead.
fn depend_through_tag(
    bucket_id: &str,
    bucket: &mut Map<String, Value>,
    permission_id: &str,
    condition: &Value,
) -> Result<(), Cause> {
    let properties = properties_of(bucket_id, bucket)?;
    let tags = properties.entry("Tags").or_insert_with(|| json!([]));
    let Value::Array(tags) = tags else {
        return Err(Cause::resource(
            bucket_id,
            "Property 'Tags' should be a list.",
        ));
    };
    tags.push(json!({
        "Key": format!("sam:ConditionalDependsOn:{permission_id}"),
        "Value": {"Fn::If": [condition, reference(permission_id), "no dependency"]}
    }));
    Ok(())
}

/// Adds each mapping not already in `NotificationConfiguration.LambdaConfigurations`.
fn add_notifications(
    bucket_id: &str,
    bucket: &mut Map<String, Value>,
    mappings: Vec<Value>,
) -> Result<(), Cause> {
    let properties = properties_of(bucket_id, bucket)?;
    let configuration = properties
        .entry("NotificationConfiguration")
        .or_insert_with(|| json!({}));
    let Value::Object(configuration) = configuration else {
        return Err(Cause::resource(
            bucket_id,
            "Property 'NotificationConfiguration' should be a map.",
        ));
    };
    let lambda = configuration
        .entry("LambdaConfigurations")
        .or_insert_with(|| json!([]));
    let Value::Array(lambda) = lambda else {
        return Err(Cause::resource(
            bucket_id,
            "Invalid type for LambdaConfigurations. Must be a list.",
        ));
    };
    for mapping in mappings {
        if !lambda.contains(&mapping) {
            lambda.push(mapping);
        }
    }
    Ok(())
}

fn properties_of<'a>(
    bucket_id: &str,
    bucket: &'a mut Map<String, Value>,
) -> Result<&'a mut Map<String, Value>, Cause> {
    match bucket.entry("Properties").or_insert_with(|| json!({})) {
        Value::Object(properties) => Ok(properties),
        _ => Err(Cause::resource(bucket_id, "Properties should be a map.")),
    }
}
