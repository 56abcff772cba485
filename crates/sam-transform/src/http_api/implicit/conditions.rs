//! The resource attributes of the implicit API and of SAM-managed paths, from the
//! functions whose events made them: conditions (when every route has one, the API or
//! path exists only under them: one condition, or a generated `Fn::Or` of several) and
//! the strongest `DeletionPolicy`/`UpdateReplacePolicy`.

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use super::super::MANAGED_BODY;
use super::super::openapi::OpenApi;
use super::{ApiUsage, IMPLICIT_API};
use crate::error::Cause;
use crate::template::Template;

/// The condition of the implicit API when its routes have several conditions.
const IMPLICIT_API_CONDITION: &str = "ServerlessHttpApiCondition";
/// What `Fn::Or` accepts at most.
const MAX_OR_CONDITIONS: usize = 10;

/// The conditions of every route of an API, when every route has one.
fn all_conditions<'u>(methods: impl Iterator<Item = &'u Option<String>>) -> Option<Vec<String>> {
    let mut conditions = Vec::new();
    for condition in methods {
        let condition = condition.clone()?;
        if !conditions.contains(&condition) {
            conditions.push(condition);
        }
    }
    conditions.sort();
    (!conditions.is_empty()).then_some(conditions)
}

/// The implicit API exists only under its functions' conditions when all have one.
pub(super) fn add_condition_to_implicit_api(template: &mut Template<'_>, usage: &ApiUsage) {
    let Some(paths) = usage.conditions.get(IMPLICIT_API) else {
        return;
    };
    let Some(conditions) = all_conditions(paths.values().flat_map(IndexMap::values)) else {
        return;
    };
    let condition = match conditions.as_slice() {
        [single] => single.clone(),
        _ => {
            add_combined_condition(template, IMPLICIT_API_CONDITION, conditions);
            IMPLICIT_API_CONDITION.to_owned()
        }
    };
    if let Some(Value::Object(api)) = template.resource_mut(IMPLICIT_API) {
        api.insert("Condition".to_owned(), Value::String(condition));
    }
}

/// In every SAM-managed body, a path whose methods all have conditions exists only
/// under them (one condition, or a generated `Fn::Or` of several).
pub(super) fn make_paths_conditional(
    template: &mut Template<'_>,
    usage: &ApiUsage,
) -> Result<(), Cause> {
    for api_id in template.ids_of_type("AWS::Serverless::HttpApi") {
        let Some(mut body) = managed_body(template, &api_id) else {
            continue;
        };
        let mut editor = OpenApi::new(&mut body)?;
        for path in editor.path_names() {
            let methods = usage
                .conditions
                .get(&api_id)
                .and_then(|paths| paths.get(&path));
            let Some(conditions) = methods.and_then(|m| all_conditions(m.values())) else {
                continue;
            };
            let condition = match conditions.as_slice() {
                [single] => single.clone(),
                _ => {
                    let name = format!(
                        "{api_id}{}PathCondition",
                        path.replace('/', "SLASH")
                            .replace('{', "OB")
                            .replace('}', "CB")
                    );
                    add_combined_condition(template, &name, conditions);
                    name
                }
            };
            editor.make_path_conditional(&path, &condition);
        }
        if let Some(Value::Object(properties)) = template
            .resource_mut(&api_id)
            .and_then(|api| api.get_mut("Properties"))
        {
            properties.insert("DefinitionBody".to_owned(), body);
        }
    }
    Ok(())
}

fn managed_body(template: &Template<'_>, api_id: &str) -> Option<Value> {
    let properties = template.resource(api_id)?.get("Properties")?;
    if !properties
        .get(MANAGED_BODY)
        .is_some_and(super::super::auth::is_truthy)
    {
        return None;
    }
    properties.get("DefinitionBody").cloned()
}

/// Template conditions `name` (and `name1`, `name2`, ... when more than ten) that are
/// true when any of `conditions` is.
fn add_combined_condition(template: &mut Template<'_>, name: &str, conditions: Vec<String>) {
    let combined = combined_conditions(name, conditions);
    let section = template
        .document
        .entry("Conditions")
        .or_insert_with(|| json!({}));
    if let Value::Object(section) = section {
        section.extend(combined);
    }
}

/// The translator's `make_combined_condition`: `Fn::Or`s of at most ten conditions,
/// chained through numbered names.
pub(crate) fn combined_conditions(name: &str, mut conditions: Vec<String>) -> Map<String, Value> {
    let mut out = Map::new();
    if conditions.len() < 2 {
        return out;
    }
    let mut remaining_numbers = (conditions.len() - 2) / (MAX_OR_CONDITIONS - 1);
    while conditions.len() > 1 {
        let mut new_name = name.to_owned();
        if remaining_numbers > 0 {
            new_name = format!("{name}{remaining_numbers}");
            remaining_numbers -= 1;
        }
        let take = conditions.len().min(MAX_OR_CONDITIONS);
        let group: Vec<Value> = conditions
            .drain(..take)
            .map(|condition| json!({"Condition": condition}))
            .collect();
        conditions.push(new_name.clone());
        out.insert(new_name, json!({"Fn::Or": group}));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_conditions_chain_through_numbered_names() {
        let conditions: Vec<String> = (0..12).map(|i| format!("C{i:02}")).collect();
        let combined = combined_conditions("Api", conditions);
        assert_eq!(combined.len(), 2);
        assert_eq!(combined["Api1"]["Fn::Or"].as_array().unwrap().len(), 10);
        assert_eq!(
            combined["Api"]["Fn::Or"],
            json!([{"Condition": "C10"}, {"Condition": "C11"}, {"Condition": "Api1"}])
        );
    }
}
