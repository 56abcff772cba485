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

/// What distinguishes one pull event type from another.
pub(super) struct PullSource {
    /// The event type, as errors name it.
    pub(super) event_type: &'static str,
    /// The property naming the source (`Queue`, `Stream`, `Broker`, `Cluster`); a
    /// self-managed Kafka cluster has none.
    pub(super) source_property: Option<&'static str>,
    /// Where a Kafka source's `ConsumerGroupId` and `SchemaRegistryConfig` go
    /// (`AmazonManagedKafkaEventSourceConfig`, `SelfManagedKafkaEventSourceConfig`).
    pub(super) kafka_config: Option<&'static str>,
    /// Whether `StartingPosition` is required (streams).
    pub(super) needs_starting_position: bool,
    /// The AWS managed policy the function's role gains, when there is one.
    pub(super) managed_policy: Option<&'static str>,
    /// Properties only this type accepts.
    pub(super) own_types: &'static [PropertyType],
}

/// Inline policies for the role and extra mapping properties of a pull event type.
pub(super) trait PullExtras {
    /// The role policies this event needs (checking what they are made from).
    fn role_policies(&self, source: &Source<'_>) -> Result<Vec<Value>, Cause>;
    /// Mapping properties only this type sets.
    fn add_mapping_properties(&self, _source: &Source<'_>, _properties: &mut Map<String, Value>) {}
}

/// Stream and queue sources need nothing beyond their managed policy.
struct NoExtras;

impl PullExtras for NoExtras {
    fn role_policies(&self, _source: &Source<'_>) -> Result<Vec<Value>, Cause> {
        Ok(Vec::new())
    }
}

/// `SQS`: polls `Queue`.
pub(super) fn sqs(
    template: &mut Template<'_>,
    source: &Source<'_>,
) -> Result<Vec<(String, Value)>, Cause> {
    let kind = PullSource {
        event_type: "SQS",
        source_property: Some("Queue"),
        kafka_config: None,
        needs_starting_position: false,
        managed_policy: Some("service-role/AWSLambdaSQSQueueExecutionRole"),
        own_types: &[],
    };
    mapping(template, source, &kind, &NoExtras)
}

/// `Kinesis`: polls `Stream` from `StartingPosition`.
pub(super) fn kinesis(
    template: &mut Template<'_>,
    source: &Source<'_>,
) -> Result<Vec<(String, Value)>, Cause> {
    let kind = PullSource {
        event_type: "Kinesis",
        source_property: Some("Stream"),
        kafka_config: None,
        needs_starting_position: true,
        managed_policy: Some("service-role/AWSLambdaKinesisExecutionRole"),
        own_types: &[],
    };
    mapping(template, source, &kind, &NoExtras)
}

/// `DynamoDB`: polls the table's `Stream` from `StartingPosition`.
pub(super) fn dynamodb(
    template: &mut Template<'_>,
    source: &Source<'_>,
) -> Result<Vec<(String, Value)>, Cause> {
    let kind = PullSource {
        event_type: "DynamoDB",
        source_property: Some("Stream"),
        kafka_config: None,
        needs_starting_position: true,
        managed_policy: Some("service-role/AWSLambdaDynamoDBExecutionRole"),
        own_types: &[],
    };
    mapping(template, source, &kind, &NoExtras)
}

/// The event source mapping `<Fn><EventId>` of a pull event; the function's role gains
/// the type's managed policy, its inline policies and any on-failure destination policy.
pub(super) fn mapping(
    template: &mut Template<'_>,
    source: &Source<'_>,
    kind: &PullSource,
    extras: &dyn PullExtras,
) -> Result<Vec<(String, Value)>, Cause> {
    let copy = |t: &PropertyType| PropertyType {
        name: t.name,
        required: t.required,
        check: t.check,
    };
    let mut types: Vec<PropertyType> = PULL_TYPES.iter().map(copy).collect();
    types.push(if kind.needs_starting_position {
        required("StartingPosition", Check::Any)
    } else {
        optional("StartingPosition", Check::Any)
    });
    if let Some(property) = kind.source_property {
        types.push(required(property, Check::Any));
    }
    types.extend(kind.own_types.iter().map(copy));
    source.check(kind.event_type, &types)?;

    let mut properties = Map::new();
    properties.insert("FunctionName".to_owned(), source.function_name());
    if let Some(arn) = kind
        .source_property
        .and_then(|property| source.get(property))
    {
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
    if let Some(config_property) = kind.kafka_config {
        kafka_config(source, config_property, &mut properties);
    } else if is_truthy(source.get("ConsumerGroupId")) {
        return Err(Cause::event(
            &source.function.logical_id,
            &source.logical_id,
            format!(
                "Property ConsumerGroupId not defined for resource of type {}.",
                kind.event_type
            ),
        ));
    }
    let destination_policy = destination_config(source, &mut properties)?;
    extras.add_mapping_properties(source, &mut properties);
    let mut policies = extras.role_policies(source)?;
    policies.extend(destination_policy);
    link_policies(template, source, kind.managed_policy, policies);
    Ok(vec![(
        source.logical_id.clone(),
        source.resource("AWS::Lambda::EventSourceMapping", properties),
    )])
}

/// A Kafka source's `ConsumerGroupId` and `SchemaRegistryConfig`, under `config_property`.
fn kafka_config(source: &Source<'_>, config_property: &str, properties: &mut Map<String, Value>) {
    let mut config = Map::new();
    if let Some(group) = source.get("ConsumerGroupId").filter(|g| is_truthy(Some(g))) {
        config.insert("ConsumerGroupId".to_owned(), group.clone());
    }
    if let Some(registry) = source
        .get("SchemaRegistryConfig")
        .filter(|r| is_truthy(Some(r)))
    {
        config.insert("SchemaRegistryConfig".to_owned(), registry.clone());
    }
    if !config.is_empty() {
        properties.insert(config_property.to_owned(), Value::Object(config));
    }
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
        Some("service-role/AWSLambdaSQSQueueExecutionRole"),
        Vec::new(),
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

/// Adds the managed policy and the inline policies to the function's generated role
/// (none when the user gave `Role`), each once.
fn link_policies(
    template: &mut Template<'_>,
    source: &Source<'_>,
    managed_policy: Option<&str>,
    policies: Vec<Value>,
) {
    let Some(role_id) = source.function.role_id.clone() else {
        return;
    };
    let partition = template.options.partition();
    let Some(Value::Object(role)) = template
        .resource_mut(&role_id)
        .and_then(|r| r.get_mut("Properties"))
    else {
        return;
    };
    if let Some(name) = managed_policy {
        let policy_arn = json!(format!("arn:{partition}:iam::aws:policy/{name}"));
        let managed = role.entry("ManagedPolicyArns").or_insert_with(|| json!([]));
        if let Value::Array(arns) = managed
            && !arns.contains(&policy_arn)
        {
            arns.push(policy_arn);
        }
    }
    if policies.is_empty() {
        return;
    }
    if let Value::Array(existing) = role.entry("Policies").or_insert_with(|| json!([])) {
        for policy in policies {
            let document = policy.get("PolicyDocument");
            if !existing.iter().any(|e| e.get("PolicyDocument") == document) {
                existing.push(policy);
            }
        }
    }
}
