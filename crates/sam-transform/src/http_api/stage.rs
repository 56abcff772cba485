//! An HttpApi's `AWS::ApiGatewayV2::Stage`: always generated, auto-deployed, `$default`
//! unless `StageName` says otherwise, with the stage settings of the SAM resource.

use serde_json::{Map, Value, json};

use super::auth::is_truthy;

/// The stage API Gateway serves at the root of the API's URL.
const DEFAULT_STAGE: &str = "$default";

/// The stage's logical id: `<Api><Name>Stage` for an alphanumeric name,
/// `<Api>ApiGatewayDefaultStage` for `$default`, otherwise `<Api>Stage` and a hash of the
/// name (nothing for an intrinsic name: an API has one stage).
pub(super) fn stage_id(logical_id: &str, stage_name: &Value) -> String {
    let name = stage_name.as_str().unwrap_or_default();
    if !name.is_empty() && name.chars().all(char::is_alphanumeric) {
        format!("{logical_id}{name}Stage")
    } else if name == DEFAULT_STAGE {
        format!("{logical_id}ApiGatewayDefaultStage")
    } else {
        crate::ids::logical_id(&format!("{logical_id}Stage"), &json!(name))
    }
}

/// The stage of HttpApi `logical_id` with SAM `properties`; `tags` are the API's tags as
/// its body has them (with `httpapi:createdBy`).
pub(super) fn stage(
    logical_id: &str,
    properties: &Map<String, Value>,
    tags: Option<Value>,
) -> (String, Value) {
    let stage_name = properties
        .get("StageName")
        .filter(|name| is_truthy(name))
        .cloned()
        .unwrap_or_else(|| json!(DEFAULT_STAGE));
    let mut stage = Map::new();
    stage.insert("ApiId".to_owned(), json!({"Ref": logical_id}));
    stage.insert("StageName".to_owned(), stage_name.clone());
    for name in [
        "StageVariables",
        "AccessLogSettings",
        "DefaultRouteSettings",
    ] {
        if let Some(value) = properties.get(name).filter(|v| !v.is_null()) {
            stage.insert(name.to_owned(), value.clone());
        }
    }
    if let Some(tags) = tags.filter(|t| !t.is_null()) {
        stage.insert("Tags".to_owned(), tags);
    }
    stage.insert("AutoDeploy".to_owned(), Value::Bool(true));
    if let Some(value) = properties.get("RouteSettings").filter(|v| !v.is_null()) {
        stage.insert("RouteSettings".to_owned(), value.clone());
    }
    (
        stage_id(logical_id, &stage_name),
        json!({"Type": "AWS::ApiGatewayV2::Stage", "Properties": stage}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_ids_follow_the_translator_s_rules() {
        assert_eq!(stage_id("MyHttp", &json!("prod")), "MyHttpprodStage");
        assert_eq!(stage_id("A", &json!("$default")), "AApiGatewayDefaultStage");
        assert_eq!(stage_id("A", &json!("my-stage")), "AStagea9d64949ee");
        assert_eq!(stage_id("A", &json!({"Ref": "Stage"})), "AStage");
    }
}
