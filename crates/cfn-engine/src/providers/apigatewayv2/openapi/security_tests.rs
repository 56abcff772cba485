//! Security schemes and requirements of an imported definition (§11.3).

use serde_json::{Value, json};
use store::model::{AuthorizationType, AuthorizerType, PayloadFormatVersion};

use super::tests::{LAMBDA_URI, doc, failed, imported, lambda};
use super::*;

fn secured(security: Value, top_level: Option<Value>) -> Value {
    let mut document = doc(json!({
        "/pets": {"get": {"security": security, "x-amazon-apigateway-integration": lambda(json!("2.0"))}},
        "/open": {"get": {"x-amazon-apigateway-integration": lambda(json!("2.0"))}},
    }));
    document["components"] = json!({"securitySchemes": {
        "Jwt": {"type": "oauth2", "x-amazon-apigateway-authorizer": {
            "type": "jwt", "identitySource": "$request.header.Authorization",
            "jwtConfiguration": {"issuer": "https://issuer.example.com", "audience": ["pets"]}}},
        "Lambda": {"type": "apiKey", "name": "Unused", "in": "header", "x-amazon-apigateway-authorizer": {
            "type": "request", "authorizerUri": LAMBDA_URI, "authorizerPayloadFormatVersion": 2.0,
            "enableSimpleResponses": true, "authorizerResultTtlInSeconds": "300",
            "authorizerCredentials": "arn:aws:iam::123456789012:role/AuthRole",
            "identitySource": ["$request.header.Authorization", "$request.querystring.petId"]}},
        "Sigv4": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"},
        "Plain": {"type": "http", "scheme": "bearer"},
    }});
    if let Some(top_level) = top_level {
        document["security"] = top_level;
    }
    document
}

#[test]
fn security_requirements_choose_the_authorizer_and_scopes() {
    let result = imported(&secured(
        json!([{"Jwt": ["pets/read", "pets/write"]}]),
        None,
    ));
    let jwt = result
        .definition
        .authorizers
        .iter()
        .find(|a| a.name == "Jwt")
        .expect("Jwt authorizer");
    assert_eq!(jwt.authorizer_type, AuthorizerType::Jwt);
    assert_eq!(jwt.identity_source, ["$request.header.Authorization"]);
    let config = jwt.jwt_configuration.as_ref().expect("jwt configuration");
    assert_eq!(
        (config.issuer.as_str(), config.audience.as_slice()),
        ("https://issuer.example.com", ["pets".to_owned()].as_slice())
    );
    let pets = &result.definition.routes[0];
    assert_eq!(pets.authorization_type, AuthorizationType::Jwt);
    assert_eq!(
        pets.authorizer_id.as_deref(),
        Some(jwt.authorizer_id.as_str())
    );
    assert_eq!(pets.authorization_scopes, ["pets/read", "pets/write"]);
    let open = &result.definition.routes[1];
    assert_eq!(
        (open.authorization_type, open.authorizer_id.as_deref()),
        (AuthorizationType::None, None)
    );
}

#[test]
fn a_lambda_authorizer_keeps_its_settings() {
    let result = imported(&secured(json!([{"Lambda": []}]), None));
    let lambda = result
        .definition
        .authorizers
        .iter()
        .find(|a| a.name == "Lambda")
        .expect("Lambda authorizer");
    assert_eq!(lambda.authorizer_type, AuthorizerType::Request);
    assert_eq!(lambda.authorizer_uri.as_deref(), Some(LAMBDA_URI));
    assert_eq!(
        lambda.authorizer_payload_format_version,
        Some(PayloadFormatVersion::V2_0)
    );
    assert!(lambda.enable_simple_responses);
    assert_eq!(lambda.authorizer_result_ttl_in_seconds, Some(300));
    assert_eq!(
        lambda.authorizer_credentials_arn.as_deref(),
        Some("arn:aws:iam::123456789012:role/AuthRole")
    );
    assert_eq!(
        lambda.identity_source,
        [
            "$request.header.Authorization",
            "$request.querystring.petId"
        ]
    );
    let route = &result.definition.routes[0];
    assert_eq!(route.authorization_type, AuthorizationType::Custom);
    assert_eq!(
        route.authorizer_id.as_deref(),
        Some(lambda.authorizer_id.as_str())
    );
}

#[test]
fn the_documents_security_applies_where_an_operation_has_none() {
    let result = imported(&secured(json!([]), Some(json!([{"Sigv4": []}]))));
    let pets = &result.definition.routes[0];
    assert_eq!(
        pets.authorization_type,
        AuthorizationType::None,
        "an empty list opens the operation"
    );
    let open = &result.definition.routes[1];
    assert_eq!(
        (open.authorization_type, open.authorizer_id.as_deref()),
        (AuthorizationType::AwsIam, None)
    );
}

#[test]
fn security_gantry_cannot_enforce_is_refused() {
    let error = failed(&secured(json!([{"Plain": []}]), None));
    assert_eq!(error.path, "Body.components.securitySchemes.Plain");
    let error = failed(&secured(json!([{"Jwt": [], "Lambda": []}]), None));
    assert_eq!(error.path, "Body.paths./pets.get.security[0]");
}

#[test]
fn ids_are_kept_when_the_same_definition_is_imported_again() {
    let document = secured(json!([{"Jwt": []}]), None);
    let first = imported(&document);
    let ids = IdSource::seeded(99);
    let request = ImportRequest {
        api_id: "abcdef1234",
        root: "Body",
        previous: Some(&first.definition),
        ids: &ids,
        base_path: BasePath::Ignore,
    };
    let second = import(&document, &request).expect("imports");
    assert_eq!(first.definition, second.definition);
}

#[test]
fn an_empty_requirement_and_sams_none_scheme_leave_the_route_open() {
    for open in [json!([{}]), json!([{"NONE": []}])] {
        let result = imported(&secured(open.clone(), Some(json!([{"Jwt": []}]))));
        assert!(result.notes.is_empty(), "{:?}", result.notes);
        let pets = &result.definition.routes[0];
        assert_eq!(
            (pets.authorization_type, pets.authorizer_id.as_deref()),
            (AuthorizationType::None, None),
            "{open}"
        );
    }
}

#[test]
fn a_requirement_naming_no_defined_scheme_leaves_the_route_open_and_says_so() {
    let result = imported(&secured(json!([{"Missing": []}]), None));
    let pets = &result.definition.routes[0];
    assert_eq!(pets.authorization_type, AuthorizationType::None);
    let note = &result.notes[0];
    assert_eq!(
        (note.kind, note.path.as_str()),
        (NoteKind::Info, "Body.paths./pets.get.security[0].Missing")
    );
}
