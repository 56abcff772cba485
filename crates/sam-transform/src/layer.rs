//! `AWS::Serverless::LayerVersion` → `AWS::Lambda::LayerVersion`
//! (`../shared/reference/sam-cdk.md` A.7):
//!
//! 1. check the properties' types; resolve parameter `Ref`s in `LayerName`,
//!    `LicenseInfo`, `Description` and `RetentionPolicy`;
//! 2. `DeletionPolicy`: `RetentionPolicy` when given, else the resource's own, else
//!    `Retain` (a layer version is immutable: an update publishes a new one);
//! 3. a new id, the old one followed by a hash of the SAM resource, so every change
//!    publishes a new version; `Ref`s, `GetAtt`s and `DependsOn` to the old id are
//!    rewritten later (`resource_refs`);
//! 4. `LayerName` (the old id by default, so the layer's ARN stays the same), `Content`
//!    from `ContentUri`, and the other properties.

use serde_json::{Map, Value, json};

use crate::error::Cause;
use crate::function::code::s3_location;
use crate::ids;
use crate::intrinsics::{is_intrinsic, resolve_parameter_refs};
use crate::property_types::{Check, PropertyType, check, optional, required};
use crate::python::is_truthy;
use crate::template::Template;

const RESOURCE_TYPE: &str = "AWS::Serverless::LayerVersion";

const PROPERTY_TYPES: &[PropertyType] = &[
    optional("LayerName", Check::StrOrMap),
    optional("Description", Check::Str),
    optional("PublishLambdaVersion", Check::Bool),
    required("ContentUri", Check::StrOrMap),
    optional("CompatibleArchitectures", Check::ListOfStrOrMap),
    optional("CompatibleRuntimes", Check::ListOfStrOrMap),
    optional("LicenseInfo", Check::Str),
    optional("RetentionPolicy", Check::Str),
];

/// Properties whose parameter `Ref`s the translator resolves.
const RESOLVED_PROPERTIES: &[&str] =
    &["LayerName", "LicenseInfo", "Description", "RetentionPolicy"];

const RETENTION_OPTIONS: &str = "['Retain', 'Delete']";

/// Translates LayerVersion `logical_id`, recording errors on the template.
pub(crate) fn translate(template: &mut Template<'_>, logical_id: &str) {
    let Some(resource) = template.resource(logical_id).cloned() else {
        return;
    };
    let outcome = layer_version(template, logical_id, &resource).and_then(|(new_id, layer)| {
        template.replace(logical_id, vec![(new_id.clone(), layer)])?;
        template.changed_ids.insert(logical_id.to_owned(), new_id);
        Ok(())
    });
    if let Err(cause) = outcome {
        template.errors.push(cause);
    }
}

/// The layer version's new id and resource.
fn layer_version(
    template: &Template<'_>,
    logical_id: &str,
    resource: &Value,
) -> Result<(String, Value), Cause> {
    let mut properties = resource
        .get("Properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    check(logical_id, RESOURCE_TYPE, &properties, PROPERTY_TYPES)?;
    properties.retain(|_, value| !value.is_null());
    for name in RESOLVED_PROPERTIES {
        if let Some(value) = properties.get(*name).filter(|value| is_truthy(value)) {
            let resolved = resolve_parameter_refs(value, &template.parameters);
            if !resolved.is_string() && !resolved.is_object() {
                return Err(Cause::resource(
                    logical_id,
                    format!(
                        "Could not resolve parameter for '{name}' or parameter is not a String."
                    ),
                ));
            }
            properties.insert((*name).to_owned(), resolved);
        }
    }

    let mut attributes: Map<String, Value> = ["Condition", "DeletionPolicy", "UpdateReplacePolicy"]
        .iter()
        .filter_map(|name| Some(((*name).to_owned(), resource.get(*name)?.clone())))
        .collect();
    attributes
        .entry("DeletionPolicy")
        .or_insert_with(|| json!("Retain"));
    if let Some(policy) = retention_policy(logical_id, properties.get("RetentionPolicy"))? {
        attributes.insert("DeletionPolicy".to_owned(), json!(policy));
    }

    let new_id = ids::logical_id(
        logical_id,
        &hashed_resource(logical_id, resource, &properties),
    );
    let mut layer = Map::new();
    if let Some(content_uri) = properties.get("ContentUri") {
        let content = s3_location(content_uri, "ContentUri", template.options.local_paths)
            .map_err(|message| Cause::resource(&new_id, message))?;
        layer.insert("Content".to_owned(), content);
    }
    if let Some(description) = properties.get("Description") {
        layer.insert("Description".to_owned(), description.clone());
    }
    let layer_name = properties
        .get("LayerName")
        .filter(|name| is_truthy(name))
        .cloned()
        .unwrap_or_else(|| json!(logical_id));
    layer.insert("LayerName".to_owned(), layer_name);
    if let Some(architectures) = properties.get("CompatibleArchitectures") {
        check_architectures(&new_id, architectures)?;
        layer.insert("CompatibleArchitectures".to_owned(), architectures.clone());
    }
    for name in ["CompatibleRuntimes", "LicenseInfo"] {
        if let Some(value) = properties.get(name) {
            layer.insert(name.to_owned(), value.clone());
        }
    }

    let mut generated = Map::new();
    generated.insert("Type".to_owned(), json!("AWS::Lambda::LayerVersion"));
    if let Some(depends_on) = resource.get("DependsOn").filter(|d| is_truthy(d)) {
        generated.insert("DependsOn".to_owned(), depends_on.clone());
    }
    generated.extend(attributes);
    generated.insert("Properties".to_owned(), Value::Object(layer));
    Ok((new_id, Value::Object(generated)))
}

/// The `DeletionPolicy` `RetentionPolicy` asks for (`Retain` or `Delete`, any case).
fn retention_policy(
    logical_id: &str,
    policy: Option<&Value>,
) -> Result<Option<&'static str>, Cause> {
    let invalid = |message: String| Err(Cause::resource(logical_id, message));
    match policy {
        None => Ok(None),
        Some(value) if is_intrinsic(value) => invalid(format!(
            "'RetentionPolicy' does not accept intrinsic functions, please use one of the following options: \
             {RETENTION_OPTIONS}"
        )),
        Some(Value::String(text)) => match text.to_lowercase().as_str() {
            "retain" => Ok(Some("Retain")),
            "delete" => Ok(Some("Delete")),
            _ => invalid(format!(
                "'RetentionPolicy' must be one of the following options: {RETENTION_OPTIONS}."
            )),
        },
        Some(_) => invalid(format!(
            "Invalid 'RetentionPolicy' type, please use one of the following options: {RETENTION_OPTIONS}"
        )),
    }
}

/// What the new id hashes: the SAM resource as the translator models it (its type,
/// `DependsOn`, `Condition`, `UpdatePolicy` and properties with parameters resolved),
/// without `DeletionPolicy`, `UpdateReplacePolicy` and `Metadata`.
fn hashed_resource(logical_id: &str, resource: &Value, properties: &Map<String, Value>) -> Value {
    let mut hashed = Map::new();
    hashed.insert("Type".to_owned(), json!(RESOURCE_TYPE));
    if let Some(depends_on) = resource.get("DependsOn").filter(|d| is_truthy(d)) {
        hashed.insert("DependsOn".to_owned(), depends_on.clone());
    }
    for attribute in ["Condition", "UpdatePolicy"] {
        if let Some(value) = resource.get(attribute) {
            hashed.insert(attribute.to_owned(), value.clone());
        }
    }
    hashed.insert("Properties".to_owned(), Value::Object(properties.clone()));
    let mut data = Map::new();
    data.insert(logical_id.to_owned(), Value::Object(hashed));
    Value::Object(data)
}

/// Each architecture that is not an intrinsic is `x86_64` or `arm64`.
fn check_architectures(new_id: &str, architectures: &Value) -> Result<(), Cause> {
    let Value::Array(items) = architectures else {
        return Ok(());
    };
    let valid =
        |item: &Value| is_intrinsic(item) || matches!(item.as_str(), Some("x86_64" | "arm64"));
    if items.iter().all(valid) {
        Ok(())
    } else {
        Err(Cause::resource(
            new_id,
            "CompatibleArchitectures needs to be a list of 'x86_64' or 'arm64'",
        ))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    fn transform(properties: Value, local_paths: bool) -> Result<Value, String> {
        let template = json!({"Transform": "AWS::Serverless-2016-10-31",
            "Resources": {"L": {"Type": "AWS::Serverless::LayerVersion", "Properties": properties}},
            "Outputs": {"Arn": {"Value": {"Ref": "L"}}}});
        let options = crate::Options {
            local_paths,
            ..crate::Options::default()
        };
        crate::transform(&template, &options)
            .map(|t| t.template)
            .map_err(|e| e.message())
    }

    #[test]
    fn a_local_content_uri_stays_a_path_and_references_follow_the_new_id() {
        let out = transform(
            json!({"ContentUri": "layer/", "RetentionPolicy": "delete"}),
            true,
        )
        .expect("layer");
        let resources = out["Resources"].as_object().expect("resources");
        let (new_id, layer) = resources.iter().next().expect("one layer");
        assert!(new_id.starts_with('L') && new_id.len() == 11, "{new_id}");
        assert_eq!(
            layer,
            &json!({"Type": "AWS::Lambda::LayerVersion", "DeletionPolicy": "Delete",
                    "Properties": {"Content": "layer/", "LayerName": "L"}})
        );
        assert_eq!(out["Outputs"]["Arn"]["Value"], json!({"Ref": new_id}));
        // Without local paths, the translator's error (named by the new id, as AWS does).
        let error = transform(json!({"ContentUri": "layer/"}), false).expect_err("refused");
        assert!(
            error.contains("'ContentUri' is not a valid S3 Uri"),
            "{error}"
        );
    }

    #[test]
    fn retention_policy_takes_only_retain_or_delete() {
        let error = transform(
            json!({"ContentUri": "s3://b/k", "RetentionPolicy": "keep"}),
            false,
        )
        .expect_err("refused");
        assert!(
            error.ends_with("Resource with id [L] is invalid. 'RetentionPolicy' must be one of the following options: ['Retain', 'Delete']."),
            "{error}"
        );
    }
}
