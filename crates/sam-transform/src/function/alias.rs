//! `AutoPublishAlias`: the `AWS::Lambda::Version` whose id hashes what the translator
//! hashes, and the `AWS::Lambda::Alias` (`../shared/reference/sam-cdk.md` A.5).
//!
//! 1. resolve the alias name (a string, or a `Ref` to a parameter with a value);
//! 2. with `AutoPublishCodeSha256`, append it to the function's `Description`;
//! 3. the version: `<Fn>Version` + a hash of what should publish a new version when it
//!    changes (the code location with parameters resolved, `Environment`, `MemorySize`,
//!    `SnapStart`; or every function property with `AutoPublishAliasAllProperties`; or
//!    the given code SHA-256), retained on delete unless told otherwise;
//! 4. the alias `<Fn>Alias<name>` pointing at it, with `ProvisionedConcurrencyConfig`.

use serde_json::{Map, Value, json};

use crate::ids;
use crate::intrinsics::{get_att, reference, resolve_parameter_refs};
use crate::python::is_truthy;
use crate::template::Template;

/// The version and alias of a function with `AutoPublishAlias`.
pub(crate) struct VersionAndAlias {
    /// The alias's logical id (`<Fn>Alias<name>`); events and permissions target it.
    pub(crate) alias_id: String,
    /// The `AWS::Lambda::Version` and `AWS::Lambda::Alias` resources, in that order.
    pub(crate) resources: Vec<(String, Value)>,
}

/// Resource attributes a function's version and alias inherit from it.
const PASSTHROUGH_ATTRIBUTES: &[&str] = &["Condition", "DeletionPolicy", "UpdateReplacePolicy"];

/// The version and alias for function `logical_id` whose generated `AWS::Lambda::Function`
/// properties are `function_properties` (`sam_properties` are the SAM resource's, after
/// Globals); `None` without `AutoPublishAlias`. With `AutoPublishCodeSha256`, the
/// function's `Description` gains the SHA-256, as in the translator. The error is the
/// translator's message.
pub(crate) fn version_and_alias(
    template: &Template<'_>,
    logical_id: &str,
    sam_properties: &Map<String, Value>,
    function_properties: &mut Map<String, Value>,
) -> Result<Option<VersionAndAlias>, String> {
    if sam_properties
        .get("ProvisionedConcurrencyConfig")
        .is_some_and(is_truthy)
        && !sam_properties
            .get("AutoPublishAlias")
            .is_some_and(is_truthy)
    {
        return Err(
            "To set ProvisionedConcurrencyConfig AutoPublishALias must be defined on the function"
                .to_owned(),
        );
    }
    let Some(alias_property) = sam_properties
        .get("AutoPublishAlias")
        .filter(|a| is_truthy(a))
    else {
        return Ok(None);
    };
    let Value::String(alias_name) = resolve_parameter_refs(alias_property, &template.parameters)
    else {
        return Err(
            "'AutoPublishAlias' must be a string or a Ref to a template parameter".to_owned(),
        );
    };
    let code_sha256 = code_sha256(template, sam_properties)?;
    if let Some(sha) = &code_sha256 {
        describe_code_sha256(template, sam_properties, function_properties, sha);
    }
    resolve_code_parameters(template, function_properties);
    let attributes = passthrough_attributes(template, logical_id);
    let (version_id, version) = version(
        template,
        logical_id,
        sam_properties,
        function_properties,
        code_sha256.as_deref(),
        &attributes,
    );
    let (alias_id, alias) = alias(
        logical_id,
        &alias_name,
        &version_id,
        sam_properties,
        &attributes,
    )?;
    Ok(Some(VersionAndAlias {
        alias_id: alias_id.clone(),
        resources: vec![(version_id, version), (alias_id, alias)],
    }))
}

/// `AutoPublishCodeSha256` with parameters resolved; it must come out a string.
fn code_sha256(
    template: &Template<'_>,
    sam_properties: &Map<String, Value>,
) -> Result<Option<String>, String> {
    match sam_properties
        .get("AutoPublishCodeSha256")
        .filter(|sha| is_truthy(sha))
    {
        None => Ok(None),
        Some(sha) => match resolve_parameter_refs(sha, &template.parameters) {
            Value::String(sha) => Ok(Some(sha)),
            _ => Err("AutoPublishCodeSha256 must be a string".to_owned()),
        },
    }
}

/// The function's `Description` followed by the code SHA-256, so that Lambda publishes
/// a new version when only the code behind the same location changed.
fn describe_code_sha256(
    template: &Template<'_>,
    sam_properties: &Map<String, Value>,
    function_properties: &mut Map<String, Value>,
    sha: &str,
) {
    let description = sam_properties
        .get("Description")
        .map(|description| resolve_parameter_refs(description, &template.parameters));
    let described = match description {
        Some(Value::String(text)) if !text.is_empty() => json!(format!("{text} {sha}")),
        Some(other) if is_truthy(&other) && !other.is_string() => {
            json!({"Fn::Join": [" ", [other, sha]]})
        }
        _ => json!(sha),
    };
    function_properties.insert("Description".to_owned(), described);
}

/// The function's `Code` with parameter `Ref`s resolved: the translator resolves them
/// in place before hashing, so the published function carries the values too.
fn resolve_code_parameters(template: &Template<'_>, function_properties: &mut Map<String, Value>) {
    if let Some(code @ Value::Object(_)) = function_properties.get_mut("Code") {
        *code = resolve_parameter_refs(code, &template.parameters);
    }
}

/// `Condition`, `DeletionPolicy` and `UpdateReplacePolicy` of the SAM function.
fn passthrough_attributes(template: &Template<'_>, logical_id: &str) -> Map<String, Value> {
    let resource = template.resource(logical_id);
    PASSTHROUGH_ATTRIBUTES
        .iter()
        .filter_map(|name| Some(((*name).to_owned(), resource?.get(*name)?.clone())))
        .collect()
}

/// The `AWS::Lambda::Version` and its id.
fn version(
    template: &Template<'_>,
    logical_id: &str,
    sam_properties: &Map<String, Value>,
    function_properties: &Map<String, Value>,
    code_sha256: Option<&str>,
    attributes: &Map<String, Value>,
) -> (String, Value) {
    let prefix = format!("{logical_id}Version");
    let version_id = match code_sha256 {
        Some(sha) => format!("{prefix}{}", sha.chars().take(10).collect::<String>()),
        None => {
            let hashed = if sam_properties
                .get("AutoPublishAliasAllProperties")
                .is_some_and(is_truthy)
            {
                all_properties_hash_data(template, function_properties)
            } else {
                code_hash_data(function_properties)
            };
            ids::logical_id(&prefix, &Value::Object(hashed))
        }
    };
    let mut resource = Map::new();
    resource.insert("Type".to_owned(), json!("AWS::Lambda::Version"));
    resource.extend(attributes.clone());
    if !resource.contains_key("DeletionPolicy") {
        let policy = match sam_properties.get("VersionDeletionPolicy") {
            Some(policy) if !policy.is_null() => policy.clone(),
            _ if sam_properties
                .get("CapacityProviderConfig")
                .is_some_and(|c| !c.is_null()) =>
            {
                json!("Delete")
            }
            _ => json!("Retain"),
        };
        resource.insert("DeletionPolicy".to_owned(), policy);
    }
    let mut properties = Map::new();
    properties.insert("FunctionName".to_owned(), reference(logical_id));
    if let Some(description) = sam_properties
        .get("VersionDescription")
        .filter(|d| !d.is_null())
    {
        properties.insert("Description".to_owned(), description.clone());
    }
    let not_null = |name: &str| sam_properties.get(name).filter(|value| !value.is_null());
    if let (Some(_), Some(scaling)) = (
        not_null("CapacityProviderConfig"),
        not_null("FunctionScalingConfig"),
    ) {
        properties.insert("FunctionScalingConfig".to_owned(), scaling.clone());
    }
    resource.insert("Properties".to_owned(), Value::Object(properties));
    (version_id, Value::Object(resource))
}

/// What the version id hashes by default: the code location (parameter `Ref`s
/// resolved), then `Environment`'s members, `MemorySize`, and `SnapStart` when it applies.
fn code_hash_data(function: &Map<String, Value>) -> Map<String, Value> {
    let mut data = match function.get("Code") {
        Some(Value::Object(code)) => code.clone(),
        _ => Map::new(),
    };
    if let Some(Value::Object(environment)) = function.get("Environment").filter(|e| is_truthy(e)) {
        data.extend(environment.clone());
    }
    if let Some(memory) = function.get("MemorySize").filter(|m| is_truthy(m)) {
        data.insert("MemorySize".to_owned(), memory.clone());
    }
    if let Some(snap_start) = function.get("SnapStart").filter(|s| is_truthy(s)) {
        let applies = match snap_start.get("ApplyOn") {
            None => false,
            Some(apply_on) => apply_on.as_str() != Some("None"),
        };
        if applies {
            data.insert("SnapStart".to_owned(), snap_start.clone());
        }
    }
    data
}

/// What the version id hashes with `AutoPublishAliasAllProperties`: every property of
/// the function, and the SAM properties of each layer it names (by `Ref` or `GetAtt`)
/// that sets `PublishLambdaVersion`, under the layer's id.
fn all_properties_hash_data(
    template: &Template<'_>,
    function: &Map<String, Value>,
) -> Map<String, Value> {
    let mut data = function.clone();
    let layers = function
        .get("Layers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for layer in &layers {
        let Some(layer_id) = logical_id_in(layer) else {
            continue;
        };
        let Some(layer_properties) = template.resource(&layer_id).map(|resource| {
            resource
                .get("Properties")
                .cloned()
                .unwrap_or_else(|| json!({}))
        }) else {
            continue;
        };
        if layer_properties
            .get("PublishLambdaVersion")
            .is_some_and(is_truthy)
        {
            data.insert(layer_id, layer_properties);
        }
    }
    data
}

/// The logical id a `Ref` or `Fn::GetAtt` names.
fn logical_id_in(value: &Value) -> Option<String> {
    let Value::Object(map) = value else {
        return None;
    };
    if map.len() != 1 {
        return None;
    }
    match (map.get("Ref"), map.get("Fn::GetAtt")) {
        (Some(Value::String(id)), _) => Some(id.clone()),
        (_, Some(Value::Array(parts))) if parts.len() == 2 => {
            parts.first()?.as_str().map(str::to_owned)
        }
        (_, Some(Value::String(dotted))) => {
            match dotted.split('.').collect::<Vec<_>>().as_slice() {
                [id, _] => Some((*id).to_owned()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The `AWS::Lambda::Alias` `<Fn>Alias<name>` (`-` and `_` spelled `D` and `U` in the id).
fn alias(
    logical_id: &str,
    name: &str,
    version_id: &str,
    sam_properties: &Map<String, Value>,
    attributes: &Map<String, Value>,
) -> Result<(String, Value), String> {
    if name.is_empty() {
        return Err("Alias name is required to create an alias".to_owned());
    }
    if !is_valid_alias_name(name) {
        return Err(format!(
            "AutoPublishAlias name ('{name}') must contain only alphanumeric characters, hyphens, or underscores \
             matching (?!^[0-9]+$)([a-zA-Z0-9-_]+) pattern."
        ));
    }
    let alias_id = format!(
        "{logical_id}Alias{}",
        name.replace('-', "D").replace('_', "U")
    );
    let mut resource = Map::new();
    resource.insert("Type".to_owned(), json!("AWS::Lambda::Alias"));
    resource.extend(attributes.clone());
    let mut properties = Map::new();
    properties.insert("Name".to_owned(), json!(name));
    properties.insert("FunctionName".to_owned(), reference(logical_id));
    properties.insert("FunctionVersion".to_owned(), get_att(version_id, "Version"));
    if let Some(config) = sam_properties
        .get("ProvisionedConcurrencyConfig")
        .filter(|c| is_truthy(c))
    {
        properties.insert("ProvisionedConcurrencyConfig".to_owned(), config.clone());
    }
    resource.insert("Properties".to_owned(), Value::Object(properties));
    Ok((alias_id, Value::Object(resource)))
}

/// Letters, digits, `-` and `_`, not only digits (Lambda's alias name pattern; a final
/// newline passes, as with Python's `$`).
fn is_valid_alias_name(name: &str) -> bool {
    let name = name.strip_suffix('\n').unwrap_or(name);
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !name.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::python_json;

    #[test]
    fn alias_names_follow_lambda_s_pattern() {
        assert!(is_valid_alias_name("live"));
        assert!(is_valid_alias_name("my-alias_2"));
        assert!(!is_valid_alias_name("123"));
        assert!(!is_valid_alias_name("a.b"));
    }

    #[test]
    fn the_default_hash_covers_code_environment_memory_and_applied_snap_start() {
        let options = crate::Options::default();
        let sam = json!({"Resources": {"F": {"Type": "AWS::Serverless::Function"}},
                         "Parameters": {"Key": {"Type": "String", "Default": "v2.zip"}}});
        let template = Template::new(&sam, &options).expect("template");
        let function = json!({"Code": {"S3Bucket": "b", "S3Key": {"Ref": "Key"}}, "Environment": {"Variables": {"X": "1"}},
                              "MemorySize": 256, "SnapStart": {"ApplyOn": "None"}, "Timeout": 3});
        let mut function = function.as_object().cloned().expect("map");
        resolve_code_parameters(&template, &mut function);
        assert_eq!(function["Code"]["S3Key"], json!("v2.zip"));
        let data = code_hash_data(&function);
        // ../shared/reference/sam-cdk.md A.5: FnVersiond3232b1cfa.
        assert_eq!(
            ids::logical_id("FnVersion", &Value::Object(data.clone())),
            "FnVersiond3232b1cfa"
        );
        assert_eq!(
            python_json(&Value::Object(data)),
            r#"{"MemorySize":256,"S3Bucket":"b","S3Key":"v2.zip","Variables":{"X":"1"}}"#
        );
    }
}
