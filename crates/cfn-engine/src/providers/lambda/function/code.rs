//! `Code` (and CDK's asset metadata): where the function's code is.

use std::path::Path;

use serde_json::Value;
use store::model::{Code, PackageType};

use super::FunctionSource;
use crate::ProviderError;
use crate::properties::Properties;

/// CDK's metadata key naming the asset directory or archive of a resource.
const CDK_ASSET_PATH: &str = "aws:asset:path";
/// CDK's metadata key naming the property the asset fills.
const CDK_ASSET_PROPERTY: &str = "aws:asset:property";

/// The code location: a CDK asset (its local folder or archive, whatever `Code` says of
/// the S3 object it was uploaded to), else `Code` as an inline source, a local path, an S3
/// object or a container image.
pub(super) fn location(
    source: &FunctionSource<'_>,
    package_type: PackageType,
) -> Result<Code, ProviderError> {
    if let Some(asset) = cdk_asset_path(source.metadata, "Code")? {
        return Ok(local_path(source.template_dir, &asset));
    }
    let props = Properties::new(source.properties);
    match props.value("Code") {
        None => Err(ProviderError::invalid(
            "Code",
            "is required: set Code.ZipFile, Code.S3Bucket and Code.S3Key, or Code to a local directory or .zip path",
        )),
        // `aws cloudformation package` and SAM CLI read a string `Code` as a local path.
        Some(Value::String(path)) => Ok(local_path(source.template_dir, path)),
        Some(Value::Object(_)) => code_object(&props, package_type),
        Some(_) => Err(ProviderError::invalid(
            "Code",
            "must be an object (ZipFile, S3Bucket/S3Key or ImageUri) or a local path",
        )),
    }
}

fn code_object(props: &Properties<'_>, package_type: PackageType) -> Result<Code, ProviderError> {
    let within = |e: ProviderError| e.within("Code");
    let code = props
        .object("Code")?
        .ok_or_else(|| ProviderError::missing("Code"))?;
    let image_uri = code.string("ImageUri").map_err(within)?;
    match (package_type, image_uri) {
        (PackageType::Image, Some(image_uri)) => return Ok(Code::Image { image_uri }),
        (PackageType::Image, None) => return Err(ProviderError::missing("Code.ImageUri")),
        (PackageType::Zip, Some(_)) => {
            return Err(ProviderError::invalid(
                "Code.ImageUri",
                "needs PackageType: Image; a Zip package takes ZipFile or S3Bucket and S3Key",
            ));
        }
        (PackageType::Zip, None) => {}
    }
    if let Some(zip_file) = code.string("ZipFile").map_err(within)? {
        return Ok(Code::Inline { zip_file });
    }
    let bucket = code.string("S3Bucket").map_err(within)?;
    let key = code.string("S3Key").map_err(within)?;
    match (bucket, key) {
        (Some(bucket), Some(key)) => Ok(Code::S3 {
            bucket,
            key,
            object_version: code.string("S3ObjectVersion").map_err(within)?,
        }),
        (Some(_), None) => Err(ProviderError::missing("Code.S3Key")),
        (None, Some(_)) => Err(ProviderError::missing("Code.S3Bucket")),
        (None, None) => Err(ProviderError::invalid(
            "Code",
            "needs ZipFile, or S3Bucket and S3Key",
        )),
    }
}

/// A layer's `Content`: a CDK asset, else a local path (as `aws cloudformation package`
/// reads a string `Content`), else an S3 object (`S3Bucket`, `S3Key`, `S3ObjectVersion`),
/// found locally the way a function's S3 code is.
pub(crate) fn layer_content(
    template_dir: &Path,
    properties: &Value,
    metadata: &Value,
) -> Result<Code, ProviderError> {
    if let Some(asset) = cdk_asset_path(metadata, "Content")? {
        return Ok(local_path(template_dir, &asset));
    }
    let props = Properties::new(properties);
    match props.value("Content") {
        None => Err(ProviderError::invalid(
            "Content",
            "is required: set Content to a local directory or .zip path, or Content.S3Bucket and Content.S3Key",
        )),
        Some(Value::String(path)) => Ok(local_path(template_dir, path)),
        Some(Value::Object(_)) => {
            let within = |e: ProviderError| e.within("Content");
            let content = props
                .object("Content")?
                .ok_or_else(|| ProviderError::missing("Content"))?;
            Ok(Code::S3 {
                bucket: content.required_string("S3Bucket").map_err(within)?,
                key: content.required_string("S3Key").map_err(within)?,
                object_version: content.string("S3ObjectVersion").map_err(within)?,
            })
        }
        Some(_) => Err(ProviderError::invalid(
            "Content",
            "must be an object (S3Bucket and S3Key) or a local path",
        )),
    }
}

/// CDK's `aws:asset:path`, when the asset fills `property` (or does not say what it
/// fills).
fn cdk_asset_path(metadata: &Value, property: &str) -> Result<Option<String>, ProviderError> {
    if !metadata.is_object() {
        return Ok(None);
    }
    let metadata = Properties::new(metadata);
    let metadata_error = |e: ProviderError| match e {
        ProviderError::InvalidProperty { property, message } => ProviderError::InvalidMetadata {
            key: property,
            message,
        },
        other => other,
    };
    let filled = metadata
        .string(CDK_ASSET_PROPERTY)
        .map_err(metadata_error)?;
    if filled.is_some_and(|filled| filled != property) {
        return Ok(None);
    }
    metadata.string(CDK_ASSET_PATH).map_err(metadata_error)
}

/// A path as written, relative to the template's directory unless absolute.
fn local_path(template_dir: &Path, path: &str) -> Code {
    Code::LocalPath {
        path: template_dir.join(path),
    }
}
