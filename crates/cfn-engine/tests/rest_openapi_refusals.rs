//! What the RestApi provider and its import refuse, each with its message naming the
//! method and the JSON path, and what they only warn about, on its template line
//! (aws-rest-api.md §9.2, §1.3).

#![allow(clippy::unwrap_used)] // test support code outside #[test] functions

mod deploy_support;

use deploy_support::{deploy_template, failure, imported, line_of, warning};

/// A RestApi whose one operation is `OPERATION` on `PATH`; its `Jwt` scheme's authorizer
/// type is `JWT_TYPE`.
const TEMPLATE: &str = r##"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Description: x
      Body:
        swagger: "2.0"
        info: {title: api, version: "1"}
        securityDefinitions:
          OAuth: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: oauth2}
          Jwt:
            type: apiKey
            name: Authorization
            in: header
            x-amazon-apigateway-authorizer: {type: JWT_TYPE, authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/f/invocations}
          Token:
            type: apiKey
            name: Authorization
            in: header
            x-amazon-apigateway-authorizer: {type: token, authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/f/invocations}
          Sigv4: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}
        paths:
          PATH:
            get: OPERATION
"##;

const LAMBDA: &str = "{type: aws_proxy, httpMethod: POST, uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations}";

fn template(path: &str, operation: &str) -> String {
    TEMPLATE
        .replace("PATH", path)
        .replace("OPERATION", operation)
        .replace("LAMBDA", LAMBDA)
        .replace("JWT_TYPE", "request")
}

fn refusal(path: &str, operation: &str) -> String {
    failure(deploy_template(&template(path, operation)))
}

#[test]
fn non_proxy_integrations_are_refused_naming_the_method() {
    assert_eq!(
        refusal(
            "/pets",
            "{x-amazon-apigateway-integration: {type: aws, httpMethod: POST, uri: arn:aws:apigateway:us-east-1:dynamodb:action/PutItem}}"
        ),
        "Properties.Body.paths./pets.get.x-amazon-apigateway-integration.type is aws for GET /pets: a non-proxy integration, whose Velocity mapping templates gantry does not evaluate; use aws_proxy (a Lambda proxy integration) or http_proxy"
    );
    assert!(refusal("/pets", "{x-amazon-apigateway-integration: {type: HTTP, httpMethod: GET, uri: 'http://127.0.0.1:9/'}}")
        .starts_with("Properties.Body.paths./pets.get.x-amazon-apigateway-integration.type is HTTP for GET /pets: a non-proxy integration"));
}

#[test]
fn an_aws_proxy_integration_must_call_lambda_with_post() {
    assert_eq!(
        refusal(
            "/files",
            "{x-amazon-apigateway-integration: {type: aws_proxy, httpMethod: GET, uri: 'arn:aws:apigateway:us-east-1:s3:path/bucket/key'}}"
        ),
        "Properties.Body.paths./files.get.x-amazon-apigateway-integration.uri is \"arn:aws:apigateway:us-east-1:s3:path/bucket/key\" for GET /files: gantry serves aws_proxy integrations with Lambda only (arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function ARN}/invocations)"
    );
    let get = LAMBDA.replace("httpMethod: POST", "httpMethod: GET");
    assert_eq!(
        refusal(
            "/pets",
            &format!("{{x-amazon-apigateway-integration: {get}}}")
        ),
        "Properties.Body.paths./pets.get.x-amazon-apigateway-integration.httpMethod must be POST for GET /pets: API Gateway calls Lambda with POST and fails any other method, found \"GET\""
    );
    let slow = LAMBDA.replace(
        "httpMethod: POST",
        "httpMethod: POST, timeoutInMillis: 30000",
    );
    assert_eq!(
        refusal(
            "/pets",
            &format!("{{x-amazon-apigateway-integration: {slow}}}")
        ),
        "Properties.Body.paths./pets.get.x-amazon-apigateway-integration.timeoutInMillis must be 50 to 29000 for GET /pets, found 30000"
    );
}

#[test]
fn authorization_gantry_cannot_evaluate_is_refused_never_left_open() {
    assert_eq!(
        refusal(
            "/pets",
            "{security: [{OAuth: []}], x-amazon-apigateway-integration: LAMBDA}"
        ),
        "Properties.Body.securityDefinitions.OAuth.x-amazon-apigateway-authtype is \"oauth2\" but the scheme has no x-amazon-apigateway-authorizer, so GET /pets cannot be authorized; add the authorizer or use awsSigv4"
    );
    let jwt = template("/pets", "{x-amazon-apigateway-integration: LAMBDA}")
        .replace("{type: request, authorizerUri", "{type: jwt, authorizerUri");
    assert_eq!(
        failure(deploy_template(&jwt)),
        "Properties.Body.securityDefinitions.Jwt.x-amazon-apigateway-authorizer.type must be token, request or cognito_user_pools, found \"jwt\"",
        "an unknown authorizer type fails the import even when no method uses it"
    );
}

#[test]
fn a_method_has_one_authorization() {
    let template = template(
        "/pets",
        "{security: [{Token: []}, {Sigv4: []}], x-amazon-apigateway-integration: LAMBDA}",
    );
    assert_eq!(
        failure(deploy_template(&template)),
        "Properties.Body.paths./pets.get.security[1].Sigv4 gives GET /pets a second authorization (AWS_IAM) besides CUSTOM; a method has one authorizer, keep one requirement"
    );
}

#[test]
fn path_parts_follow_api_gateways_resource_rules() {
    let ok = "{x-amazon-apigateway-integration: LAMBDA}";
    assert_eq!(
        refusal("/a{b}", ok),
        "Properties.Body.paths./a{b} path \"/a{b}\" has the path part \"a{b}\"; a path part is letters, digits and _ - . , : only, or a whole-segment variable {name} or {name+}"
    );
    assert_eq!(
        refusal("/{proxy+}/more", ok),
        "Properties.Body.paths./{proxy+}/more makes /{proxy+}/more: cannot create a child of a resource with a greedy path variable (/{proxy+})"
    );
    let siblings = template("/pets/{id}", ok).replace("            get: OPERATION\n", "");
    let siblings = siblings.replace(
        "          /pets/{id}:\n",
        &format!("          /pets/{{id}}:\n            get: {ok}\n          /pets/{{petId}}/toys:\n            get: {ok}\n").replace("LAMBDA", LAMBDA),
    );
    assert_eq!(
        failure(deploy_template(&siblings)),
        "Properties.Body.paths./pets/{petId}/toys makes /pets/{petId}, but a sibling ({id}) of this resource already has a variable path part -- only one is allowed; name the path parameter the same in every path"
    );
}

#[test]
fn an_operation_without_integration_is_imported_as_aws_does_with_a_warning() {
    let template = template("/pets", "{responses: {}}");
    let deployed = deploy_template(&template).unwrap();
    assert_eq!(imported(&deployed).methods[0].integration, None);
    let line = line_of(&template, "get: {responses");
    let warning = warning(&deployed, "Properties.Body.paths./pets.get:");
    assert_eq!(warning.line, Some(line), "{warning}");
    assert!(warning.message.ends_with("creating a deployment of this API then fails with \"No integration defined for method\""), "{warning}");
}

#[test]
fn fail_on_warnings_fails_on_an_import_warning() {
    let template = template(
        "/pets",
        "{x-amazon-apigateway-integration: {type: lambda_magic}}",
    );
    deploy_template(&template).unwrap();
    let strict = template.replace("Description: x", "FailOnWarnings: true");
    assert_eq!(
        failure(deploy_template(&strict)),
        "Properties.FailOnWarnings is true and importing the definition gave warnings: Body.paths./pets.get.x-amazon-apigateway-integration.type: Unknown integration type 'lambda_magic' for 'GET /pets'. Ignoring.; fix them or set FailOnWarnings: false"
    );
}

#[test]
fn rest_api_properties_gantry_cannot_honour_are_refused_or_warned_about() {
    let plain =
        "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      PROPS\n";
    let with = |props: &str| plain.replace("PROPS", props);
    assert_eq!(
        failure(deploy_template(&with("Description: no name"))),
        "Properties.Name is required"
    );
    assert_eq!(
        failure(deploy_template(&with("CloneFrom: abcdef1234"))),
        "Properties.CloneFrom: gantry cannot clone a RestApi it does not have; write the API's definition in Body instead"
    );
    let deployed = deploy_template(&with(
        "Name: api\n      EndpointConfiguration: {Types: [PRIVATE]}\n      MinimumCompressionSize: 1024\n      EndpointAccessMode: STRICT",
    ))
    .unwrap();
    let lines: Vec<_> = deployed.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "line 6: Api: Properties.EndpointConfiguration.Types: is PRIVATE: gantry serves the API on its loopback listener like any other, reachable without a VPC endpoint",
            "line 7: Api: Properties.MinimumCompressionSize: is not applied: gantry does not compress responses",
            "line 8: Api: Properties.EndpointAccessMode: gantry serves plain HTTP on its own listener; the endpoint access mode is not enforced",
        ]
    );
}

/// A RestApi with a Body beside explicit `Resource` and `Method` resources.
const BODY_AND_RESOURCES: &str = r#"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        swagger: "2.0"
        info: {title: api, version: "1"}
        paths:
          /:
            get: {x-amazon-apigateway-integration: {type: mock}}
          /pets:
            get: {x-amazon-apigateway-integration: {type: mock}}
  Cats:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: CATS}
  RootMethod:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: METHOD
      AuthorizationType: NONE
      Integration: {Type: MOCK}
"#;

#[test]
fn a_body_and_explicit_resources_are_both_kept_but_never_define_a_method_twice() {
    let template = BODY_AND_RESOURCES.replace("CATS", "cats");
    let deployed = deploy_template(&template.replace("METHOD", "POST")).unwrap();
    assert_eq!(
        imported(&deployed).methods.len(),
        2,
        "the Body's methods are kept"
    );
    assert_eq!(
        failure(deploy_template(&template.replace("METHOD", "GET"))),
        "Properties.HttpMethod GET /: Method already exists for this resource: the RestApi's Body defines GET / too; keep one of them"
    );
    assert_eq!(
        failure(deploy_template(
            &BODY_AND_RESOURCES
                .replace("CATS", "pets")
                .replace("METHOD", "POST")
        ))
        .split(':')
        .next(),
        Some("Another resource with the same parent already has this name"),
        "a declared resource cannot repeat an imported one either"
    );
}

#[test]
fn an_unknown_gateway_response_type_is_refused_at_its_path() {
    let template = template("/pets", "{x-amazon-apigateway-integration: LAMBDA}").replace(
        "        paths:\n",
        "        x-amazon-apigateway-gateway-responses:\n          NOT_A_TYPE: {statusCode: \"400\"}\n        paths:\n",
    );
    assert_eq!(
        failure(deploy_template(&template)),
        "Properties.Body.x-amazon-apigateway-gateway-responses.NOT_A_TYPE is not a gateway response type"
    );
}
