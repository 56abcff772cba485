//! `ScheduleV2`: an EventBridge Scheduler `AWS::Scheduler::Schedule` invoking the
//! function, with the role the scheduler assumes (unless `RoleArn` names one) and an
//! optional dead-letter queue.

use serde_json::{Map, Value, json};

use super::dead_letter::{self, DeadLetterTarget};
use super::{Source, copy_set, is_truthy};
use crate::error::Cause;
use crate::intrinsics::get_att;
use crate::property_types::{Check, PropertyType, optional, required};

const SCHEDULE_V2_TYPES: &[PropertyType] = &[
    optional("PermissionsBoundary", Check::Str),
    required("ScheduleExpression", Check::Str),
    optional("FlexibleTimeWindow", Check::Map),
    optional("Name", Check::Str),
    optional("State", Check::Str),
    optional("Description", Check::Str),
    optional("StartDate", Check::Str),
    optional("EndDate", Check::Str),
    optional("ScheduleExpressionTimezone", Check::Str),
    optional("GroupName", Check::Str),
    optional("KmsKeyArn", Check::Str),
    optional("Input", Check::Str),
    optional("RoleArn", Check::Str),
    optional("DeadLetterConfig", Check::Map),
    optional("RetryPolicy", Check::Map),
    optional("OmitName", Check::Bool),
];

/// The schedule, its dead-letter queue when one is made, and its role when one is made.
pub(super) fn schedule_v2(source: &Source<'_>) -> Result<Vec<(String, Value)>, Cause> {
    source.check("ScheduleV2", SCHEDULE_V2_TYPES)?;
    let invalid =
        |message: &str| Cause::event(&source.function.logical_id, &source.logical_id, message);
    let mut schedule = Map::new();
    copy_set(source, &mut schedule, &["ScheduleExpression"]);
    if let Some(state) = source.get("State").filter(|state| is_truthy(Some(state))) {
        schedule.insert("State".to_owned(), state.clone());
    }
    let name = source.get("Name").filter(|name| is_truthy(Some(name)));
    if is_truthy(source.get("OmitName")) {
        if name.is_some() {
            return Err(invalid("Name cannot be set when OmitName is True"));
        }
    } else {
        let name = name.cloned().unwrap_or_else(|| json!(source.logical_id));
        schedule.insert("Name".to_owned(), name);
    }
    copy_set(source, &mut schedule, &["Description"]);
    let window = source
        .get("FlexibleTimeWindow")
        .filter(|window| is_truthy(Some(window)))
        .cloned()
        .unwrap_or_else(|| json!({"Mode": "OFF"}));
    schedule.insert("FlexibleTimeWindow".to_owned(), window);
    copy_set(
        source,
        &mut schedule,
        &[
            "StartDate",
            "EndDate",
            "ScheduleExpressionTimezone",
            "GroupName",
            "KmsKeyArn",
        ],
    );

    let mut extra = Vec::new();
    let dlq_arn = match source.get("DeadLetterConfig") {
        Some(config) => Some(dead_letter_queue(source, config, &mut extra)?),
        None => None,
    };
    let role_arn = match source.get("RoleArn").filter(|arn| is_truthy(Some(arn))) {
        Some(arn) => arn.clone(),
        None => {
            let role_id = format!("{}Role", source.logical_id);
            extra.push((role_id.clone(), role(source, dlq_arn.as_ref())));
            get_att(&role_id, "Arn")
        }
    };
    let mut target = Map::new();
    target.insert("Arn".to_owned(), source.function_arn());
    target.insert("RoleArn".to_owned(), role_arn);
    copy_set(source, &mut target, &["Input"]);
    if let Some(arn) = &dlq_arn {
        target.insert("DeadLetterConfig".to_owned(), json!({ "Arn": arn }));
    }
    copy_set(source, &mut target, &["RetryPolicy"]);
    schedule.insert("Target".to_owned(), Value::Object(target));

    let mut generated = vec![(
        source.logical_id.clone(),
        source.resource("AWS::Scheduler::Schedule", schedule),
    )];
    generated.extend(extra);
    Ok(generated)
}

/// The dead-letter queue's ARN: the given `Arn`, or a new queue's (`QueueLogicalId`,
/// else `<Event>Queue`).
fn dead_letter_queue(
    source: &Source<'_>,
    config: &Value,
    generated: &mut Vec<(String, Value)>,
) -> Result<Value, Cause> {
    let queue_id = match dead_letter::target(source, config)? {
        DeadLetterTarget::Arn(arn) => return Ok(arn),
        DeadLetterTarget::NewQueue(queue_id) => queue_id,
    };
    generated.push((
        queue_id.clone(),
        source.resource("AWS::SQS::Queue", Map::new()),
    ));
    Ok(get_att(&queue_id, "Arn"))
}

/// The role `<Event>Role` the scheduler assumes to invoke the function (and to send to
/// the dead-letter queue).
fn role(source: &Source<'_>, dlq_arn: Option<&Value>) -> Value {
    let id = &source.logical_id;
    let mut policies = vec![
        json!({"PolicyName": format!("{id}LambdaPolicy"), "PolicyDocument": {"Statement": [
        {"Action": "lambda:InvokeFunction", "Effect": "Allow", "Resource": source.function_arn()}]}}),
    ];
    if let Some(arn) = dlq_arn.filter(|arn| is_truthy(Some(arn))) {
        policies.push(
            json!({"PolicyName": format!("{id}SQSPolicy"), "PolicyDocument": {"Statement": [
            {"Action": "sqs:SendMessage", "Effect": "Allow", "Resource": arn}]}}),
        );
    }
    let mut properties = Map::new();
    properties.insert(
        "AssumeRolePolicyDocument".to_owned(),
        json!({"Version": "2012-10-17", "Statement": [{"Action": ["sts:AssumeRole"], "Effect": "Allow",
            "Principal": {"Service": ["scheduler.amazonaws.com"]}}]}),
    );
    properties.insert("Policies".to_owned(), Value::Array(policies));
    if let Some(boundary) = source
        .get("PermissionsBoundary")
        .filter(|b| is_truthy(Some(b)))
    {
        properties.insert("PermissionsBoundary".to_owned(), boundary.clone());
    }
    source.resource("AWS::IAM::Role", properties)
}
