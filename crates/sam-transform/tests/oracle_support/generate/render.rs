//! A template shape rendered as the SAM template (JSON) a user would write.

use serde_json::{Map, Value, json};

mod api;

use super::{EventShape, FunctionShape, TemplateShape};
use api::{
    default_of, http_api, http_authorizers, http_cors, http_own_authorizers, jwt_authorizer,
    rest_api, rest_authorizers, rest_cors,
};

const LAYER_ARN: &str = "arn:aws:lambda:us-east-1:123456789012:layer:shared:3";

/// The SAM template of `shape`.
pub fn render(shape: &TemplateShape) -> Value {
    let mut resources = Map::new();
    for (index, api) in shape.http_apis.iter().enumerate() {
        resources.insert(format!("HttpApi{}", index + 1), http_api(api));
    }
    for (index, api) in shape.rest_apis.iter().enumerate() {
        resources.insert(format!("RestApi{}", index + 1), rest_api(api));
    }
    resources.insert(
        "AuthorizerFunction".to_owned(),
        json!({"Type": "AWS::Serverless::Function", "Properties": {
            "InlineCode": "exports.handler = async () => ({isAuthorized: true});",
            "Handler": "index.handler",
            "Runtime": "nodejs20.x"
        }}),
    );
    for (index, function_shape) in shape.functions.iter().enumerate() {
        resources.insert(
            format!("Function{}", index + 1),
            function(shape, index, function_shape),
        );
    }
    if shape.layer {
        resources.insert(
            "Layer".to_owned(),
            json!({"Type": "AWS::Serverless::LayerVersion", "Properties": {
                "ContentUri": "s3://gantry-artifacts/layer.zip",
                "CompatibleRuntimes": ["nodejs20.x"]
            }}),
        );
    }
    let mut template = json!({
        "Transform": "AWS::Serverless-2016-10-31",
        "Parameters": {
            "Env": {"Type": "String", "Default": "dev"},
            "TableName": {"Type": "String", "Default": "orders"}
        },
        "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
    });
    let globals = globals(shape);
    if let Some(object) = template.as_object_mut() {
        if !globals.is_empty() {
            object.insert("Globals".to_owned(), Value::Object(globals));
        }
        object.insert("Resources".to_owned(), Value::Object(resources));
    }
    template
}

fn globals(shape: &TemplateShape) -> Map<String, Value> {
    let mut globals = Map::new();
    if let Some(function) = &shape.globals.function {
        let mut section = Map::new();
        if function.runtime {
            section.insert("Runtime".into(), json!("python3.12"));
        }
        if let Some(timeout) = function.timeout {
            section.insert("Timeout".into(), json!(timeout));
        }
        if let Some(memory) = function.memory {
            section.insert("MemorySize".into(), json!(memory));
        }
        if function.environment {
            section.insert(
                "Environment".into(),
                json!({"Variables": {"STAGE": {"Ref": "Env"}, "LOG_LEVEL": "info"}}),
            );
        }
        if function.tags {
            section.insert("Tags".into(), json!({"owner": "gantry"}));
        }
        if function.alias {
            section.insert("AutoPublishAlias".into(), json!("live"));
        }
        if function.layers {
            section.insert("Layers".into(), json!([LAYER_ARN]));
        }
        globals.insert("Function".into(), Value::Object(section));
    }
    if let Some(http) = &shape.globals.http_api {
        let mut section = Map::new();
        if let Some(cors) = http_cors(http.cors) {
            section.insert("CorsConfiguration".into(), cors);
        }
        if http.stage_variables {
            section.insert("StageVariables".into(), json!({"tier": "global"}));
        }
        if http.tags {
            section.insert("Tags".into(), json!({"scope": "global"}));
        }
        if http.jwt {
            section.insert(
                "Auth".into(),
                json!({"Authorizers": {"GlobalJwt": jwt_authorizer()}, "DefaultAuthorizer": "GlobalJwt"}),
            );
        }
        globals.insert("HttpApi".into(), Value::Object(section));
    }
    if let Some(api) = &shape.globals.api {
        let mut section = Map::new();
        if let Some(cors) = rest_cors(api.cors) {
            section.insert("Cors".into(), cors);
        }
        if api.variables {
            section.insert("Variables".into(), json!({"tier": "global"}));
        }
        globals.insert("Api".into(), Value::Object(section));
    }
    globals
}

fn function(shape: &TemplateShape, index: usize, function: &FunctionShape) -> Value {
    let mut properties = Map::new();
    if function.inline {
        properties.insert(
            "InlineCode".into(),
            json!("def handler(event, context):\n    return {'statusCode': 200}\n"),
        );
    } else {
        properties.insert(
            "CodeUri".into(),
            json!(format!("s3://gantry-artifacts/function{}.zip", index + 1)),
        );
    }
    properties.insert("Handler".into(), json!("index.handler"));
    let globals_runtime = shape.globals.function.as_ref().is_some_and(|g| g.runtime);
    if function.runtime || !globals_runtime {
        properties.insert("Runtime".into(), json!("python3.13"));
    }
    if let Some(memory) = function.memory {
        properties.insert("MemorySize".into(), json!(memory));
    }
    if function.alias {
        properties.insert("AutoPublishAlias".into(), json!("current"));
    }
    if !function.policies.is_empty() {
        properties.insert(
            "Policies".into(),
            function.policies.iter().map(|p| policy(*p)).collect(),
        );
    }
    if function.layers {
        let layers = if shape.layer {
            json!([{"Ref": "Layer"}, LAYER_ARN])
        } else {
            json!([LAYER_ARN])
        };
        properties.insert("Layers".into(), layers);
    }
    if function.tags {
        properties.insert(
            "Tags".into(),
            json!({"function": format!("f{}", index + 1)}),
        );
    }
    let events: Map<String, Value> = function
        .events
        .iter()
        .enumerate()
        .map(|(number, event_shape)| (format!("Event{}", number + 1), event(shape, event_shape)))
        .collect();
    if !events.is_empty() {
        properties.insert("Events".into(), Value::Object(events));
    }
    let mut resource = json!({"Type": "AWS::Serverless::Function", "Properties": properties});
    if function.condition
        && let Some(object) = resource.as_object_mut()
    {
        object.insert("Condition".into(), json!("IsProd"));
    }
    resource
}

fn policy(choice: u8) -> Value {
    match choice {
        0 => json!("AmazonS3ReadOnlyAccess"),
        1 => json!("AWSLambdaExecute"),
        2 => json!({"S3ReadPolicy": {"BucketName": "gantry-data"}}),
        3 => json!({"DynamoDBCrudPolicy": {"TableName": {"Ref": "TableName"}}}),
        4 => json!({"SQSPollerPolicy": {"QueueName": "jobs"}}),
        _ => json!({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}),
    }
}

/// An event on the API its shape picks, with an authorizer that API has.
fn event(shape: &TemplateShape, event: &EventShape) -> Value {
    let mut properties = Map::new();
    let (apis, names, has_default, kind, api_key, prefix) = if event.http {
        let count = shape.http_apis.len();
        let pick = usize::from(event.api) % (count + 1);
        let api = pick.checked_sub(1).and_then(|i| shape.http_apis.get(i));
        let names = http_authorizers(shape, api);
        let own_default = api.and_then(|a| default_of(a.default, &http_own_authorizers(a)));
        let global_default = shape.globals.http_api.as_ref().is_some_and(|g| g.jwt);
        (
            pick,
            names,
            own_default.is_some() || global_default,
            "HttpApi",
            "ApiId",
            "HttpApi",
        )
    } else {
        let count = shape.rest_apis.len();
        let pick = usize::from(event.api) % (count + 1);
        let api = pick.checked_sub(1).and_then(|i| shape.rest_apis.get(i));
        let names = rest_authorizers(api);
        let has_default =
            api.is_some_and(|a| default_of(a.default, &rest_authorizers(Some(a))).is_some());
        (pick, names, has_default, "Api", "RestApiId", "RestApi")
    };
    let path = if event.path.is_empty() && !event.http {
        "/"
    } else {
        event.path
    };
    if !path.is_empty() {
        properties.insert("Path".into(), json!(path));
        properties.insert("Method".into(), json!(event.method));
    }
    if apis > 0 {
        properties.insert(api_key.into(), json!({"Ref": format!("{prefix}{apis}")}));
    }
    let authorizer = match event.auth {
        0 => None,
        1 => has_default.then_some("NONE"),
        choice => names
            .get(usize::from(choice - 2) % names.len().max(1))
            .copied(),
    };
    if let Some(authorizer) = authorizer {
        let mut auth = json!({"Authorizer": authorizer});
        let scoped = matches!(authorizer, "JwtAuth" | "GlobalJwt" | "CognitoAuth");
        if event.scopes
            && scoped
            && let Some(object) = auth.as_object_mut()
        {
            object.insert("AuthorizationScopes".into(), json!(["read"]));
        }
        properties.insert("Auth".into(), auth);
    }
    json!({"Type": kind, "Properties": properties})
}
