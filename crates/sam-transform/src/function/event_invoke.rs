//! `EventInvokeConfig`: the `AWS::Lambda::EventInvokeConfig` (`<Fn>EventInvokeConfig`),
//! the queue or topic SAM creates for an SQS or SNS destination without an ARN (or with
//! one on a single branch of a `Fn::If`), and the role policies that let the function
//! send to its destinations.

use serde_json::{Map, Value, json};

use super::attributes::{Attributes, generated_resource};
use super::policies::if_branches;
use super::role::add_condition;
use crate::error::Cause;
use crate::ids;
use crate::intrinsics::{get_att, is_no_value, reference, resolve_parameter_refs};
use crate::template::Template;

/// Destination types Lambda takes; SAM creates the first two when no ARN is given.
const DESTINATION_TYPES: [&str; 5] = ["SQS", "SNS", "EventBridge", "Lambda", "S3Bucket"];

/// What `EventInvokeConfig` generates.
pub(crate) struct EventInvoke {
    /// Resources: the queues or topics SAM creates, then the invoke config.
    pub(crate) resources: Vec<(String, Value)>,
    /// Inline policies for the execution role.
    pub(crate) role_policies: Vec<Value>,
}

/// The function the configuration belongs to.
pub(crate) struct Owner<'a> {
    pub(crate) logical_id: &'a str,
    pub(crate) properties: &'a Map<String, Value>,
    /// The alias `AutoPublishAlias` made, when it made one.
    pub(crate) alias_id: Option<&'a str>,
    pub(crate) attributes: &'a Attributes,
}

/// The resources and role policies of the function's `EventInvokeConfig`.
pub(crate) fn resources(
    template: &mut Template<'_>,
    owner: &Owner<'_>,
    config: &Value,
) -> Result<EventInvoke, Cause> {
    let fail = |message: String| Cause::resource(owner.logical_id, message);
    let config = resolve_parameter_refs(config, &template.parameters);
    let config_id = format!("{}EventInvokeConfig", owner.logical_id);
    let mut made = EventInvoke {
        resources: Vec::new(),
        role_policies: Vec::new(),
    };
    let mut destinations = Map::new();
    if let Some(input) = config
        .get("DestinationConfig")
        .filter(|input| !super::code::is_python_falsy(input))
    {
        if !input.is_object() {
            return Err(fail(
                "Property 'EventInvokeConfig.DestinationConfig' should be a map.".to_owned(),
            ));
        }
        for on in ["OnSuccess", "OnFailure"] {
            let Some(destination) = input.get(on).filter(|value| !value.is_null()) else {
                continue;
            };
            if !destination.is_object() {
                return Err(fail(format!(
                    "Property 'EventInvokeConfig.DestinationConfig.{on}' should be a map."
                )));
            }
            let (resource, arn, policy) =
                destination_of(template, owner, &config_id, on, destination)?;
            destinations.insert(on.to_owned(), json!({ "Destination": arn }));
            made.resources.extend(resource);
            made.role_policies.extend(policy);
        }
    }
    let mut properties = Map::new();
    properties.insert("FunctionName".to_owned(), reference(owner.logical_id));
    properties.insert("Qualifier".to_owned(), json!(alias_name(template, owner)));
    properties.insert("DestinationConfig".to_owned(), Value::Object(destinations));
    for name in ["MaximumEventAgeInSeconds", "MaximumRetryAttempts"] {
        if let Some(value) = config.get(name).filter(|value| !value.is_null()) {
            properties.insert(name.to_owned(), value.clone());
        }
    }
    let mut resource = generated_resource(
        "AWS::Lambda::EventInvokeConfig",
        owner.attributes.all(),
        properties,
    );
    if let (Some(alias_id), Value::Object(map)) = (owner.alias_id, &mut resource) {
        map.insert("DependsOn".to_owned(), json!([alias_id]));
    }
    made.resources.push((config_id, resource));
    Ok(made)
}

/// The alias name the configuration qualifies, or `$LATEST`.
fn alias_name(template: &Template<'_>, owner: &Owner<'_>) -> String {
    owner
        .alias_id
        .and_then(|_| owner.properties.get("AutoPublishAlias"))
        .map(|alias| resolve_parameter_refs(alias, &template.parameters))
        .and_then(|alias| alias.as_str().map(str::to_owned))
        .unwrap_or_else(|| "$LATEST".to_owned())
}

/// One destination: the queue or topic SAM creates for it (if any), the ARN Lambda gets,
/// and the role policy to send to it.
fn destination_of(
    template: &mut Template<'_>,
    owner: &Owner<'_>,
    config_id: &str,
    on: &str,
    destination: &Value,
) -> Result<(Option<(String, Value)>, Value, Option<Value>), Cause> {
    let destination_type = destination.get("Type").and_then(Value::as_str);
    let Some(destination_type) = destination_type.filter(|t| DESTINATION_TYPES.contains(t)) else {
        let written = destination
            .get("Type")
            .map_or_else(|| "None".to_owned(), super::code::python_str);
        return Err(Cause::resource(
            owner.logical_id,
            format!(
                "'Type: {written}' must be one of {}",
                python_list(&DESTINATION_TYPES)
            ),
        ));
    };
    let resource_id = format!("{config_id}{on}");
    let arn = destination.get("Destination").filter(|arn| !arn.is_null());
    let (condition, conditional_arn) = match arn {
        Some(arn) => arn_condition(template, config_id, arn)?,
        None => (None, None),
    };
    if let (Some(arn), None) = (arn, &condition) {
        return Ok((
            None,
            arn.clone(),
            send_policy(destination_type, &resource_id, arn),
        ));
    }
    let combined = combined_condition(template, owner, condition.as_deref());
    let (resource, created_arn) = match destination_type {
        "SQS" => {
            let id = format!("{resource_id}Queue");
            let arn = get_att(&id, "Arn");
            (generated(owner, "AWS::SQS::Queue", combined), (id, arn))
        }
        "SNS" => {
            let id = format!("{resource_id}Topic");
            let arn = reference(&id);
            (generated(owner, "AWS::SNS::Topic", combined), (id, arn))
        }
        _ => {
            return Err(Cause::resource(
                owner.logical_id,
                "Destination is required if Type is not ['SQS', 'SNS']",
            ));
        }
    };
    let (created_id, created_arn) = created_arn;
    let arn = match condition {
        Some(condition) => json!({"Fn::If": [condition, created_arn, conditional_arn]}),
        None => created_arn,
    };
    let policy = send_policy(destination_type, &resource_id, &arn);
    Ok((Some((created_id, resource)), arn, policy))
}

/// For a destination `Fn::If` with `AWS::NoValue` on one branch: the condition under
/// which SAM creates the queue or topic (a new `NOT...` condition for the else branch)
/// and the ARN on the other branch.
fn arn_condition(
    template: &mut Template<'_>,
    config_id: &str,
    arn: &Value,
) -> Result<(Option<String>, Option<Value>), Cause> {
    let (condition, then, otherwise) = match if_branches(arn) {
        None => return Ok((None, None)),
        Some(Err(message)) => {
            return Err(Cause::resource(
                config_id,
                format!("Malformed 'Destination' property: {message}."),
            ));
        }
        Some(Ok(branches)) => branches,
    };
    let condition = condition.as_str().unwrap_or_default();
    Ok(match (is_no_value(then), is_no_value(otherwise)) {
        (true, false) => (Some(condition.to_owned()), Some(otherwise.clone())),
        (false, true) => {
            let negated = generated_condition_name(&format!("NOT{condition}"), config_id);
            add_condition(
                template,
                &negated,
                json!({"Fn::Not": [{"Condition": condition}]}),
            );
            (Some(negated), Some(then.clone()))
        }
        _ => (None, None),
    })
}

/// The function's `Condition` and the destination's, joined by a new `...AND...`
/// condition when both exist.
fn combined_condition(
    template: &mut Template<'_>,
    owner: &Owner<'_>,
    destination_condition: Option<&str>,
) -> Option<String> {
    let function_condition = owner.attributes.condition();
    match (function_condition, destination_condition) {
        (None, destination) => destination.map(str::to_owned),
        (Some(function), None) => Some(function),
        (Some(function), Some(destination)) => {
            let name =
                generated_condition_name(&format!("{function}AND{destination}"), owner.logical_id);
            add_condition(
                template,
                &name,
                // The translator wraps each condition twice; CloudFormation sees what it wrote.
                json!({"Fn::And": [
                    {"Condition": {"Condition": function}},
                    {"Condition": {"Condition": destination}}
                ]}),
            );
            Some(name)
        }
    }
}

/// A condition name SAM makes: `name` followed by the hash of `hash_input`.
fn generated_condition_name(name: &str, hash_input: &str) -> String {
    format!("{name}{}", ids::hash(&json!(hash_input), 10))
}

/// A queue or topic SAM creates, with the function's pass-through attributes and the
/// destination's condition.
fn generated(owner: &Owner<'_>, resource_type: &str, condition: Option<String>) -> Value {
    let mut attributes = owner.attributes.pass_through();
    if let Some(condition) = condition {
        attributes.insert("Condition".to_owned(), json!(condition));
    }
    generated_resource(resource_type, attributes, Map::new())
}

/// The role policy that lets the function send to a destination of this type.
fn send_policy(destination_type: &str, resource_id: &str, arn: &Value) -> Option<Value> {
    let (suffix, action) = match destination_type {
        "SQS" => ("SQSPolicy", "sqs:SendMessage"),
        "SNS" => ("SNSPolicy", "sns:publish"),
        "EventBridge" => ("EventBridgePolicy", "events:PutEvents"),
        "Lambda" => ("LambdaPolicy", "lambda:InvokeFunction"),
        "S3Bucket" => {
            return Some(json!({
                "PolicyName": format!("{resource_id}S3Policy"),
                "PolicyDocument": {"Statement": [
                    {"Action": "s3:PutObject", "Effect": "Allow", "Resource": {"Fn::Join": ["/", [arn, "*"]]}},
                    {"Action": "s3:ListBucket", "Effect": "Allow", "Resource": arn}
                ]}
            }));
        }
        _ => return None,
    };
    Some(json!({
        "PolicyName": format!("{resource_id}{suffix}"),
        "PolicyDocument": {"Statement": [{"Action": action, "Effect": "Allow", "Resource": arn}]}
    }))
}

/// `['a', 'b']`, as Python prints a list of strings.
fn python_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("'{item}'")).collect();
    format!("[{}]", quoted.join(", "))
}
