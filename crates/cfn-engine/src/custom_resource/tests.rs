use serde_json::json;
use store::model::{Code, Function};

use super::*;

fn provider() -> Function {
    Function::zip(
        "Provider",
        "stack-Provider-ABC",
        "arn:aws:lambda:eu-west-1:111122223333:function:stack-Provider-ABC",
        "arn:aws:iam::111122223333:role/r",
        "nodejs20.x",
        Code::Inline {
            zip_file: "x".into(),
        },
    )
}

fn request(request_type: RequestType) -> CustomResourceRequest {
    let update = request_type == RequestType::Update;
    CustomResourceRequest {
        request_type,
        request_id: "req-1".into(),
        stack_id: "arn:aws:cloudformation:eu-west-1:111122223333:stack/s/uuid".into(),
        resource_type: "Custom::Greeting".into(),
        logical_resource_id: "Greeting".into(),
        physical_resource_id: (request_type != RequestType::Create).then(|| "phys-1".into()),
        resource_properties: json!({"ServiceToken": "arn:tok", "Name": "new"}),
        old_resource_properties: update.then(|| json!({"ServiceToken": "arn:tok", "Name": "old"})),
        service_token: "arn:tok".into(),
        provider: provider(),
        timeout: DEFAULT_SERVICE_TIMEOUT,
    }
}

#[test]
fn a_create_request_has_cloudformations_fields_and_no_physical_id() {
    let event = request(RequestType::Create).event("https://127.0.0.1:1/r/x");
    assert_eq!(
        event,
        json!({
            "RequestType": "Create",
            "ServiceToken": "arn:tok",
            "ResponseURL": "https://127.0.0.1:1/r/x",
            "StackId": "arn:aws:cloudformation:eu-west-1:111122223333:stack/s/uuid",
            "RequestId": "req-1",
            "LogicalResourceId": "Greeting",
            "ResourceType": "Custom::Greeting",
            "ResourceProperties": {"ServiceToken": "arn:tok", "Name": "new"},
        })
    );
}

#[test]
fn an_update_request_carries_the_physical_id_and_the_old_properties() {
    let event = request(RequestType::Update).event("u");
    assert_eq!(event["RequestType"], "Update");
    assert_eq!(event["PhysicalResourceId"], "phys-1");
    assert_eq!(event["OldResourceProperties"]["Name"], "old");
    assert_eq!(event["ResourceProperties"]["Name"], "new");
}

#[test]
fn a_delete_request_carries_the_physical_id_and_no_old_properties() {
    let event = request(RequestType::Delete).event("u");
    assert_eq!(event["RequestType"], "Delete");
    assert_eq!(event["PhysicalResourceId"], "phys-1");
    assert!(event.get("OldResourceProperties").is_none());
}

fn body(fields: Value) -> Vec<u8> {
    let mut response = json!({
        "Status": "SUCCESS",
        "PhysicalResourceId": "phys-1",
        "StackId": "arn:aws:cloudformation:eu-west-1:111122223333:stack/s/uuid",
        "RequestId": "req-1",
        "LogicalResourceId": "Greeting",
    });
    if let (Value::Object(response), Value::Object(fields)) = (&mut response, fields) {
        response.extend(fields);
    }
    serde_json::to_vec(&response).expect("json")
}

#[test]
fn a_success_response_gives_the_physical_id_and_data() {
    let response = CustomResourceResponse::parse(
        &body(json!({"Data": {"Message": "hi", "Count": 2}, "NoEcho": true})),
        &request(RequestType::Create),
    )
    .expect("valid");
    assert_eq!(response.physical_resource_id, "phys-1");
    assert_eq!(response.data.get("Message"), Some(&json!("hi")));
    assert!(response.no_echo);
}

#[test]
fn a_failed_response_fails_with_its_reason() {
    let error = CustomResourceResponse::parse(
        &body(json!({"Status": "FAILED", "Reason": "the widget is broken"})),
        &request(RequestType::Create),
    )
    .expect_err("failed");
    assert_eq!(error.reason, "the widget is broken");
    // The id it names is what a rollback's Delete is sent to.
    assert_eq!(error.physical_resource_id.as_deref(), Some("phys-1"));
}

#[test]
fn a_response_for_another_request_is_refused_naming_the_field() {
    let error = CustomResourceResponse::parse(
        &body(json!({"RequestId": "other"})),
        &request(RequestType::Create),
    )
    .expect_err("mismatch")
    .reason;
    assert!(
        error.contains("RequestId") && error.contains("req-1"),
        "{error}"
    );
}

#[test]
fn a_response_without_a_physical_id_is_refused() {
    let error = CustomResourceResponse::parse(
        &body(json!({"PhysicalResourceId": ""})),
        &request(RequestType::Create),
    )
    .expect_err("no id")
    .reason;
    assert!(error.contains("PhysicalResourceId"), "{error}");
}

#[test]
fn a_response_over_4096_bytes_is_refused() {
    let big = "x".repeat(MAX_RESPONSE_BYTES);
    let error = CustomResourceResponse::parse(
        &body(json!({"Data": {"Big": big}})),
        &request(RequestType::Create),
    )
    .expect_err("too big")
    .reason;
    assert!(error.contains("4096"), "{error}");
}

#[test]
fn numbers_and_booleans_become_strings_at_any_depth() {
    let properties = json!({"A": 1, "B": true, "C": {"D": [2.5, false, "x"]}, "E": null});
    assert_eq!(
        stringify_scalars(&properties),
        json!({"A": "1", "B": "true", "C": {"D": ["2.5", "false", "x"]}, "E": null})
    );
}
