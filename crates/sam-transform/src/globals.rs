//! SAM's `Globals` section merged into every SAM resource (`../shared/reference/sam-cdk.md`
//! A.2), as the translator's Globals plugin does it, after the implicit APIs exist (so
//! `ServerlessRestApi` and `ServerlessHttpApi` receive `Globals.Api` and `Globals.HttpApi`):
//!
//! 1. read the section: each name a supported section, each property on its allow-list
//!    (errors stop the transform at once);
//! 2. merge each section into the resources of its type, minus what the resource's
//!    `IgnoreGlobals` names (rules in [`merge`]);
//! 3. remove the section;
//! 4. give SAM-managed REST API bodies the `openapi` version a global `OpenApiVersion`
//!    asks for.

mod merge;
mod sections;

use indexmap::IndexMap;
use serde_json::{Map, Value};

use crate::error::Cause;
use crate::ids::python_json;
use crate::template::Template;

use crate::python::is_falsy;
use sections::{SAM_RESOURCE_TYPES, SECTIONS};

const RESOURCE_PREFIX: &str = "AWS::Serverless::";

/// Resource type → its section's name and global properties.
type Sections = IndexMap<String, (&'static str, Map<String, Value>)>;

/// Merges `Globals` into the resources they apply to and removes the section.
pub(crate) fn apply(template: &mut Template<'_>) -> Result<(), Cause> {
    let sections = match template.document.get("Globals") {
        Some(globals) => read_sections(globals)?,
        None => IndexMap::new(),
    };
    merge_into_resources(template, &sections)?;
    template.document.shift_remove("Globals");
    set_openapi_versions(template);
    Ok(())
}

/// The Globals section as resource type → its global properties, checked against the
/// allow-lists.
fn read_sections(globals: &Value) -> Result<Sections, Cause> {
    let Value::Object(globals) = globals else {
        return Err(Cause::globals("It must be a non-empty dictionary"));
    };
    let mut sections = IndexMap::new();
    for (name, properties) in globals {
        let Some((section, allowed)) = SECTIONS.iter().find(|(section, _)| section == name) else {
            let mut names: Vec<&str> = SECTIONS.iter().map(|(section, _)| *section).collect();
            names.sort_unstable();
            return Err(Cause::globals(format!(
                "'{name}' is not supported. Must be one of the following values - {}",
                python_list(&names)
            )));
        };
        let Value::Object(properties) = properties else {
            // The translator's message has this placeholder unfilled.
            return Err(Cause::globals("Value of ${section} must be a dictionary"));
        };
        if let Some(unknown) = properties
            .keys()
            .find(|key| !allowed.contains(&key.as_str()))
        {
            return Err(Cause::globals(format!(
                "'{unknown}' is not a supported property of '{name}'. Must be one of the following values - {}",
                python_list(allowed)
            )));
        }
        sections.insert(
            format!("{RESOURCE_PREFIX}{section}"),
            (*section, properties.clone()),
        );
    }
    Ok(sections)
}

/// Each SAM resource's properties with its section's globals merged in.
fn merge_into_resources(template: &mut Template<'_>, sections: &Sections) -> Result<(), Cause> {
    for (logical_id, resource) in template.resources_mut().iter_mut() {
        let Value::Object(resource) = resource else {
            continue;
        };
        if resource.get("Condition").is_some_and(|c| !c.is_string()) {
            return Err(Cause::structure("Every Condition member must be a string."));
        }
        let resource_type = match resource.get("Type").and_then(Value::as_str) {
            Some(t) if SAM_RESOURCE_TYPES.contains(&t) => t.to_owned(),
            _ => continue,
        };
        let local = match resource.get("Properties") {
            Some(Value::Object(properties)) => properties.clone(),
            _ => Map::new(),
        };
        let merged = match sections.get(&resource_type) {
            Some((section, global)) => {
                let global = globals_for(logical_id, global, resource.get("IgnoreGlobals"))?;
                merge::merge_properties(section, &global, &local)
            }
            None => local,
        };
        resource.insert("Properties".to_owned(), Value::Object(merged));
    }
    Ok(())
}

/// The global properties a resource takes: all of them, none (`IgnoreGlobals: "*"`) or
/// all but those its `IgnoreGlobals` list names.
fn globals_for(
    logical_id: &str,
    global: &Map<String, Value>,
    ignore_globals: Option<&Value>,
) -> Result<Map<String, Value>, Cause> {
    let invalid = |detail: String| {
        Cause::resource(
            logical_id,
            format!(
                "Resource {logical_id} has invalid resource attribute 'IgnoreGlobals'{detail}."
            ),
        )
    };
    match ignore_globals {
        None => Ok(global.clone()),
        Some(value) if is_falsy(value) => Ok(global.clone()),
        Some(Value::String(star)) if star == "*" => Ok(Map::new()),
        Some(Value::Array(names)) => {
            let mut kept = global.clone();
            for name in names {
                let removed = name.as_str().and_then(|name| kept.shift_remove(name));
                if removed.is_none() {
                    return Err(invalid(format!(" on item '{}'", python_str(name))));
                }
            }
            Ok(kept)
        }
        Some(_) => Err(invalid(String::new())),
    }
}

/// A global `OpenApiVersion` of 3.x turns a SAM-managed REST API body (one the translator
/// created, marked `__MANAGE_SWAGGER`) into an OpenAPI document of that version.
fn set_openapi_versions(template: &mut Template<'_>) {
    for resource in template.resources_mut().values_mut() {
        if resource.get("Type").and_then(Value::as_str) != Some("AWS::Serverless::Api") {
            continue;
        }
        let Some(Value::Object(properties)) = resource.get_mut("Properties") else {
            continue;
        };
        if !properties.contains_key("__MANAGE_SWAGGER") {
            continue;
        }
        let Some(version) = properties.get("OpenApiVersion").map(python_str) else {
            continue;
        };
        if !is_openapi_3(&version) {
            continue;
        }
        properties.insert("OpenApiVersion".to_owned(), Value::String(version.clone()));
        if let Some(Value::Object(body)) = properties.get_mut("DefinitionBody") {
            body.insert("openapi".to_owned(), Value::String(version));
            if body
                .get("swagger")
                .is_some_and(|swagger| !is_falsy(swagger))
            {
                body.shift_remove("swagger");
            }
        }
    }
}

/// `3.d` or `3.d.d` (one digit each), as the translator's version check matches it.
pub(crate) fn is_openapi_3(version: &str) -> bool {
    let version = version.strip_suffix('\n').unwrap_or(version);
    let Some(rest) = version.strip_prefix('3') else {
        return false;
    };
    let bytes = rest.as_bytes();
    let part = |at: usize| {
        bytes.get(at) == Some(&b'.') && bytes.get(at + 1).is_some_and(u8::is_ascii_digit)
    };
    match bytes.len() {
        2 => part(0),
        4 => part(0) && part(2),
        _ => false,
    }
}

/// Python's `str()` of a JSON value (strings as themselves).
fn python_str(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Null => "None".to_owned(),
        other => python_json(other),
    }
}

/// Python's `repr()` of a list of plain strings: `['a', 'b']`.
fn python_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("'{item}'")).collect();
    format!("[{}]", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_unknown_section_lists_the_supported_names_sorted() {
        let error = read_sections(&json!({"Functions": {}})).unwrap_err();
        assert_eq!(
            error.message,
            "'Globals' section is invalid. 'Functions' is not supported. Must be one of the following values - \
             ['Api', 'CapacityProvider', 'Function', 'HttpApi', 'LayerVersion', 'MicrovmImage', \
             'NetworkConnector', 'SimpleTable', 'StateMachine', 'WebSocketApi']"
        );
    }

    #[test]
    fn a_property_off_the_allow_list_is_refused() {
        let error = read_sections(&json!({"SimpleTable": {"TableName": "t"}})).unwrap_err();
        assert_eq!(
            error.message,
            "'Globals' section is invalid. 'TableName' is not a supported property of 'SimpleTable'. \
             Must be one of the following values - ['SSESpecification']"
        );
    }

    #[test]
    fn ignore_globals_removes_named_properties_and_refuses_unknown_ones() {
        let global = json!({"Runtime": "x", "Timeout": 3});
        let Value::Object(global) = global else {
            unreachable!()
        };
        assert_eq!(
            globals_for("F", &global, Some(&json!(["Runtime"]))).unwrap(),
            *json!({"Timeout": 3}).as_object().unwrap()
        );
        assert!(
            globals_for("F", &global, Some(&json!("*")))
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            globals_for("F", &global, Some(&json!(["Handler"])))
                .unwrap_err()
                .message,
            "Resource with id [F] is invalid. Resource F has invalid resource attribute 'IgnoreGlobals' on item 'Handler'."
        );
        assert_eq!(
            globals_for("F", &global, Some(&json!("Runtime")))
                .unwrap_err()
                .message,
            "Resource with id [F] is invalid. Resource F has invalid resource attribute 'IgnoreGlobals'."
        );
    }

    #[test]
    fn a_global_openapi_version_rewrites_managed_bodies_only() {
        let sam = json!({
            "Globals": {"Api": {"OpenApiVersion": "3.0.1"}},
            "Resources": {
                "Managed": {"Type": "AWS::Serverless::Api", "Properties": {"__MANAGE_SWAGGER": true,
                    "DefinitionBody": {"swagger": "2.0", "paths": {}}}},
                "Own": {"Type": "AWS::Serverless::Api", "Properties": {
                    "DefinitionBody": {"swagger": "2.0", "paths": {}}}},
                "Local": {"Type": "AWS::Serverless::Api", "Properties": {"__MANAGE_SWAGGER": true,
                    "OpenApiVersion": "2.0", "DefinitionBody": {"swagger": "2.0"}}}
            }
        });
        let options = crate::Options::default();
        let mut template = Template::new(&sam, &options).expect("template");
        apply(&mut template).expect("globals");
        let body = |id: &str| template.resources()[id]["Properties"]["DefinitionBody"].clone();
        assert_eq!(body("Managed"), json!({"openapi": "3.0.1", "paths": {}}));
        assert_eq!(body("Own"), json!({"swagger": "2.0", "paths": {}}));
        assert_eq!(body("Local"), json!({"swagger": "2.0"}));
        assert!(!template.document.contains_key("Globals"));
    }

    #[test]
    fn openapi_3_versions_are_those_the_translator_accepts() {
        assert!(is_openapi_3("3.0"));
        assert!(is_openapi_3("3.0.1"));
        assert!(!is_openapi_3("3"));
        assert!(!is_openapi_3("2.0"));
        assert!(!is_openapi_3("3.0.10"));
    }
}
