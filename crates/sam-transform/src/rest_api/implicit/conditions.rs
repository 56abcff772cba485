//! The conditions of implicit and managed APIs: an API (or a path) whose methods all come
//! from conditional functions gets their condition, or a generated `Fn::Or` of them.

use serde_json::{Value, json};

use super::{IMPLICIT_API_ID, Usage};
use crate::error::Cause;
use crate::rest_api::swagger;
use crate::template::Template;

const IMPLICIT_API_CONDITION: &str = "ServerlessRestApiCondition";

/// The implicit API is conditional when every method on it is: on that one condition,
/// or on `ServerlessRestApiCondition`, their `Fn::Or`.
pub(super) fn add_condition(template: &mut Template<'_>, usage: &Usage) -> Result<(), Cause> {
    let Some(paths) = usage
        .conditions
        .get(IMPLICIT_API_ID)
        .filter(|p| !p.is_empty())
    else {
        return Ok(());
    };
    let conditions: Vec<&Option<String>> = paths.values().flat_map(|m| m.values()).collect();
    if conditions.is_empty() || conditions.iter().any(|c| c.is_none()) {
        return Ok(());
    }
    let mut names: Vec<String> = conditions.into_iter().flatten().cloned().collect();
    names.sort();
    names.dedup();
    let condition = if let [only] = names.as_slice() {
        only.clone()
    } else {
        add_combined_condition(template, IMPLICIT_API_CONDITION, names);
        IMPLICIT_API_CONDITION.to_owned()
    };
    if let Some(Value::Object(api)) = template.resource_mut(IMPLICIT_API_ID) {
        api.insert("Condition".into(), json!(condition));
    }
    Ok(())
}

/// Paths of managed bodies whose methods all come from conditional functions are
/// wrapped in that condition (or `<Api><path>PathCondition`, their `Fn::Or`).
pub(super) fn make_paths_conditional(
    template: &mut Template<'_>,
    usage: &Usage,
) -> Result<(), Cause> {
    for api_id in template.ids_of_type("AWS::Serverless::Api") {
        let Some(properties) = template.resource(&api_id).and_then(|a| a.get("Properties")) else {
            continue;
        };
        if !properties
            .get("__MANAGE_SWAGGER")
            .is_some_and(swagger::is_truthy)
        {
            continue;
        }
        let paths: Vec<String> = properties
            .get("DefinitionBody")
            .and_then(swagger::paths)
            .map(|paths| paths.keys().cloned().collect())
            .unwrap_or_default();
        for path in paths {
            let Some(methods) = usage.conditions.get(&api_id).and_then(|a| a.get(&path)) else {
                continue;
            };
            if methods.is_empty() || methods.values().any(Option::is_none) {
                continue;
            }
            let mut names: Vec<String> = methods.values().flatten().cloned().collect();
            names.sort();
            names.dedup();
            let condition = if let [only] = names.as_slice() {
                only.clone()
            } else {
                let name = path_condition_name(&api_id, &path);
                add_combined_condition(template, &name, names);
                name
            };
            if let Some(body) = template
                .resource_mut(&api_id)
                .and_then(|a| a.get_mut("Properties"))
                .and_then(|p| p.get_mut("DefinitionBody"))
            {
                swagger::make_path_conditional(body, &path, &condition);
            }
        }
    }
    Ok(())
}

/// `<Api><path>PathCondition` with `/` as `SLASH`, `{` as `OB` and `}` as `CB`.
fn path_condition_name(api_id: &str, path: &str) -> String {
    let path = path
        .replace('/', "SLASH")
        .replace('{', "OB")
        .replace('}', "CB");
    format!("{api_id}{path}PathCondition")
}

/// Adds `name` = `Fn::Or` of the (sorted) conditions to `Conditions`; more than ten
/// are chained through `<name>1`, `<name>2`, ... as the translator chains them.
pub(crate) fn add_combined_condition(
    template: &mut Template<'_>,
    name: &str,
    conditions: Vec<String>,
) {
    const MAX_PER_OR: usize = 10;
    if conditions.len() < 2 {
        return;
    }
    let mut remaining = conditions;
    let mut extra = (remaining.len() - 2) / (MAX_PER_OR - 1);
    let mut generated = Vec::new();
    while remaining.len() > 1 {
        let condition_name = if extra > 0 {
            let numbered = format!("{name}{extra}");
            extra -= 1;
            numbered
        } else {
            name.to_owned()
        };
        let split = remaining.len().min(MAX_PER_OR);
        let chunk: Vec<Value> = remaining
            .drain(..split)
            .map(|c| json!({"Condition": c}))
            .collect();
        remaining.push(condition_name.clone());
        generated.push((condition_name, json!({"Fn::Or": chunk})));
    }
    let conditions = template
        .document
        .entry("Conditions")
        .or_insert_with(|| json!({}));
    if let Value::Object(conditions) = conditions {
        conditions.extend(generated);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_condition_names_spell_out_slashes_and_braces() {
        assert_eq!(
            path_condition_name("ServerlessRestApi", "/a/{id}"),
            "ServerlessRestApiSLASHaSLASHOBidCBPathCondition"
        );
    }

    #[test]
    fn many_conditions_are_chained_ten_at_a_time() {
        let options = crate::Options::default();
        let sam = json!({"Resources": {"A": {"Type": "AWS::SNS::Topic"}}});
        let mut template = Template::new(&sam, &options).unwrap();
        let names: Vec<String> = (0..11).map(|i| format!("C{i:02}")).collect();
        add_combined_condition(&mut template, "X", names);
        let conditions = &template.document["Conditions"];
        assert_eq!(conditions["X1"]["Fn::Or"].as_array().unwrap().len(), 10);
        assert_eq!(
            conditions["X"]["Fn::Or"],
            json!([{"Condition": "C10"}, {"Condition": "X1"}])
        );
    }
}
