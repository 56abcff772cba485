//! `AWS::ApiGateway::RestApi` with a Swagger 2.0 or OpenAPI 3 definition through the deploy
//! loop (aws-rest-api.md §9.2): the imported resource tree, methods, integrations,
//! authorizers, API keys, gateway responses, validators and API settings; kept ids; each
//! refusal's message; warnings on their template lines.

#![allow(clippy::unwrap_used)] // test support code outside #[test] functions

mod deploy_support;

use std::collections::BTreeMap;

use cfn_engine::Deployed;
use deploy_support::{authorizer, deploy_template, imported, line_of, rest_api, warning};
use store::model::IntegrationType;
use store::model::apigateway::{ApiKeySourceType, MethodAuthorizationType, RestAuthorizerType};

/// What `gantry transform` makes of `sam init`'s hello world (the RestApi and the
/// function it integrates with).
const HELLO_WORLD: &str = r#"
Resources:
  HelloWorldFunction:
    Type: AWS::Lambda::Function
    Properties:
      Handler: app.lambdaHandler
      Runtime: nodejs20.x
      Code: {ZipFile: "exports.lambdaHandler = async () => ({statusCode: 200, body: 'hi'})"}
      Role: arn:aws:iam::123456789012:role/hello
  ServerlessRestApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        swagger: "2.0"
        info:
          version: "1.0"
          title: !Ref AWS::StackName
        paths:
          /hello:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${HelloWorldFunction.Arn}/invocations
              responses: {}
Outputs:
  Root:
    Value: !GetAtt ServerlessRestApi.RootResourceId
  Id:
    Value: !GetAtt ServerlessRestApi.RestApiId
  Ref:
    Value: !Ref ServerlessRestApi
"#;

#[test]
fn sam_init_hello_world_imports_get_hello_with_its_lambda_proxy_integration() {
    let deployed = deploy_template(HELLO_WORLD).unwrap();
    let api = rest_api(&deployed);
    assert_eq!(api.name, "hello", "Name comes from info.title");
    assert_eq!(api.rest_api_id.len(), 10);
    assert!(
        api.rest_api_id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    );
    assert_eq!(api.root_resource_id.len(), 10);
    assert_eq!(
        api.api_endpoint,
        format!("http://{}.execute-api.localhost:3000", api.rest_api_id)
    );
    assert_eq!(api.api_key_source_type, ApiKeySourceType::Header);
    let imported = imported(&deployed);
    assert_eq!(imported.resources.len(), 1);
    let hello = &imported.resources[0];
    assert_eq!(
        (hello.path.as_str(), hello.path_part.as_str()),
        ("/hello", "hello")
    );
    assert_eq!(hello.parent_id, api.root_resource_id);
    assert_eq!(hello.resource_id.len(), 6);
    let [method] = imported.methods.as_slice() else {
        panic!("one method: {:?}", imported.methods)
    };
    assert_eq!(
        (method.http_method.as_str(), method.resource_path.as_str()),
        ("GET", "/hello")
    );
    assert_eq!(method.resource_id, hello.resource_id);
    assert_eq!(method.authorization_type, MethodAuthorizationType::None);
    let integration = method.integration.as_ref().unwrap();
    assert_eq!(integration.integration_type, IntegrationType::AwsProxy);
    assert_eq!(integration.integration_http_method.as_deref(), Some("POST"));
    let uri = integration.uri.as_deref().unwrap();
    assert!(
        uri.starts_with("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:")
            && uri.ends_with("/invocations"),
        "{uri}"
    );
    assert_eq!(integration.timeout_in_millis, 29_000);
    let outputs: BTreeMap<_, _> = deployed
        .record
        .outputs
        .iter()
        .map(|o| (o.key.as_str(), o.value.as_str()))
        .collect();
    assert_eq!(outputs["Root"], api.root_resource_id);
    assert_eq!(outputs["Id"], api.rest_api_id);
    assert_eq!(outputs["Ref"], api.rest_api_id);
    assert!(deployed.warnings.is_empty(), "{:?}", deployed.warnings);
}

/// A Swagger 2.0 definition with every kind of authorization, an API key, a validator,
/// a model, gateway responses and the API-level extensions.
const SWAGGER: &str = r##"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: pets
      FailOnWarnings: FAIL
      BinaryMediaTypes: [image~1png]
      Body:
        swagger: "2.0"
        info: {title: ignored, version: "1"}
        x-amazon-apigateway-binary-media-types: [image/gif]
        x-amazon-apigateway-api-key-source: AUTHORIZER
        x-amazon-apigateway-policy:
          Version: "2012-10-17"
          Statement: [{Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*}]
        x-amazon-apigateway-request-validators:
          all: {validateRequestBody: true, validateRequestParameters: true}
        x-amazon-apigateway-gateway-responses:
          DEFAULT_4XX:
            responseParameters: {gatewayresponse.header.Access-Control-Allow-Origin: "'*'"}
            responseTemplates: {application/json: '{"message":$context.error.messageString}'}
        x-amazon-apigateway-cors: {allowOrigins: ["*"]}
        definitions:
          Pet: {type: object, required: [name]}
        securityDefinitions:
          Token:
            type: apiKey
            name: Authorization
            in: header
            x-amazon-apigateway-authtype: custom
            x-amazon-apigateway-authorizer:
              type: token
              authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
              authorizerResultTtlInSeconds: 60
              identityValidationExpression: "^Bearer .+"
          Request:
            type: apiKey
            name: Unused
            in: header
            x-amazon-apigateway-authtype: custom
            x-amazon-apigateway-authorizer:
              type: request
              authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
              identitySource: method.request.header.X-User, method.request.querystring.tenant
          Cognito:
            type: apiKey
            name: Authorization
            in: header
            x-amazon-apigateway-authtype: cognito_user_pools
            x-amazon-apigateway-authorizer:
              type: cognito_user_pools
              providerARNs: [arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc]
          Sigv4: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}
          api_key: {type: apiKey, name: x-api-key, in: header}
        paths:
          /pets:
            get:
              operationId: listPets
              security: [{Token: []}, {api_key: []}]
              parameters:
                - {name: limit, in: query, required: true, type: integer}
              x-amazon-apigateway-integration: LAMBDA
            post:
              security: [{Cognito: [pets/write]}]
              x-amazon-apigateway-request-validator: all
              parameters:
                - {name: pet, in: body, schema: {$ref: "#/definitions/Pet"}}
              x-amazon-apigateway-integration: LAMBDA
          /pets/{petId}:
            parameters:
              - {name: petId, in: path, required: true, type: string}
            get:
              security: [{Request: []}]
              x-amazon-apigateway-integration: LAMBDA
            delete:
              security: [{Sigv4: []}]
              x-amazon-apigateway-integration: LAMBDA
          /{proxy+}:
            x-amazon-apigateway-any-method:
              x-amazon-apigateway-integration:
                type: http_proxy
                httpMethod: ANY
                uri: http://127.0.0.1:9/{proxy}
                requestParameters: {integration.request.path.proxy: method.request.path.proxy}
          /mock:
            options:
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: {application/json: '{"statusCode": 200}'}
                responses:
                  default: {statusCode: "200", responseParameters: {method.response.header.Allow: "'GET'"}}
                  "5\\d{2}": {statusCode: "500"}
"##;

/// The Lambda proxy integration of every `/pets` method.
const LAMBDA: &str = "{type: aws_proxy, httpMethod: POST, uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:pets/invocations}";

fn swagger() -> String {
    SWAGGER.replace("FAIL", "false").replace("LAMBDA", LAMBDA)
}

/// `METHOD /path AUTHORIZATION [authorizer name] [+key]` of each imported method.
fn method_lines(deployed: &Deployed) -> Vec<String> {
    let imported = imported(deployed);
    imported
        .methods
        .iter()
        .map(|m| {
            let authorizer = m
                .authorizer_id
                .as_ref()
                .and_then(|id| imported.authorizers.iter().find(|a| &a.authorizer_id == id))
                .map(|a| format!(" {}", a.name))
                .unwrap_or_default();
            let key = if m.api_key_required { " +key" } else { "" };
            format!(
                "{} {} {}{authorizer}{key}",
                m.http_method, m.resource_path, m.authorization_type
            )
        })
        .collect()
}

#[test]
fn swagger_security_schemes_become_authorizers_and_method_authorization() {
    let deployed = deploy_template(&swagger()).unwrap();
    assert_eq!(
        method_lines(&deployed),
        [
            "GET /pets CUSTOM Token +key",
            "POST /pets COGNITO_USER_POOLS Cognito",
            "GET /pets/{petId} CUSTOM Request",
            "DELETE /pets/{petId} AWS_IAM",
            "ANY /{proxy+} NONE",
            "OPTIONS /mock NONE",
        ]
    );
    let imported = imported(&deployed);
    let token = authorizer(imported, "Token");
    assert_eq!(token.authorizer_type, RestAuthorizerType::Token);
    assert_eq!(
        token.identity_source.as_deref(),
        Some("method.request.header.Authorization"),
        "from the scheme's header"
    );
    assert_eq!(token.authorizer_result_ttl_in_seconds, Some(60));
    assert_eq!(
        token.identity_validation_expression.as_deref(),
        Some("^Bearer .+")
    );
    let request = authorizer(imported, "Request");
    assert_eq!(
        request.identity_source.as_deref(),
        Some("method.request.header.X-User, method.request.querystring.tenant")
    );
    let cognito = authorizer(imported, "Cognito");
    assert_eq!(
        cognito.provider_arns,
        ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc"]
    );
    assert_eq!(imported.methods[1].authorization_scopes, ["pets/write"]);
    assert!(imported.authorizers.iter().all(|a| a.authorizer_id.len() == 6 && a.rest_api_id == rest_api(&deployed).rest_api_id));
}

#[test]
fn swagger_parameters_models_validators_and_integrations_are_imported() {
    let deployed = deploy_template(&swagger()).unwrap();
    let imported = imported(&deployed);
    let paths: Vec<_> = imported
        .resources
        .iter()
        .map(|r| (r.path.as_str(), r.path_part.as_str()))
        .collect();
    assert_eq!(
        paths,
        [
            ("/pets", "pets"),
            ("/pets/{petId}", "{petId}"),
            ("/{proxy+}", "{proxy+}"),
            ("/mock", "mock")
        ]
    );
    assert_eq!(
        imported.resources[1].parent_id,
        imported.resources[0].resource_id
    );
    let [list, create, get, _, proxy, mock] = imported.methods.as_slice() else {
        panic!("six methods")
    };
    assert_eq!(list.operation_name.as_deref(), Some("listPets"));
    assert_eq!(
        list.request_parameters,
        BTreeMap::from([("method.request.querystring.limit".to_owned(), true)])
    );
    assert_eq!(
        get.request_parameters,
        BTreeMap::from([("method.request.path.petId".to_owned(), true)])
    );
    assert_eq!(
        create.request_models,
        BTreeMap::from([("application/json".to_owned(), "Pet".to_owned())])
    );
    let validator = &imported.request_validators[0];
    assert_eq!(
        (
            validator.name.as_str(),
            validator.validate_request_body,
            validator.validate_request_parameters
        ),
        ("all", true, true)
    );
    assert_eq!(
        create.request_validator_id.as_ref(),
        Some(&validator.request_validator_id)
    );
    assert_eq!(list.request_validator_id, None);
    assert_eq!(imported.models[0].name, "Pet");
    let proxy = proxy.integration.as_ref().unwrap();
    assert_eq!(proxy.integration_type, IntegrationType::HttpProxy);
    assert_eq!(proxy.integration_http_method.as_deref(), Some("ANY"));
    assert_eq!(
        proxy.request_parameters["integration.request.path.proxy"],
        "method.request.path.proxy"
    );
    let mock = mock.integration.as_ref().unwrap();
    assert_eq!(mock.integration_type, IntegrationType::Mock);
    let responses: Vec<_> = mock
        .integration_responses
        .iter()
        .map(|r| (r.selection_pattern.as_deref(), r.status_code.as_str()))
        .collect();
    assert_eq!(responses, [(None, "200"), (Some("5\\d{2}"), "500")]);
    let [response] = imported.gateway_responses.as_slice() else {
        panic!("one gateway response")
    };
    assert_eq!(response.response_type, "DEFAULT_4XX");
    assert_eq!(
        response.response_parameters["gatewayresponse.header.Access-Control-Allow-Origin"],
        "'*'"
    );
}

#[test]
fn api_level_extensions_set_the_rest_api_and_its_properties_win() {
    let deployed = deploy_template(&swagger()).unwrap();
    let api = rest_api(&deployed);
    assert_eq!(api.name, "pets", "Name wins over info.title");
    assert_eq!(
        api.binary_media_types,
        ["image/gif", "image/png"],
        "both apply, ~1 is /"
    );
    assert_eq!(api.api_key_source_type, ApiKeySourceType::Authorizer);
    assert_eq!(
        api.policy.as_ref().unwrap()["Statement"][0]["Action"],
        "execute-api:Invoke"
    );
    let overridden = swagger().replace(
        "      BinaryMediaTypes: [image~1png]\n",
        "      ApiKeySourceType: HEADER\n      Policy: '{\"Version\": \"2012-10-17\", \"Statement\": []}'\n",
    );
    let deployed = deploy_template(&overridden).unwrap();
    let api = rest_api(&deployed);
    assert_eq!(api.api_key_source_type, ApiKeySourceType::Header);
    assert_eq!(
        api.policy.as_ref().unwrap()["Statement"],
        serde_json::json!([])
    );
}

#[test]
fn an_http_api_extension_is_warned_about_on_its_template_line() {
    let deployed = deploy_template(&swagger()).unwrap();
    let line = line_of(&swagger(), "x-amazon-apigateway-cors");
    let warning = warning(&deployed, "Properties.Body.x-amazon-apigateway-cors:");
    assert_eq!(warning.line, Some(line), "{warning}");
    assert!(
        warning
            .message
            .contains("HTTP API extension; REST APIs ignore it"),
        "{warning}"
    );
    // Not one of AWS's import warnings: FailOnWarnings does not fail the deploy.
    deploy_template(&swagger().replace("FailOnWarnings: false", "FailOnWarnings: true")).unwrap();
}
