//! `AWS::Serverless::HttpApi` → `AWS::ApiGatewayV2::Api` (an OpenAPI 3.0 body with
//! API Gateway's extensions), its `Stage` and its authorizers' permissions; `HttpApi`
//! events of functions (`../shared/reference/sam-cdk.md` A.8–A.10).

mod auth;
mod authorizer;
mod body;
pub(crate) mod event;
pub(crate) mod implicit;
pub(crate) mod openapi;
mod stage;

use serde_json::{Map, Value, json};

use crate::error::Cause;
use crate::template::Template;
use auth::is_truthy;

/// The SAM property that marks a body SAM manages (events may add routes to it).
pub(crate) const MANAGED_BODY: &str = "__MANAGE_SWAGGER";

/// The resource attributes an HttpApi keeps on its `AWS::ApiGatewayV2::Api`.
const API_ATTRIBUTES: [&str; 6] = [
    "DependsOn",
    "Condition",
    "DeletionPolicy",
    "UpdatePolicy",
    "UpdateReplacePolicy",
    "Metadata",
];

/// The attributes its generated resources (stage, permissions) inherit.
const PASSTHROUGH_ATTRIBUTES: [&str; 3] = ["Condition", "DeletionPolicy", "UpdateReplacePolicy"];

/// Gives each explicit HttpApi without `DefinitionBody`/`DefinitionUri` the skeleton body,
/// marked as managed by SAM.
pub(crate) fn add_default_definition_bodies(template: &mut Template<'_>) {
    for logical_id in template.ids_of_type("AWS::Serverless::HttpApi") {
        let Some(Value::Object(resource)) = template.resource_mut(&logical_id) else {
            continue;
        };
        let properties = resource
            .entry("Properties")
            .or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(properties) = properties else {
            continue;
        };
        let given = |name: &str| properties.get(name).is_some_and(is_truthy);
        if given("DefinitionBody") || given("DefinitionUri") {
            continue;
        }
        properties.insert("DefinitionBody".to_owned(), openapi::skeleton());
        properties.insert(MANAGED_BODY.to_owned(), Value::Bool(true));
    }
}

/// Translates HttpApi `logical_id`, recording errors on the template.
pub(crate) fn translate(template: &mut Template<'_>, logical_id: &str) {
    match generate(template, logical_id) {
        Ok(generated) => {
            if let Err(cause) = template.replace(logical_id, generated) {
                template.errors.push(cause);
            }
        }
        Err(cause) => template.errors.push(cause),
    }
}

/// The types the translator checks an HttpApi's properties against.
const PROPERTY_TYPES: [(&str, &str); 15] = [
    ("StageName", "string|map"),
    ("Tags", "map"),
    ("PropagateTags", "boolean"),
    ("DefinitionBody", "map"),
    ("DefinitionUri", "string|map"),
    ("StageVariables", "map"),
    ("CorsConfiguration", "boolean|map"),
    ("AccessLogSettings", "map"),
    ("DefaultRouteSettings", "map"),
    ("Auth", "map"),
    ("RouteSettings", "map"),
    ("Domain", "map"),
    ("FailOnWarnings", "boolean"),
    ("Description", "string"),
    ("DisableExecuteApiEndpoint", "boolean"),
];

/// Each property known and of its type (intrinsics pass), as the translator checks them.
fn check_property_types(logical_id: &str, properties: &Map<String, Value>) -> Result<(), Cause> {
    let known = |name: &str| {
        name == "Name" || name == MANAGED_BODY || PROPERTY_TYPES.iter().any(|(n, _)| *n == name)
    };
    if let Some(unknown) = properties.keys().find(|name| !known(name)) {
        return Err(Cause::resource(
            logical_id,
            format!("property {unknown} not defined for resource of type AWS::Serverless::HttpApi"),
        ));
    }
    check_types(logical_id, properties, &PROPERTY_TYPES)
}

/// Each of `types` present in `properties` of the kind it names (`map`, `string`,
/// `boolean`, `integer`, or several joined by `|`); intrinsics pass.
pub(crate) fn check_types(
    logical_id: &str,
    properties: &Map<String, Value>,
    types: &[(&str, &str)],
) -> Result<(), Cause> {
    for &(name, expected) in types {
        let Some(value) = properties.get(name).filter(|value| !value.is_null()) else {
            continue;
        };
        if crate::intrinsics::is_intrinsic(value) {
            continue;
        }
        let fits = expected.split('|').any(|kind| match kind {
            "map" => value.is_object(),
            "string" => value.is_string(),
            "boolean" => value.is_boolean(),
            "integer" => value.is_i64() || value.is_u64(),
            _ => false,
        });
        if !fits {
            let message = if expected.contains('|') {
                format!("Type of property '{name}' is invalid.")
            } else {
                format!("Property '{name}' should be a {expected}.")
            };
            return Err(Cause::resource(logical_id, message));
        }
    }
    Ok(())
}

/// The resources HttpApi `logical_id` generates: the API, its authorizer permissions and
/// its stage.
fn generate(template: &Template<'_>, logical_id: &str) -> Result<Vec<(String, Value)>, Cause> {
    let resource = template
        .resource(logical_id)
        .cloned()
        .unwrap_or(Value::Null);
    let mut properties = resource
        .get("Properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    check_property_types(logical_id, &properties)?;
    let property = |name: &str| properties.get(name).filter(|v| !v.is_null()).cloned();
    let definition_uri = property("DefinitionUri").filter(is_truthy);
    let mut body = property("DefinitionBody").filter(is_truthy);
    if definition_uri.is_some() && body.is_some() {
        return Err(Cause::resource(
            logical_id,
            "Specify either 'DefinitionUri' or 'DefinitionBody' property and not both.",
        ));
    }
    if let Some(cors) = property("CorsConfiguration").filter(is_truthy) {
        let cors = crate::intrinsics::resolve_parameter_refs(&cors, &template.parameters);
        body::add_cors(logical_id, body.as_mut(), &cors)?;
    }
    let mut permissions = Vec::new();
    if let Some(auth) = property("Auth").filter(is_truthy) {
        let Some(body) = body.as_mut() else {
            return Err(Cause::resource(
                logical_id,
                "Auth works only with inline OpenApi specified in the 'DefinitionBody' property.",
            ));
        };
        let auth = auth.as_object().cloned().unwrap_or_default();
        permissions = auth::add_api_auth(logical_id, body, &auth, template.options.partition())?;
    }
    let tags = body::add_tags(logical_id, body.as_mut(), property("Tags"))?;
    let mut api_properties = Map::new();
    if let Some(fail_on_warnings) = property("FailOnWarnings").filter(is_truthy) {
        api_properties.insert("FailOnWarnings".to_owned(), fail_on_warnings);
    }
    if let Some(disable) = property("DisableExecuteApiEndpoint") {
        body::add_endpoint_configuration(logical_id, body.as_mut(), disable)?;
    }
    if let Some(name) = property("Name").filter(is_truthy) {
        body::add_title(logical_id, body.as_mut(), name)?;
    }
    if let Some(description) = property("Description").filter(is_truthy) {
        body::add_description(logical_id, body.as_mut(), description)?;
    }
    if api_properties.contains_key("FailOnWarnings") {
        body::rename_default_path(body.as_mut());
    }
    if let Some(uri) = definition_uri {
        let location = body_s3_location(logical_id, &uri, template.options.local_paths)?;
        api_properties.insert("BodyS3Location".to_owned(), location);
    } else if let Some(body) = body {
        api_properties.insert("Body".to_owned(), body);
    } else {
        return Err(Cause::resource(
            logical_id,
            "'DefinitionUri' or 'DefinitionBody' are required properties of an 'AWS::Serverless::HttpApi'. \
             Add a value for one of these properties or add a 'HttpApi' event to an 'AWS::Serverless::Function'.",
        ));
    }
    properties.remove(MANAGED_BODY);
    let mut api = Map::new();
    api.insert("Type".to_owned(), json!("AWS::ApiGatewayV2::Api"));
    api.insert("Properties".to_owned(), Value::Object(api_properties));
    let mut passthrough = Map::new();
    for attribute in API_ATTRIBUTES {
        if let Some(value) = resource.get(attribute) {
            api.insert(attribute.to_owned(), value.clone());
            if PASSTHROUGH_ATTRIBUTES.contains(&attribute) {
                passthrough.insert(attribute.to_owned(), value.clone());
            }
        }
    }
    let mut generated = vec![(logical_id.to_owned(), Value::Object(api))];
    for (id, mut permission) in permissions {
        add_attributes(&mut permission, &passthrough);
        generated.push((id, permission));
    }
    let (stage_id, mut stage) = stage::stage(logical_id, &properties, tags);
    add_attributes(&mut stage, &passthrough);
    generated.push((stage_id, stage));
    Ok(generated)
}

/// `attributes` added to a generated resource (before its `Properties`, as the
/// translator lists them).
fn add_attributes(resource: &mut Value, attributes: &Map<String, Value>) {
    if let Value::Object(resource) = resource {
        for (name, value) in attributes {
            resource.insert(name.clone(), value.clone());
        }
    }
}

/// `DefinitionUri` as `BodyS3Location`: an `s3://bucket/key[?versionId=v]` URI or a
/// `{Bucket, Key[, Version]}` mapping; with local paths allowed, any other string stays
/// the local path it names.
fn body_s3_location(logical_id: &str, uri: &Value, local_paths: bool) -> Result<Value, Cause> {
    if let Value::Object(location) = uri {
        let given = |name: &str| location.get(name).is_some_and(is_truthy);
        if !given("Bucket") || !given("Key") {
            return Err(Cause::resource(
                logical_id,
                "'DefinitionUri' requires Bucket and Key properties to be specified.",
            ));
        }
        let mut out = Map::new();
        for name in ["Bucket", "Key", "Version"] {
            if let Some(value) = location.get(name) {
                out.insert(name.to_owned(), value.clone());
            }
        }
        return Ok(Value::Object(out));
    }
    if let Value::String(text) = uri {
        // Deviation from AWS: with `Options::local_paths` (SAM CLI's convention) a
        // local file stays its path, which gantry's OpenAPI import reads.
        if local_paths && !text.starts_with("s3://") {
            return Ok(uri.clone());
        }
        if let Some(location) = parse_s3_uri(text) {
            return Ok(location);
        }
    }
    Err(Cause::resource(
        logical_id,
        "'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.",
    ))
}

/// `s3://bucket/key[?versionId=v]` as `{Bucket, Key[, Version]}`.
fn parse_s3_uri(uri: &str) -> Option<Value> {
    let rest = uri.strip_prefix("s3://")?;
    let (location, query) = rest.split_once('?').unwrap_or((rest, ""));
    let location = location.split('#').next().unwrap_or_default();
    let (bucket, key) = location.split_once('/')?;
    if bucket.is_empty() {
        return None;
    }
    let mut out = json!({"Bucket": bucket, "Key": key.trim_start_matches('/')});
    let versions: Vec<&str> = query
        .split('&')
        .filter_map(|pair| pair.strip_prefix("versionId="))
        .filter(|v| !v.is_empty())
        .collect();
    if let ([version], Value::Object(map)) = (versions.as_slice(), &mut out) {
        map.insert("Version".to_owned(), json!(version));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_definition_uri_stays_a_path_with_local_paths() {
        let local = body_s3_location("Api", &json!("api/openapi.yaml"), true).unwrap();
        assert_eq!(local, json!("api/openapi.yaml"));
        assert!(body_s3_location("Api", &json!("api/openapi.yaml"), false).is_err());
        let s3 = body_s3_location("Api", &json!("s3://b/k.yaml?versionId=3"), true).unwrap();
        assert_eq!(s3, json!({"Bucket": "b", "Key": "k.yaml", "Version": "3"}));
    }

    #[test]
    fn property_types_are_checked_as_the_translator_checks_them() {
        let properties = json!({"Auth": "x"});
        let error = check_property_types("Api", properties.as_object().unwrap()).unwrap_err();
        assert!(error.message.ends_with("Property 'Auth' should be a map."));
        let properties = json!({"StageName": {"Ref": "S"}, "FailOnWarnings": true});
        assert!(check_property_types("Api", properties.as_object().unwrap()).is_ok());
    }
}
