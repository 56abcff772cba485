//! `AWS::Serverless::Api` → `AWS::ApiGateway::RestApi` (a Swagger 2.0 or OpenAPI 3 body
//! with API Gateway's extensions), its `Deployment` and `Stage`, keys and usage plans;
//! `Api` events of functions (`../shared/reference/sam-cdk.md` A.8, A.10, A.11).
//!
//! The RestApi is built in the translator's steps: check the definition properties;
//! endpoint configuration; then, on the inline body, CORS, `Auth`, gateway responses,
//! binary media types, models and `DisableExecuteApiEndpoint`; the body (in OpenAPI 3's
//! shape when asked) or its S3 location; the plain properties. Then the deployment,
//! the stage, the authorizers' permissions and the usage plan, and `PropagateTags`.

pub(crate) mod auth;
mod body;
mod cors;
mod deployment;
pub(crate) mod event;
pub(crate) mod gateway_responses;
pub(crate) mod implicit;
mod merge;
mod openapi3;
mod request;
pub(crate) mod resource_policy;
mod swagger;
pub(crate) mod usage_plan;

use serde_json::{Map, Value, json};

use crate::error::Cause;
use crate::intrinsics;
use crate::property_types::{self, Check, PropertyType, optional, required};
use crate::template::Template;

/// Gives each explicit Api without `DefinitionBody`/`DefinitionUri` the skeleton body,
/// which SAM then manages (events add their methods to it).
pub(crate) fn add_default_definition_bodies(template: &mut Template<'_>) {
    for api_id in template.ids_of_type("AWS::Serverless::Api") {
        let Some(Value::Object(resource)) = template.resource_mut(&api_id) else {
            continue;
        };
        let properties = resource.entry("Properties").or_insert_with(|| json!({}));
        let Value::Object(properties) = properties else {
            continue;
        };
        let given = |name: &str| properties.get(name).is_some_and(swagger::is_truthy);
        if given("DefinitionBody") || given("DefinitionUri") {
            continue;
        }
        properties.insert("DefinitionBody".into(), swagger::skeleton());
        properties.insert("__MANAGE_SWAGGER".into(), json!(true));
    }
}

/// Translates Api `logical_id`, recording errors on the template.
pub(crate) fn translate(template: &mut Template<'_>, logical_id: &str) {
    let result = generate(template, logical_id)
        .and_then(|generated| template.replace(logical_id, generated));
    if let Err(cause) = result {
        record_error(template, cause);
    }
}

/// Records an error of this module: an error in the body's document ends the transform
/// (the translator's `InvalidDocumentException`), others are collected.
pub(crate) fn record_error(template: &mut Template<'_>, cause: Cause) {
    if cause.ends_transform {
        template.fail_document(cause);
    } else {
        template.errors.push(cause);
    }
}

/// The properties of `AWS::Serverless::Api` and their types, in the translator's order.
const PROPERTY_TYPES: &[PropertyType] = &[
    optional("__MANAGE_SWAGGER", Check::Bool),
    optional("Name", Check::StrOrMap),
    required("StageName", Check::StrOrMap),
    optional("Tags", Check::Map),
    optional("PropagateTags", Check::Bool),
    optional("DefinitionBody", Check::Map),
    optional("DefinitionUri", Check::StrOrMap),
    optional("MergeDefinitions", Check::Bool),
    optional("CacheClusterEnabled", Check::Bool),
    optional("CacheClusterSize", Check::Str),
    optional("Variables", Check::Map),
    optional("EndpointConfiguration", Check::StrOrMap),
    optional("MethodSettings", Check::List),
    optional("BinaryMediaTypes", Check::List),
    optional("MinimumCompressionSize", Check::Int),
    optional("Cors", Check::StrOrMap),
    optional("Auth", Check::Map),
    optional("GatewayResponses", Check::Map),
    optional("AccessLogSetting", Check::Map),
    optional("CanarySetting", Check::Map),
    optional("TracingEnabled", Check::Bool),
    optional("OpenApiVersion", Check::Str),
    optional("Models", Check::Map),
    optional("Domain", Check::Map),
    optional("FailOnWarnings", Check::Bool),
    optional("Description", Check::Str),
    optional("Mode", Check::Str),
    optional("DisableExecuteApiEndpoint", Check::Bool),
    optional("ApiKeySourceType", Check::Str),
    optional("AlwaysDeploy", Check::Bool),
    optional("Policy", Check::StrOrMap),
    optional("SecurityPolicy", Check::Str),
    optional("EndpointAccessMode", Check::Str),
];

/// The resources Api `api_id` becomes.
fn generate(template: &mut Template<'_>, api_id: &str) -> Result<Vec<(String, Value)>, Cause> {
    let resource = template.resource(api_id).cloned().unwrap_or(json!({}));
    let mut properties = match resource.get("Properties") {
        Some(Value::Object(properties)) => properties.clone(),
        _ => Map::new(),
    };
    property_types::check(api_id, "AWS::Serverless::Api", &properties, PROPERTY_TYPES)?;
    if let Some(media) = properties.get("BinaryMediaTypes") {
        let resolved = intrinsics::resolve_parameter_refs(media, &template.parameters);
        properties.insert("BinaryMediaTypes".into(), resolved);
    }
    let passthrough = passthrough_attributes(&resource);
    let rest_api = body::rest_api(template, api_id, &resource, &properties)?;
    let open_api_version = properties.get("OpenApiVersion");
    let deployed = rest_api
        .get("Properties")
        .and_then(|p| p.get("Body").or_else(|| p.get("BodyS3Location")));
    let (deployment_id, deployment) =
        deployment::deployment(api_id, deployed, open_api_version, &passthrough);
    let stage_settings = deployment::StageProperties {
        properties: &properties,
        passthrough: &passthrough,
    };
    let (stage_id, stage) = deployment::stage(api_id, &deployment_id, &stage_settings);
    let mut generated = vec![
        (api_id.to_owned(), rest_api),
        (deployment_id, deployment),
        (stage_id.clone(), stage),
    ];
    generated.extend(auth::authorizer_permissions(template, api_id)?);
    generated.extend(usage_plan::translate(template, api_id, &stage_id)?);
    propagate_tags(&mut generated, &properties);
    Ok(generated)
}

/// `Condition`, `DeletionPolicy` and `UpdateReplacePolicy`, which every generated
/// resource carries.
fn passthrough_attributes(resource: &Value) -> Map<String, Value> {
    match event::passthrough_attributes(resource) {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// `PropagateTags: true`: the Api's `Tags` on every generated resource that takes tags.
fn propagate_tags(generated: &mut [(String, Value)], properties: &Map<String, Value>) {
    let Some(tags) = properties.get("Tags").filter(|t| swagger::is_truthy(t)) else {
        return;
    };
    if !properties
        .get("PropagateTags")
        .is_some_and(swagger::is_truthy)
    {
        return;
    }
    const TAGGABLE: &[&str] = &[
        "AWS::ApiGateway::RestApi",
        "AWS::ApiGateway::Stage",
        "AWS::ApiGateway::UsagePlan",
        "AWS::ApiGateway::ApiKey",
    ];
    for (_, resource) in generated.iter_mut() {
        let taggable = resource
            .get("Type")
            .and_then(Value::as_str)
            .is_some_and(|t| TAGGABLE.contains(&t));
        if !taggable {
            continue;
        }
        if let Some(Value::Object(resource_properties)) = resource.get_mut("Properties") {
            resource_properties.insert("Tags".into(), deployment::tag_list(tags));
        }
    }
}
