//! Push event sources from other AWS services: `AlexaSkill`, `IoTRule`, `CloudWatchLogs`
//! (a permission and the service's own resource) and `Cognito` (a permission and the
//! user pool's `LambdaConfig`).

use serde_json::{Map, Value, json};

use super::{Source, copy_set, is_truthy};
use crate::error::Cause;
use crate::intrinsics::{get_att, reference, sub_with};
use crate::property_types::{Check, PropertyType, optional, required};
use crate::template::Template;

const ALEXA_TYPES: &[PropertyType] = &[optional("SkillId", Check::Str)];
const IOT_TYPES: &[PropertyType] = &[
    required("Sql", Check::Str),
    optional("AwsIotSqlVersion", Check::Str),
];
const LOGS_TYPES: &[PropertyType] = &[
    required("LogGroupName", Check::Str),
    required("FilterPattern", Check::Str),
];
const COGNITO_TYPES: &[PropertyType] = &[
    required("UserPool", Check::Str),
    required("Trigger", Check::Any),
];

/// `AlexaSkill`: the permission for the Alexa Skills Kit (for `SkillId` when given).
pub(super) fn alexa_skill(source: &Source<'_>) -> Result<Vec<(String, Value)>, Cause> {
    source.check("AlexaSkill", ALEXA_TYPES)?;
    let (id, mut permission) = source.permission("alexa-appkit.amazon.com", None, None);
    if let (Some(skill), Some(Value::Object(properties))) =
        (source.get("SkillId"), permission.get_mut("Properties"))
    {
        properties.insert("EventSourceToken".to_owned(), skill.clone());
    }
    Ok(vec![(id, permission)])
}

/// `IoTRule`: the permission for IoT, and the topic rule invoking the function.
pub(super) fn iot_rule(
    template: &Template<'_>,
    source: &Source<'_>,
) -> Result<Vec<(String, Value)>, Cause> {
    source.check("IoTRule", IOT_TYPES)?;
    let mut rule_name = Map::new();
    rule_name.insert("RuleName".to_owned(), reference(&source.logical_id));
    let source_arn = sub_with(
        &format!(
            "arn:{}:iot:${{AWS::Region}}:${{AWS::AccountId}}:rule/${{RuleName}}",
            template.options.partition()
        ),
        rule_name,
    );
    let permission = source.permission(
        "iot.amazonaws.com",
        Some(source_arn),
        Some(json!({"Fn::Sub": "${AWS::AccountId}"})),
    );
    let mut payload = Map::new();
    payload.insert(
        "Sql".to_owned(),
        source.get("Sql").cloned().unwrap_or(Value::Null),
    );
    payload.insert("RuleDisabled".to_owned(), json!(false));
    payload.insert(
        "Actions".to_owned(),
        json!([{"Lambda": {"FunctionArn": source.function_arn()}}]),
    );
    if let Some(version) = source
        .get("AwsIotSqlVersion")
        .filter(|v| is_truthy(Some(v)))
    {
        payload.insert("AwsIotSqlVersion".to_owned(), version.clone());
    }
    let mut rule = Map::new();
    rule.insert("TopicRulePayload".to_owned(), Value::Object(payload));
    Ok(vec![
        permission,
        (
            source.logical_id.clone(),
            source.resource("AWS::IoT::TopicRule", rule),
        ),
    ])
}

/// `CloudWatchLogs`: the permission for CloudWatch Logs, and a subscription filter on the
/// log group sending to the function (after the permission exists).
pub(super) fn cloudwatch_logs(
    template: &Template<'_>,
    source: &Source<'_>,
) -> Result<Vec<(String, Value)>, Cause> {
    source.check("CloudWatchLogs", LOGS_TYPES)?;
    let log_group = source.get("LogGroupName").cloned().unwrap_or(Value::Null);
    let mut variables = Map::new();
    variables.insert("__LogGroupName__".to_owned(), log_group);
    let source_arn = sub_with(
        &format!(
            "arn:{}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:${{__LogGroupName__}}:*",
            template.options.partition()
        ),
        variables,
    );
    let permission = source.permission("logs.amazonaws.com", Some(source_arn), None);
    let mut filter = Map::new();
    copy_set(source, &mut filter, &["LogGroupName", "FilterPattern"]);
    filter.insert("DestinationArn".to_owned(), source.function_arn());
    let mut resource = source.resource("AWS::Logs::SubscriptionFilter", filter);
    if let Value::Object(map) = &mut resource {
        map.insert("DependsOn".to_owned(), json!([permission.0]));
    }
    Ok(vec![
        permission.clone(),
        (source.logical_id.clone(), resource),
    ])
}

/// `Cognito`: the permission `<Fn>CognitoPermission` for the user pool, which must be in
/// the template and gains the function in its `LambdaConfig` for each trigger.
pub(super) fn cognito(
    template: &mut Template<'_>,
    source: &Source<'_>,
) -> Result<Vec<(String, Value)>, Cause> {
    source.check("Cognito", COGNITO_TYPES)?;
    let pool_id = user_pool_id(template, source)?;
    let (_, permission) = source.permission(
        "cognito-idp.amazonaws.com",
        Some(get_att(&pool_id, "Arn")),
        None,
    );
    let permission_id = format!("{}CognitoPermission", source.function_logical_id());
    let triggers = match source.get("Trigger") {
        Some(Value::Array(triggers)) => triggers.clone(),
        Some(trigger) => vec![trigger.clone()],
        None => Vec::new(),
    };
    let arn = source.function_arn();
    let Some(Value::Object(pool)) = template.resource_mut(&pool_id) else {
        return Err(
            source.error("Cognito events must reference a Cognito UserPool in the same template.")
        );
    };
    let properties = pool.entry("Properties").or_insert_with(|| json!({}));
    let Value::Object(properties) = properties else {
        return Err(Cause::resource(
            &pool_id,
            "Properties of a resource must be an object.",
        ));
    };
    let Value::Object(lambda_config) = properties
        .entry("LambdaConfig")
        .or_insert_with(|| json!({}))
    else {
        return Err(Cause::resource(
            &pool_id,
            "Property 'LambdaConfig' should be a map.",
        ));
    };
    for trigger in triggers {
        let name = trigger
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| trigger.to_string());
        if lambda_config.contains_key(&name) {
            return Err(source.error(format!(
                "Cognito trigger \"{}\" defined multiple times.",
                python_repr(source.get("Trigger"))
            )));
        }
        lambda_config.insert(name, arn.clone());
    }
    Ok(vec![(permission_id, permission)])
}

/// The id of the template's user pool the event's `UserPool: !Ref P` names.
fn user_pool_id(template: &Template<'_>, source: &Source<'_>) -> Result<String, Cause> {
    match source
        .properties
        .get("UserPool")
        .and_then(|pool| pool.get("Ref"))
    {
        Some(Value::String(id)) if template.resource(id).is_some() => Ok(id.clone()),
        Some(Value::String(_)) | None => {
            Err(source
                .error("Cognito events must reference a Cognito UserPool in the same template."))
        }
        Some(_) => Err(Cause::event(
            &source.function.logical_id,
            &source.logical_id,
            "Ref in Userpool is not a string.",
        )),
    }
}

/// Python's `str()` of a trigger name or list of names.
fn python_repr(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(items)) => {
            let shown: Vec<String> = items
                .iter()
                .map(|item| match item {
                    Value::String(text) => format!("'{text}'"),
                    other => other.to_string(),
                })
                .collect();
            format!("[{}]", shown.join(", "))
        }
        Some(other) => other.to_string(),
        None => "None".to_owned(),
    }
}
