//! `AWS::ApiGateway::RestApi` with an OpenAPI 3 definition (aws-rest-api.md §9.2):
//! `components`, `requestBody` models, the `basepath` parameter, `BodyS3Location` read
//! from a local file, and ids kept across updates.

#![allow(clippy::unwrap_used)] // test support code outside #[test] functions

mod deploy_support;

use std::collections::BTreeMap;
use std::path::Path;

use deploy_support::{deploy_at, deploy_template, failure, imported, rest_api, warning};
use store::model::apigateway::{MethodAuthorizationType, RestAuthorizerType};

const OPENAPI: &str = r##"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Parameters: {basepath: BASEPATH}
      Body:
        openapi: 3.0.1
        info: {title: !Sub "${AWS::StackName}-orders", version: "1"}
        servers:
          - url: https://example.com/{basePath}
            variables: {basePath: {default: /v1/shop}}
        x-amazon-apigateway-endpoint-configuration: {disableExecuteApiEndpoint: true}
        components:
          schemas:
            Order: {type: object, required: [id]}
          securitySchemes:
            Users:
              type: apiKey
              name: Authorization
              in: header
              x-amazon-apigateway-authtype: cognito_user_pools
              x-amazon-apigateway-authorizer:
                type: cognito_user_pools
                providerARNs: [arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc]
            api_key: {type: apiKey, name: x-api-key, in: header}
        security: [{Users: []}]
        paths:
          /orders:
            post:
              security: [{Users: [orders/write]}, {api_key: []}]
              requestBody:
                content:
                  application/json: {schema: {$ref: "#/components/schemas/Order"}}
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations
          /orders/{id}:
            get:
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
                - {name: X-Trace, in: header, schema: {type: string}}
              x-amazon-apigateway-integration:
                type: http_proxy
                httpMethod: GET
                uri: http://127.0.0.1:9/orders/{id}
"##;

fn openapi(base_path: &str) -> String {
    OPENAPI.replace("BASEPATH", base_path)
}

#[test]
fn an_openapi_3_definition_is_imported_with_its_components() {
    let deployed = deploy_template(&openapi("ignore")).unwrap();
    let api = rest_api(&deployed);
    assert_eq!(api.name, "hello-orders");
    assert!(
        api.disable_execute_api_endpoint,
        "from x-amazon-apigateway-endpoint-configuration"
    );
    let imported = imported(&deployed);
    let paths: Vec<_> = imported.resources.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        ["/orders", "/orders/{id}"],
        "basepath ignore: the server path is not part of them"
    );
    let [create, get] = imported.methods.as_slice() else {
        panic!("two methods: {:?}", imported.methods)
    };
    assert_eq!(
        create.authorization_type,
        MethodAuthorizationType::CognitoUserPools
    );
    assert_eq!(create.authorization_scopes, ["orders/write"]);
    assert!(create.api_key_required);
    assert_eq!(
        create.request_models,
        BTreeMap::from([("application/json".to_owned(), "Order".to_owned())])
    );
    assert_eq!(
        imported.authorizers[0].authorizer_type,
        RestAuthorizerType::CognitoUserPools
    );
    assert_eq!(
        imported.authorizers[0].identity_source.as_deref(),
        Some("method.request.header.Authorization")
    );
    // The document's root `security` is ignored by API Gateway: GET is open.
    assert_eq!(get.authorization_type, MethodAuthorizationType::None);
    assert_eq!(
        get.request_parameters,
        BTreeMap::from([
            ("method.request.header.X-Trace".to_owned(), false),
            ("method.request.path.id".to_owned(), true),
        ])
    );
    assert_eq!(imported.models[0].name, "Order");
    let note = warning(&deployed, "Properties.Body.security:");
    assert!(
        note.message.contains("ignored by API Gateway's import"),
        "{note}"
    );
}

#[test]
fn basepath_prepend_and_split_put_the_server_path_before_the_resources() {
    let paths = |base_path: &str| -> Vec<String> {
        let deployed = deploy_template(&openapi(base_path)).unwrap();
        imported(&deployed)
            .resources
            .iter()
            .map(|r| r.path.clone())
            .collect()
    };
    assert_eq!(
        paths("prepend"),
        ["/v1", "/v1/shop", "/v1/shop/orders", "/v1/shop/orders/{id}"]
    );
    assert_eq!(
        paths("split"),
        ["/shop", "/shop/orders", "/shop/orders/{id}"]
    );
    let reason = failure(deploy_template(&openapi("merge")));
    assert_eq!(
        reason,
        "Properties.Parameters.basepath must be ignore, prepend or split, found \"merge\""
    );
}

#[test]
fn body_s3_location_is_read_from_key_next_to_the_template() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("api")).unwrap();
    std::fs::write(
        dir.path().join("api/swagger.yaml"),
        "swagger: '2.0'\ninfo: {title: from-file, version: '1'}\npaths:\n  /:\n    get:\n      x-amazon-apigateway-integration: {type: mock, requestTemplates: {application/json: '{\"statusCode\": 200}'}}\n",
    )
    .unwrap();
    let template = "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      BodyS3Location: {Bucket: my-bucket, Key: api/swagger.yaml}\n";
    let deployed = deploy_at(&dir.path().join("template.yaml"), template, None, 1).unwrap();
    let api = rest_api(&deployed);
    assert_eq!(api.name, "from-file");
    let imported = imported(&deployed);
    assert!(
        imported.resources.is_empty(),
        "GET / is on the root resource"
    );
    assert_eq!(imported.methods[0].resource_id, api.root_resource_id);
    assert_eq!(imported.methods[0].resource_path, "/");
    let missing = template.replace("api/swagger.yaml", "api/missing.yaml");
    let reason = failure(deploy_at(
        &dir.path().join("template.yaml"),
        &missing,
        None,
        1,
    ));
    assert!(
        reason.starts_with(
            "Properties.BodyS3Location.Key names \"api/missing.yaml\", read locally as"
        ),
        "{reason}"
    );
}

#[test]
fn ids_are_kept_across_updates_by_path_and_by_name() {
    let first = deploy_template(&openapi("ignore")).unwrap();
    let updated = openapi("ignore")
        .replace("/orders/{id}:", "/carts:")
        .replace(
            "- {name: id, in: path, required: true, schema: {type: string}}\n",
            "",
        );
    let second = deploy_at(Path::new("template.yaml"), &updated, Some(&first.record), 2).unwrap();
    let (a, b) = (rest_api(&first), rest_api(&second));
    assert_eq!(
        (&a.rest_api_id, &a.root_resource_id),
        (&b.rest_api_id, &b.root_resource_id)
    );
    let (before, after) = (imported(&first), imported(&second));
    assert_eq!(
        before.resources[0], after.resources[0],
        "/orders keeps its id"
    );
    assert_eq!(
        before.methods[0], after.methods[0],
        "POST /orders is unchanged"
    );
    assert_ne!(
        before.resources[1].resource_id, after.resources[1].resource_id,
        "/carts is new"
    );
    assert_eq!(
        before.authorizers, after.authorizers,
        "authorizers keep their ids by name"
    );
}
