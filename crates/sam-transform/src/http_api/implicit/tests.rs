//! The implicit API step on its own (checked against aws-sam-translator 1.115).

use serde_json::{Value, json};

use super::*;
use crate::options::Options;

fn function(events: Value, attributes: Value) -> Value {
    let mut resource = json!({"Type": "AWS::Serverless::Function",
        "Properties": {"CodeUri": "s3://b/k", "Handler": "i.h", "Runtime": "python3.12",
                       "Events": events}});
    if let (Value::Object(resource), Value::Object(attributes)) = (&mut resource, attributes) {
        resource.extend(attributes);
    }
    resource
}

fn run(resources: Value) -> Result<Value, Error> {
    let options = Options::default();
    let sam = json!({"Resources": resources});
    let mut template = Template::new(&sam, &options).map_err(Error::from)?;
    add_implicit_api(&mut template)?;
    Ok(Value::Object(template.document))
}

#[test]
fn a_user_resource_named_serverless_http_api_comes_back_when_no_event_uses_the_implicit_api() {
    let out = run(json!({"ServerlessHttpApi": {"Type": "AWS::SNS::Topic"},
                         "F": function(json!({}), json!({}))}))
    .unwrap();
    assert_eq!(
        out["Resources"]["ServerlessHttpApi"],
        json!({"Type": "AWS::SNS::Topic"})
    );
}

#[test]
fn the_strongest_policies_and_the_combined_condition_go_to_the_implicit_api() {
    let out = run(json!({
        "F1": function(json!({"D": {"Type": "HttpApi"}}),
                       json!({"Condition": "A", "DeletionPolicy": "Delete"})),
        "F2": function(json!({"E": {"Type": "HttpApi", "Properties": {"Path": "/a", "Method": "get"}}}),
                       json!({"Condition": "B", "DeletionPolicy": "Retain",
                              "UpdateReplacePolicy": "Snapshot"})),
    }))
    .unwrap();
    let api = &out["Resources"]["ServerlessHttpApi"];
    assert_eq!(api["Condition"], json!("ServerlessHttpApiCondition"));
    assert_eq!(api["DeletionPolicy"], json!("Retain"));
    assert_eq!(api["UpdateReplacePolicy"], json!("Snapshot"));
    assert_eq!(
        out["Conditions"]["ServerlessHttpApiCondition"],
        json!({"Fn::Or": [{"Condition": "A"}, {"Condition": "B"}]})
    );
    let paths = &api["Properties"]["DefinitionBody"]["paths"];
    assert_eq!(paths["/a"]["Fn::If"][0], json!("B"));
}

#[test]
fn route_settings_of_a_conditional_function_fold_into_the_api_under_its_condition() {
    let out = run(json!({
        "F": function(json!({"E": {"Type": "HttpApi", "Properties": {"Path": "/a", "Method": "get",
                       "RouteSettings": {"ThrottlingBurstLimit": 1}}}}),
                      json!({"Condition": "C"})),
    }))
    .unwrap();
    assert_eq!(
        out["Resources"]["ServerlessHttpApi"]["Properties"]["RouteSettings"],
        json!({"GET /a": {"Fn::If": ["C", {"ThrottlingBurstLimit": 1}, {"Ref": "AWS::NoValue"}]}})
    );
}

#[test]
fn an_event_without_path_and_method_is_the_default_route() {
    let out = run(json!({"F": function(json!({"D": {"Type": "HttpApi"}}), json!({}))})).unwrap();
    let event = &out["Resources"]["F"]["Properties"]["Events"]["D"]["Properties"];
    assert_eq!(
        event,
        &json!({"ApiId": {"Ref": "ServerlessHttpApi"}, "Path": "$default",
                "Method": "x-amazon-apigateway-any-method"})
    );
}
