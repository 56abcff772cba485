//! What the resource types SAM generates for a function's non-API events are, so that a
//! refusal (or an `--allow-unsupported` placeholder) says which kind of SAM event made
//! them and that the events are not delivered locally.

/// The resource types SAM's non-API events generate, with the SAM event types behind
/// each (AWS's translator, `samtranslator/model/eventsources/`).
const EVENT_SOURCE_TYPES: &[(&str, &str)] = &[
    (
        "AWS::Lambda::EventSourceMapping",
        "a poller of SQS, Kinesis, DynamoDB streams, MSK, MQ, DocumentDB or Kafka (SAM events SQS, Kinesis, DynamoDB, MSK, MQ, SelfManagedKafka, DocumentDB)",
    ),
    (
        "AWS::Lambda::EventInvokeConfig",
        "asynchronous invocation settings (SAM's EventInvokeConfig)",
    ),
    (
        "AWS::Events::Rule",
        "an EventBridge rule or schedule (SAM events Schedule, CloudWatchEvent, EventBridgeRule)",
    ),
    (
        "AWS::Scheduler::Schedule",
        "an EventBridge Scheduler schedule (SAM event ScheduleV2)",
    ),
    (
        "AWS::SQS::Queue",
        "an SQS queue (SAM's SNS event with SqsSubscription, or a dead-letter queue)",
    ),
    (
        "AWS::SNS::Topic",
        "an SNS topic (SAM's SNS event, DeadLetterQueue or EventInvokeConfig destination)",
    ),
    (
        "AWS::SNS::Subscription",
        "an SNS subscription (SAM's SNS event)",
    ),
    ("AWS::S3::Bucket", "an S3 bucket (SAM's S3 event)"),
    ("AWS::IoT::TopicRule", "an IoT rule (SAM's IoTRule event)"),
    (
        "AWS::Logs::SubscriptionFilter",
        "a log subscription (SAM's CloudWatchLogs event)",
    ),
];

/// What `resource_type` is when it is one of the types SAM's non-API events generate:
/// what sends the events, and that gantry does not deliver them.
pub fn event_source_note(resource_type: &str) -> Option<String> {
    EVENT_SOURCE_TYPES
        .iter()
        .find(|(known, _)| *known == resource_type)
        .map(|(_, what)| format!("{what}; gantry does not deliver these events to the function"))
}

#[cfg(test)]
mod tests {
    use super::event_source_note;

    #[test]
    fn event_source_types_name_the_sam_events_behind_them() {
        let note = event_source_note("AWS::Lambda::EventSourceMapping").unwrap();
        assert!(
            note.contains("SQS") && note.contains("not deliver"),
            "{note}"
        );
        assert!(
            event_source_note("AWS::Events::Rule")
                .unwrap()
                .contains("Schedule")
        );
        assert_eq!(event_source_note("AWS::Lambda::Function"), None);
    }
}
