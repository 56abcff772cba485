//! A function's `Code` from `InlineCode`, `CodeUri` or `ImageUri`, as the translator
//! builds it (and, with [`crate::Options::local_paths`], SAM CLI's local folders).

use std::sync::OnceLock;

pub(crate) use crate::python::is_falsy as is_python_falsy;
use regex::Regex;
use serde_json::{Map, Value, json};

/// The `Code` of function `properties` (SAM properties, nulls removed); `Err` is the
/// translator's message.
pub(crate) fn code(properties: &Map<String, Value>, local_paths: bool) -> Result<Value, String> {
    let package_type = match properties.get("PackageType") {
        None => "Zip",
        Some(Value::String(package_type)) if package_type == "Zip" || package_type == "Image" => {
            package_type
        }
        Some(other) => return Err(format!("invalid 'PackageType' : {}", python_str(other))),
    };
    let mut code = if package_type == "Image" {
        match properties.get("ImageUri") {
            None => return Err("'ImageUri' must be set.".to_owned()),
            Some(image_uri) if is_python_falsy(image_uri) => {
                return Err(
                    "'ImageUri' requires that a image hosted at a registry be specified."
                        .to_owned(),
                );
            }
            Some(image_uri) => json!({ "ImageUri": image_uri }),
        }
    } else if let Some(inline) = properties.get("InlineCode") {
        json!({ "ZipFile": inline })
    } else if let Some(code_uri) = properties.get("CodeUri") {
        s3_location(code_uri, "CodeUri", local_paths)?
    } else if local_paths {
        // Deviation from AWS: SAM CLI builds a function without CodeUri from the
        // template's folder; AWS's translator refuses it.
        Value::String(".".to_owned())
    } else {
        return Err("Only one of 'InlineCode' or 'CodeUri' can be set.".to_owned());
    };
    if package_type == "Zip"
        && let (Some(key), Value::Object(code)) = (properties.get("SourceKMSKeyArn"), &mut code)
    {
        code.insert("SourceKMSKeyArn".to_owned(), key.clone());
    }
    Ok(code)
}

/// `Code` (or a layer's `Content`) from an S3 location: `s3://bucket/key[?versionId=v]`
/// or `{Bucket, Key, Version}`. With local paths allowed, any other string is a folder
/// relative to the template and stays as written.
pub(crate) fn s3_location(
    location: &Value,
    property: &str,
    local_paths: bool,
) -> Result<Value, String> {
    let pointer = match location {
        Value::Object(pointer) => {
            if is_missing(pointer.get("Bucket")) || is_missing(pointer.get("Key")) {
                return Err(format!(
                    "'{property}' requires Bucket and Key properties to be specified."
                ));
            }
            pointer.clone()
        }
        Value::String(uri) => {
            if has_dynamic_reference_with_slash(uri) {
                return Err(format!(
                    "Unsupported dynamic reference detected in '{property}'. Please consider using \
                     alternative 'FunctionCode' object format."
                ));
            }
            match parse_s3_uri(uri) {
                Some(pointer) => pointer,
                // Deviation from AWS: with `Options::local_paths` (SAM CLI's templates), a
                // folder stays a path relative to the template; AWS's translator refuses it.
                None if local_paths && !uri.starts_with("s3://") => {
                    return Ok(Value::String(uri.clone()));
                }
                None => {
                    return Err(format!(
                        "'{property}' is not a valid S3 Uri of the form 's3://bucket/key' with \
                         optional versionId query parameter."
                    ));
                }
            }
        }
        _ => return Err(format!("'{property}' must be of type dict or string.")),
    };
    let mut code = Map::new();
    for (from, to) in [
        ("Bucket", "S3Bucket"),
        ("Key", "S3Key"),
        ("Version", "S3ObjectVersion"),
        ("StorageMode", "S3ObjectStorageMode"),
    ] {
        if let Some(value) = pointer.get(from) {
            code.insert(to.to_owned(), value.clone());
        }
    }
    Ok(Value::Object(code))
}

/// An absent or falsy (in Python's sense) `Bucket` or `Key`.
fn is_missing(value: Option<&Value>) -> bool {
    value.is_none_or(is_python_falsy)
}

/// `str()` of a scalar as Python prints it in the translator's messages.
pub(crate) fn python_str(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Null => "None".to_owned(),
        other => other.to_string(),
    }
}

/// CloudFormation's SSM or Secrets Manager dynamic reference with a path, which the
/// translator cannot parse as an S3 URI.
fn has_dynamic_reference_with_slash(uri: &str) -> bool {
    static PATTERN: OnceLock<Option<Regex>> = OnceLock::new();
    PATTERN
        .get_or_init(|| {
            Regex::new(r"\{\{resolve:(ssm|ssm-secure|secretsmanager):[a-zA-Z0-9_.\-/]+(:\d+)?\}\}")
                .ok()
        })
        .as_ref()
        .and_then(|pattern| pattern.find(uri))
        .is_some_and(|found| found.as_str().contains('/'))
}

/// `s3://bucket/key[?versionId=v]` as `{Bucket, Key[, Version]}`; `None` when it is not one.
fn parse_s3_uri(uri: &str) -> Option<Map<String, Value>> {
    let rest = uri.strip_prefix("s3://")?;
    let (location, query) = match rest.split_once('?') {
        Some((location, query)) => (location, Some(query)),
        None => (rest, None),
    };
    let location = location.split('#').next().unwrap_or_default();
    let (bucket, path) = location.split_once('/')?;
    if bucket.is_empty() {
        return None;
    }
    let mut pointer = Map::new();
    pointer.insert("Bucket".to_owned(), json!(bucket));
    pointer.insert("Key".to_owned(), json!(path.trim_start_matches('/')));
    let versions: Vec<&str> = query
        .unwrap_or_default()
        .split(['&', ';'])
        .filter_map(|pair| pair.strip_prefix("versionId="))
        .filter(|version| !version.is_empty())
        .collect();
    if let [version] = versions.as_slice() {
        pointer.insert("Version".to_owned(), json!(version));
    }
    Some(pointer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn properties(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    #[test]
    fn an_s3_uri_with_a_version_becomes_bucket_key_and_version() {
        let code = code(
            &properties(json!({"CodeUri": "s3://b/dir/k.zip?versionId=3"})),
            false,
        );
        assert_eq!(
            code,
            Ok(json!({"S3Bucket": "b", "S3Key": "dir/k.zip", "S3ObjectVersion": "3"}))
        );
    }

    #[test]
    fn inline_code_wins_over_code_uri() {
        let code = code(
            &properties(json!({"CodeUri": "s3://b/k", "InlineCode": "x"})),
            false,
        );
        assert_eq!(code, Ok(json!({"ZipFile": "x"})));
    }

    #[test]
    fn a_local_folder_is_refused_by_aws_and_kept_by_sam_cli() {
        let local = properties(json!({"CodeUri": "./src"}));
        assert!(code(&local, false).is_err());
        assert_eq!(code(&local, true), Ok(json!("./src")));
        // A malformed S3 URI is an error either way.
        assert!(code(&properties(json!({"CodeUri": "s3://bucket"})), true).is_err());
    }

    #[test]
    fn without_code_sam_cli_uses_the_template_folder() {
        assert_eq!(code(&Map::new(), true), Ok(json!(".")));
        assert_eq!(
            code(&Map::new(), false),
            Err("Only one of 'InlineCode' or 'CodeUri' can be set.".to_owned())
        );
    }

    #[test]
    fn an_image_function_needs_its_image_uri() {
        let image = properties(json!({"PackageType": "Image", "ImageUri": "repo:tag"}));
        assert_eq!(code(&image, false), Ok(json!({"ImageUri": "repo:tag"})));
        let no_image = properties(json!({"PackageType": "Image"}));
        assert_eq!(
            code(&no_image, false),
            Err("'ImageUri' must be set.".to_owned())
        );
    }
}
