//! Push event sources that invoke the function through a rule or a subscription:
//! `Schedule`, `CloudWatchEvent`/`EventBridgeRule` (an `AWS::Events::Rule` with the
//! function as target) and `SNS` (a subscription, directly or through an SQS queue).

use serde_json::{Map, Value, json};

use super::dead_letter::{self, DeadLetterTarget};
use super::{Source, copy_set, is_truthy, pull};
use crate::error::Cause;
use crate::intrinsics::{get_att, reference};
use crate::property_types::{Check, PropertyType, optional, required};
use crate::template::Template;

const EVENTS_PRINCIPAL: &str = "events.amazonaws.com";
const TARGET_ID_MAX_LENGTH: usize = 64;
const TARGET_SUFFIX: &str = "LambdaTarget";

const SCHEDULE_TYPES: &[PropertyType] = &[
    required("Schedule", Check::Str),
    optional("RuleName", Check::Str),
    optional("Input", Check::Str),
    optional("Enabled", Check::Bool),
    optional("State", Check::Str),
    optional("Name", Check::Str),
    optional("Description", Check::Str),
    optional("DeadLetterConfig", Check::Map),
    optional("RetryPolicy", Check::Map),
];

const CLOUDWATCH_EVENT_TYPES: &[PropertyType] = &[
    optional("EventBusName", Check::Str),
    optional("RuleName", Check::Str),
    optional("Pattern", Check::Map),
    optional("DeadLetterConfig", Check::Map),
    optional("RetryPolicy", Check::Map),
    optional("Input", Check::Str),
    optional("InputPath", Check::Str),
    optional("Target", Check::Map),
    optional("Enabled", Check::Bool),
    optional("State", Check::Str),
    optional("InputTransformer", Check::Map),
];

const SNS_TYPES: &[PropertyType] = &[
    required("Topic", Check::Str),
    optional("Region", Check::Str),
    optional("FilterPolicy", Check::Any),
    optional("FilterPolicyScope", Check::Any),
    optional("SqsSubscription", Check::BoolOrMap),
    optional("RedrivePolicy", Check::Map),
];

/// `Schedule`: a scheduled rule targeting the function, and the permission for EventBridge.
pub(super) fn schedule(source: &Source<'_>) -> Result<Vec<(String, Value)>, Cause> {
    source.check("Schedule", SCHEDULE_TYPES)?;
    let mut rule = Map::new();
    if let Some(expression) = source.get("Schedule") {
        rule.insert("ScheduleExpression".to_owned(), expression.clone());
    }
    set_state(source, &mut rule)?;
    copy_set(source, &mut rule, &["Name", "Description"]);
    let (dlq_arn, dlq_resources) = dead_letter_queue(source)?;
    let mut target = target(source, default_target_id(&source.logical_id));
    copy_set(source, &mut target, &["Input"]);
    finish_target(source, &mut target, dlq_arn, &["RetryPolicy"]);
    rule.insert("Targets".to_owned(), json!([target]));

    let mut generated = vec![(
        source.logical_id.clone(),
        source.resource("AWS::Events::Rule", rule),
    )];
    generated.extend(dlq_resources);
    generated.push(source.permission(
        EVENTS_PRINCIPAL,
        Some(get_att(&source.logical_id, "Arn")),
        None,
    ));
    Ok(generated)
}

/// `CloudWatchEvent` and `EventBridgeRule`: a rule on an event pattern targeting the
/// function, and the permission for EventBridge.
pub(super) fn cloudwatch_event(source: &Source<'_>) -> Result<Vec<(String, Value)>, Cause> {
    source.check("CloudWatchEvent", CLOUDWATCH_EVENT_TYPES)?;
    let mut rule = Map::new();
    copy_set(source, &mut rule, &["EventBusName"]);
    if let Some(pattern) = source.get("Pattern") {
        rule.insert("EventPattern".to_owned(), pattern.clone());
    }
    if let Some(name) = source.get("RuleName") {
        rule.insert("Name".to_owned(), name.clone());
    }
    let (dlq_arn, dlq_resources) = dead_letter_queue(source)?;
    set_state(source, &mut rule)?;
    let target_id = match source.get("Target").and_then(|target| target.get("Id")) {
        Some(id) if is_truthy(source.get("Target")) => id.clone(),
        _ => default_target_id(&source.logical_id),
    };
    let mut target = target(source, target_id);
    copy_set(source, &mut target, &["Input", "InputPath"]);
    finish_target(
        source,
        &mut target,
        dlq_arn,
        &["RetryPolicy", "InputTransformer"],
    );
    rule.insert("Targets".to_owned(), json!([target]));

    let mut generated = dlq_resources;
    generated.push((
        source.logical_id.clone(),
        source.resource("AWS::Events::Rule", rule),
    ));
    generated.push(source.permission(
        EVENTS_PRINCIPAL,
        Some(get_att(&source.logical_id, "Arn")),
        None,
    ));
    Ok(generated)
}

/// `State`, or `Enabled` as `ENABLED`/`DISABLED`; not both.
fn set_state(source: &Source<'_>, rule: &mut Map<String, Value>) -> Result<(), Cause> {
    let state = source.get("State").filter(|state| is_truthy(Some(state)));
    let enabled = source.get("Enabled");
    if state.is_some() && enabled.is_some() {
        return Err(source.error("State and Enabled Properties cannot both be specified."));
    }
    if let Some(state) = state {
        rule.insert("State".to_owned(), state.clone());
    }
    if let Some(enabled) = enabled {
        let state = if is_truthy(Some(enabled)) {
            "ENABLED"
        } else {
            "DISABLED"
        };
        rule.insert("State".to_owned(), json!(state));
    }
    Ok(())
}

/// `<EventLogicalId>LambdaTarget`, cut to EventBridge's 64 characters.
fn default_target_id(logical_id: &str) -> Value {
    let keep = TARGET_ID_MAX_LENGTH.saturating_sub(TARGET_SUFFIX.len());
    let id: String = if logical_id.len() + TARGET_SUFFIX.len() <= TARGET_ID_MAX_LENGTH {
        logical_id.to_owned()
    } else {
        logical_id.chars().take(keep).collect()
    };
    json!(format!("{id}{TARGET_SUFFIX}"))
}

fn target(source: &Source<'_>, id: Value) -> Map<String, Value> {
    let mut target = Map::new();
    target.insert("Arn".to_owned(), source.function_arn());
    target.insert("Id".to_owned(), id);
    target
}

fn finish_target(
    source: &Source<'_>,
    target: &mut Map<String, Value>,
    dlq_arn: Option<Value>,
    names: &[&str],
) {
    if let Some(arn) = dlq_arn {
        target.insert("DeadLetterConfig".to_owned(), json!({ "Arn": arn }));
    }
    copy_set(source, target, names);
}

/// The dead-letter queue's ARN for the target, and the resources made for it.
type DeadLetterQueue = (Option<Value>, Vec<(String, Value)>);

/// The rule's dead-letter queue: the given `Arn`, or a queue (`QueueLogicalId`, else
/// `<Event>Queue`) with a policy letting the rule send to it.
fn dead_letter_queue(source: &Source<'_>) -> Result<DeadLetterQueue, Cause> {
    let Some(config) = source.get("DeadLetterConfig") else {
        return Ok((None, Vec::new()));
    };
    let queue_id = match dead_letter::target(source, config)? {
        DeadLetterTarget::Arn(arn) => return Ok((Some(arn), Vec::new())),
        DeadLetterTarget::NewQueue(queue_id) => queue_id,
    };
    let queue_arn = get_att(&queue_id, "Arn");
    let policy = json!({
        "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Action": "sqs:SendMessage", "Effect": "Allow", "Principal": {"Service": EVENTS_PRINCIPAL},
            "Resource": queue_arn, "Condition": {"ArnEquals": {"aws:SourceArn": get_att(&source.logical_id, "Arn")}}
        }]},
        "Queues": [reference(&queue_id)]
    });
    let resources = vec![
        (
            queue_id.clone(),
            source.resource("AWS::SQS::Queue", Map::new()),
        ),
        (
            format!("{}QueuePolicy", source.logical_id),
            source.resource("AWS::SQS::QueuePolicy", object(policy)),
        ),
    ];
    Ok((Some(queue_arn), resources))
}

/// `SNS`: a subscription of the function to the topic (with the permission for SNS), or,
/// with `SqsSubscription`, of a queue (new, or the one named) the function polls.
pub(super) fn sns(
    template: &mut Template<'_>,
    source: &Source<'_>,
) -> Result<Vec<(String, Value)>, Cause> {
    source.check("SNS", SNS_TYPES)?;
    let topic = source.get("Topic").cloned().unwrap_or(Value::Null);
    let sqs_subscription = match source.get("SqsSubscription") {
        Some(sqs) if is_truthy(Some(sqs)) => sqs.clone(),
        _ => {
            let subscription = subscription(source, "lambda", source.function_arn(), &topic);
            return Ok(vec![
                source.permission("sns.amazonaws.com", Some(topic), None),
                subscription,
            ]);
        }
    };
    let mut generated = Vec::new();
    let (queue_arn, queue_url, policy_id, batch_size) = match &sqs_subscription {
        Value::Object(existing) => {
            let (Some(arn), Some(url)) = (
                existing.get("QueueArn").filter(|arn| is_truthy(Some(arn))),
                existing.get("QueueUrl").filter(|url| is_truthy(Some(url))),
            ) else {
                return Err(source.error("No QueueARN or QueueURL provided."));
            };
            let policy_id = match existing.get("QueuePolicyLogicalId") {
                Some(Value::String(id)) if !id.is_empty() => id.clone(),
                _ => format!("{}QueuePolicy", source.logical_id),
            };
            let batch_size = existing
                .get("BatchSize")
                .filter(|size| is_truthy(Some(size)))
                .cloned();
            (arn.clone(), url.clone(), policy_id, batch_size)
        }
        _ => {
            let queue_id = format!("{}Queue", source.logical_id);
            let mut queue = Map::new();
            if let Some(fifo) = fifo_topic(template, &topic) {
                queue.insert("FifoQueue".to_owned(), fifo);
            }
            generated.push((queue_id.clone(), source.resource("AWS::SQS::Queue", queue)));
            (
                get_att(&queue_id, "Arn"),
                reference(&queue_id),
                format!("{}QueuePolicy", source.logical_id),
                None,
            )
        }
    };
    let policy = json!({
        "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Action": "sqs:SendMessage", "Effect": "Allow", "Principal": "*", "Resource": queue_arn,
            "Condition": {"ArnEquals": {"aws:SourceArn": topic}}
        }]},
        "Queues": [queue_url]
    });
    generated.push((
        policy_id,
        source.resource("AWS::SQS::QueuePolicy", object(policy)),
    ));
    generated.push(subscription(source, "sqs", queue_arn.clone(), &topic));
    let mapping = pull::queue_mapping(template, source, queue_arn, batch_size.unwrap_or(json!(10)));
    generated.insert(0, mapping);
    Ok(generated)
}

/// The `FifoTopic` (parameters resolved) of the topic a `Ref`/`GetAtt` names in the
/// template, when it is set and true.
fn fifo_topic(template: &Template<'_>, topic: &Value) -> Option<Value> {
    let topic_id = crate::intrinsics::ref_target(topic)
        .map(str::to_owned)
        .or_else(|| {
            topic
                .get("Fn::GetAtt")
                .and_then(Value::as_array)
                .and_then(|parts| parts.first())
                .and_then(Value::as_str)
                .map(str::to_owned)
        });
    let fifo = topic_id
        .and_then(|id| template.resource(&id))
        .and_then(|resource| resource.get("Properties"))
        .and_then(|properties| properties.get("FifoTopic"))
        .map(|fifo| crate::intrinsics::resolve_parameter_refs(fifo, &template.parameters));
    fifo.filter(|fifo| is_truthy(Some(fifo)))
}

/// The `AWS::SNS::Subscription` `<Fn><EventId>`.
fn subscription(
    source: &Source<'_>,
    protocol: &str,
    endpoint: Value,
    topic: &Value,
) -> (String, Value) {
    let mut properties = Map::new();
    properties.insert("Protocol".to_owned(), json!(protocol));
    properties.insert("Endpoint".to_owned(), endpoint);
    properties.insert("TopicArn".to_owned(), topic.clone());
    copy_set(
        source,
        &mut properties,
        &[
            "Region",
            "FilterPolicy",
            "FilterPolicyScope",
            "RedrivePolicy",
        ],
    );
    (
        source.logical_id.clone(),
        source.resource("AWS::SNS::Subscription", properties),
    )
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}
