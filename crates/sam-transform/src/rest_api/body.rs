//! The `AWS::ApiGateway::RestApi` of a SAM Api: its definition (inline `Body` with
//! SAM's additions, or `BodyS3Location`) and its plain properties.

use serde_json::{Map, Value, json};

use super::{auth, cors, gateway_responses, openapi3, swagger};
use crate::error::Cause;
use crate::template::Template;

/// Properties copied to the RestApi as they are when given (truthy).
const PLAIN: &[&str] = &[
    "Name",
    "Description",
    "Mode",
    "ApiKeySourceType",
    "Policy",
    "SecurityPolicy",
    "EndpointAccessMode",
];

/// The RestApi resource of Api `api_id` (`properties`: its SAM properties).
pub(crate) fn rest_api(
    template: &Template<'_>,
    api_id: &str,
    resource: &Value,
    properties: &Map<String, Value>,
) -> Result<Value, Cause> {
    check_definition_properties(api_id, properties)?;
    let given = |name: &str| properties.get(name).filter(|v| swagger::is_truthy(v));
    let mut rest = Map::new();
    if let Some(media) = properties.get("BinaryMediaTypes").filter(|v| !v.is_null()) {
        rest.insert("BinaryMediaTypes".into(), media.clone());
    }
    if let Some(size) = properties
        .get("MinimumCompressionSize")
        .filter(|v| !v.is_null())
    {
        rest.insert("MinimumCompressionSize".into(), size.clone());
    }
    if let Some(endpoint) = given("EndpointConfiguration") {
        set_endpoint_configuration(api_id, &mut rest, endpoint)?;
    } else if !edge_supported(template.options.partition()) {
        set_endpoint_configuration(api_id, &mut rest, &json!("REGIONAL"))?;
    }

    let mut body = given("DefinitionBody").cloned();
    if let Some(cors) = properties.get("Cors") {
        cors::add(api_id, cors, body.as_mut())?;
    }
    auth::add_to_body(template, api_id, body.as_mut())?;
    gateway_responses::add(template, api_id, body.as_mut())?;
    add_binary_media_types(properties, body.as_mut())?;
    add_models(api_id, properties, body.as_mut())?;
    if let Some(fail) = given("FailOnWarnings") {
        rest.insert("FailOnWarnings".into(), fail.clone());
    }
    if let Some(disable) = properties
        .get("DisableExecuteApiEndpoint")
        .filter(|v| !v.is_null())
    {
        let Some(body) = body.as_mut() else {
            return Err(Cause::resource(
                api_id,
                "DisableExecuteApiEndpoint works only within 'DefinitionBody' property.",
            ));
        };
        check_valid(body)?;
        openapi3::add_disable_execute_api_endpoint(body, disable)?;
    }
    if let Some(uri) = given("DefinitionUri") {
        rest.insert(
            "BodyS3Location".into(),
            body_s3_location(api_id, uri, template.options.local_paths)?,
        );
    } else if let Some(mut body) = body {
        openapi3::postprocess(&mut body, properties.get("OpenApiVersion"))?;
        rest.insert("Body".into(), body);
    }
    for name in PLAIN {
        if let Some(value) = given(name) {
            rest.insert((*name).to_owned(), value.clone());
        }
    }

    let mut out = Map::new();
    out.insert("Type".into(), json!("AWS::ApiGateway::RestApi"));
    if let Some(depends_on) = resource.get("DependsOn").filter(|v| swagger::is_truthy(v)) {
        out.insert("DependsOn".into(), depends_on.clone());
    }
    for attribute in [
        "DeletionPolicy",
        "UpdatePolicy",
        "Condition",
        "UpdateReplacePolicy",
        "Metadata",
    ] {
        if let Some(value) = resource.get(attribute) {
            out.insert(attribute.to_owned(), value.clone());
        }
    }
    out.insert("Properties".into(), Value::Object(rest));
    Ok(Value::Object(out))
}

/// `DefinitionUri` and `DefinitionBody` exclude each other, `MergeDefinitions` needs a
/// body, `OpenApiVersion` is `2.x` or `3.x`.
fn check_definition_properties(api_id: &str, properties: &Map<String, Value>) -> Result<(), Cause> {
    let given = |name: &str| properties.get(name).is_some_and(swagger::is_truthy);
    if given("DefinitionUri") && given("DefinitionBody") {
        return Err(Cause::resource(
            api_id,
            "Specify either 'DefinitionUri' or 'DefinitionBody' property and not both.",
        ));
    }
    if given("DefinitionUri") && given("MergeDefinitions") {
        return Err(Cause::resource(
            api_id,
            "Cannot set 'MergeDefinitions' to True when using `DefinitionUri`.",
        ));
    }
    if let Some(version) = properties
        .get("OpenApiVersion")
        .filter(|v| swagger::is_truthy(v))
        && !swagger::is_supported_openapi_version(version)
    {
        return Err(Cause::resource(
            api_id,
            "The OpenApiVersion value must be of the format '3.0.0'.",
        ));
    }
    Ok(())
}

fn check_valid(body: &Value) -> Result<(), Cause> {
    if swagger::is_valid(body) {
        swagger::check_path_items(body)
    } else {
        Err(Cause::document(
            "Invalid Swagger document or the Swagger document is not explicitly defined in 'DefinitionBody'.",
        ))
    }
}

/// Partitions whose API Gateway has no edge-optimised endpoints get `REGIONAL`.
fn edge_supported(partition: &str) -> bool {
    !(partition.starts_with("aws-iso") || ["aws-us-gov", "aws-cn", "aws-eusc"].contains(&partition))
}

/// `EndpointConfiguration`: a type (string or `{Type, VPCEndpointIds, IpAddressType}`)
/// as `EndpointConfiguration.Types` and `Parameters.endpointConfigurationTypes`.
fn set_endpoint_configuration(
    api_id: &str,
    rest: &mut Map<String, Value>,
    value: &Value,
) -> Result<(), Cause> {
    let Some(kind) = value
        .as_object()
        .and_then(|m| m.get("Type"))
        .filter(|t| swagger::is_truthy(t))
    else {
        rest.insert("EndpointConfiguration".into(), json!({"Types": [value]}));
        rest.insert(
            "Parameters".into(),
            json!({"endpointConfigurationTypes": value}),
        );
        return Ok(());
    };
    rest.insert(
        "Parameters".into(),
        json!({"endpointConfigurationTypes": kind}),
    );
    let mut configuration = Map::new();
    configuration.insert("Types".into(), json!([kind]));
    let upper = value.get("VPCEndpointIds");
    let camel = value.get("VpcEndpointIds");
    if upper.is_some() && camel.is_some() {
        return Err(Cause::resource(
            api_id,
            "'VPCEndpointIds' and 'VpcEndpointIds' cannot be used together in EndpointConfiguration.",
        ));
    }
    if let Some(ids) = upper.or(camel) {
        configuration.insert("VpcEndpointIds".into(), ids.clone());
    }
    if let Some(kind) = value.get("IpAddressType") {
        configuration.insert("IpAddressType".into(), kind.clone());
    }
    rest.insert("EndpointConfiguration".into(), Value::Object(configuration));
    Ok(())
}

/// `BinaryMediaTypes` also as `x-amazon-apigateway-binary-media-types`, with SAM's
/// `~1` escapes as `/`.
fn add_binary_media_types(
    properties: &Map<String, Value>,
    body: Option<&mut Value>,
) -> Result<(), Cause> {
    let Some(media) = properties
        .get("BinaryMediaTypes")
        .filter(|v| swagger::is_truthy(v))
    else {
        return Ok(());
    };
    let Some(body) = body else {
        return Ok(());
    };
    check_valid(body)?;
    if let Value::Object(document) = body {
        document.insert(
            "x-amazon-apigateway-binary-media-types".into(),
            unescape_slashes(media),
        );
    }
    Ok(())
}

fn unescape_slashes(value: &Value) -> Value {
    match value {
        Value::String(text) => json!(text.replace("~1", "/")),
        Value::Array(items) => Value::Array(items.iter().map(unescape_slashes).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, item)| (key.replace("~1", "/"), unescape_slashes(item)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// `Models` as the body's `definitions` (names lower-cased), then in OpenAPI 3's shape
/// when asked.
fn add_models(
    api_id: &str,
    properties: &Map<String, Value>,
    body: Option<&mut Value>,
) -> Result<(), Cause> {
    let Some(models) = properties.get("Models").filter(|v| swagger::is_truthy(v)) else {
        return Ok(());
    };
    let Some(body) = body else {
        return Err(Cause::resource(
            api_id,
            "Models works only with inline Swagger specified in 'DefinitionBody' property.",
        ));
    };
    if !swagger::is_valid(body) {
        return Err(Cause::resource(
            api_id,
            "Unable to add Models definitions because 'DefinitionBody' does not contain a valid Swagger definition.",
        ));
    }
    let Some(models) = models
        .as_object()
        .filter(|m| m.values().all(Value::is_object))
    else {
        return Err(Cause::resource(
            api_id,
            "Invalid value for 'Models' property",
        ));
    };
    check_valid(body)?;
    let Value::Object(document) = body else {
        return Ok(());
    };
    let definitions = document.entry("definitions").or_insert_with(|| json!({}));
    if !swagger::is_truthy(definitions) || !definitions.is_object() {
        *definitions = json!({});
    }
    for (name, schema) in models {
        if !schema.get("type").is_some_and(swagger::is_truthy) {
            return Err(Cause::document("'Models' schema is missing 'type'."));
        }
        if let Value::Object(definitions) = definitions {
            definitions.insert(name.to_lowercase(), schema.clone());
        }
    }
    openapi3::postprocess(body, properties.get("OpenApiVersion"))
}

/// `DefinitionUri` as `BodyS3Location`: `{Bucket, Key[, Version]}` from a mapping or an
/// `s3://bucket/key?versionId=v` string; with `local_paths`, any other string stays the
/// local path SAM CLI allows.
fn body_s3_location(api_id: &str, uri: &Value, local_paths: bool) -> Result<Value, Cause> {
    if let Value::Object(map) = uri {
        let given = |name: &str| map.get(name).filter(|v| swagger::is_truthy(v));
        let (Some(bucket), Some(key)) = (given("Bucket"), given("Key")) else {
            return Err(Cause::resource(
                api_id,
                "'DefinitionUri' requires Bucket and Key properties to be specified.",
            ));
        };
        let mut location = Map::new();
        location.insert("Bucket".into(), bucket.clone());
        location.insert("Key".into(), key.clone());
        if let Some(version) = map.get("Version") {
            location.insert("Version".into(), version.clone());
        }
        return Ok(Value::Object(location));
    }
    if let Some(text) = uri.as_str() {
        // Deviation from AWS: SAM CLI's local definition files, kept as paths relative
        // to the template for gantry to read (AWS's translator refuses them).
        if local_paths && !text.starts_with("s3://") {
            return Ok(json!(text));
        }
        if let Some(location) = parse_s3_uri(text) {
            return Ok(location);
        }
    }
    Err(Cause::resource(
        api_id,
        "'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.",
    ))
}

/// `s3://bucket/key[?versionId=v]` as `{Bucket, Key[, Version]}`.
fn parse_s3_uri(uri: &str) -> Option<Value> {
    let rest = uri.strip_prefix("s3://")?;
    let rest = rest.split('#').next().unwrap_or(rest);
    let (location, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (bucket, key) = location.split_once('/')?;
    if bucket.is_empty() {
        return None;
    }
    let mut pointer = Map::new();
    pointer.insert("Bucket".into(), json!(bucket));
    pointer.insert("Key".into(), json!(key));
    let versions: Vec<&str> = query
        .split('&')
        .filter_map(|pair| pair.strip_prefix("versionId="))
        .filter(|v| !v.is_empty())
        .collect();
    if let [version] = versions.as_slice() {
        pointer.insert("Version".into(), json!(version));
    }
    Some(Value::Object(pointer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_definition_uris_become_locations() {
        assert_eq!(
            body_s3_location("Api", &json!("s3://b/k/swagger.yaml?versionId=3"), false).unwrap(),
            json!({"Bucket": "b", "Key": "k/swagger.yaml", "Version": "3"})
        );
        assert!(body_s3_location("Api", &json!("swagger.yaml"), false).is_err());
    }

    #[test]
    fn local_definition_uris_stay_paths_with_local_paths() {
        assert_eq!(
            body_s3_location("Api", &json!("api/swagger.yaml"), true).unwrap(),
            json!("api/swagger.yaml")
        );
        assert_eq!(
            body_s3_location("Api", &json!("s3://b/k"), true).unwrap(),
            json!({"Bucket": "b", "Key": "k"})
        );
    }
}
