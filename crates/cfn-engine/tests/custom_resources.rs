//! Custom resources through the deploy loop, with a scripted provider standing in for the
//! Lambda host: which requests are sent (Create, Update with OldResourceProperties,
//! Delete on removal, replacement and rollback), and how answers become `Ref` and
//! `Fn::GetAtt` values.

#![allow(clippy::unwrap_used)]

mod custom_resources_support;

use cfn_engine::DeployError;
use cfn_engine::custom_resource::RequestType;
use custom_resources_support::{Provider, greeting, lines, run, template};
use store::model::ResourceModel;

#[test]
fn create_sends_stringified_properties_and_the_answer_feeds_ref_and_get_att() {
    let provider = Provider::default();
    let outputs = "  Said:\n    Value: !GetAtt Greeting.Echo\n  Id:\n    Value: !Ref Greeting\n";
    let (deployed, _) = run(&provider, &template(&greeting("world", ""), outputs), None);
    let record = deployed.unwrap().record;
    let requests = provider.take();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.request_type, RequestType::Create);
    assert_eq!(request.resource_type, "Custom::Greeting");
    assert_eq!(request.logical_resource_id, "Greeting");
    assert_eq!(request.physical_resource_id, None);
    assert_eq!(request.provider.logical_id, "ProviderFn");
    assert_eq!(request.stack_id, record.stack_id);
    let props = &request.resource_properties;
    assert_eq!(props["Count"], "3");
    assert_eq!(props["Enabled"], "true");
    assert_eq!(props["ServiceToken"], request.service_token);
    let output = |key: &str| {
        record
            .outputs
            .iter()
            .find(|o| o.key == key)
            .unwrap()
            .value
            .clone()
    };
    assert_eq!(output("Said"), "hello world");
    assert_eq!(output("Id"), "world-id");
}

#[test]
fn an_unchanged_custom_resource_is_not_sent_a_request() {
    let provider = Provider::default();
    let body = template(&greeting("world", ""), "");
    let first = run(&provider, &body, None).0.unwrap().record;
    provider.take();
    let (second, _) = run(&provider, &body, Some(&first));
    second.unwrap();
    assert!(provider.take().is_empty());
}

#[test]
fn a_changed_property_sends_update_with_the_old_properties() {
    let provider = Provider::default();
    let first = run(&provider, &template(&greeting("world", ""), ""), None)
        .0
        .unwrap()
        .record;
    provider.take();
    let extra = "      PhysicalId: world-id\n";
    let (second, _) = run(
        &provider,
        &template(&greeting("moon", extra), ""),
        Some(&first),
    );
    second.unwrap();
    let requests = provider.take();
    assert_eq!(requests.len(), 1, "no Delete when the physical id is kept");
    let update = &requests[0];
    assert_eq!(update.request_type, RequestType::Update);
    assert_eq!(update.physical_resource_id.as_deref(), Some("world-id"));
    assert_eq!(update.resource_properties["Name"], "moon");
    assert_eq!(
        update.old_resource_properties.as_ref().unwrap()["Name"],
        "world"
    );
}

#[test]
fn a_new_physical_id_in_an_update_is_a_replacement_and_the_old_one_is_deleted() {
    let provider = Provider::default();
    let first = run(&provider, &template(&greeting("world", ""), ""), None)
        .0
        .unwrap()
        .record;
    provider.take();
    let (second, events) = run(
        &provider,
        &template(&greeting("moon", ""), ""),
        Some(&first),
    );
    second.unwrap();
    let requests = provider.take();
    let kinds: Vec<_> = requests
        .iter()
        .map(|r| (r.request_type, r.physical_resource_id.clone()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (RequestType::Update, Some("world-id".to_owned())),
            (RequestType::Delete, Some("world-id".to_owned())),
        ]
    );
    assert_eq!(requests[1].resource_properties["Name"], "world");
    assert!(lines(&events).contains(&"DELETE_COMPLETE Greeting".to_owned()));
}

#[test]
fn a_custom_resource_removed_from_the_template_is_sent_delete() {
    let provider = Provider::default();
    let first = run(&provider, &template(&greeting("world", ""), ""), None)
        .0
        .unwrap()
        .record;
    provider.take();
    let (second, events) = run(&provider, &template("", ""), Some(&first));
    second.unwrap();
    let requests = provider.take();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].request_type, RequestType::Delete);
    assert_eq!(
        requests[0].physical_resource_id.as_deref(),
        Some("world-id")
    );
    assert!(lines(&events).contains(&"DELETE_COMPLETE Greeting".to_owned()));
}

#[test]
fn a_failed_provider_fails_the_deploy_and_rolls_back_created_custom_resources() {
    let provider = Provider::default();
    let resources = format!(
        "{}\n  Second:\n    Type: Custom::Greeting\n    DependsOn: Greeting\n    Properties:\n      ServiceToken: !GetAtt ProviderFn.Arn\n      Name: two\n      Fail: yes\n",
        greeting("world", "")
    );
    let (deployed, events) = run(&provider, &template(&resources, ""), None);
    let Err(DeployError::ResourceFailed {
        logical_id, reason, ..
    }) = deployed
    else {
        panic!("expected a failure");
    };
    assert_eq!(logical_id, "Second");
    assert!(reason.contains("the provider said no"), "{reason}");
    let kinds: Vec<_> = provider
        .take()
        .iter()
        .map(|r| (r.request_type, r.logical_resource_id.clone()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (RequestType::Create, "Greeting".to_owned()),
            (RequestType::Create, "Second".to_owned()),
            (RequestType::Delete, "Greeting".to_owned()),
        ]
    );
    assert!(lines(&events).contains(&"DELETE_COMPLETE Greeting".to_owned()));
}

/// CloudFormation sends a `Delete` to a custom resource whose `Create` answered `FAILED`
/// with a physical id, first in the rollback: a provider's Delete must cope with what its
/// failed Create left (cdk.md §7.1).
#[test]
fn a_create_answered_failed_with_a_physical_id_is_sent_delete_on_rollback() {
    let provider = Provider::default();
    let resources = format!(
        "{}\n  Second:\n    Type: Custom::Greeting\n    DependsOn: Greeting\n    Properties:\n      ServiceToken: !GetAtt ProviderFn.Arn\n      Name: two\n      Fail: yes\n      PhysicalId: half-made\n",
        greeting("world", "")
    );
    let (deployed, events) = run(&provider, &template(&resources, ""), None);
    assert!(deployed.is_err());
    let sent: Vec<_> = provider
        .take()
        .iter()
        .map(|r| {
            (
                r.request_type,
                r.logical_resource_id.clone(),
                r.physical_resource_id.clone(),
            )
        })
        .collect();
    assert_eq!(
        sent,
        vec![
            (RequestType::Create, "Greeting".to_owned(), None),
            (RequestType::Create, "Second".to_owned(), None),
            (
                RequestType::Delete,
                "Second".to_owned(),
                Some("half-made".to_owned())
            ),
            (
                RequestType::Delete,
                "Greeting".to_owned(),
                Some("world-id".to_owned())
            ),
        ]
    );
    let lines = lines(&events);
    let failed = lines.iter().position(|l| l == "CREATE_FAILED Second");
    let deleted = lines.iter().position(|l| l == "DELETE_COMPLETE Second");
    assert!(failed.is_some() && failed < deleted, "{lines:?}");
}

#[test]
fn log_retention_is_answered_by_gantry_without_a_request() {
    let provider = Provider::default();
    let resources = "\n  Retention:\n    Type: Custom::LogRetention\n    Properties:\n      ServiceToken: !GetAtt ProviderFn.Arn\n      LogGroupName: /aws/lambda/fn\n      RetentionInDays: 7\n";
    let (deployed, events) = run(&provider, &template(resources, ""), None);
    let record = deployed.unwrap().record;
    assert!(provider.take().is_empty());
    let retention = record
        .resources
        .iter()
        .find(|r| r.logical_id == "Retention")
        .unwrap();
    assert_eq!(retention.physical_id, "/aws/lambda/fn");
    let ResourceModel::CustomResource(model) = &retention.model else {
        panic!("not a custom resource");
    };
    assert!(
        model
            .handled_by_gantry
            .as_deref()
            .unwrap()
            .contains("7 days")
    );
    let complete = events
        .iter()
        .find(|e| e.logical_id == "Retention" && e.status.as_str() == "CREATE_COMPLETE")
        .unwrap();
    assert!(
        complete
            .reason
            .as_deref()
            .unwrap()
            .contains("handled by gantry")
    );
}

#[test]
fn an_sns_service_token_fails_closed_saying_what_to_do() {
    let provider = Provider::default();
    let resources = "\n  Topic:\n    Type: AWS::CloudFormation::CustomResource\n    Properties:\n      ServiceToken: arn:aws:sns:eu-west-1:111122223333:provider\n";
    let (deployed, _) = run(&provider, &template(resources, ""), None);
    let Err(DeployError::ResourceFailed {
        logical_id,
        reason,
        line,
        ..
    }) = deployed
    else {
        panic!("expected a failure");
    };
    assert_eq!(logical_id, "Topic");
    assert!(
        reason.contains("SNS topic") && reason.contains("Lambda function"),
        "{reason}"
    );
    assert!(line.is_some());
}

#[test]
fn changing_the_service_token_is_refused_as_cloudformation_does() {
    let provider = Provider::default();
    let body = template(&greeting("world", ""), "");
    let first = run(&provider, &body, None).0.unwrap().record;
    let changed = body.replace(
        "!GetAtt ProviderFn.Arn",
        "arn:aws:lambda:eu-west-1:111122223333:function:other",
    );
    let (second, _) = run(&provider, &changed, Some(&first));
    let Err(DeployError::ResourceFailed { reason, .. }) = second else {
        panic!("expected a failure");
    };
    assert!(
        reason.contains("Modifying service token is not allowed"),
        "{reason}"
    );
}

#[test]
fn a_missing_data_attribute_fails_naming_it() {
    let provider = Provider::default();
    let outputs = "  Said:\n    Value: !GetAtt Greeting.Nope\n";
    let (deployed, _) = run(&provider, &template(&greeting("world", ""), outputs), None);
    let error = deployed.unwrap_err().to_string();
    assert!(error.contains("Nope"), "{error}");
}

#[test]
fn a_failed_update_sends_updated_custom_resources_back_to_their_old_properties() {
    let provider = Provider::default();
    let extra = "      PhysicalId: kept\n";
    let first = run(&provider, &template(&greeting("world", extra), ""), None)
        .0
        .unwrap()
        .record;
    provider.take();
    let failing = format!(
        "{}\n  Second:\n    Type: Custom::Greeting\n    DependsOn: Greeting\n    Properties:\n      ServiceToken: !GetAtt ProviderFn.Arn\n      Name: two\n      Fail: yes\n",
        greeting("moon", extra)
    );
    let (second, events) = run(&provider, &template(&failing, ""), Some(&first));
    assert!(second.is_err());
    let requests = provider.take();
    let kinds: Vec<_> = requests
        .iter()
        .map(|r| (r.request_type, r.logical_resource_id.clone()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (RequestType::Update, "Greeting".to_owned()),
            (RequestType::Create, "Second".to_owned()),
            (RequestType::Update, "Greeting".to_owned()),
        ]
    );
    let back = &requests[2];
    assert_eq!(back.resource_properties["Name"], "world");
    assert_eq!(
        back.old_resource_properties.as_ref().unwrap()["Name"],
        "moon"
    );
    assert_eq!(back.physical_resource_id.as_deref(), Some("kept"));
    assert!(lines(&events).contains(&"UPDATE_COMPLETE Greeting".to_owned()));
}

#[test]
fn a_custom_resource_removed_with_its_provider_is_sent_delete_through_the_old_provider() {
    let provider = Provider::default();
    let first = run(&provider, &template(&greeting("world", ""), ""), None)
        .0
        .unwrap()
        .record;
    provider.take();
    let without_provider = "Resources:\n  Other:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n";
    let (second, _) = run(&provider, without_provider, Some(&first));
    second.unwrap();
    let requests = provider.take();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].request_type, RequestType::Delete);
    assert_eq!(requests[0].provider.logical_id, "ProviderFn");
}
