//! Event sources gantry does not emulate (S3, SQS, Schedule, ...): the resources the
//! translator generates for them, and a warning that nothing will trigger the function
//! locally (`gantry invoke` still can).
//!
//! Every event type the translator knows besides `Api` and `HttpApi`: `Schedule`,
//! `ScheduleV2`, `CloudWatchEvent`/`EventBridgeRule`, `S3`, `SNS`, `SQS`, `Kinesis`,
//! `DynamoDB`, `MSK`, `SelfManagedKafka`, `MQ`, `DocumentDB`, `AlexaSkill`, `IoTRule`,
//! `CloudWatchLogs` and `Cognito`. An unknown type gets the translator's error.

mod brokers;
mod dead_letter;
mod kafka;
mod pull;
mod push;
mod s3;
mod scheduler;
mod services;

use serde_json::{Map, Value, json};

use crate::error::Cause;
use crate::events::FunctionTarget;
use crate::property_types::{PropertyType, check};
use crate::template::Template;

/// What a non-API event generates.
pub(crate) fn translate(
    template: &mut Template<'_>,
    function: &FunctionTarget,
    event_id: &str,
    event: &Value,
) -> Result<Vec<(String, Value)>, Cause> {
    let event_type = event.get("Type").and_then(Value::as_str);
    let source = Source::new(template, function, event_id, event);
    let generated = match event_type {
        Some("Schedule") => push::schedule(&source)?,
        Some("CloudWatchEvent" | "EventBridgeRule") => push::cloudwatch_event(&source)?,
        Some("SNS") => push::sns(template, &source)?,
        Some("S3") => s3::s3(template, &source)?,
        Some("SQS") => pull::sqs(template, &source)?,
        Some("Kinesis") => pull::kinesis(template, &source)?,
        Some("DynamoDB") => pull::dynamodb(template, &source)?,
        Some("AlexaSkill") => services::alexa_skill(&source)?,
        Some("IoTRule") => services::iot_rule(template, &source)?,
        Some("CloudWatchLogs") => services::cloudwatch_logs(template, &source)?,
        Some("Cognito") => services::cognito(template, &source)?,
        Some("ScheduleV2") => scheduler::schedule_v2(&source)?,
        Some("MQ") => brokers::mq(template, &source)?,
        Some("DocumentDB") => brokers::document_db(template, &source)?,
        Some("MSK") => kafka::msk(template, &source)?,
        Some("SelfManagedKafka") => kafka::self_managed(template, &source)?,
        other => {
            return Err(Cause::event(
                &function.logical_id,
                event_id,
                format!(
                    "Resource dict has missing or invalid value for key Type. Event Type is: {}.",
                    other.map_or_else(|| python_repr(event.get("Type")), str::to_owned)
                ),
            ));
        }
    };
    template.warn(
        &function.logical_id,
        Some(&format!("Events.{event_id}")),
        format!(
            "gantry does not emulate {} event sources: nothing will trigger this function locally; \
             invoke it with `gantry invoke`.",
            event_type.unwrap_or_default()
        ),
    );
    Ok(generated)
}

/// One event as its translator sees it: the event's logical id (`<Fn><EventId>`), its
/// properties, and the function (or alias) it invokes.
pub(super) struct Source<'a> {
    /// `<Fn><EventId>`, the id of the event's main generated resource.
    pub(super) logical_id: String,
    /// The event's id within `Events`.
    pub(super) event_id: &'a str,
    /// The function the event invokes.
    pub(super) function: &'a FunctionTarget,
    /// The event's `Properties`.
    pub(super) properties: Map<String, Value>,
    /// `Condition`, `DeletionPolicy` and `UpdateReplacePolicy` of the function, which
    /// every generated resource carries.
    pub(super) attributes: Map<String, Value>,
}

impl<'a> Source<'a> {
    fn new(
        template: &Template<'_>,
        function: &'a FunctionTarget,
        event_id: &'a str,
        event: &Value,
    ) -> Self {
        let function_resource = template.resource(&function.logical_id);
        let mut attributes: Map<String, Value> =
            ["Condition", "DeletionPolicy", "UpdateReplacePolicy"]
                .iter()
                .filter_map(|name| {
                    Some(((*name).to_owned(), function_resource?.get(*name)?.clone()))
                })
                .collect();
        if let (Some(condition), false) =
            (&function.condition, attributes.contains_key("Condition"))
        {
            attributes.insert("Condition".to_owned(), json!(condition));
        }
        Self {
            logical_id: format!("{}{event_id}", function.logical_id),
            event_id,
            function,
            properties: event
                .get("Properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
            attributes,
        }
    }

    /// The event's properties checked as the translator checks them (errors name
    /// `<Fn><EventId>` as the resource).
    pub(super) fn check(&self, event_type: &str, types: &[PropertyType]) -> Result<(), Cause> {
        check(&self.logical_id, event_type, &self.properties, types)
    }

    /// A property, unless absent or null.
    pub(super) fn get(&self, name: &str) -> Option<&Value> {
        self.properties.get(name).filter(|value| !value.is_null())
    }

    /// An error about this event (`... Event with id [E] is invalid. ...`).
    pub(super) fn error(&self, message: impl std::fmt::Display) -> Cause {
        Cause::event(&self.function.logical_id, self.event_id, message)
    }

    /// The id of what the event invokes: the function's, or its alias's.
    pub(super) fn function_logical_id(&self) -> &str {
        crate::intrinsics::ref_target(&self.function.reference).unwrap_or(&self.function.logical_id)
    }

    /// What invokes the function: `{"Ref": Fn}`, or the alias.
    pub(super) fn function_name(&self) -> Value {
        self.function.reference.clone()
    }

    /// The function's ARN: `Fn::GetAtt Fn.Arn`, or `Ref` of the alias (an alias's ARN).
    pub(super) fn function_arn(&self) -> Value {
        let is_function = crate::intrinsics::ref_target(&self.function.reference)
            == Some(self.function.logical_id.as_str());
        if is_function {
            crate::intrinsics::get_att(&self.function.logical_id, "Arn")
        } else {
            self.function.reference.clone()
        }
    }

    /// A generated resource of `resource_type` with the function's attributes.
    pub(super) fn resource(&self, resource_type: &str, properties: Map<String, Value>) -> Value {
        let mut resource = Map::new();
        resource.insert("Type".to_owned(), json!(resource_type));
        resource.extend(self.attributes.clone());
        resource.insert("Properties".to_owned(), Value::Object(properties));
        Value::Object(resource)
    }

    /// The `AWS::Lambda::Permission` `<Fn><EventId>Permission` letting `principal`
    /// invoke the function.
    pub(super) fn permission(
        &self,
        principal: &str,
        source_arn: Option<Value>,
        source_account: Option<Value>,
    ) -> (String, Value) {
        let mut properties = Map::new();
        properties.insert("Action".to_owned(), json!("lambda:InvokeFunction"));
        properties.insert("FunctionName".to_owned(), self.function_name());
        properties.insert("Principal".to_owned(), json!(principal));
        if let Some(account) = source_account {
            properties.insert("SourceAccount".to_owned(), account);
        }
        if let Some(arn) = source_arn {
            properties.insert("SourceArn".to_owned(), arn);
        }
        (
            format!("{}Permission", self.logical_id),
            self.resource("AWS::Lambda::Permission", properties),
        )
    }
}

/// Copies each named property the event sets (not null) into `target`.
pub(super) fn copy_set(source: &Source<'_>, target: &mut Map<String, Value>, names: &[&str]) {
    for name in names {
        if let Some(value) = source.get(name) {
            target.insert((*name).to_owned(), value.clone());
        }
    }
}

/// Python's truthiness of a property value (absent is false).
pub(super) fn is_truthy(value: Option<&Value>) -> bool {
    value.is_some_and(crate::python::is_truthy)
}

/// Python's `str()` of an event's `Type` that is not a string.
fn python_repr(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "None".to_owned(),
        Some(Value::Bool(true)) => "True".to_owned(),
        Some(Value::Bool(false)) => "False".to_owned(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
