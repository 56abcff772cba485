//! Unit tests of the OpenAPI body editor.
use super::*;

#[test]
fn openapi_versions_are_tested_as_the_translator_tests_them() {
    assert!(is_valid(&json!({"openapi": "3.0.1", "paths": {}})));
    assert!(is_valid(&json!({"openapi": 3.0, "paths": {}})));
    assert!(!is_valid(&json!({"openapi": "2.0", "paths": {}})));
    assert!(!is_valid(&json!({"openapi": "3.0.1"})));
    assert!(!is_valid(&json!({"openapi": "3.0.10", "paths": {}})));
}

#[test]
fn the_first_arn_reference_names_the_function() {
    assert_eq!(
        first_arn_reference("arn:${AWS::Partition}:x/functions/${MyFn.Arn}/invocations"),
        Some("MyFn")
    );
    assert_eq!(first_arn_reference("functions/${MyFnAliaslive}/"), None);
}

#[test]
fn a_conditional_integration_wraps_method_and_uri() {
    let mut body = skeleton();
    let mut editor = OpenApi::new(&mut body).unwrap();
    editor
        .add_lambda_integration("/a", "GET", json!("uri"), Some("C"))
        .unwrap();
    let method = &body["paths"]["/a"]["get"]["Fn::If"];
    assert_eq!(method[0], json!("C"));
    assert_eq!(
        method[1][INTEGRATION]["uri"],
        json!({"Fn::If": ["C", "uri", {"Ref": "AWS::NoValue"}]})
    );
}
