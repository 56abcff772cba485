//! The `AWS::ApiGateway::Deployment` and `AWS::ApiGateway::Stage` of a REST API.

use serde_json::{Map, Value, json};

use crate::ids;
use crate::intrinsics;

/// The stage-related properties of the SAM Api.
pub(crate) struct StageProperties<'p> {
    /// The SAM Api's properties (Globals merged).
    pub(crate) properties: &'p Map<String, Value>,
    /// `Condition`, `DeletionPolicy`, `UpdateReplacePolicy` of the SAM Api.
    pub(crate) passthrough: &'p Map<String, Value>,
}

/// The deployment's logical id and resource. Its id is `<Api>Deployment` plus the first
/// 10 hex digits of a hash of what it deploys (the body or its S3 location, and the
/// `OpenApiVersion` flag), so that a changed body makes a new deployment;
/// `Description` carries the whole hash. Without a body, just `<Api>Deployment`.
///
/// Deviation from AWS: the translator hashes Python's `str()` of the body (a repr in its
/// own key order), and adds the `FunctionName`s of the functions whose `Api` events name
/// the API; gantry hashes Python-compatible sorted JSON of the body and flag
/// (`ids::python_json`), so the 10 hex digits differ from AWS's while staying stable and
/// changing whenever the body does. `AlwaysDeploy: true` makes the translator hash the
/// current time; the transform is pure, so gantry hashes the body then too (gantry
/// redeploys a stack's APIs on every `up` anyway).
pub(crate) fn deployment(
    api_id: &str,
    body: Option<&Value>,
    open_api_version: Option<&Value>,
    passthrough: &Map<String, Value>,
) -> (String, Value) {
    let mut logical_id = format!("{api_id}Deployment");
    let mut properties = Map::new();
    if let Some(body) = body.filter(|b| super::swagger::is_truthy(b)) {
        let mut hashed = vec![body.clone()];
        if let Some(version) = open_api_version.filter(|v| super::swagger::is_truthy(v)) {
            hashed.push(version.clone());
        }
        let digest = ids::sha1_hex(ids::python_json(&Value::Array(hashed)).as_bytes());
        logical_id.push_str(digest.get(..10).unwrap_or(&digest));
        properties.insert(
            "Description".into(),
            json!(format!("RestApi deployment id: {digest}")),
        );
    }
    properties.insert("RestApiId".into(), intrinsics::reference(api_id));
    if !open_api_version.is_some_and(super::swagger::is_truthy) {
        properties.insert("StageName".into(), json!("Stage"));
    }
    let mut resource = Map::new();
    resource.insert("Type".into(), json!("AWS::ApiGateway::Deployment"));
    resource.extend(passthrough.clone());
    resource.insert("Properties".into(), Value::Object(properties));
    (logical_id, Value::Object(resource))
}

/// The stage's logical id: `<Api><StageName>Stage` for an alphanumeric name, else
/// `<Api>Stage` plus a hash of the name (none for an intrinsic name).
pub(crate) fn stage_id(api_id: &str, stage_name: Option<&Value>) -> String {
    let name = stage_name.and_then(Value::as_str).unwrap_or_default();
    if !name.is_empty() && name.chars().all(char::is_alphanumeric) {
        format!("{api_id}{name}Stage")
    } else {
        ids::logical_id(&format!("{api_id}Stage"), &json!(name))
    }
}

/// The stage: the API, its deployment, and the SAM Api's stage settings.
pub(crate) fn stage(
    api_id: &str,
    deployment_id: &str,
    stage: &StageProperties<'_>,
) -> (String, Value) {
    let source = stage.properties;
    let mut properties = Map::new();
    properties.insert("RestApiId".into(), intrinsics::reference(api_id));
    properties.insert("DeploymentId".into(), intrinsics::reference(deployment_id));
    for (from, to) in [
        ("StageName", "StageName"),
        ("CacheClusterEnabled", "CacheClusterEnabled"),
        ("CacheClusterSize", "CacheClusterSize"),
        ("Variables", "Variables"),
        ("MethodSettings", "MethodSettings"),
        ("AccessLogSetting", "AccessLogSetting"),
        ("CanarySetting", "CanarySetting"),
        ("TracingEnabled", "TracingEnabled"),
    ] {
        if let Some(value) = source.get(from).filter(|v| !v.is_null()) {
            properties.insert(to.into(), value.clone());
        }
    }
    if let Some(tags) = source.get("Tags").filter(|v| !v.is_null()) {
        properties.insert("Tags".into(), tag_list(tags));
    }
    let mut resource = Map::new();
    resource.insert("Type".into(), json!("AWS::ApiGateway::Stage"));
    resource.extend(stage.passthrough.clone());
    resource.insert("Properties".into(), Value::Object(properties));
    (
        stage_id(api_id, source.get("StageName")),
        Value::Object(resource),
    )
}

/// SAM's `Tags` mapping as CloudFormation's `[{Key, Value}]` (a null value as `""`).
pub(crate) fn tag_list(tags: &Value) -> Value {
    let list: Vec<Value> = tags
        .as_object()
        .into_iter()
        .flatten()
        .map(|(key, value)| {
            let value = if value.is_null() {
                json!("")
            } else {
                value.clone()
            };
            json!({"Key": key, "Value": value})
        })
        .collect();
    Value::Array(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deployment_id_is_stable_and_follows_the_body() {
        let none = Map::new();
        let body = json!({"swagger": "2.0", "paths": {"/a": {}}});
        let (first, resource) = deployment("Api", Some(&body), None, &none);
        let (again, _) = deployment("Api", Some(&body), None, &none);
        assert_eq!(first, again);
        assert_eq!(first.len(), "ApiDeployment".len() + 10);
        let description = resource["Properties"]["Description"].as_str().unwrap();
        assert!(description.starts_with("RestApi deployment id: "));
        assert!(
            description.ends_with(&first["ApiDeployment".len()..])
                || description.contains(&first["ApiDeployment".len()..])
        );
        let changed = json!({"swagger": "2.0", "paths": {"/b": {}}});
        assert_ne!(deployment("Api", Some(&changed), None, &none).0, first);
        assert_ne!(
            deployment("Api", Some(&body), Some(&json!("3.0")), &none).0,
            first
        );
        assert_eq!(resource["Properties"]["StageName"], "Stage");
    }

    #[test]
    fn stage_ids_follow_the_stage_name() {
        assert_eq!(stage_id("Api", Some(&json!("Prod"))), "ApiProdStage");
        assert_eq!(stage_id("Api", Some(&json!({"Ref": "S"}))), "ApiStage");
        assert!(stage_id("Api", Some(&json!("my-stage"))).starts_with("ApiStage"));
        assert_ne!(stage_id("Api", Some(&json!("my-stage"))), "ApiStage");
    }
}
