//! Pull event sources (`SQS`, `Kinesis`, `DynamoDB`): an `AWS::Lambda::EventSourceMapping`,
//! and the AWS managed policy (plus any on-failure destination policy) added to the
//! function's generated role.

use serde_json::{Map, Value, json};

use super::{Source, copy_set, is_truthy};
use crate::error::Cause;
use crate::property_types::{Check, PropertyType, optional, required};
use crate::template::Template;

/// The properties every pull event source accepts.
const PULL_TYPES: &[PropertyType] = &[
    optional("BatchSize", Check::Int),
    optional("StartingPositionTimestamp", Check::Any),
    optional("Enabled", Check::Bool),
    optional("MaximumBatchingWindowInSeconds", Check::Int),
    optional("MaximumRetryAttempts", Check::Int),
    optional("BisectBatchOnFunctionError", Check::Bool),
    optional("MaximumRecordAgeInSeconds", Check::Int),
    optional("DestinationConfig", Check::Map),
    optional("ParallelizationFactor", Check::Int),
    optional("Topics", Check::List),
    optional("Queues", Check::List),
    optional("SourceAccessConfigurations", Check::List),
    optional("SecretsManagerKmsKeyId", Check::Str),
    optional("TumblingWindowInSeconds", Check::Int),
    optional("FunctionResponseTypes", Check::List),
    optional("KafkaBootstrapServers", Check::List),
    optional("FilterCriteria", Check::Map),
    optional("KmsKeyArn", Check::Any),
    optional("ConsumerGroupId", Check::Str),
    optional("ScalingConfig", Check::Map),
    optional("ProvisionedPollerConfig", Check::Map),
    optional("SchemaRegistryConfig", Check::Map),
    optional("MetricsConfig", Check::Map),
    optional("LoggingConfig", Check::Map),
];

/// Event source mapping properties copied from the event when set, in the translator's order.
const MAPPING_PROPERTIES: &[&str] = &[
    "StartingPosition",
    "StartingPositionTimestamp",
    "BatchSize",
    "Enabled",
    "MaximumBatchingWindowInSeconds",
    "MaximumRetryAttempts",
    "BisectBatchOnFunctionError",
    "MaximumRecordAgeInSeconds",
    "ParallelizationFactor",
    "Topics",
    "Queues",
    "SourceAccessConfigurations",
    "TumblingWindowInSeconds",
    "FunctionResponseTypes",
    "FilterCriteria",
    "KmsKeyArn",
    "ScalingConfig",
    "ProvisionedPollerConfig",
    "MetricsConfig",
    "LoggingConfig",
];

/// `SQS`: polls `Queue`.
pub(super) fn sqs(
    template: &mut Template<'_>,
    source: &Source<'_>,
) -> Result<Vec<(String, Value)>, Cause> {
    mapping(
        template,
        source,
        "SQS",
        "Queue",
        "service-role/AWSLambdaSQSQueueExecutionRole",
    )
}

/// `Kinesis`: polls `Stream` from `StartingPosition`.
pub(super) fn kinesis(
    template: &mut Template<'_>,
    source: &Source<'_>,
) -> Result<Vec<(String, Value)>, Cause> {
    mapping(
        template,
        source,
        "Kinesis",
        "Stream",
        "service-role/AWSLambdaKinesisExecutionRole",
    )
}

/// `DynamoDB`: polls the table's `Stream` from `StartingPosition`.
pub(super) fn dynamodb(
    template: &mut Template<'_>,
    source: &Source<'_>,
) -> Result<Vec<(String, Value)>, Cause> {
    mapping(
        template,
        source,
        "DynamoDB",
        "Stream",
        "service-role/AWSLambdaDynamoDBExecutionRole",
    )
}

/// The event source mapping `<Fn><EventId>` of a pull event of `event_type`, reading the
/// source's ARN from `source_property`; the role gains `policy_name`.
fn mapping(
    template: &mut Template<'_>,
    source: &Source<'_>,
    event_type: &str,
    source_property: &'static str,
    policy_name: &str,
) -> Result<Vec<(String, Value)>, Cause> {
    let mut types: Vec<PropertyType> = vec![required(source_property, Check::Any)];
    types.push(if source_property == "Stream" {
        required("StartingPosition", Check::Any)
    } else {
        optional("StartingPosition", Check::Any)
    });
    types.extend(PULL_TYPES.iter().map(|t| PropertyType {
        name: t.name,
        required: t.required,
        check: t.check,
    }));
    source.check(event_type, &types)?;

    let mut properties = Map::new();
    properties.insert("FunctionName".to_owned(), source.function_name());
    if let Some(arn) = source.get(source_property) {
        properties.insert("EventSourceArn".to_owned(), arn.clone());
    }
    copy_set(source, &mut properties, MAPPING_PROPERTIES);
    check_filter_criteria(source)?;
    if let Some(servers) = source
        .get("KafkaBootstrapServers")
        .filter(|s| is_truthy(Some(s)))
    {
        properties.insert(
            "SelfManagedEventSource".to_owned(),
            json!({"Endpoints": {"KafkaBootstrapServers": servers}}),
        );
    }
    if is_truthy(source.get("ConsumerGroupId")) {
        return Err(Cause::event(
            &source.function.logical_id,
            &source.logical_id,
            format!("Property ConsumerGroupId not defined for resource of type {event_type}."),
        ));
    }
    let destination_policy = destination_config(source, &mut properties)?;
    link_policies(template, source, policy_name, destination_policy);
    Ok(vec![(
        source.logical_id.clone(),
        source.resource("AWS::Lambda::EventSourceMapping", properties),
    )])
}

/// The mapping an `SNS` event with `SqsSubscription` makes for its queue
/// (`<Fn><EventId>EventSourceMapping`, enabled), the role gaining SQS access.
pub(super) fn queue_mapping(
    template: &mut Template<'_>,
    source: &Source<'_>,
    queue_arn: Value,
    batch_size: Value,
) -> (String, Value) {
    let mut properties = Map::new();
    properties.insert("FunctionName".to_owned(), source.function_name());
    properties.insert("EventSourceArn".to_owned(), queue_arn);
    properties.insert("BatchSize".to_owned(), batch_size);
    properties.insert("Enabled".to_owned(), json!(true));
    link_policies(
        template,
        source,
        "service-role/AWSLambdaSQSQueueExecutionRole",
        None,
    );
    (
        format!("{}EventSourceMapping", source.logical_id),
        source.resource("AWS::Lambda::EventSourceMapping", properties),
    )
}

/// `FilterCriteria` is empty or has only `Filters`.
fn check_filter_criteria(source: &Source<'_>) -> Result<(), Cause> {
    let Some(Value::Object(criteria)) = source.get("FilterCriteria") else {
        return Ok(());
    };
    if criteria.is_empty() || crate::intrinsics::is_intrinsic(&Value::Object(criteria.clone())) {
        return Ok(());
    }
    if criteria.len() == 1 && criteria.contains_key("Filters") {
        return Ok(());
    }
    Err(source.error("FilterCriteria field has a wrong format"))
}

/// `DestinationConfig` without its `OnFailure.Type`, and the role policy that type needs
/// (sending to the SQS queue, publishing to the SNS topic, writing to the S3 bucket).
fn destination_config(
    source: &Source<'_>,
    properties: &mut Map<String, Value>,
) -> Result<Option<Value>, Cause> {
    let Some(Value::Object(config)) = source
        .get("DestinationConfig")
        .filter(|c| is_truthy(Some(c)))
    else {
        return Ok(None);
    };
    let mut config = config.clone();
    let invalid =
        |message: &str| Cause::event(&source.function.logical_id, &source.logical_id, message);
    let Some(Value::Object(on_failure)) = config.get_mut("OnFailure") else {
        return Err(invalid(
            "Property 'DestinationConfig.OnFailure' should be a map.",
        ));
    };
    let mut policy = None;
    if let Some(kind) = on_failure
        .get("Type")
        .filter(|kind| is_truthy(Some(kind)))
        .cloned()
    {
        on_failure.shift_remove("Type");
        let destination = on_failure
            .get("Destination")
            .cloned()
            .unwrap_or(Value::Null);
        let id = &source.logical_id;
        policy = match kind.as_str() {
            Some("SQS") => Some(
                json!({"PolicyName": format!("{id}SQSPolicy"), "PolicyDocument": {"Statement": [
                {"Action": "sqs:SendMessage", "Effect": "Allow", "Resource": destination}]}}),
            ),
            Some("SNS") => Some(
                json!({"PolicyName": format!("{id}SNSPolicy"), "PolicyDocument": {"Statement": [
                {"Action": "sns:publish", "Effect": "Allow", "Resource": destination}]}}),
            ),
            Some("S3") => Some(
                json!({"PolicyName": format!("{id}S3Policy"), "PolicyDocument": {"Statement": [
                {"Action": "s3:PutObject", "Effect": "Allow", "Resource": {"Fn::Join": ["/", [destination, "*"]]}},
                {"Action": "s3:ListBucket", "Effect": "Allow", "Resource": destination}]}}),
            ),
            Some("Kafka") => None,
            _ => {
                return Err(invalid(
                    "The only valid values for 'Type' are 'SQS', 'SNS', 'S3', and 'Kafka'",
                ));
            }
        };
    }
    properties.insert("DestinationConfig".to_owned(), Value::Object(config));
    Ok(policy)
}

/// Adds the managed policy `policy_name` and the destination policy to the function's
/// generated role (none when the user gave `Role`), each once.
fn link_policies(
    template: &mut Template<'_>,
    source: &Source<'_>,
    policy_name: &str,
    destination: Option<Value>,
) {
    let Some(role_id) = source.function.role_id.clone() else {
        return;
    };
    let policy_arn = json!(format!(
        "arn:{}:iam::aws:policy/{policy_name}",
        template.options.partition()
    ));
    let Some(Value::Object(role)) = template
        .resource_mut(&role_id)
        .and_then(|r| r.get_mut("Properties"))
    else {
        return;
    };
    let managed = role.entry("ManagedPolicyArns").or_insert_with(|| json!([]));
    if let Value::Array(arns) = managed {
        if !arns.contains(&policy_arn) {
            arns.push(policy_arn);
        }
    }
    let Some(policy) = destination else {
        return;
    };
    let policies = role.entry("Policies").or_insert_with(|| json!([]));
    if let Value::Array(policies) = policies {
        let document = policy.get("PolicyDocument");
        if !policies
            .iter()
            .any(|existing| existing.get("PolicyDocument") == document)
        {
            policies.push(policy);
        }
    }
}
