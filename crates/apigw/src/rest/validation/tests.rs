use http::{Method as HttpMethod, StatusCode};
use serde_json::json;
use store::model::apigateway::{Model, RequestValidator};

use super::*;
use crate::rest::error::ErrorBody;
use crate::rest::test_request::{headers, method, pairs, request};

fn validator(body: bool, parameters: bool) -> RequestValidator {
    RequestValidator {
        rest_api_id: "puhdx84jy9".into(),
        request_validator_id: "v1".into(),
        name: "all".into(),
        validate_request_body: body,
        validate_request_parameters: parameters,
    }
}

fn pet_model() -> Model {
    Model {
        rest_api_id: "puhdx84jy9".into(),
        name: "Pet".into(),
        content_type: Some("application/json".into()),
        schema: Some(json!({
            "$schema": "http://json-schema.org/draft-04/schema#",
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}}
        })),
    }
}

fn compiled(body: bool, parameters: bool) -> RequestValidation {
    let mut method = method("POST", None);
    method.request_validator_id = Some("v1".into());
    method.request_parameters = [
        ("method.request.querystring.qs1", true),
        ("method.request.header.x-header-param", true),
        ("method.request.path.issuer", true),
        ("method.request.querystring.optional", false),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    method.request_models = pairs(&[("application/json", "Pet")]);
    RequestValidation::compile(&method, &[validator(body, parameters)], &[pet_model()])
        .expect("compiles")
        .expect("has a validator")
}

#[test]
fn missing_parameters_are_listed_in_awss_order() {
    let validation = compiled(false, true);
    let sent = headers(&[("x-header-param", "  ")]);
    let error = validation
        .validate(&request(&HttpMethod::POST, &sent, "", b""), &[])
        .expect_err("missing");
    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error.body,
        ErrorBody::Message(
            "Missing required request parameters: [x-header-param, issuer, qs1]".into()
        )
    );
    let sent = headers(&[("X-Header-Param", "v")]);
    let path = [("issuer".to_owned(), "me".to_owned())];
    assert!(
        validation
            .validate(&request(&HttpMethod::POST, &sent, "qs1=a", b""), &path)
            .is_ok()
    );
}

#[test]
fn bodies_are_checked_against_the_model_with_the_schema_error_explained() {
    let validation = compiled(true, false);
    let json_type = headers(&[("content-type", "application/json; charset=utf-8")]);
    let ok = request(
        &HttpMethod::POST,
        &json_type,
        "",
        br#"{"name":"rex","age":3}"#,
    );
    assert!(validation.validate(&ok, &[]).is_ok());
    let bad = request(&HttpMethod::POST, &json_type, "", br#"{"age":-1}"#);
    let error = validation.validate(&bad, &[]).expect_err("invalid");
    assert_eq!(
        error.body,
        ErrorBody::Message("Invalid request body".into())
    );
    assert!(
        error.explanation.contains("model `Pet`"),
        "{}",
        error.explanation
    );
    assert!(error.explanation.contains("name"), "{}", error.explanation);
    assert!(error.explanation.contains("/age"), "{}", error.explanation);
    // No Content-Type: application/json is assumed.
    let none = headers(&[]);
    assert!(
        validation
            .validate(&request(&HttpMethod::POST, &none, "", b"not json"), &[])
            .is_err()
    );
    // Another content type has no model: nothing to check.
    let text = headers(&[("content-type", "text/plain")]);
    assert!(
        validation
            .validate(&request(&HttpMethod::POST, &text, "", b"not json"), &[])
            .is_ok()
    );
}

#[test]
fn a_method_without_a_validator_has_no_validation() {
    let method = method("GET", None);
    assert!(
        RequestValidation::compile(&method, &[], &[])
            .expect("compiles")
            .is_none()
    );
}

#[test]
fn what_cannot_be_compiled_is_explained() {
    let mut method = method("POST", None);
    method.request_validator_id = Some("nope".into());
    let error =
        RequestValidation::compile(&method, &[validator(true, true)], &[]).expect_err("unknown");
    assert!(error.contains("RequestValidatorId `nope`"), "{error}");
    method.request_validator_id = Some("v1".into());
    method.request_models = pairs(&[("application/json", "Missing")]);
    let error =
        RequestValidation::compile(&method, &[validator(true, false)], &[]).expect_err("no model");
    assert!(error.contains("model `Missing`"), "{error}");
    method.request_models = pairs(&[("application/json", "Empty")]);
    let validation = RequestValidation::compile(&method, &[validator(true, false)], &[])
        .expect("built-in Empty")
        .expect("validator");
    let sent = headers(&[]);
    assert!(
        validation
            .validate(&request(&HttpMethod::POST, &sent, "", b"{}"), &[])
            .is_ok()
    );
    let referring = Model {
        name: "Refers".into(),
        schema: Some(
            json!({"$ref": "https://apigateway.amazonaws.com/restapis/puhdx84jy9/models/Pet"}),
        ),
        ..pet_model()
    };
    method.request_models = pairs(&[("application/json", "Refers")]);
    let error = RequestValidation::compile(&method, &[validator(true, false)], &[referring])
        .expect_err("remote ref");
    assert!(error.contains("not resolved"), "{error}");
}
