//! Routes, integrations, CORS and the document's shape of an imported definition (§11).

use serde_json::{Value, json};
use store::model::{ImportedDefinition, IntegrationType, PayloadFormatVersion};

use super::*;

pub(super) const LAMBDA_URI: &str = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:Pets/invocations";

pub(super) fn run(
    document: &Value,
    previous: Option<&ImportedDefinition>,
    base_path: BasePath,
) -> Result<Imported, ImportError> {
    let ids = IdSource::seeded(7);
    let request = ImportRequest {
        api_id: "abcdef1234",
        root: "Body",
        previous,
        ids: &ids,
        base_path,
    };
    import(document, &request)
}

pub(super) fn imported(document: &Value) -> Imported {
    run(document, None, BasePath::Ignore).expect("the document imports")
}

pub(super) fn failed(document: &Value) -> ImportError {
    run(document, None, BasePath::Ignore).expect_err("the document is refused")
}

pub(super) fn lambda(version: Value) -> Value {
    json!({"type": "aws_proxy", "httpMethod": "POST", "uri": LAMBDA_URI, "payloadFormatVersion": version})
}

pub(super) fn doc(paths: Value) -> Value {
    json!({"openapi": "3.0.1", "info": {"title": "pets", "version": "1"}, "paths": paths})
}

fn route_keys(imported: &Imported) -> Vec<&str> {
    imported
        .definition
        .routes
        .iter()
        .map(|r| r.route_key.as_str())
        .collect()
}

#[test]
fn paths_and_methods_become_route_keys() {
    let result = imported(&doc(json!({
        "/pets": {"get": {"x-amazon-apigateway-integration": lambda(json!("2.0"))},
                  "post": {"x-amazon-apigateway-integration": lambda(json!("2.0"))},
                  "parameters": []},
        "/pets/{petId}": {"x-amazon-apigateway-any-method": {"x-amazon-apigateway-integration": lambda(json!("2.0"))}},
        "/files/{proxy+}": {"delete": {"x-amazon-apigateway-integration": lambda(json!("2.0"))}},
        "/$default": {"x-amazon-apigateway-any-method": {"isDefaultRoute": true, "x-amazon-apigateway-integration": lambda(json!("2.0"))}},
    })));
    assert_eq!(
        route_keys(&result),
        [
            "GET /pets",
            "POST /pets",
            "ANY /pets/{petId}",
            "DELETE /files/{proxy+}",
            "$default"
        ]
    );
    assert_eq!(result.title.as_deref(), Some("pets"));
    assert!(result.notes.is_empty(), "{:?}", result.notes);
}

#[test]
fn the_default_path_is_the_default_route_in_both_spellings_but_only_once() {
    let one = imported(&doc(
        json!({"$default": {"x-amazon-apigateway-any-method": {"x-amazon-apigateway-integration": lambda(json!("2.0"))}}}),
    ));
    assert_eq!(route_keys(&one), ["$default"]);
    let warning = &one.notes[0];
    assert_eq!(
        (warning.kind, warning.path.as_str()),
        (NoteKind::Warning, "Body.paths.$default")
    );
    let error = failed(&doc(json!({
        "$default": {"x-amazon-apigateway-any-method": {"x-amazon-apigateway-integration": lambda(json!("2.0"))}},
        "/$default": {"x-amazon-apigateway-any-method": {"x-amazon-apigateway-integration": lambda(json!("2.0"))}},
    })));
    assert_eq!(
        error.path,
        "Body.paths./$default.x-amazon-apigateway-any-method"
    );
    assert!(
        error.message.contains("\"$default\" a second time"),
        "{}",
        error.message
    );
    let get = failed(&doc(json!({"/$default": {"get": {}}})));
    assert_eq!(get.path, "Body.paths./$default.get");
}

#[test]
fn a_lambda_integration_keeps_every_member_http_apis_read() {
    let mut integration = lambda(json!(1.0));
    integration["credentials"] = json!("arn:aws:iam::123456789012:role/ApiRole");
    integration["timeoutInMillis"] = json!("5000");
    integration["requestParameters"] = json!({"append:header.x-from": "$context.requestId"});
    integration["responseParameters"] = json!({"404": {"overwrite:statuscode": "200"}});
    let result = imported(&doc(
        json!({"/pets": {"get": {"x-amazon-apigateway-integration": integration}}}),
    ));
    let route = &result.definition.routes[0];
    let made = &result.definition.integrations[0];
    assert_eq!(
        route.target.as_deref(),
        Some(format!("integrations/{}", made.integration_id).as_str())
    );
    assert_eq!(made.api_id, "abcdef1234");
    assert_eq!(made.integration_type, IntegrationType::AwsProxy);
    assert_eq!(made.integration_uri.as_deref(), Some(LAMBDA_URI));
    assert_eq!(made.integration_method, None);
    assert_eq!(made.payload_format_version, PayloadFormatVersion::V1_0);
    assert_eq!(
        made.credentials_arn.as_deref(),
        Some("arn:aws:iam::123456789012:role/ApiRole")
    );
    assert_eq!(made.timeout_in_millis, 5000);
    assert_eq!(
        made.request_parameters["append:header.x-from"],
        "$context.requestId"
    );
    assert_eq!(
        made.response_parameters["404"]["overwrite:statuscode"],
        "200"
    );
}

#[test]
fn an_http_proxy_integration_keeps_its_method_and_subtype() {
    let result = imported(&doc(
        json!({"/up": {"get": {"x-amazon-apigateway-integration": {
            "type": "HTTP_PROXY", "httpMethod": "GET", "uri": "http://127.0.0.1:8080/{proxy}",
            "payloadFormatVersion": "1.0", "connectionType": "INTERNET",
        }}}}),
    ));
    let made = &result.definition.integrations[0];
    assert_eq!(made.integration_type, IntegrationType::HttpProxy);
    assert_eq!(made.integration_method.as_deref(), Some("GET"));
    assert_eq!(made.timeout_in_millis, 30_000);
    assert!(result.notes.is_empty(), "{:?}", result.notes);
}

#[test]
fn integration_errors_name_the_member() {
    let mut slow = lambda(json!("2.0"));
    slow["timeoutInMillis"] = json!(30_001);
    let error = failed(&doc(
        json!({"/pets": {"get": {"x-amazon-apigateway-integration": slow}}}),
    ));
    assert_eq!(
        error.path,
        "Body.paths./pets.get.x-amazon-apigateway-integration.timeoutInMillis"
    );
    let error = failed(&doc(
        json!({"/pets": {"get": {"x-amazon-apigateway-integration": lambda(json!("3.0"))}}}),
    ));
    assert_eq!(
        error.path,
        "Body.paths./pets.get.x-amazon-apigateway-integration.payloadFormatVersion"
    );
    let error = failed(&doc(
        json!({"/pets": {"get": {"x-amazon-apigateway-integration": {"type": "aws_proxy"}}}}),
    ));
    assert_eq!(
        error.path,
        "Body.paths./pets.get.x-amazon-apigateway-integration.uri"
    );
}

#[test]
fn what_is_not_honoured_is_noted_by_path_and_non_proxy_types_are_aws_warnings() {
    let mut tls = lambda(json!("2.0"));
    tls["tlsConfig"] = json!({"serverNameToVerify": "example.com"});
    tls["passthroughBehavior"] = json!("when_no_match");
    let mut document = doc(json!({
        "/pets": {"get": {"x-amazon-apigateway-integration": tls}},
        "/mock": {"get": {"x-amazon-apigateway-integration": {"type": "mock"}}},
        "/private": {"get": {"x-amazon-apigateway-integration": {"type": "http_proxy", "uri": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/x/1/2", "connectionType": "VPC_LINK", "connectionId": "abc"}}},
    }));
    document["x-amazon-apigateway-policy"] = json!({});
    let result = imported(&document);
    let notes: Vec<(NoteKind, &str)> = result
        .notes
        .iter()
        .map(|n| (n.kind, n.path.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            (
                NoteKind::NotHonoured,
                "Body.paths./pets.get.x-amazon-apigateway-integration.tlsConfig"
            ),
            (
                NoteKind::NotHonoured,
                "Body.paths./pets.get.x-amazon-apigateway-integration.passthroughBehavior"
            ),
            (
                NoteKind::Warning,
                "Body.paths./mock.get.x-amazon-apigateway-integration.type"
            ),
            (
                NoteKind::NotHonoured,
                "Body.paths./private.get.x-amazon-apigateway-integration.connectionType"
            ),
            (NoteKind::NotHonoured, "Body.x-amazon-apigateway-policy"),
        ]
    );
    let mock = result
        .definition
        .routes
        .iter()
        .find(|r| r.route_key == "GET /mock")
        .expect("route");
    assert_eq!(mock.target, None, "a mock integration is not imported");
    assert_eq!(result.definition.integrations.len(), 2);
}

#[test]
fn cors_is_written_as_a_cors_configuration() {
    let mut document = doc(json!({}));
    document["x-amazon-apigateway-cors"] = json!({"allowOrigins": ["https://example.com"], "allowCredentials": true, "maxAge": "600", "allowMethods": ["GET"], "vary": 1});
    let result = imported(&document);
    assert_eq!(
        result.cors,
        Some(
            json!({"AllowOrigins": ["https://example.com"], "AllowCredentials": true, "MaxAge": "600", "AllowMethods": ["GET"]})
        )
    );
    assert_eq!(result.notes[0].path, "Body.x-amazon-apigateway-cors.vary");
}

#[test]
fn base_path_prepend_puts_the_servers_path_before_each_route() {
    let mut document =
        doc(json!({"/pets": {"get": {"x-amazon-apigateway-integration": lambda(json!("2.0"))}}}));
    document["servers"] = json!([{"url": "https://api.example.com/{basePath}", "variables": {"basePath": {"default": "/v1"}}}]);
    let ignored = run(&document, None, BasePath::Ignore).expect("imports");
    assert_eq!(route_keys(&ignored), ["GET /pets"]);
    let prepended = run(&document, None, BasePath::Prepend).expect("imports");
    assert_eq!(route_keys(&prepended), ["GET /v1/pets"]);
}

#[test]
fn only_openapi_3_is_imported() {
    assert_eq!(
        failed(&json!({"swagger": "2.0", "paths": {}})).path,
        "Body.swagger"
    );
    assert_eq!(failed(&json!({"paths": {}})).path, "Body.openapi");
    assert_eq!(failed(&json!({"openapi": "2.0"})).path, "Body.openapi");
}

#[test]
fn integrations_may_be_shared_through_components() {
    let mut document = doc(
        json!({"/pets": {"get": {"x-amazon-apigateway-integration": {"$ref": "#/components/x-amazon-apigateway-integrations/pets"}}}}),
    );
    document["components"] =
        json!({"x-amazon-apigateway-integrations": {"pets": lambda(json!("2.0"))}});
    let result = imported(&document);
    assert_eq!(
        result.definition.integrations[0].integration_uri.as_deref(),
        Some(LAMBDA_URI)
    );
    let mut broken = document.clone();
    broken["paths"]["/pets"]["get"]["x-amazon-apigateway-integration"]["$ref"] =
        json!("#/components/x-amazon-apigateway-integrations/cats");
    assert_eq!(
        failed(&broken).path,
        "Body.paths./pets.get.x-amazon-apigateway-integration.$ref"
    );
}

#[test]
fn an_aws_service_integration_has_a_subtype_and_no_uri_and_unknown_operation_extensions_are_noted()
{
    let result = imported(&doc(json!({"/events": {"post": {
        "x-amazon-apigateway-request-validator": "all",
        "x-amazon-apigateway-integration": {
            "type": "aws_proxy", "integrationSubtype": "EventBridge-PutEvents", "payloadFormatVersion": "1.0",
            "credentials": "arn:aws:iam::123456789012:role/Events",
            "requestParameters": {"Detail": "$request.body", "DetailType": "order", "Source": "shop"},
        },
    }}})));
    let made = &result.definition.integrations[0];
    assert_eq!(
        (
            made.integration_subtype.as_deref(),
            made.integration_uri.as_deref()
        ),
        (Some("EventBridge-PutEvents"), None)
    );
    assert_eq!(made.request_parameters["Source"], "shop");
    let paths: Vec<_> = result.notes.iter().map(|n| n.path.as_str()).collect();
    assert_eq!(
        paths,
        ["Body.paths./events.post.x-amazon-apigateway-request-validator"]
    );
}
