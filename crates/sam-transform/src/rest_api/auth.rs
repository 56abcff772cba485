//! `AWS::Serverless::Api` `Auth`: authorizers as `securityDefinitions`, `DefaultAuthorizer`,
//! API-wide `ApiKeyRequired` and `ResourcePolicy` in the Swagger body, the authorizers'
//! invoke permissions, and an `Api` event's own `Auth` on its method
//! (`../shared/reference/sam-cdk.md` A.11).
//!
//! Every function reads the Api's `Auth` from the SAM resource in the template (Globals
//! already merged) and resolves its parameter `Ref`s, as the translator does; the body is
//! the caller's copy of `DefinitionBody`, written back by the caller.

pub(crate) mod authorizer;
pub(crate) mod body;
mod method;
mod python;
mod security;

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

pub(crate) use method::{integration_credentials, set_method_auth};

use crate::error::Cause;
use crate::intrinsics::resolve_parameter_refs;
use crate::template::Template;
use authorizer::Authorizer;
use body::truthy;

/// The keys `Auth` of an Api may have.
const AUTH_PROPERTIES: [&str; 8] = [
    "Authorizers",
    "DefaultAuthorizer",
    "InvokeRole",
    "AddDefaultAuthorizerToCorsPreflight",
    "AddApiKeyRequiredToCorsPreflight",
    "ApiKeyRequired",
    "ResourcePolicy",
    "UsagePlan",
];

/// The `Auth` step of the RestApi (after CORS, before gateway responses): authorizers
/// into `securityDefinitions`, `DefaultAuthorizer` on every method (and the CORS
/// preflights unless `AddDefaultAuthorizerToCorsPreflight: false`), API-wide
/// `ApiKeyRequired`, and `ResourcePolicy` into `x-amazon-apigateway-policy`. `body` is
/// `None` when the Api has no inline body (`DefinitionUri`), which `Auth` refuses.
///
/// Ends with the OpenAPI 3 post-processing, as the translator's `Auth` step does
/// (`securityDefinitions` → `components.securitySchemes` for `OpenApiVersion: 3.x`).
pub(crate) fn add_to_body(
    template: &Template<'_>,
    api_id: &str,
    body: Option<&mut Value>,
) -> Result<(), Cause> {
    let Some(auth) = api_auth(template, api_id)? else {
        return Ok(());
    };
    let Some(swagger) = body else {
        return Err(Cause::resource(
            api_id,
            "Auth works only with inline Swagger specified in 'DefinitionBody' property.",
        ));
    };
    if !auth
        .keys()
        .all(|key| AUTH_PROPERTIES.contains(&key.as_str()))
    {
        return Err(Cause::resource(api_id, "Invalid value for 'Auth' property"));
    }
    if !body::is_valid(swagger) {
        return Err(Cause::resource(
            api_id,
            "Unable to add Auth configuration because 'DefinitionBody' does not contain a valid Swagger definition.",
        ));
    }
    body::check_path_items(swagger)?;
    let had_definitions = swagger.get("securityDefinitions").is_some_and(truthy);
    let default_authorizer = auth.get("DefaultAuthorizer").filter(|name| truthy(name));
    let authorizers = authorizers(api_id, &auth, default_authorizer)?;
    let partition = template.options.partition();
    if !authorizers.is_empty() {
        add_security_definitions(swagger, api_id, &authorizers, partition)?;
        if let Some(default_authorizer) = default_authorizer {
            let add_to_preflight = flag(&auth, "AddDefaultAuthorizerToCorsPreflight");
            set_default_authorizer(
                swagger,
                api_id,
                default_authorizer,
                &authorizers,
                add_to_preflight,
            )?;
        }
    }
    if auth.get("ApiKeyRequired").is_some_and(truthy) {
        security::add_api_key_definition(swagger)?;
        let add_to_preflight = flag(&auth, "AddApiKeyRequiredToCorsPreflight");
        for path in body::path_names(swagger) {
            security::set_path_default_api_key_required(swagger, &path, add_to_preflight)?;
        }
    }
    if let Some(policy) = auth.get("ResourcePolicy").filter(|policy| truthy(policy)) {
        if !policy.is_object() {
            return Err(body::document_error(
                "ResourcePolicy must be a map (ResourcePolicyStatement).",
            ));
        }
        let stage = api_property(template, api_id, "StageName").unwrap_or(Value::Null);
        for path in body::path_names(swagger) {
            super::resource_policy::add(swagger, policy, &path, &stage)?;
        }
        if let Some(statements) = policy.get("CustomStatements").filter(|s| truthy(s)) {
            super::resource_policy::add_custom_statements(swagger, statements);
        }
    }
    security::drop_if_created_empty(swagger, had_definitions);
    // The translator converts the body for OpenAPI 3 right after `Auth`, and again at the
    // end: CORS preflight headers added before are wrapped in `schema` twice.
    let open_api_version = api_property(template, api_id, "OpenApiVersion");
    super::openapi3::postprocess(swagger, open_api_version.as_ref())
}

/// The `AWS::Lambda::Permission`s `<Api><Name>AuthorizerPermission` that let API Gateway
/// invoke each Lambda authorizer (none for `DisableFunctionDefaultPermissions: true`),
/// with the Api's pass-through attributes (`Condition`, `DeletionPolicy`,
/// `UpdateReplacePolicy`).
pub(crate) fn authorizer_permissions(
    template: &Template<'_>,
    api_id: &str,
) -> Result<Vec<(String, Value)>, Cause> {
    let Some(auth) = api_auth(template, api_id)? else {
        return Ok(Vec::new());
    };
    let authorizers = authorizers(api_id, &auth, None)?;
    let partition = template.options.partition();
    let attributes = pass_through_attributes(template, api_id);
    let mut permissions = Vec::new();
    for (name, authorizer) in &authorizers {
        if !authorizer.needs_permission() {
            continue;
        }
        let mut permission = Map::new();
        permission.insert("Type".into(), json!("AWS::Lambda::Permission"));
        permission.insert(
            "Properties".into(),
            json!({
                "Action": "lambda:InvokeFunction",
                "FunctionName": authorizer.function_arn,
                "Principal": "apigateway.amazonaws.com",
                "SourceArn": {"Fn::Sub": [
                    format!("arn:{partition}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{__ApiId__}}/authorizers/*"),
                    {"__ApiId__": {"Ref": api_id}}
                ]}
            }),
        );
        permission.extend(attributes.clone());
        permissions.push((
            format!("{api_id}{name}AuthorizerPermission"),
            Value::Object(permission),
        ));
    }
    Ok(permissions)
}

/// The Api's `Auth` with parameter `Ref`s resolved; `None` when it has none (or an
/// empty one). Not a mapping is the translator's property error.
pub(crate) fn api_auth(
    template: &Template<'_>,
    api_id: &str,
) -> Result<Option<Map<String, Value>>, Cause> {
    match api_property(template, api_id, "Auth") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(auth)) if auth.is_empty() => Ok(None),
        Some(auth @ Value::Object(_)) => {
            match resolve_parameter_refs(&auth, &template.parameters) {
                Value::Object(auth) => Ok(Some(auth)),
                _ => Ok(None),
            }
        }
        Some(_) => Err(Cause::resource(api_id, "Property 'Auth' should be a map.")),
    }
}

/// Property `name` of SAM resource `api_id`.
pub(crate) fn api_property(template: &Template<'_>, api_id: &str, name: &str) -> Option<Value> {
    template
        .resource(api_id)?
        .get("Properties")?
        .get(name)
        .cloned()
}

/// The Api's attributes its generated resources inherit.
pub(crate) fn pass_through_attributes(template: &Template<'_>, api_id: &str) -> Map<String, Value> {
    let mut attributes = Map::new();
    if let Some(resource) = template.resource(api_id) {
        for name in ["Condition", "DeletionPolicy", "UpdateReplacePolicy"] {
            if let Some(value) = resource.get(name) {
                attributes.insert(name.to_owned(), value.clone());
            }
        }
    }
    attributes
}

/// A boolean `Auth` option that defaults to true.
fn flag(auth: &Map<String, Value>, name: &str) -> bool {
    auth.get(name).is_none_or(truthy)
}

/// The Api's authorizers in order: `AWS_IAM` first when it is the `DefaultAuthorizer`,
/// then every `Auth.Authorizers` entry.
fn authorizers(
    api_id: &str,
    auth: &Map<String, Value>,
    default_authorizer: Option<&Value>,
) -> Result<IndexMap<String, Authorizer>, Cause> {
    let mut authorizers = IndexMap::new();
    if default_authorizer.is_some_and(|name| name == "AWS_IAM") {
        authorizers.insert("AWS_IAM".to_owned(), Authorizer::aws_iam());
    }
    let Some(configs) = auth.get("Authorizers").filter(|configs| truthy(configs)) else {
        return Ok(authorizers);
    };
    let Value::Object(configs) = configs else {
        return Err(Cause::resource(
            api_id,
            "Property 'Auth.Authorizers' should be a map.",
        ));
    };
    for (name, config) in configs {
        if !config.is_object() {
            return Err(Cause::resource(
                api_id,
                format!("Property 'Auth.Authorizers.{name}' should be a map."),
            ));
        }
        authorizers.insert(name.clone(), Authorizer::from_config(api_id, name, config)?);
    }
    Ok(authorizers)
}

fn add_security_definitions(
    swagger: &mut Value,
    api_id: &str,
    authorizers: &IndexMap<String, Authorizer>,
    partition: &str,
) -> Result<(), Cause> {
    let mut generated = Vec::new();
    for (name, authorizer) in authorizers {
        generated.push((
            name.clone(),
            authorizer.security_definition(api_id, partition)?,
        ));
    }
    let definitions = security::definitions_mut(swagger)?;
    for (name, definition) in generated {
        definitions.insert(name, definition);
    }
    Ok(())
}

fn set_default_authorizer(
    swagger: &mut Value,
    api_id: &str,
    default_authorizer: &Value,
    authorizers: &IndexMap<String, Authorizer>,
    add_to_preflight: bool,
) -> Result<(), Cause> {
    let Value::String(default_authorizer) = default_authorizer else {
        return Err(Cause::resource(
            api_id,
            "DefaultAuthorizer is not a string.",
        ));
    };
    if !authorizers.contains_key(default_authorizer) && default_authorizer != "AWS_IAM" {
        return Err(Cause::resource(
            api_id,
            format!(
                "Unable to set DefaultAuthorizer because '{default_authorizer}' was not defined in 'Authorizers'."
            ),
        ));
    }
    for path in body::path_names(swagger) {
        security::set_path_default_authorizer(
            swagger,
            &path,
            default_authorizer,
            authorizers,
            add_to_preflight,
        )?;
    }
    Ok(())
}
