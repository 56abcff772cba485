//! The import's pieces on small documents: `$ref` parameters, the legacy auth extension,
//! request validators, base paths, and the notes on what is left out.

use serde_json::{Value, json};
use store::model::apigateway::{ImportedRestDefinition, MethodAuthorizationType};

use super::*;

const ROOT_ID: &str = "rootid1234";

fn import_with(
    document: &Value,
    base_path: BasePath,
    previous: Option<&ImportedRestDefinition>,
) -> Result<Imported, ImportError> {
    let ids = IdSource::seeded(7);
    let request = ImportRequest {
        rest_api_id: "abcdef1234",
        root_resource_id: ROOT_ID,
        root: "Body",
        previous,
        ids: &ids,
        base_path,
    };
    import(document, &request)
}

fn imported(document: &Value) -> Imported {
    import_with(document, BasePath::Ignore, None)
        .unwrap_or_else(|e| panic!("{}: {}", e.path, e.message))
}

fn refused(document: &Value) -> String {
    match import_with(document, BasePath::Ignore, None) {
        Ok(imported) => panic!("expected a refusal, imported {:?}", imported.definition),
        Err(e) => format!("{}: {}", e.path, e.message),
    }
}

fn mock() -> Value {
    json!({"type": "mock", "requestTemplates": {"application/json": "{\"statusCode\": 200}"}})
}

fn swagger(paths: Value) -> Value {
    json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": paths})
}

fn notes(imported: &Imported) -> Vec<String> {
    imported.notes.iter().map(ToString::to_string).collect()
}

#[test]
fn parameters_by_ref_and_path_item_parameters_apply_to_each_operation() {
    let mut document = swagger(json!({
        "/items/{id}": {
            "parameters": [{"$ref": "#/parameters/Id"}],
            "get": {
                "parameters": [{"name": "q", "in": "query"}, {"name": "f", "in": "formData"}],
                "x-amazon-apigateway-integration": mock(),
            },
        },
    }));
    document["parameters"] = json!({"Id": {"name": "id", "in": "path", "required": true}});
    let imported = imported(&document);
    let parameters: Vec<_> = imported.definition.methods[0]
        .request_parameters
        .iter()
        .collect();
    assert_eq!(
        parameters,
        [
            (&"method.request.path.id".to_owned(), &true),
            (&"method.request.querystring.q".to_owned(), &false)
        ]
    );
    assert_eq!(
        notes(&imported),
        [
            "Body.paths./items/{id}.get.parameters[1].in: is \"formData\": API Gateway makes no request parameter of it"
        ]
    );
    let mut missing = document.clone();
    missing["parameters"] = json!({});
    assert_eq!(
        refused(&missing),
        "Body.paths./items/{id}.parameters[0].$ref: is \"#/parameters/Id\", which is not a #/parameters/NAME this definition has"
    );
}

#[test]
fn the_legacy_auth_extension_makes_a_method_aws_iam() {
    let document = swagger(json!({"/": {"get": {
        "x-amazon-apigateway-auth": {"type": "aws_iam"},
        "x-amazon-apigateway-integration": mock(),
    }}}));
    let imported = imported(&document);
    assert_eq!(
        imported.definition.methods[0].authorization_type,
        MethodAuthorizationType::AwsIam
    );
    assert_eq!(imported.definition.methods[0].resource_id, ROOT_ID);
    let mut unknown = document.clone();
    unknown["paths"]["/"]["get"]["x-amazon-apigateway-auth"]["type"] = json!("cognito");
    assert_eq!(
        refused(&unknown),
        "Body.paths./.get.x-amazon-apigateway-auth.type: must be aws_iam or none for GET /, found \"cognito\""
    );
}

#[test]
fn the_document_validator_applies_unless_an_operation_names_its_own() {
    let mut document = swagger(json!({
        "/a": {"get": {"x-amazon-apigateway-integration": mock()}},
        "/b": {"get": {"x-amazon-apigateway-request-validator": "body", "x-amazon-apigateway-integration": mock()}},
    }));
    document["x-amazon-apigateway-request-validators"] = json!({
        "params": {"validateRequestParameters": true},
        "body": {"validateRequestBody": true},
    });
    document["x-amazon-apigateway-request-validator"] = json!("params");
    let imported = imported(&document);
    let d = &imported.definition;
    let name = |i: usize| {
        let id = d.methods[i]
            .request_validator_id
            .as_ref()
            .expect("a validator");
        d.request_validators
            .iter()
            .find(|v| &v.request_validator_id == id)
            .expect("defined")
            .name
            .clone()
    };
    assert_eq!((name(0), name(1)), ("params".to_owned(), "body".to_owned()));
    document["x-amazon-apigateway-request-validator"] = json!("all");
    assert_eq!(
        refused(&document),
        "Body.x-amazon-apigateway-request-validator: names \"all\", which x-amazon-apigateway-request-validators does not define"
    );
}

#[test]
fn a_trailing_slash_and_unknown_members_are_noted_at_their_paths() {
    let document = swagger(json!({"/pets/": {
        "trace": {},
        "get": {
            "x-amazon-apigateway-integration": {"type": "mock", "payloadFormatVersion": "2.0", "tlsConfig": {}},
            "x-amazon-apigateway-throttle": {},
            "security": [{"Undefined": ["a"]}],
        },
    }}));
    let imported = imported(&document);
    assert_eq!(imported.definition.resources[0].path, "/pets");
    assert_eq!(
        notes(&imported),
        [
            "Body.paths./pets/: path \"/pets/\" ends with /; it is imported as \"/pets\"",
            "Body.paths./pets/.trace: is not an operation REST APIs import (get, put, post, delete, options, head, patch, x-amazon-apigateway-any-method); it is ignored",
            "Body.paths./pets/.get.security[0].Undefined: names security scheme \"Undefined\", which the definition does not define, so it does not protect GET /pets",
            "Body.paths./pets/.get.x-amazon-apigateway-integration.payloadFormatVersion: is an HTTP API integration member; REST APIs ignore it",
            "Body.paths./pets/.get.x-amazon-apigateway-integration.tlsConfig: is an HTTP API integration member; REST APIs ignore it",
            "Body.paths./pets/.get.x-amazon-apigateway-throttle: is not read for REST API methods; it is ignored for GET /pets",
        ]
    );
}

#[test]
fn a_security_requirement_written_as_one_object_still_protects_the_method() {
    let mut document = swagger(json!({"/": {"get": {
        "security": {"Keys": []},
        "x-amazon-apigateway-integration": mock(),
    }}}));
    document["securityDefinitions"] =
        json!({"Keys": {"type": "apiKey", "name": "X-API-Key", "in": "header"}});
    assert!(imported(&document).definition.methods[0].api_key_required);
}

#[test]
fn an_api_key_scheme_on_another_header_is_not_enforced_and_says_so() {
    let mut document = swagger(json!({"/": {"get": {
        "security": [{"Custom": []}],
        "x-amazon-apigateway-integration": mock(),
    }}}));
    document["securityDefinitions"] =
        json!({"Custom": {"type": "apiKey", "name": "X-Token", "in": "header"}});
    let imported = imported(&document);
    assert!(!imported.definition.methods[0].api_key_required);
    assert_eq!(imported.notes[0].kind, NoteKind::Info);
    assert!(
        imported.notes[0]
            .message
            .contains("API Gateway does not enforce"),
        "{:?}",
        imported.notes
    );
}

#[test]
fn swagger_base_path_is_prepended_or_split_on_request() {
    let mut document = swagger(json!({"/": {"get": {"x-amazon-apigateway-integration": mock()}}}));
    document["basePath"] = json!("/v1");
    let prepend = import_with(&document, BasePath::Prepend, None).expect("imports");
    assert_eq!(prepend.definition.resources[0].path, "/v1");
    assert_eq!(prepend.definition.methods[0].resource_path, "/v1");
    let split = import_with(&document, BasePath::Split, None).expect("imports");
    assert!(
        split.definition.resources.is_empty(),
        "split drops the only segment"
    );
    assert_eq!(split.definition.methods[0].resource_id, ROOT_ID);
}

#[test]
fn resource_ids_are_kept_by_path_from_the_previous_import() {
    let document = swagger(json!({"/a/b": {"get": {"x-amazon-apigateway-integration": mock()}}}));
    let first = imported(&document).definition;
    let ids = IdSource::seeded(99);
    let request = ImportRequest {
        rest_api_id: "abcdef1234",
        root_resource_id: ROOT_ID,
        root: "Body",
        previous: Some(&first),
        ids: &ids,
        base_path: BasePath::Ignore,
    };
    let second = import(&document, &request).expect("imports").definition;
    assert_eq!(first.resources, second.resources);
    assert_eq!(first.resources[1].parent_id, first.resources[0].resource_id);
}

#[test]
fn api_level_extensions_are_read_and_the_rest_noted() {
    let mut document = swagger(json!({}));
    document["x-amazon-apigateway-policy"] =
        json!("{\"Version\": \"2012-10-17\", \"Statement\": []}");
    document["x-amazon-apigateway-endpoint-configuration"] = json!({"vpcEndpointIds": ["vpce-1"]});
    document["x-amazon-apigateway-documentation"] = json!({});
    document["x-amazon-apigateway-api-key-source"] = json!("header");
    let imported = imported(&document);
    assert_eq!(
        imported.settings.policy,
        Some(json!({"Version": "2012-10-17", "Statement": []}))
    );
    assert_eq!(
        imported.settings.api_key_source,
        Some(ApiKeySourceType::Header)
    );
    assert_eq!(
        notes(&imported),
        [
            "Body.x-amazon-apigateway-endpoint-configuration.vpcEndpointIds: names VPC endpoints; gantry serves the API on its own listener to any local caller",
            "Body.x-amazon-apigateway-documentation: is not an extension REST APIs read; it is ignored",
        ]
    );
    document["x-amazon-apigateway-api-key-source"] = json!("QUERY");
    assert_eq!(
        refused(&document),
        "Body.x-amazon-apigateway-api-key-source: must be HEADER or AUTHORIZER, found \"QUERY\""
    );
}

#[test]
fn a_document_without_a_version_is_refused() {
    assert_eq!(
        refused(&json!({"paths": {}})),
        "Body.swagger: is required (swagger: \"2.0\"), or openapi: \"3.0.1\": REST APIs import Swagger 2.0 and OpenAPI 3 definitions"
    );
    assert_eq!(
        refused(&json!({"openapi": "2.1"})),
        "Body.openapi: must be a 3.x version, found \"2.1\""
    );
}

#[test]
fn a_lambda_authorizer_must_name_a_lambda_function() {
    let mut document = swagger(json!({}));
    document["securityDefinitions"] = json!({"Auth": {
        "type": "apiKey", "name": "Authorization", "in": "header",
        "x-amazon-apigateway-authorizer": {"type": "token", "authorizerUri": "https://auth.example.com/"},
    }});
    assert_eq!(
        refused(&document),
        "Body.securityDefinitions.Auth.x-amazon-apigateway-authorizer.authorizerUri: is \"https://auth.example.com/\", not a Lambda function's invocations URI (arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function ARN}/invocations)"
    );
}
