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
            "Q": {"Type": "AWS::SQS::Queue"},
            "UP": {"Type": "AWS::Cognito::UserPool", "Properties": {"UserPoolName": "p"}}
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
fn an_iot_rule_and_a_cognito_trigger_invoke_the_alias() {
    let out = transformed(json!({
        "Iot": {"Type": "IoTRule", "Properties": {"Sql": "SELECT * FROM 'topic'", "AwsIotSqlVersion": "2016-03-23"}},
        "Pool": {"Type": "Cognito", "Properties": {"UserPool": {"Ref": "UP"}, "Trigger": ["PreSignUp"]}}
    }));
    assert_eq!(
        resource(&out, "FIot"),
        json!({"Type": "AWS::IoT::TopicRule", "Condition": "C", "Properties": {"TopicRulePayload": {
            "Sql": "SELECT * FROM 'topic'", "RuleDisabled": false,
            "Actions": [{"Lambda": {"FunctionArn": {"Ref": "FAliaslive"}}}], "AwsIotSqlVersion": "2016-03-23"}}})
    );
    assert_eq!(
        resource(&out, "FIotPermission")["Properties"]["SourceArn"],
        json!({"Fn::Sub": ["arn:aws:iot:${AWS::Region}:${AWS::AccountId}:rule/${RuleName}", {"RuleName": {"Ref": "FIot"}}]})
    );
    assert_eq!(
        resource(&out, "UP"),
        json!({"Type": "AWS::Cognito::UserPool", "Properties": {
            "UserPoolName": "p", "LambdaConfig": {"PreSignUp": {"Ref": "FAliaslive"}}}})
    );
    assert_eq!(
        resource(&out, "FAliasliveCognitoPermission")["Properties"]["SourceArn"],
        json!({"Fn::GetAtt": ["UP", "Arn"]})
    );
}

#[test]
fn a_schedule_v2_gets_a_role_the_scheduler_assumes() {
    let out = transformed(json!({"S1": {"Type": "ScheduleV2", "Properties": {
        "ScheduleExpression": "rate(1 minute)", "State": "ENABLED", "Input": "{}"}}}));
    assert_eq!(
        resource(&out, "FS1"),
        json!({"Type": "AWS::Scheduler::Schedule", "Condition": "C", "Properties": {
            "ScheduleExpression": "rate(1 minute)", "FlexibleTimeWindow": {"Mode": "OFF"}, "Name": "FS1",
            "State": "ENABLED", "Target": {"Arn": {"Ref": "FAliaslive"},
                "RoleArn": {"Fn::GetAtt": ["FS1Role", "Arn"]}, "Input": "{}"}}})
    );
    assert_eq!(
        resource(&out, "FS1Role"),
        json!({"Type": "AWS::IAM::Role", "Condition": "C", "Properties": {
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Action": ["sts:AssumeRole"],
                "Effect": "Allow", "Principal": {"Service": ["scheduler.amazonaws.com"]}}]},
            "Policies": [{"PolicyName": "FS1LambdaPolicy", "PolicyDocument": {"Statement": [
                {"Action": "lambda:InvokeFunction", "Effect": "Allow", "Resource": {"Ref": "FAliaslive"}}]}}]}})
    );
}

#[test]
fn an_mq_event_gives_the_role_its_secret_and_broker() {
    let out = transformed(
        json!({"Mq": {"Type": "MQ", "Properties": {"Broker": "arn:mq", "Queues": ["q2"],
        "DynamicPolicyName": true, "SourceAccessConfigurations": [{"Type": "BASIC_AUTH", "URI": "arn:s2"}]}}}),
    );
    assert_eq!(
        resource(&out, "FMq"),
        json!({"Type": "AWS::Lambda::EventSourceMapping", "Condition": "C", "Properties": {
            "EventSourceArn": "arn:mq", "FunctionName": {"Ref": "FAliaslive"}, "Queues": ["q2"],
            "SourceAccessConfigurations": [{"Type": "BASIC_AUTH", "URI": "arn:s2"}]}})
    );
    assert_eq!(
        resource(&out, "FRole")["Properties"]["Policies"],
        json!([{"PolicyName": "FMqAMQPolicy", "PolicyDocument": {"Statement": [
            {"Action": ["secretsmanager:GetSecretValue"], "Effect": "Allow", "Resource": "arn:s2"},
            {"Action": ["mq:DescribeBroker"], "Effect": "Allow", "Resource": "arn:mq"}]}}])
    );
}

#[test]
fn an_msk_event_gives_the_role_its_registry_and_certificate() {
    let out = transformed(
        json!({"Msk": {"Type": "MSK", "Properties": {"Stream": "arn:msk",
        "StartingPosition": "LATEST", "Topics": ["t"], "ConsumerGroupId": "g",
        "SourceAccessConfigurations": [{"Type": "CLIENT_CERTIFICATE_TLS_AUTH", "URI": "arn:cert"}],
        "SchemaRegistryConfig": {"SchemaRegistryURI": "arn:aws:glue:us-east-1:123:registry/myreg",
            "EventRecordFormat": "JSON", "SchemaValidationConfigs": [{"Attribute": "VALUE"}]}}}}),
    );
    assert_eq!(
        resource(&out, "FMsk")["Properties"]["AmazonManagedKafkaEventSourceConfig"],
        json!({"ConsumerGroupId": "g", "SchemaRegistryConfig": {
            "SchemaRegistryURI": "arn:aws:glue:us-east-1:123:registry/myreg", "EventRecordFormat": "JSON",
            "SchemaValidationConfigs": [{"Attribute": "VALUE"}]}})
    );
    let role = resource(&out, "FRole")["Properties"].clone();
    assert_eq!(
        role["Policies"],
        json!([{"PolicyName": "MSKExecutionRolePolicy", "PolicyDocument": {"Statement": [
            {"Action": ["glue:GetRegistry"], "Effect": "Allow", "Resource": "arn:aws:glue:us-east-1:123:registry/myreg"},
            {"Action": ["glue:GetSchemaVersion"], "Effect": "Allow", "Resource": [{"Fn::Sub":
                "arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:schema/myreg/*"}]},
            {"Action": ["secretsmanager:GetSecretValue"], "Effect": "Allow", "Resource": "arn:cert"}]}}])
    );
    assert_eq!(
        role["ManagedPolicyArns"],
        json!([
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            "arn:aws:iam::aws:policy/service-role/AWSLambdaMSKExecutionRole"
        ])
    );
}

#[test]
fn an_unknown_event_type_gets_the_translator_s_error() {
    let template = json!({"Transform": "AWS::Serverless-2016-10-31", "Resources": {"F": {
        "Type": "AWS::Serverless::Function", "Properties": {"CodeUri": "s3://b/k", "Handler": "h",
        "Runtime": "python3.12", "Events": {"Stream": {"Type": "Kafka", "Properties": {}}}}}}});
    let error = crate::transform(&template, &crate::Options::default()).expect_err("refused");
    assert!(error.message().ends_with(
        "Resource with id [F] is invalid. Event with id [Stream] is invalid. Resource dict has missing or \
         invalid value for key Type. Event Type is: Kafka."
    ));
}

#[test]
fn dead_letter_configs_are_refused_as_the_translator_refuses_them() {
    // Messages recorded from aws-sam-translator 1.115.0 for the same templates.
    let cases = [
        (
            json!({"Arn": "arn:q", "Type": "SQS"}),
            "You can either define 'Arn' or 'Type' property of DeadLetterConfig.",
        ),
        (
            json!({"Type": "SNS"}),
            "The only valid value for 'Type' property of DeadLetterConfig is 'SQS'.",
        ),
        (
            json!({}),
            "No 'Arn' or 'Type' property provided for DeadLetterConfig.",
        ),
    ];
    for (event_type, schedule) in [
        ("Schedule", "Schedule"),
        ("ScheduleV2", "ScheduleExpression"),
    ] {
        for (config, message) in &cases {
            let template = json!({"Transform": "AWS::Serverless-2016-10-31", "Resources": {"F": {
                "Type": "AWS::Serverless::Function", "Properties": {"CodeUri": "s3://b/k",
                "Handler": "h", "Runtime": "python3.12", "Events": {"Tick": {"Type": event_type,
                "Properties": {schedule: "rate(1 minute)", "DeadLetterConfig": config}}}}}}});
            let error =
                crate::transform(&template, &crate::Options::default()).expect_err("refused");
            assert_eq!(
                error.message(),
                format!(
                    "Invalid Serverless Application Specification document. Number of errors \
                     found: 1. Resource with id [F] is invalid. Event with id [FTick] is invalid. \
                     {message}"
                ),
                "{event_type} {config}"
            );
        }
    }
}
