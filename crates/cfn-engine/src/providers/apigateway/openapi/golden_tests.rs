//! The Bodies AWS's SAM translator writes for REST APIs (its expected outputs, vendored in
//! `crates/sam-transform/tests/golden/output/`) import as API Gateway imports them.

use std::collections::BTreeMap;

use serde_json::Value;
use store::model::apigateway::{MethodAuthorizationType, RestAuthorizerType};

use super::golden_bodies::{bodies, import_body};
use super::*;

/// The golden Bodies that do not import, each with how its refusal starts. AWS refuses
/// them too: `aws_proxy` to a URL rather than a Lambda ARN, a path without a leading `/`,
/// placeholder Bodies that are no definition, a user pool ARN that is null.
const REFUSED: &[(&str, &str)] = &[
    (
        "api_rest_paths_with_if_condition_openapi/MyApi",
        "Body.paths./post.post.x-amazon-apigateway-integration.uri: is \"https://www.otherURI.co/\" for POST /post: gantry serves aws_proxy integrations with Lambda only",
    ),
    (
        "api_rest_paths_with_if_condition_openapi_no_value_else_case/MyApi",
        "Body.paths./post.post.x-amazon-apigateway-integration.uri: is",
    ),
    (
        "api_rest_paths_with_if_condition_swagger_no_value_else_case/MyApi",
        "Body.paths./post.post.x-amazon-apigateway-integration.uri: is",
    ),
    (
        "definition_body_intrinsics_support/RestApiIfIntrinsicAndNoSwaggerEditor",
        "Body.paths./post.post.x-amazon-apigateway-integration.uri: is",
    ),
    (
        "api_with_any_method_in_swagger/MyApi",
        "Body.paths.$default: path \"$default\" must start with /",
    ),
    ("api_with_resource_refs/MyApi", "Body.swagger: is required"),
    (
        "explicit_api_openapi_3/ApiWithInlineSwagger",
        "Body.swagger: is required",
    ),
    (
        "api_with_security_definition_and_components/ExplicitApi",
        "Body.components.securitySchemes.CognitoAuthorizer.x-amazon-apigateway-authorizer.providerARNs[0]: must be a string, found null",
    ),
];

/// Operations in a Body: the methods it should make.
fn operations(body: &Value) -> usize {
    const OPERATIONS: &[&str] = &[
        "get",
        "put",
        "post",
        "delete",
        "options",
        "head",
        "patch",
        "x-amazon-apigateway-any-method",
    ];
    body["paths"].as_object().map_or(0, |paths| {
        paths
            .values()
            .filter_map(Value::as_object)
            .map(|item| {
                item.keys()
                    .filter(|k| OPERATIONS.contains(&k.as_str()))
                    .count()
            })
            .sum()
    })
}

#[test]
fn every_sam_rest_api_body_imports_with_a_method_per_operation_or_is_refused_as_aws_does() {
    let bodies = bodies();
    assert_eq!(
        bodies.len(),
        102,
        "the golden outputs hold 102 inline RestApi Bodies"
    );
    for (case, body) in &bodies {
        let refused = REFUSED.iter().find(|(name, _)| name == case);
        match (import_body(body), refused) {
            (Ok(imported), None) => {
                let d = &imported.definition;
                assert_eq!(d.methods.len(), operations(body), "{case}");
                assert!(
                    imported.notes.iter().all(|n| n.kind != NoteKind::Warning),
                    "{case}: {:?}",
                    imported.notes
                );
                for method in &d.methods {
                    assert!(
                        method.integration.is_some(),
                        "{case}: {} {}",
                        method.http_method,
                        method.resource_path
                    );
                    if let Some(id) = &method.authorizer_id {
                        assert!(
                            d.authorizers.iter().any(|a| &a.authorizer_id == id),
                            "{case}"
                        );
                    }
                    let known = method.resource_path == "/"
                        || d.resources.iter().any(|r| {
                            r.resource_id == method.resource_id && r.path == method.resource_path
                        });
                    assert!(known, "{case}: {}", method.resource_path);
                }
                for (i, resource) in d.resources.iter().enumerate() {
                    let parent_first = resource.parent_id == "rootid1234"
                        || d.resources[..i]
                            .iter()
                            .any(|p| p.resource_id == resource.parent_id);
                    assert!(parent_first, "{case}: {}", resource.path);
                }
            }
            (Err(e), Some((_, start))) => {
                let text = format!("{}: {}", e.path, e.message);
                assert!(text.starts_with(start), "{case}: {text}");
            }
            (Ok(_), Some(_)) => panic!("{case} was expected to be refused"),
            (Err(e), None) => panic!("{case}: {}: {}", e.path, e.message),
        }
    }
}

fn case(name: &str) -> Imported {
    let body = bodies()
        .remove(name)
        .unwrap_or_else(|| panic!("no golden Body {name}"));
    import_body(&body).unwrap_or_else(|e| panic!("{name}: {}: {}", e.path, e.message))
}

/// `METHOD /path authorization apiKey` of each method.
fn methods(imported: &Imported) -> Vec<String> {
    imported
        .definition
        .methods
        .iter()
        .map(|m| {
            let key = if m.api_key_required { " +key" } else { "" };
            format!(
                "{} {} {}{key}",
                m.http_method, m.resource_path, m.authorization_type
            )
        })
        .collect()
}

#[test]
fn authorizers_of_every_kind_come_from_the_security_definitions() {
    for name in [
        "api_with_auth_all_maximum/MyApi",
        "api_with_auth_all_maximum_openapi_3/MyApi",
    ] {
        let imported = case(name);
        let authorizers: Vec<_> = imported
            .definition
            .authorizers
            .iter()
            .map(|a| {
                (
                    a.name.as_str(),
                    a.authorizer_type,
                    a.identity_source.as_deref(),
                    a.authorizer_result_ttl_in_seconds,
                )
            })
            .collect();
        assert_eq!(
            authorizers,
            [
                (
                    "MyCognitoAuth",
                    RestAuthorizerType::CognitoUserPools,
                    Some("method.request.header.MyAuthorizationHeader"),
                    None
                ),
                (
                    "MyCognitoAuthMultipleUserPools",
                    RestAuthorizerType::CognitoUserPools,
                    Some("method.request.header.MyAuthorizationHeader2"),
                    None
                ),
                (
                    "MyLambdaRequestAuth",
                    RestAuthorizerType::Request,
                    Some(
                        "method.request.header.Authorization1, method.request.querystring.Authorization2, stageVariables.Authorization3, context.Authorization4"
                    ),
                    Some(0)
                ),
                (
                    "MyLambdaTokenAuth",
                    RestAuthorizerType::Token,
                    Some("method.request.header.MyCustomAuthHeader"),
                    Some(20)
                ),
                (
                    "MyLambdaTokenAuthNoneFunctionInvokeRole",
                    RestAuthorizerType::Token,
                    Some("method.request.header.Authorization"),
                    Some(0)
                ),
            ],
            "{name}"
        );
        assert_eq!(
            methods(&imported),
            [
                "GET / NONE +key",
                "ANY /any/cognitomultiple COGNITO_USER_POOLS +key",
                "ANY /any/default COGNITO_USER_POOLS +key",
                "ANY /any/lambdarequest CUSTOM +key",
                "ANY /any/lambdatoken CUSTOM +key",
                "ANY /any/lambdatokennone CUSTOM +key",
                "ANY /any/noauth NONE +key",
                "DELETE /users CUSTOM +key",
                "GET /users CUSTOM +key",
                "PATCH /users CUSTOM +key",
                "POST /users COGNITO_USER_POOLS +key",
                "PUT /users COGNITO_USER_POOLS +key",
            ],
            "{name}"
        );
        let paths: Vec<_> = imported
            .definition
            .resources
            .iter()
            .map(|r| r.path.as_str())
            .collect();
        assert_eq!(
            paths,
            [
                "/any",
                "/any/cognitomultiple",
                "/any/default",
                "/any/lambdarequest",
                "/any/lambdatoken",
                "/any/lambdatokennone",
                "/any/noauth",
                "/users"
            ]
        );
        assert_eq!(
            imported.definition.authorizers[0].provider_arns,
            ["arn:aws:1"]
        );
    }
}

#[test]
fn sam_cors_makes_mock_options_methods_beside_the_proxy_resource() {
    let imported = case("api_with_cors/ExplicitApi");
    let paths: Vec<_> = imported
        .definition
        .resources
        .iter()
        .map(|r| r.path.as_str())
        .collect();
    assert_eq!(paths, ["/add", "/{proxy+}"]);
    assert_eq!(
        methods(&imported),
        [
            "OPTIONS /add NONE",
            "POST /add NONE",
            "OPTIONS /{proxy+} NONE",
            "ANY /{proxy+} NONE"
        ]
    );
    let options = imported.definition.methods[0]
        .integration
        .as_ref()
        .expect("a mock");
    assert_eq!(
        options.integration_type,
        store::model::IntegrationType::Mock
    );
    assert_eq!(
        options.request_templates["application/json"],
        "{\n  \"statusCode\" : 200\n}\n"
    );
    let [response] = options.integration_responses.as_slice() else {
        panic!("one default response: {:?}", options.integration_responses)
    };
    assert_eq!(
        (
            response.status_code.as_str(),
            response.selection_pattern.as_deref()
        ),
        ("200", None)
    );
    assert!(
        response
            .response_parameters
            .contains_key("method.response.header.Access-Control-Allow-Origin")
    );
    assert_eq!(response.response_templates["application/json"], "{}\n");
}

#[test]
fn request_models_and_validators_are_imported_by_name() {
    let imported = case("api_request_model_with_validator/HtmlApi");
    let d = &imported.definition;
    let validators: Vec<_> = d
        .request_validators
        .iter()
        .map(|v| {
            (
                v.name.as_str(),
                v.validate_request_body,
                v.validate_request_parameters,
            )
        })
        .collect();
    assert_eq!(
        validators,
        [
            ("body-and-params", true, true),
            ("body-only", true, false),
            ("no-validation", false, false),
            ("params-only", false, true)
        ]
    );
    let validator_of = |path: &str| {
        let method = d
            .methods
            .iter()
            .find(|m| m.resource_path == path)
            .expect("the method");
        method.request_validator_id.as_ref().map(|id| {
            d.request_validators
                .iter()
                .find(|v| &v.request_validator_id == id)
                .expect("a validator")
                .name
                .as_str()
        })
    };
    assert_eq!(validator_of("/only-request-true"), Some("params-only"));
    assert_eq!(validator_of("/only-body-true"), Some("body-only"));
    assert_eq!(validator_of("/not-defined"), None);
    assert_eq!(
        d.models.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
        ["user"]
    );
    assert!(
        d.methods
            .iter()
            .all(|m| m.request_models.get("application/json").map(String::as_str) == Some("user"))
    );
    let openapi = case("api_request_model_openapi_3/HtmlApi");
    assert!(!openapi.definition.models.is_empty());
    assert!(
        openapi
            .definition
            .methods
            .iter()
            .any(|m| !m.request_models.is_empty())
    );
}

#[test]
fn request_parameters_gateway_responses_and_api_settings_are_imported() {
    let parameters = case("api_with_request_parameters_openapi/ServerlessRestApi");
    assert_eq!(
        parameters.definition.methods[0].request_parameters,
        BTreeMap::from([("method.request.querystring.type".to_owned(), true)])
    );
    let responses = case("api_with_gateway_responses_all_openapi_3/ExplicitApi");
    let types: Vec<_> = responses
        .definition
        .gateway_responses
        .iter()
        .map(|g| (g.response_type.as_str(), g.status_code.as_deref()))
        .collect();
    assert_eq!(
        types,
        [
            ("QUOTA_EXCEEDED", Some("429")),
            ("UNAUTHORIZED", Some("401"))
        ]
    );
    let binary = case("api_with_binary_media_types/ServerlessRestApi");
    assert_eq!(
        binary.settings.binary_media_types[0], "image/gif",
        "~1 becomes /"
    );
    let iam = case("api_with_method_aws_iam_auth/MyApiWithoutAuth");
    assert!(
        iam.definition
            .methods
            .iter()
            .any(|m| m.authorization_type == MethodAuthorizationType::AwsIam)
    );
    let policy = case("api_with_resource_policy_global/ExplicitApi");
    assert!(policy.settings.policy.is_some());
    let scopes = case("api_with_auth_with_default_scopes_openapi/MyApiWithCognitoAuth");
    assert!(
        scopes
            .definition
            .methods
            .iter()
            .any(|m| m.authorization_scopes == ["default.write", "default.read"]),
        "{:?}",
        methods(&scopes)
    );
}
