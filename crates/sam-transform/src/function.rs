//! `AWS::Serverless::Function` → `AWS::Lambda::Function`, its role, version and alias,
//! URL, and what its events generate (`../shared/reference/sam-cdk.md` A.3–A.8).

pub(crate) mod alias;
mod attributes;
mod capacity;
pub(crate) mod code;
mod event_invoke;
mod lambda;
mod policies;
mod properties;
mod role;
pub(crate) mod tags;
mod url;

use serde_json::{Map, Value, json};

use crate::error::Cause;
use crate::events::{self, FunctionTarget};
use crate::template::Template;

use attributes::Attributes;

/// Translates function `logical_id`, recording errors on the template.
pub(crate) fn translate(template: &mut Template<'_>, logical_id: &str) {
    if let Err(cause) = translate_function(template, logical_id) {
        template.errors.push(cause);
    }
}

/// The translator's steps for one function: its properties (policy templates expanded,
/// types checked), the Lambda function, version and alias, URL, destinations, the
/// execution role, then each event.
fn translate_function(template: &mut Template<'_>, logical_id: &str) -> Result<(), Cause> {
    let resource = template
        .resource(logical_id)
        .cloned()
        .unwrap_or(Value::Null);
    let attributes = Attributes::of(&resource);
    let properties = sam_properties(logical_id, &resource)?;
    let fail = |message: String| Cause::resource(logical_id, message);
    lambda::validate(&properties).map_err(fail)?;

    let mut function = lambda::function_properties(template, &properties).map_err(fail)?;
    let function_tags = match function.get("Tags") {
        Some(Value::Array(tags)) => tags.clone(),
        _ => Vec::new(),
    };
    let version_and_alias =
        alias::version_and_alias(template, logical_id, &properties, &mut function).map_err(fail)?;
    let alias_id = version_and_alias.as_ref().map(|made| made.alias_id.clone());

    let mut generated = Vec::new();
    if let Some(made) = version_and_alias {
        generated.extend(made.resources);
    }
    if let Some(config) = properties.get("FunctionUrlConfig") {
        generated.extend(
            url::resources(logical_id, alias_id.as_deref(), config, &attributes).map_err(fail)?,
        );
    }
    let mut role_policies = lambda::dead_letter_policy(&properties);
    if let Some(config) = properties
        .get("EventInvokeConfig")
        .filter(|config| !code::is_python_falsy(config))
    {
        let owner = event_invoke::Owner {
            logical_id,
            properties: &properties,
            alias_id: alias_id.as_deref(),
            attributes: &attributes,
        };
        let made = event_invoke::resources(template, &owner, config)?;
        generated.extend(made.resources);
        role_policies.extend(made.role_policies);
    }

    let role = role::role_properties(
        template,
        logical_id,
        role::RoleInputs {
            properties: &properties,
            policy_documents: role_policies,
            tags: function_tags,
        },
    )
    .map_err(|error| match error {
        role::RoleError::Resource(message) => fail(message),
        role::RoleError::Structure(message) => Cause::structure(message),
    })?;
    let role_choice = role::choose(template, logical_id, properties.get("Role")).map_err(fail)?;
    let role_id = format!("{logical_id}Role");
    let mut role_resource = None;
    match role_choice {
        role::Choice::UserRole(value) => {
            function.insert("Role".to_owned(), value);
        }
        role::Choice::Generated {
            function_role,
            condition,
        } => {
            function.insert("Role".to_owned(), function_role);
            let mut role_attributes = attributes.pass_through();
            if let Some(condition) = condition {
                role_attributes.insert("Condition".to_owned(), json!(condition));
            }
            role_resource = Some(role::role_resource(role, &role_attributes));
        }
    }

    let mut resources = vec![(
        logical_id.to_owned(),
        attributes.function_resource(function),
    )];
    resources.extend(generated);
    let generated_role_id = role_resource.as_ref().map(|_| role_id.clone());
    if let Some(role_resource) = role_resource {
        resources.push((role_id, role_resource));
    }
    template.replace(logical_id, resources)?;

    let target = FunctionTarget {
        logical_id: logical_id.to_owned(),
        reference: match &alias_id {
            Some(alias_id) => crate::intrinsics::reference(alias_id),
            None => crate::intrinsics::reference(logical_id),
        },
        arn_sub: match &alias_id {
            Some(alias_id) => format!("${{{alias_id}}}"),
            None => format!("${{{logical_id}.Arn}}"),
        },
        condition: attributes.condition(),
        role_id: generated_role_id,
    };
    let event_resources = translate_events(template, &target, properties.get("Events"))?;
    template.add_generated(logical_id, event_resources)?;
    propagate_tags(template, logical_id, &properties);
    Ok(())
}

/// The SAM resource's properties as the translator reads them: policy templates
/// expanded into statements (its policy-template plugin runs first), then every
/// property checked for its type, nulls left out.
fn sam_properties(logical_id: &str, resource: &Value) -> Result<Map<String, Value>, Cause> {
    let mut properties = match resource.get("Properties") {
        Some(Value::Object(properties)) => properties.clone(),
        _ => Map::new(),
    };
    let entries = policies::entries(properties.get("Policies"));
    if !entries.is_empty() {
        let expanded = policies::templates::expand(entries).map_err(|(message, structure)| {
            if structure {
                Cause::structure(message)
            } else {
                Cause::resource(logical_id, message)
            }
        })?;
        properties.insert("Policies".to_owned(), Value::Array(expanded));
    }
    properties::checked(&properties).map_err(|message| Cause::resource(logical_id, message))
}

/// What each event generates, in the translator's order (by `Path` when the event has
/// one, else by its id: an `HttpApi` `$default` route is seen before the others).
fn translate_events(
    template: &mut Template<'_>,
    target: &FunctionTarget,
    events: Option<&Value>,
) -> Result<Vec<(String, Value)>, Cause> {
    let Some(Value::Object(events)) = events else {
        return Ok(Vec::new());
    };
    let mut ordered: Vec<(&String, &Value)> = events.iter().collect();
    if template.python27_resources.is_some() {
        // The translator's events dict iterates in Python 2.7 order; its sort is stable.
        let order = crate::py27::Keys::from_insertions(events.keys().map(String::as_str));
        let order = order.in_order();
        ordered.sort_by_key(|(event_id, _)| order.iter().position(|key| key == event_id));
    }
    ordered.sort_by_key(|(event_id, event)| event_order_key(event_id, event));
    let mut resources = Vec::new();
    for (event_id, event) in ordered {
        resources.extend(translate_event(template, target, event_id, event)?);
    }
    Ok(resources)
}

/// What one event generates (permissions, event source mappings, rules, ...); `HttpApi`
/// and `Api` events also write their route into the API's body in `template`.
fn translate_event(
    template: &mut Template<'_>,
    function: &FunctionTarget,
    event_id: &str,
    event: &Value,
) -> Result<Vec<(String, Value)>, Cause> {
    match event.get("Type").and_then(Value::as_str) {
        Some("HttpApi") => crate::http_api::event::translate(template, function, event_id, event),
        Some("Api") => crate::rest_api::event::translate(template, function, event_id, event),
        _ => events::sources::translate(template, function, event_id, event),
    }
}

/// The key the translator sorts events by.
fn event_order_key(event_id: &str, event: &Value) -> String {
    event
        .get("Properties")
        .and_then(|properties| properties.get("Path"))
        .and_then(Value::as_str)
        .unwrap_or(event_id)
        .to_owned()
}

/// With `PropagateTags: true`, the function's `Tags` replace the tags of everything it
/// generated that takes a `Tags` list.
fn propagate_tags(template: &mut Template<'_>, logical_id: &str, properties: &Map<String, Value>) {
    if properties.get("PropagateTags") != Some(&Value::Bool(true)) {
        return;
    }
    let Some(Value::Object(tags)) = properties
        .get("Tags")
        .filter(|tags| !code::is_python_falsy(tags))
    else {
        return;
    };
    let list = Value::Array(tags::tag_list(Some(tags)));
    let generated: Vec<String> = template
        .origins
        .iter()
        .filter(|(_, origin)| origin.as_str() == logical_id)
        .map(|(id, _)| id.clone())
        .collect();
    for id in generated {
        let Some(resource) = template.resource_mut(&id) else {
            continue;
        };
        let takes_tags = resource
            .get("Type")
            .and_then(Value::as_str)
            .is_some_and(attributes::takes_tag_list);
        if let (true, Some(Value::Object(resource_properties))) =
            (takes_tags, resource.get_mut("Properties"))
        {
            resource_properties.insert("Tags".to_owned(), list.clone());
        }
    }
}

#[cfg(test)]
mod tests;
