//! Where a nested stack's template is on this machine (cdk.md §3.1): a CDK nested-stack
//! asset, a local path (SAM CLI's convention), or an S3 URL that is a known local asset.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::LocalAssets;
use crate::provider::{ProviderError, ProviderRequest};

/// CDK's metadata key naming the asset file of a resource.
const CDK_ASSET_PATH: &str = "aws:asset:path";
/// CDK's metadata key naming the property the asset fills.
const CDK_ASSET_PROPERTY: &str = "aws:asset:property";
/// The property a nested stack's asset fills.
const TEMPLATE_URL: &str = "TemplateURL";

/// The local file of the resource's template: its CDK asset (relative to the containing
/// template's directory), else `TemplateURL` as a `file://` URL or a path (relative to
/// the containing template's directory), else an S3 URL the assets know.
pub(super) fn template_path(
    request: &ProviderRequest<'_>,
    assets: &LocalAssets,
) -> Result<PathBuf, ProviderError> {
    let template_dir = &request.stack.template_dir;
    if let Some(asset) = cdk_asset(request.metadata)? {
        return Ok(local(template_dir, &asset));
    }
    let url = match request.properties.get(TEMPLATE_URL) {
        None => return Err(ProviderError::missing(TEMPLATE_URL)),
        Some(Value::String(url)) => url,
        Some(_) => {
            return Err(ProviderError::invalid(
                TEMPLATE_URL,
                "must be a string: a local path or an S3 URL",
            ));
        }
    };
    if let Some(encoded) = url.strip_prefix("file://") {
        let decoded = percent_encoding::percent_decode_str(encoded).decode_utf8_lossy();
        return Ok(local(template_dir, &decoded));
    }
    if is_remote(url) {
        return assets
            .find_url(url)
            .map(Path::to_path_buf)
            .ok_or_else(|| remote(url));
    }
    Ok(local(template_dir, url))
}

/// `aws:asset:path` when the asset fills `TemplateURL`.
fn cdk_asset(metadata: &Value) -> Result<Option<String>, ProviderError> {
    let invalid = |key: &str| ProviderError::InvalidMetadata {
        key: key.to_owned(),
        message: "must be a string".to_owned(),
    };
    let property = match metadata.get(CDK_ASSET_PROPERTY) {
        None => return Ok(None),
        Some(Value::String(property)) => property,
        Some(_) => return Err(invalid(CDK_ASSET_PROPERTY)),
    };
    if property != TEMPLATE_URL {
        return Ok(None);
    }
    match metadata.get(CDK_ASSET_PATH) {
        None => Ok(None),
        Some(Value::String(path)) => Ok(Some(path.clone())),
        Some(_) => Err(invalid(CDK_ASSET_PATH)),
    }
}

fn is_remote(url: &str) -> bool {
    ["https://", "http://", "s3://"].iter().any(|scheme| {
        url.get(..scheme.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
    })
}

/// A path as written: absolute, or relative to the containing template's directory;
/// `.` segments dropped so that messages show the path plainly (`..` is kept: the
/// folder before it may be a link).
fn local(template_dir: &Path, path: &str) -> PathBuf {
    template_dir
        .join(path)
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

fn remote(url: &str) -> ProviderError {
    ProviderError::invalid(
        TEMPLATE_URL,
        format!(
            "names {url}, which gantry cannot fetch: it deploys nested templates from this machine; set TemplateURL to the template's local path (relative to this template), or deploy the CDK assembly (`gantry up cdk.out`) whose assets include it"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_asset_filling_template_url_counts() {
        let metadata = serde_json::json!({"aws:asset:path": "Child.nested.template.json", "aws:asset:property": "TemplateURL"});
        assert_eq!(
            cdk_asset(&metadata),
            Ok(Some("Child.nested.template.json".to_owned()))
        );
        let code = serde_json::json!({"aws:asset:path": "asset.abc", "aws:asset:property": "Code"});
        assert_eq!(cdk_asset(&code), Ok(None));
        assert_eq!(cdk_asset(&Value::Null), Ok(None));
    }

    #[test]
    fn a_relative_path_is_joined_to_the_containing_templates_folder() {
        let dir = Path::new("/project/stacks");
        assert_eq!(
            local(dir, "./auth.yaml"),
            Path::new("/project/stacks/auth.yaml")
        );
        assert_eq!(
            local(dir, "../shared/a.yaml"),
            Path::new("/project/stacks/../shared/a.yaml")
        );
        assert_eq!(local(dir, "/abs/a.yaml"), Path::new("/abs/a.yaml"));
    }

    #[test]
    fn schemes_are_told_apart() {
        assert!(is_remote("https://s3.amazonaws.com/b/k.json"));
        assert!(is_remote("S3://b/k.json"));
        assert!(!is_remote("child.yaml"));
        assert!(!is_remote("/abs/child.yaml"));
    }
}
