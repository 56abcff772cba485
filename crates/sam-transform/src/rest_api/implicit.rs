//! The implicit `ServerlessRestApi` that `Api` events without a `RestApiId` share, and
//! the registration of every `Api` event's path and method in the body of the API it
//! names when SAM manages that body (`../shared/reference/sam-cdk.md` A.10).
//!
//! Steps, as the translator's implicit API plugin takes them: put a managed
//! `ServerlessRestApi` in place (remembering a user resource of that name); for each
//! function's `Api` events, copy tags when `PropagateTags` asks, name the implicit API in
//! events without `RestApiId`, record the method's condition and the function's policies,
//! and add the path and method; then give the implicit API the functions' condition,
//! `DeletionPolicy` and `UpdateReplacePolicy`, make paths whose methods are all
//! conditional conditional too, and remove the implicit API again if no event uses it.

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

mod conditions;

use super::swagger;
use crate::error::{Cause, Error};
use crate::implicit_api;
use crate::intrinsics;
use crate::template::Template;

/// The implicit API's logical id.
pub(crate) const IMPLICIT_API_ID: &str = "ServerlessRestApi";

/// For each API, path and method: the condition of the function whose event added it.
type MethodConditions = IndexMap<String, IndexMap<String, IndexMap<String, Option<String>>>>;

/// What the events told the plugin about the APIs they use.
#[derive(Default)]
pub(super) struct Usage {
    pub(super) conditions: MethodConditions,
    deletion_policies: Vec<Option<String>>,
    update_replace_policies: Vec<Option<String>>,
}

/// Adds `ServerlessRestApi` with the paths of every `Api` event without a `RestApiId`
/// and registers every `Api` event's path in the managed body of the API it names.
pub(crate) fn add_implicit_api(template: &mut Template<'_>) -> Result<(), Error> {
    let user_resource = template.resource(IMPLICIT_API_ID).cloned();
    template.resources_mut().insert(
        IMPLICIT_API_ID.to_owned(),
        json!({"Type": "AWS::Serverless::Api", "Properties": {
            "StageName": "Prod",
            "DefinitionBody": swagger::skeleton(),
            "__MANAGE_SWAGGER": true,
        }}),
    );
    let mut usage = Usage::default();
    let mut errors = Vec::new();
    for function_id in template.ids_of_type("AWS::Serverless::Function") {
        match process_function(template, &function_id, &mut usage) {
            Ok(()) => {}
            // An error in an API's body ends the transform at once.
            Err(cause) if cause.ends_transform => return Err(cause.into()),
            Err(cause) => errors.push(cause),
        }
    }
    conditions::add_condition(template, &usage)?;
    implicit_api::add_policies(
        template,
        IMPLICIT_API_ID,
        &usage.deletion_policies,
        &usage.update_replace_policies,
    );
    conditions::make_paths_conditional(template, &usage)?;
    implicit_api::remove_if_unused(template, IMPLICIT_API_ID, user_resource);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::new(errors))
    }
}

/// The `Api` events of one function (the first error stops that function's events).
fn process_function(
    template: &mut Template<'_>,
    function_id: &str,
    usage: &mut Usage,
) -> Result<(), Cause> {
    let Some(function) = template.resource(function_id).cloned() else {
        return Ok(());
    };
    let Some(Value::Object(events)) = function.get("Properties").and_then(|p| p.get("Events"))
    else {
        return Ok(());
    };
    let condition = function
        .get("Condition")
        .and_then(Value::as_str)
        .map(str::to_owned);
    for (event_id, event) in events {
        if event.get("Type").and_then(Value::as_str) != Some("Api") {
            continue;
        }
        let Some(properties) = event.get("Properties").filter(|p| swagger::is_truthy(p)) else {
            continue;
        };
        let fail = |message: &str| Cause::event(function_id, event_id, message);
        let Value::Object(properties) = properties else {
            return Err(fail("Properties should be a map."));
        };
        let mut properties = properties.clone();
        if !properties.contains_key("RestApiId") {
            propagate_tags(template, &function);
            properties.insert("RestApiId".into(), intrinsics::reference(IMPLICIT_API_ID));
            set_event_properties(template, function_id, event_id, &properties);
        }
        let (api_id, path, method) = validate_event(&properties).map_err(|m| fail(&m))?;
        usage
            .conditions
            .entry(api_id.clone())
            .or_default()
            .entry(path.clone())
            .or_default()
            .insert(method.clone(), condition.clone());
        usage
            .deletion_policies
            .push(attribute(&function, "DeletionPolicy", &api_id));
        usage
            .update_replace_policies
            .push(attribute(&function, "UpdateReplacePolicy", &api_id));
        add_api_path(template, &api_id, &path, &method).map_err(|error| match error {
            PathError::Event(message) => fail(&message),
            PathError::Document(cause) => cause,
        })?;
    }
    Ok(())
}

/// The function's policy attribute, counted only for the implicit API.
fn attribute(function: &Value, name: &str, api_id: &str) -> Option<String> {
    if api_id != IMPLICIT_API_ID {
        return None;
    }
    function
        .get(name)
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// Writes an event's properties (with the `RestApiId` SAM named) back to the function.
fn set_event_properties(
    template: &mut Template<'_>,
    function_id: &str,
    event_id: &str,
    properties: &Map<String, Value>,
) {
    if let Some(Value::Object(event)) = template
        .resource_mut(function_id)
        .and_then(|f| f.get_mut("Properties"))
        .and_then(|p| p.get_mut("Events"))
        .and_then(|e| e.get_mut(event_id))
    {
        event.insert("Properties".into(), Value::Object(properties.clone()));
    }
}

/// `RestApiId` (a `Ref` or a name), `Path` and `Method`, all strings.
fn validate_event(properties: &Map<String, Value>) -> Result<(String, String, String), String> {
    let path = properties.get("Path").filter(|v| !v.is_null());
    let method = properties.get("Method").filter(|v| !v.is_null());
    if path.is_none() {
        return Err("Property 'Path' is required.".to_owned());
    }
    if method.is_none() {
        return Err("Property 'Method' is required.".to_owned());
    }
    let rest_api_id = properties.get("RestApiId").unwrap_or(&Value::Null);
    let api_id = intrinsics::ref_target(rest_api_id)
        .or_else(|| rest_api_id.as_str())
        .ok_or_else(|| "Property 'RestApiId' should be a string.".to_owned())?;
    let path = path
        .and_then(Value::as_str)
        .ok_or_else(|| "Property 'Path' should be a string.".to_owned())?;
    let method = method
        .and_then(Value::as_str)
        .ok_or_else(|| "Property 'Method' should be a string.".to_owned())?;
    Ok((api_id.to_owned(), path.to_owned(), method.to_owned()))
}

/// Why a path could not be added: the event names no REST API, or the body is broken.
enum PathError {
    Event(String),
    Document(Cause),
}

/// Adds the path and method to the named API's body when SAM manages it.
fn add_api_path(
    template: &mut Template<'_>,
    api_id: &str,
    path: &str,
    method: &str,
) -> Result<(), PathError> {
    let invalid = || {
        PathError::Event(
            "RestApiId must be a valid reference to an 'AWS::Serverless::Api' resource in same template."
                .to_owned(),
        )
    };
    match template.resource_type(api_id) {
        None | Some("AWS::Serverless::HttpApi") => return Err(invalid()),
        Some(_) => {}
    }
    let Some(Value::Object(properties)) = template
        .resource_mut(api_id)
        .and_then(|api| api.get_mut("Properties"))
    else {
        return Ok(());
    };
    let manages = properties
        .get("__MANAGE_SWAGGER")
        .is_some_and(swagger::is_truthy);
    let Some(body) = properties.get_mut("DefinitionBody") else {
        return Ok(());
    };
    if !swagger::is_valid(body) || !manages {
        return Ok(());
    }
    swagger::check_path_items(body).map_err(PathError::Document)?;
    swagger::add_path(body, path, method).map_err(PathError::Document)
}

/// Copies the function's `Tags` (or `Globals.Function.Tags`) to the implicit API when
/// it (or `Globals.Function`) has `PropagateTags`.
fn propagate_tags(template: &mut Template<'_>, function: &Value) {
    let globals = template
        .document
        .get("Globals")
        .and_then(|g| g.get("Function"))
        .cloned()
        .unwrap_or(Value::Null);
    let properties = function.get("Properties").cloned().unwrap_or(Value::Null);
    let pick = |name: &str| {
        properties
            .get(name)
            .filter(|v| swagger::is_truthy(v))
            .or_else(|| globals.get(name).filter(|v| swagger::is_truthy(v)))
            .cloned()
    };
    let (Some(Value::Object(tags)), Some(_)) = (pick("Tags"), pick("PropagateTags")) else {
        return;
    };
    if let Some(Value::Object(api)) = template
        .resource_mut(IMPLICIT_API_ID)
        .and_then(|api| api.get_mut("Properties"))
    {
        let existing = api.entry("Tags").or_insert_with(|| json!({}));
        if let Value::Object(existing) = existing {
            existing.extend(tags);
        }
        api.insert("PropagateTags".into(), json!(true));
    }
}
