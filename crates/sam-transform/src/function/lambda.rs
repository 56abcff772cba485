//! The `AWS::Lambda::Function` a SAM function becomes: the translator's checks on the
//! SAM properties, then the Lambda properties (most pass through; `Code`, `Tags`,
//! `TracingConfig`, `DeadLetterConfig` and `CapacityProviderConfig` are built).

use serde_json::{Map, Value, json};

use super::code::{code, is_python_falsy, python_str};
use super::tags::sam_tag_list;
use crate::template::Template;

/// SAM properties copied to the Lambda function under the same name, when set.
const PASS_THROUGH: &[&str] = &[
    "Handler",
    "Runtime",
    "Description",
    "MemorySize",
    "Timeout",
    "VpcConfig",
    "Role",
    "Environment",
    "KmsKeyArn",
    "ReservedConcurrentExecutions",
    "Layers",
    "FileSystemConfigs",
    "ImageConfig",
    "PackageType",
    "Architectures",
    "SnapStart",
    "EphemeralStorage",
    "CodeSigningConfigArn",
    "RuntimeManagementConfig",
    "LoggingConfig",
    "TenancyConfig",
    "RecursiveLoop",
    "DurableConfig",
    "FunctionScalingConfig",
    "PublishToLatestPublished",
];

/// The translator's checks before it builds anything: property combinations, the dead
/// letter queue, and what tenancy isolation excludes.
pub(crate) fn validate(properties: &Map<String, Value>) -> Result<(), String> {
    check_combinations(properties)?;
    if let Some(dead_letter_queue) = properties.get("DeadLetterQueue") {
        check_dead_letter_queue(dead_letter_queue)?;
    }
    check_tenancy(properties)
}

/// The translator's property rules: some properties exclude others, some need others.
fn check_combinations(properties: &Map<String, Value>) -> Result<(), String> {
    let mut messages = Vec::new();
    for pair in [
        ["CapacityProviderConfig", "ProvisionedConcurrencyConfig"],
        ["CapacityProviderConfig", "VpcConfig"],
    ] {
        if pair.iter().all(|name| properties.contains_key(*name)) {
            messages.push(format!(
                "Cannot specify '{}' and '{}' together.",
                pair[0], pair[1]
            ));
        }
    }
    for [property, required] in [
        ["FunctionScalingConfig", "CapacityProviderConfig"],
        ["VersionDeletionPolicy", "AutoPublishAlias"],
    ] {
        if properties.contains_key(property) && !properties.contains_key(required) {
            messages.push(format!("'{property}' requires '{required}'."));
        }
    }
    if messages.is_empty() {
        Ok(())
    } else {
        Err(messages.join("\n"))
    }
}

fn check_dead_letter_queue(dead_letter_queue: &Value) -> Result<(), String> {
    let queue_type = dead_letter_queue.get("Type");
    let target = dead_letter_queue.get("TargetArn");
    if queue_type.is_none_or(is_python_falsy) || target.is_none_or(is_python_falsy) {
        return Err(
            "'DeadLetterQueue' requires Type and TargetArn properties to be specified.".to_owned(),
        );
    }
    match queue_type.and_then(Value::as_str) {
        None => Err("Property 'DeadLetterQueue.Type' should be a string.".to_owned()),
        Some("SQS" | "SNS") => Ok(()),
        Some(_) => Err("'DeadLetterQueue' requires Type of ['SQS', 'SNS']".to_owned()),
    }
}

/// Functions with `TenancyConfig` have no provisioned concurrency, URL, SnapStart, or
/// events other than APIs.
fn check_tenancy(properties: &Map<String, Value>) -> Result<(), String> {
    if properties.get("TenancyConfig").is_none_or(is_python_falsy) {
        return Ok(());
    }
    for (property, what) in [
        ("ProvisionedConcurrencyConfig", "Provisioned concurrency"),
        ("FunctionUrlConfig", "Function URL"),
        ("SnapStart", "SnapStart"),
    ] {
        if properties
            .get(property)
            .is_some_and(|value| !is_python_falsy(value))
        {
            return Err(format!(
                "{what} is not supported for functions enabled with tenancy configuration."
            ));
        }
    }
    if let Some(Value::Object(events)) = properties.get("Events") {
        for event in events.values() {
            let event_type = event.get("Type");
            if !matches!(event_type.and_then(Value::as_str), Some("Api" | "HttpApi")) {
                return Err(format!(
                    "Event source '{}' is not supported for functions enabled with tenancy \
                     configuration. Only Api and HttpApi event sources are supported.",
                    event_type.map_or_else(|| "None".to_owned(), python_str)
                ));
            }
        }
    }
    Ok(())
}

/// The Lambda function's properties (without `Role` when SAM generates the role).
pub(crate) fn function_properties(
    template: &Template<'_>,
    properties: &Map<String, Value>,
) -> Result<Map<String, Value>, String> {
    let mut function = Map::new();
    if let Some(name) = properties
        .get("FunctionName")
        .filter(|name| !is_python_falsy(name))
    {
        function.insert("FunctionName".to_owned(), name.clone());
    }
    for name in PASS_THROUGH {
        if let Some(value) = properties.get(*name) {
            function.insert((*name).to_owned(), value.clone());
        }
    }
    function.insert(
        "Code".to_owned(),
        code(properties, template.options.local_paths)?,
    );
    let tags = sam_tag_list(properties.get("Tags").and_then(Value::as_object))?;
    function.insert("Tags".to_owned(), Value::Array(tags));
    if super::role::is_tracing(template, properties) {
        if let Some(mode) = properties.get("Tracing") {
            function.insert("TracingConfig".to_owned(), json!({ "Mode": mode }));
        }
    }
    if let Some(target) = properties
        .get("DeadLetterQueue")
        .and_then(|queue| queue.get("TargetArn"))
    {
        function.insert(
            "DeadLetterConfig".to_owned(),
            json!({ "TargetArn": target }),
        );
    }
    if let Some(config) = properties
        .get("CapacityProviderConfig")
        .filter(|config| !is_python_falsy(config))
    {
        function.insert(
            "CapacityProviderConfig".to_owned(),
            super::capacity::capacity_provider_config(config)?,
        );
    }
    check_package_type(&function)?;
    Ok(function)
}

/// A zip function has a runtime and handler and no image; an image function the reverse.
fn check_package_type(function: &Map<String, Value>) -> Result<(), String> {
    let set = |name: &str| {
        function
            .get(name)
            .is_some_and(|value| !is_python_falsy(value))
    };
    let image_uri = function
        .get("Code")
        .and_then(|code| code.get("ImageUri"))
        .is_some_and(|uri| !is_python_falsy(uri));
    match function.get("PackageType").and_then(Value::as_str) {
        Some("Image") => {
            if set("Handler") || set("Runtime") || set("Layers") {
                return Err("Runtime, Handler, Layers cannot be present when PackageType is of type `Image`".to_owned());
            }
            if !image_uri {
                return Err(
                    "ImageUri needs to be present when PackageType is of type `Image`".to_owned(),
                );
            }
        }
        _ => {
            if !(set("Runtime") && set("Handler")) {
                return Err(
                    "Runtime and Handler needs to be present when PackageType is of type `Zip`"
                        .to_owned(),
                );
            }
            if image_uri || set("ImageConfig") {
                return Err(
                    "ImageUri or ImageConfig cannot be present when PackageType is of type `Zip`"
                        .to_owned(),
                );
            }
        }
    }
    Ok(())
}

/// The role policy that lets the function send to its dead letter queue.
pub(crate) fn dead_letter_policy(properties: &Map<String, Value>) -> Vec<Value> {
    let Some(queue) = properties.get("DeadLetterQueue") else {
        return Vec::new();
    };
    let action = match queue.get("Type").and_then(Value::as_str) {
        Some("SNS") => "sns:Publish",
        _ => "sqs:SendMessage",
    };
    vec![json!({
        "PolicyName": "DeadLetterQueuePolicy",
        "PolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": action, "Resource": queue.get("TargetArn"), "Effect": "Allow"}]
        }
    })]
}
