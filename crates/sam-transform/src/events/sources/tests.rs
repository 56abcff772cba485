//! Event sources checked against aws-sam-translator 1.115.0's output for the same
//! template (expected JSON copied from the translator's output).

use serde_json::{Value, json};

fn transformed(events: Value) -> crate::Transformed {
    let template = json!({
        "Transform": "AWS::Serverless-2016-10-31",
        "Conditions": {"C": {"Fn::Equals": ["a", "a"]}},
        "Resources": {
            "F": {"Type": "AWS::Serverless::Function", "Condition": "C", "Properties": {
                "CodeUri": "s3://b/k", "Handler": "h", "Runtime": "python3.12",
                "AutoPublishAlias": "live", "Events": events}},
            "B": {"Type": "AWS::S3::Bucket"},
            "Q": {"Type": "AWS::SQS::Queue"}
        }
    });
    match crate::transform(&template, &crate::Options::default()) {
        Ok(transformed) => transformed,
        Err(error) => panic!("{error}"),
    }
}

fn resource(transformed: &crate::Transformed, logical_id: &str) -> Value {
    transformed.template["Resources"][logical_id].clone()
}

#[test]
fn a_schedule_with_a_dead_letter_queue_targets_the_alias() {
    let out = transformed(json!({"Tick": {"Type": "Schedule", "Properties": {
        "Schedule": "rate(5 minutes)", "Enabled": false, "DeadLetterConfig": {"Type": "SQS"}}}}));
    assert_eq!(
        resource(&out, "FTick"),
        json!({"Type": "AWS::Events::Rule", "Condition": "C", "Properties": {
            "ScheduleExpression": "rate(5 minutes)", "State": "DISABLED",
            "Targets": [{"Arn": {"Ref": "FAliaslive"}, "Id": "FTickLambdaTarget",
                         "DeadLetterConfig": {"Arn": {"Fn::GetAtt": ["FTickQueue", "Arn"]}}}]}})
    );
    assert_eq!(
        resource(&out, "FTickQueue"),
        json!({"Type": "AWS::SQS::Queue", "Condition": "C", "Properties": {}})
    );
    assert_eq!(
        resource(&out, "FTickQueuePolicy"),
        json!({"Type": "AWS::SQS::QueuePolicy", "Condition": "C", "Properties": {
            "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Action": "sqs:SendMessage", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
                "Resource": {"Fn::GetAtt": ["FTickQueue", "Arn"]},
                "Condition": {"ArnEquals": {"aws:SourceArn": {"Fn::GetAtt": ["FTick", "Arn"]}}}}]},
            "Queues": [{"Ref": "FTickQueue"}]}})
    );
    assert_eq!(
        resource(&out, "FTickPermission"),
        json!({"Type": "AWS::Lambda::Permission", "Condition": "C", "Properties": {
            "Action": "lambda:InvokeFunction", "FunctionName": {"Ref": "FAliaslive"},
            "Principal": "events.amazonaws.com", "SourceArn": {"Fn::GetAtt": ["FTick", "Arn"]}}})
    );
    assert_eq!(out.warnings.len(), 1);
    assert_eq!(out.warnings[0].property.as_deref(), Some("Events.Tick"));
}

#[test]
fn an_sqs_event_maps_the_queue_and_grants_the_role_sqs_access() {
    let out = transformed(json!({"Jobs": {"Type": "SQS", "Properties": {
        "Queue": {"Fn::GetAtt": ["Q", "Arn"]}, "BatchSize": 5}}}));
    assert_eq!(
        resource(&out, "FJobs"),
        json!({"Type": "AWS::Lambda::EventSourceMapping", "Condition": "C", "Properties": {
            "BatchSize": 5, "EventSourceArn": {"Fn::GetAtt": ["Q", "Arn"]}, "FunctionName": {"Ref": "FAliaslive"}}})
    );
    assert_eq!(
        resource(&out, "FRole")["Properties"]["ManagedPolicyArns"],
        json!([
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"
        ])
    );
}

#[test]
fn an_s3_event_of_a_conditional_function_depends_on_its_permission_through_a_tag() {
    let out = transformed(json!({"Upload": {"Type": "S3", "Properties": {
        "Bucket": {"Ref": "B"}, "Events": "s3:ObjectCreated:*"}}}));
    assert_eq!(
        resource(&out, "B"),
        json!({"Type": "AWS::S3::Bucket", "Properties": {
            "NotificationConfiguration": {"LambdaConfigurations": [{"Fn::If": ["C",
                {"Function": {"Ref": "FAliaslive"}, "Event": "s3:ObjectCreated:*"}, {"Ref": "AWS::NoValue"}]}]},
            "Tags": [{"Key": "sam:ConditionalDependsOn:FUploadPermission",
                      "Value": {"Fn::If": ["C", {"Ref": "FUploadPermission"}, "no dependency"]}}]}})
    );
    assert_eq!(
        resource(&out, "FUploadPermission"),
        json!({"Type": "AWS::Lambda::Permission", "Condition": "C", "Properties": {
            "Action": "lambda:InvokeFunction", "FunctionName": {"Ref": "FAliaslive"},
            "Principal": "s3.amazonaws.com", "SourceAccount": {"Ref": "AWS::AccountId"}}})
    );
}

#[test]
fn event_types_gantry_does_not_reproduce_are_refused_by_name() {
    let template = json!({"Transform": "AWS::Serverless-2016-10-31", "Resources": {"F": {
        "Type": "AWS::Serverless::Function", "Properties": {"CodeUri": "s3://b/k", "Handler": "h",
        "Runtime": "python3.12", "Events": {"Stream": {"Type": "MSK", "Properties": {}}}}}}});
    let error = crate::transform(&template, &crate::Options::default()).expect_err("refused");
    assert!(error.message().contains(
        "Event with id [Stream] is invalid. gantry does not transform events of type MSK"
    ));
}
