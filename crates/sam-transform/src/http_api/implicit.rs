//! The implicit `ServerlessHttpApi` that `HttpApi` events without an `ApiId` share, and
//! the registration of every `HttpApi` event's route with its API before `Globals` and
//! translation (the translator's `ImplicitHttpApiPlugin`).
//!
//! Steps: add the implicit API (keeping any user resource of that name aside); for each
//! function's `HttpApi` events, propagate tags, name the API, default the route to
//! `$default`, check the event, record its condition and policies, add its path to a
//! SAM-managed body and fold its `RouteSettings` into the API's; then give the implicit
//! API the functions' conditions and policies, make all-conditional paths conditional,
//! and remove the implicit API again if no route uses it.

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use super::MANAGED_BODY;
use super::auth::is_truthy;
use super::openapi::{ANY_METHOD, DEFAULT_PATH, OpenApi, skeleton};
use crate::error::{Cause, Error};
use crate::implicit_api;
use crate::template::Template;

mod conditions;
use conditions::{add_condition_to_implicit_api, make_paths_conditional};

/// The implicit API's logical id.
pub(crate) const IMPLICIT_API: &str = "ServerlessHttpApi";

/// What the events told about each API: path → method → the function's condition, and
/// the functions' `DeletionPolicy`/`UpdateReplacePolicy`.
#[derive(Default)]
struct ApiUsage {
    pub(super) conditions: IndexMap<String, IndexMap<String, IndexMap<String, Option<String>>>>,
    deletion_policies: Vec<Option<String>>,
    update_replace_policies: Vec<Option<String>>,
}

/// The function an event belongs to, as the plugin reads it.
struct Function {
    logical_id: String,
    condition: Option<String>,
    properties: Map<String, Value>,
}

/// Adds `ServerlessHttpApi` with the routes of every `HttpApi` event without an `ApiId`.
pub(crate) fn add_implicit_api(template: &mut Template<'_>) -> Result<(), Error> {
    let existing = template.resource(IMPLICIT_API).cloned();
    template.resources_mut().insert(
        IMPLICIT_API.to_owned(),
        json!({"Type": "AWS::Serverless::HttpApi",
               "Properties": {"DefinitionBody": skeleton(), MANAGED_BODY: true}}),
    );
    let mut usage = ApiUsage::default();
    let mut errors = Vec::new();
    for logical_id in template.ids_of_type("AWS::Serverless::Function") {
        let Some(resource) = template.resource(&logical_id) else {
            continue;
        };
        let Some(Value::Object(events)) = resource.get("Properties").and_then(|p| p.get("Events"))
        else {
            continue;
        };
        let event_ids: Vec<String> = events
            .iter()
            .filter(|(_, event)| {
                is_truthy(event) && event.get("Type").and_then(Value::as_str) == Some("HttpApi")
            })
            .map(|(id, _)| id.clone())
            .collect();
        let function = Function {
            logical_id: logical_id.clone(),
            condition: attribute(resource, "Condition"),
            properties: resource
                .get("Properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
        };
        for event_id in event_ids {
            match register_event(template, &mut usage, &function, &event_id) {
                Ok(()) => {}
                Err(cause) if cause.event_id.is_some() => {
                    errors.push(cause);
                    break;
                }
                Err(cause) => return Err(cause.into()),
            }
        }
    }
    add_condition_to_implicit_api(template, &usage);
    implicit_api::add_policies(
        template,
        IMPLICIT_API,
        &usage.deletion_policies,
        &usage.update_replace_policies,
    );
    make_paths_conditional(template, &usage).map_err(Error::from)?;
    implicit_api::remove_if_unused(template, IMPLICIT_API, existing);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::new(errors))
    }
}

fn attribute(resource: &Value, name: &str) -> Option<String> {
    resource
        .get(name)
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// One `HttpApi` event of `function`: checked, completed and registered with its API.
fn register_event(
    template: &mut Template<'_>,
    usage: &mut ApiUsage,
    function: &Function,
    event_id: &str,
) -> Result<(), Cause> {
    let event_error = |message: &str| Cause::event(&function.logical_id, event_id, message);
    let event = template
        .resource(&function.logical_id)
        .and_then(|r| r.get("Properties"))
        .and_then(|p| p.get("Events"))
        .and_then(|e| e.get(event_id))
        .cloned()
        .unwrap_or(Value::Null);
    let mut properties = match event.get("Properties") {
        None => Map::new(),
        Some(Value::Object(properties)) => properties.clone(),
        Some(_) => return Err(event_error("Properties should be a map.")),
    };
    if !properties.contains_key("ApiId") {
        propagate_tags(template, function);
        properties.insert("ApiId".to_owned(), json!({"Ref": IMPLICIT_API}));
    }
    let given = |name: &str| properties.get(name).is_some_and(is_truthy);
    if !given("Path") && !given("Method") {
        properties.insert("Path".to_owned(), json!(DEFAULT_PATH));
        properties.insert("Method".to_owned(), json!(ANY_METHOD));
    }
    let api_id = match properties.get("ApiId") {
        Some(Value::Object(map)) if map.contains_key("Ref") => map.get("Ref").cloned(),
        other => other.cloned(),
    };
    let string = |value: Option<Value>, name: &str| -> Result<String, Cause> {
        match value {
            None | Some(Value::Null) => {
                Err(event_error(&format!("Property '{name}' is required.")))
            }
            Some(Value::String(text)) => Ok(text),
            Some(_) => Err(event_error(&format!(
                "Property '{name}' should be a string."
            ))),
        }
    };
    let path = properties.get("Path").cloned();
    let method = properties.get("Method").cloned();
    if path.as_ref().is_none_or(Value::is_null) {
        string(None, "Path")?;
    }
    if method.as_ref().is_none_or(Value::is_null) {
        string(None, "Method")?;
    }
    let api_id = string(api_id, "ApiId")?;
    let path = string(path, "Path")?;
    let method = string(method, "Method")?;
    write_event_properties(template, function, event_id, &properties);
    let resource = template
        .resource(&function.logical_id)
        .cloned()
        .unwrap_or(Value::Null);
    usage
        .conditions
        .entry(api_id.clone())
        .or_default()
        .entry(path.clone())
        .or_default()
        .insert(method.clone(), function.condition.clone());
    if api_id == IMPLICIT_API {
        usage
            .deletion_policies
            .push(attribute(&resource, "DeletionPolicy"));
        usage
            .update_replace_policies
            .push(attribute(&resource, "UpdateReplacePolicy"));
    }
    if template.resource(&api_id).is_none() {
        return Err(event_error(
            "ApiId must be a valid reference to an 'AWS::Serverless::HttpApi' resource in same template.",
        ));
    }
    add_path_to_managed_body(template, &api_id, &path, &method)?;
    if properties.contains_key("RouteSettings") {
        fold_route_settings(
            template,
            function,
            event_id,
            &api_id,
            &path,
            &method,
            &properties,
        )?;
    }
    Ok(())
}

/// The event's completed `Properties` written back into the function.
fn write_event_properties(
    template: &mut Template<'_>,
    function: &Function,
    event_id: &str,
    properties: &Map<String, Value>,
) {
    let event = template
        .resource_mut(&function.logical_id)
        .and_then(|r| r.get_mut("Properties"))
        .and_then(|p| p.get_mut("Events"))
        .and_then(|e| e.get_mut(event_id));
    if let Some(Value::Object(event)) = event {
        event.insert("Properties".to_owned(), Value::Object(properties.clone()));
    }
}

/// With `PropagateTags` (on the function or in `Globals.Function`), the function's tags
/// go to the implicit API too.
fn propagate_tags(template: &mut Template<'_>, function: &Function) {
    let globals = template
        .document
        .get("Globals")
        .and_then(|g| g.get("Function"))
        .cloned()
        .unwrap_or(Value::Null);
    let pick = |name: &str| {
        function
            .properties
            .get(name)
            .filter(|v| is_truthy(v))
            .or_else(|| globals.get(name).filter(|v| is_truthy(v)))
            .cloned()
    };
    let (Some(_), Some(Value::Object(tags))) = (pick("PropagateTags"), pick("Tags")) else {
        return;
    };
    let Some(Value::Object(properties)) = template
        .resource_mut(IMPLICIT_API)
        .and_then(|api| api.get_mut("Properties"))
    else {
        return;
    };
    if let Value::Object(api_tags) = properties.entry("Tags").or_insert_with(|| json!({})) {
        api_tags.extend(tags);
    }
    properties.insert("PropagateTags".to_owned(), Value::Bool(true));
}

/// The route's path and method in the API's body, when SAM manages that body.
fn add_path_to_managed_body(
    template: &mut Template<'_>,
    api_id: &str,
    path: &str,
    method: &str,
) -> Result<(), Cause> {
    let Some(api) = template.resource_mut(api_id) else {
        return Ok(());
    };
    let Some(Value::Object(properties)) = api.get_mut("Properties") else {
        return Ok(());
    };
    let managed = properties.get(MANAGED_BODY).is_some_and(is_truthy);
    let Some(body) = properties.get_mut("DefinitionBody") else {
        return Ok(());
    };
    if !super::openapi::is_valid(body) || !managed {
        return Ok(());
    }
    OpenApi::new(body)?.add_path(path, method)
}

/// The event's `RouteSettings` merged into the API's, under `"METHOD /path"` (or the
/// path alone for any method), inside the function's condition.
#[allow(clippy::too_many_arguments)]
fn fold_route_settings(
    template: &mut Template<'_>,
    function: &Function,
    event_id: &str,
    api_id: &str,
    path: &str,
    method: &str,
    properties: &Map<String, Value>,
) -> Result<(), Cause> {
    let route = if method == ANY_METHOD {
        path.to_owned()
    } else {
        format!("{} {path}", method.to_uppercase())
    };
    let Some(Value::Object(api_properties)) = template
        .resource_mut(api_id)
        .and_then(|api| api.get_mut("Properties"))
    else {
        return Ok(());
    };
    let mut settings = match api_properties.get("RouteSettings") {
        None => Map::new(),
        Some(Value::Object(settings)) => settings.clone(),
        Some(_) => {
            return Err(Cause::resource(
                api_id,
                "Property 'RouteSettings' should be a map.",
            ));
        }
    };
    let mut event_settings = properties
        .get("RouteSettings")
        .cloned()
        .unwrap_or(json!({}));
    if let Some(condition) = &function.condition {
        event_settings =
            crate::intrinsics::fn_if(condition, event_settings, crate::intrinsics::no_value());
    }
    let Value::Object(event_settings) = event_settings else {
        return Err(Cause::event(
            &function.logical_id,
            event_id,
            "Property 'RouteSettings' should be a map.",
        ));
    };
    if let Value::Object(route_settings) = settings.entry(route).or_insert_with(|| json!({})) {
        route_settings.extend(event_settings);
    }
    api_properties.insert("RouteSettings".to_owned(), Value::Object(settings));
    Ok(())
}

#[cfg(test)]
mod tests;
