//! `Auth.UsagePlan` of an `AWS::Serverless::Api`: `PER_API` (`<Api>UsagePlan`,
//! `<Api>ApiKey`, `<Api>UsagePlanKey`), `SHARED` (one `ServerlessUsagePlan`,
//! `ServerlessApiKey` and `ServerlessUsagePlanKey` for every Api that asks for it, with
//! their combined `DependsOn`, stages, `Condition`s and deletion policies) or `NONE`.

use serde_json::{Map, Value, json};

use super::auth::body::truthy;
use super::auth::{api_auth, pass_through_attributes};
use crate::error::Cause;
use crate::template::{SharedUsagePlan, Template};

const USAGE_PLAN_PROPERTIES: [&str; 6] = [
    "CreateUsagePlan",
    "Description",
    "Quota",
    "Tags",
    "Throttle",
    "UsagePlanName",
];
const SHARED_CONDITION: &str = "SharedUsagePlanCondition";

/// The usage plan resources of Api `api_id` whose stage is `stage_id` (the logical id of
/// its `AWS::ApiGateway::Stage`): empty without `Auth.UsagePlan` or for `NONE`. A
/// `SHARED` plan's resources are returned whole each time (the latest replaces the
/// earlier ones in the template), and `SharedUsagePlanCondition` is written to the
/// template's `Conditions` when the sharing Apis all have conditions.
pub(crate) fn translate(
    template: &mut Template<'_>,
    api_id: &str,
    stage_id: &str,
) -> Result<Vec<(String, Value)>, Cause> {
    let Some(auth) = api_auth(template, api_id)? else {
        return Ok(Vec::new());
    };
    let Some(properties) = auth.get("UsagePlan").filter(|plan| !plan.is_null()) else {
        return Ok(Vec::new());
    };
    let Value::Object(properties) = properties else {
        return Err(Cause::resource(api_id, "'UsagePlan' must be a dictionary"));
    };
    if !properties
        .keys()
        .all(|key| USAGE_PLAN_PROPERTIES.contains(&key.as_str()))
    {
        return Err(Cause::resource(api_id, "Invalid property for 'UsagePlan'"));
    }
    let attributes = pass_through_attributes(template, api_id);
    let mut resources = match properties.get("CreateUsagePlan") {
        None | Some(Value::Null) => {
            return Err(Cause::resource(
                api_id,
                "'CreateUsagePlan' is a required field for UsagePlan.",
            ));
        }
        Some(kind) if kind == "NONE" => return Ok(Vec::new()),
        Some(kind) if kind == "PER_API" => per_api(api_id, stage_id, &attributes),
        Some(kind) if kind == "SHARED" => shared(template, api_id, stage_id, &attributes)?,
        Some(_) => {
            return Err(Cause::resource(
                api_id,
                "'CreateUsagePlan' accepts one of ['SHARED', 'PER_API', 'NONE'].",
            ));
        }
    };
    if let Some((_, Value::Object(plan))) = resources.first_mut()
        && let Some(Value::Object(plan_properties)) = plan.get_mut("Properties")
    {
        for name in ["UsagePlanName", "Description", "Quota", "Tags", "Throttle"] {
            if let Some(value) = properties.get(name).filter(|value| truthy(value)) {
                plan_properties.insert(name.to_owned(), value.clone());
            }
        }
    }
    Ok(resources)
}

/// `<Api>UsagePlan`, `<Api>ApiKey` and `<Api>UsagePlanKey` for this Api's stage.
fn per_api(api_id: &str, stage_id: &str, attributes: &Map<String, Value>) -> Vec<(String, Value)> {
    let plan_id = format!("{api_id}UsagePlan");
    let key_id = format!("{api_id}ApiKey");
    let plan = resource(
        "AWS::ApiGateway::UsagePlan",
        json!({"ApiStages": [api_stage(api_id, stage_id)]}),
        &[api_id],
        attributes,
    );
    let key = resource(
        "AWS::ApiGateway::ApiKey",
        json!({"Enabled": true, "StageKeys": [stage_key(api_id, stage_id)]}),
        &[&plan_id],
        attributes,
    );
    let plan_key = usage_plan_key(&plan_id, &key_id, attributes);
    vec![
        (plan_id, plan),
        (key_id, key),
        (format!("{api_id}UsagePlanKey"), plan_key),
    ]
}

/// `ServerlessUsagePlan`, `ServerlessApiKey` and `ServerlessUsagePlanKey` with this Api
/// added to what the earlier Apis gathered.
fn shared(
    template: &mut Template<'_>,
    api_id: &str,
    stage_id: &str,
    attributes: &Map<String, Value>,
) -> Result<Vec<(String, Value)>, Cause> {
    let plan_id = "ServerlessUsagePlan";
    let key_id = "ServerlessApiKey";
    let mut shared = std::mem::take(&mut template.shared_usage_plan);
    if !shared.depends_on.iter().any(|id| id == api_id) {
        shared.depends_on.push(api_id.to_owned());
    }
    let combined = match combine_attributes(template, &mut shared, attributes) {
        Ok(combined) => combined,
        Err(cause) => {
            template.shared_usage_plan = shared;
            return Err(cause);
        }
    };
    let api_stage = api_stage(api_id, stage_id);
    if !shared.api_stages.contains(&api_stage) {
        shared.api_stages.push(api_stage);
    }
    let stage_key = stage_key(api_id, stage_id);
    if !shared.stage_keys.contains(&stage_key) {
        shared.stage_keys.push(stage_key);
    }
    let depends_on: Vec<&str> = shared.depends_on.iter().map(String::as_str).collect();
    let plan = resource(
        "AWS::ApiGateway::UsagePlan",
        json!({"ApiStages": shared.api_stages}),
        &depends_on,
        &combined,
    );
    let key = resource(
        "AWS::ApiGateway::ApiKey",
        json!({"Enabled": true, "StageKeys": shared.stage_keys}),
        &[plan_id],
        &combined,
    );
    let plan_key = usage_plan_key(plan_id, key_id, &combined);
    template.shared_usage_plan = shared;
    Ok(vec![
        (plan_id.to_owned(), plan),
        (key_id.to_owned(), key),
        ("ServerlessUsagePlanKey".to_owned(), plan_key),
    ])
}

/// The shared resources' attributes: the strongest `DeletionPolicy` and
/// `UpdateReplacePolicy` of the sharing Apis, and `SharedUsagePlanCondition` (the Apis'
/// conditions or-ed, written to the template) while every sharing Api has a condition.
fn combine_attributes(
    template: &mut Template<'_>,
    shared: &mut SharedUsagePlan,
    attributes: &Map<String, Value>,
) -> Result<Map<String, Value>, Cause> {
    if let Some(policy) = attributes.get("DeletionPolicy").filter(|p| truthy(p))
        && (shared.deletion_policy.is_none() || policy == "Retain")
    {
        shared.deletion_policy = Some(policy.clone());
    }
    if let Some(policy) = attributes.get("UpdateReplacePolicy").filter(|p| truthy(p)) {
        let stronger = policy == "Retain"
            || (policy == "Snapshot"
                && shared
                    .update_replace_policy
                    .as_ref()
                    .is_some_and(|p| p == "Delete"));
        if shared.update_replace_policy.is_none() || stronger {
            shared.update_replace_policy = Some(policy.clone());
        }
    }
    combine_condition(template, shared, attributes.get("Condition"))?;
    let mut combined = Map::new();
    if let Some(policy) = &shared.deletion_policy {
        combined.insert("DeletionPolicy".into(), policy.clone());
    }
    if let Some(policy) = &shared.update_replace_policy {
        combined.insert("UpdateReplacePolicy".into(), policy.clone());
    }
    if !shared.conditions.is_empty() && !shared.any_api_without_condition {
        combined.insert("Condition".into(), json!(SHARED_CONDITION));
    }
    Ok(combined)
}

fn combine_condition(
    template: &mut Template<'_>,
    shared: &mut SharedUsagePlan,
    condition: Option<&Value>,
) -> Result<(), Cause> {
    if shared.any_api_without_condition {
        return Ok(());
    }
    let condition = condition.filter(|c| truthy(c));
    let Some(condition) = condition else {
        shared.any_api_without_condition = true;
        if let Some(Value::Object(conditions)) = template.document.get_mut("Conditions") {
            conditions.shift_remove(SHARED_CONDITION);
        }
        return Ok(());
    };
    let name = super::auth::authorizer::python_str(condition);
    if shared.conditions.contains(&name) {
        return Ok(());
    }
    let Some(Value::Object(conditions)) = template.document.get_mut("Conditions") else {
        return Err(Cause::structure(
            "Can't have condition without having 'Conditions' section in the template",
        ));
    };
    shared.conditions.push(name.clone());
    let value = if shared.conditions.len() == 1 {
        json!(name)
    } else {
        let or: Vec<Value> = shared
            .conditions
            .iter()
            .map(|condition| json!({ "Condition": condition }))
            .collect();
        json!({ "Fn::Or": or })
    };
    conditions.insert(SHARED_CONDITION.into(), value);
    Ok(())
}

fn api_stage(api_id: &str, stage_id: &str) -> Value {
    json!({"ApiId": {"Ref": api_id}, "Stage": {"Ref": stage_id}})
}

fn stage_key(api_id: &str, stage_id: &str) -> Value {
    json!({"RestApiId": {"Ref": api_id}, "StageName": {"Ref": stage_id}})
}

fn usage_plan_key(plan_id: &str, key_id: &str, attributes: &Map<String, Value>) -> Value {
    resource(
        "AWS::ApiGateway::UsagePlanKey",
        json!({"KeyId": {"Ref": key_id}, "KeyType": "API_KEY", "UsagePlanId": {"Ref": plan_id}}),
        &[key_id],
        attributes,
    )
}

fn resource(
    resource_type: &str,
    properties: Value,
    depends_on: &[&str],
    attributes: &Map<String, Value>,
) -> Value {
    let mut resource = Map::new();
    resource.insert("Type".into(), json!(resource_type));
    resource.insert("Properties".into(), properties);
    resource.insert("DependsOn".into(), json!(depends_on));
    resource.extend(attributes.clone());
    Value::Object(resource)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Options;

    fn api(condition: Option<&str>) -> Value {
        let mut api = json!({"Type": "AWS::Serverless::Api",
            "Properties": {"StageName": "p", "Auth": {"UsagePlan": {"CreateUsagePlan": "SHARED"}}}});
        if let Some(condition) = condition {
            api["Condition"] = json!(condition);
        }
        api
    }

    fn shared_plans(apis: Value) -> (Value, Option<Value>) {
        let options = Options::default();
        let document = json!({"Conditions": {"C1": {}, "C2": {}}, "Resources": apis});
        let mut template = Template::new(&document, &options).unwrap();
        let mut plan = Value::Null;
        for api_id in ["A", "B"] {
            let generated = translate(&mut template, api_id, &format!("{api_id}pStage")).unwrap();
            plan = generated[0].1.clone();
        }
        let condition = template.document["Conditions"]
            .get(SHARED_CONDITION)
            .cloned();
        (plan, condition)
    }

    #[test]
    fn apis_with_conditions_share_a_plan_under_their_or() {
        let (plan, condition) = shared_plans(json!({"A": api(Some("C1")), "B": api(Some("C2"))}));
        assert_eq!(plan["Condition"], SHARED_CONDITION);
        assert_eq!(plan["DependsOn"], json!(["A", "B"]));
        assert_eq!(
            condition,
            Some(json!({"Fn::Or": [{"Condition": "C1"}, {"Condition": "C2"}]}))
        );
    }

    #[test]
    fn one_api_without_a_condition_removes_the_shared_condition() {
        let (plan, condition) = shared_plans(json!({"A": api(Some("C1")), "B": api(None)}));
        assert!(plan.get("Condition").is_none());
        assert_eq!(condition, None);
        assert_eq!(
            plan["Properties"]["ApiStages"].as_array().map(Vec::len),
            Some(2)
        );
    }
}
