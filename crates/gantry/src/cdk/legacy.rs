//! CDK v1 and the `LegacyStackSynthesizer` (cdk.md §2.3): assets are passed to the
//! template as three `AssetParameters<hash>...` parameters per asset, which the CDK CLI
//! fills after uploading. gantry fills them the same way, with a local bucket, and maps
//! the resulting S3 object to the staged asset.
//!
//! Two cases: an assembly, whose stack metadata has an `aws:cdk:asset` entry per asset
//! ([`stack_assets`]); and a v1 template alone, whose functions carry `aws:asset:path`
//! metadata, so only the declared parameters need values ([`standalone_parameters`]).

use std::collections::BTreeMap;

use cfn_template::ParameterOverride;
use serde::Deserialize;

use super::assets::StackAssets;
use super::{CdkError, StackArtifact};
use crate::settings::StackSettings;

/// The bucket gantry says v1 assets were uploaded to; nothing is uploaded (cdk.md §2.3).
pub const LOCAL_BUCKET: &str = "gantry-local-cdk-assets";

/// The metadata type of a v1 asset.
const ASSET_METADATA: &str = "aws:cdk:asset";

/// The separator between an asset's S3 key prefix and file name in the `S3VersionKey`
/// parameter (the template joins the two parts with `Fn::Split` on it).
const KEY_SEPARATOR: &str = "||";

/// An `aws:cdk:asset` metadata entry.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LegacyAsset {
    path: String,
    id: String,
    packaging: String,
    source_hash: String,
    s3_bucket_parameter: String,
    s3_key_parameter: String,
    artifact_hash_parameter: String,
}

/// The values of the asset parameters of `stack`'s `aws:cdk:asset` entries, as the CDK
/// CLI passes them, and the local path of each asset's S3 object.
pub fn stack_assets(
    stack: &StackArtifact,
    assets: &mut StackAssets,
) -> Result<BTreeMap<String, String>, CdkError> {
    let mut parameters = BTreeMap::new();
    for (path, data) in stack.metadata_of_type(ASSET_METADATA) {
        let asset: LegacyAsset =
            serde_json::from_value(data.clone()).map_err(|e| CdkError::Malformed {
                path: stack.assembly_dir.join(super::MANIFEST_FILE),
                what: "aws:cdk:asset metadata entry",
                message: format!("stack {}, {path}: {e}", stack.stack_name),
            })?;
        let local = stack.assembly_dir.join(&asset.path);
        if !local.exists() {
            return Err(CdkError::MissingAsset {
                stack: stack.stack_name.clone(),
                display_name: path.to_owned(),
                hash: asset.source_hash,
                path: local,
            });
        }
        let (prefix, file_name) = object_key(&asset);
        assets
            .objects
            .insert(LOCAL_BUCKET, format!("{prefix}{file_name}"), local);
        parameters.insert(asset.s3_bucket_parameter, LOCAL_BUCKET.to_owned());
        parameters.insert(
            asset.s3_key_parameter,
            format!("{prefix}{KEY_SEPARATOR}{file_name}"),
        );
        parameters.insert(asset.artifact_hash_parameter, asset.source_hash);
    }
    Ok(parameters)
}

/// The S3 key of an asset as the CDK CLI uploads it: the prefix `assets/` (with the
/// asset id when it differs from the hash) and `<hash><extension>` (cdk.md §2.3).
fn object_key(asset: &LegacyAsset) -> (String, String) {
    let prefix = if asset.id == asset.source_hash {
        "assets/".to_owned()
    } else {
        format!("assets/{}/", asset.id)
    };
    // Unconfirmed: a `file` asset's key keeps its file's extension, as v2 object keys do.
    let extension = if asset.packaging == "zip" {
        ".zip".to_owned()
    } else {
        std::path::Path::new(&asset.path)
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .unwrap_or_default()
    };
    (prefix, format!("{}{extension}", asset.source_hash))
}

/// Supplies the CDK v1 asset parameters (`AssetParameters<hash>...`) a template alone
/// declares and the user did not give, as the CDK CLI would (cdk.md §2.3); the functions'
/// `aws:asset:path` metadata says where their code is. Returns what was supplied.
pub fn supply_standalone(settings: &mut StackSettings) -> BTreeMap<String, String> {
    let (Some(template), _) = cfn_template::Template::parse(&settings.template_body) else {
        return BTreeMap::new();
    };
    let given = |name: &str| settings.parameter_overrides.iter().any(|o| o.key == name);
    let supplied = standalone_parameters(template.parameters.keys().map(String::as_str), &given);
    settings
        .parameter_overrides
        .extend(supplied.iter().map(|(key, value)| ParameterOverride {
            key: key.clone(),
            value: value.clone(),
        }));
    supplied
}

/// The kinds of v1 asset parameter, by the suffix after the hash.
const KINDS: [&str; 3] = ["S3Bucket", "S3VersionKey", "ArtifactHash"];

/// Values for the v1 asset parameters among `declared` that `given` does not set: the
/// local bucket, `assets/||<hash>.zip`, and the hash. The functions' `aws:asset:path`
/// metadata then says where the code is (cdk.md §2.3).
pub fn standalone_parameters<'a>(
    declared: impl IntoIterator<Item = &'a str>,
    given: &dyn Fn(&str) -> bool,
) -> BTreeMap<String, String> {
    declared
        .into_iter()
        .filter(|name| !given(name))
        .filter_map(|name| {
            let (hash, kind) = asset_parameter(name)?;
            let value = match kind {
                "S3Bucket" => LOCAL_BUCKET.to_owned(),
                "S3VersionKey" => format!("assets/{KEY_SEPARATOR}{hash}.zip"),
                _ => hash.to_owned(),
            };
            Some((name.to_owned(), value))
        })
        .collect()
}

/// The hash and kind of a name of the form
/// `AssetParameters<64 hex>(S3Bucket|S3VersionKey|ArtifactHash)<8 hex>`.
fn asset_parameter(name: &str) -> Option<(&str, &'static str)> {
    let rest = name.strip_prefix("AssetParameters")?;
    let hash = rest.get(..64)?;
    let rest = rest.get(64..)?;
    let is_hex = |text: &str| text.chars().all(|c| c.is_ascii_hexdigit());
    let kind = KINDS.into_iter().find(|kind| rest.starts_with(kind))?;
    let suffix = rest.get(kind.len()..)?;
    (is_hex(hash) && suffix.len() == 8 && is_hex(suffix)).then_some((hash, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "caca469dd0328d9655fcf1d6cb884705f3c3c064ed9cd338a85709ea93494992";

    #[test]
    fn only_names_of_the_v1_form_are_asset_parameters() {
        assert_eq!(
            asset_parameter(&format!("AssetParameters{HASH}S3Bucket8B9BABCE")),
            Some((HASH, "S3Bucket"))
        );
        assert_eq!(
            asset_parameter(&format!("AssetParameters{HASH}ArtifactHash0A0B0C0D")),
            Some((HASH, "ArtifactHash"))
        );
        assert_eq!(
            asset_parameter(&format!("AssetParameters{HASH}S3Bucket")),
            None
        );
        assert_eq!(asset_parameter("AssetParametersabcS3Bucket8B9BABCE"), None);
        assert_eq!(asset_parameter("BootstrapVersion"), None);
    }

    #[test]
    fn standalone_parameters_fill_only_what_the_user_did_not_give() {
        let bucket = format!("AssetParameters{HASH}S3Bucket8B9BABCE");
        let key = format!("AssetParameters{HASH}S3VersionKeyA8E7BF96");
        let hash = format!("AssetParameters{HASH}ArtifactHash5F5E6A2C");
        let declared = [bucket.as_str(), key.as_str(), hash.as_str(), "Stage"];
        let given = |name: &str| name == hash;
        let supplied = standalone_parameters(declared, &given);
        assert_eq!(supplied.len(), 2);
        assert_eq!(supplied[&bucket], LOCAL_BUCKET);
        assert_eq!(supplied[&key], format!("assets/||{HASH}.zip"));
    }

    #[test]
    fn the_object_key_follows_the_cdk_cli() {
        let asset = |id: &str, packaging: &str, path: &str| LegacyAsset {
            path: path.into(),
            id: id.into(),
            packaging: packaging.into(),
            source_hash: "h".into(),
            s3_bucket_parameter: String::new(),
            s3_key_parameter: String::new(),
            artifact_hash_parameter: String::new(),
        };
        assert_eq!(
            object_key(&asset("h", "zip", "asset.h")),
            ("assets/".into(), "h.zip".into())
        );
        assert_eq!(
            object_key(&asset("other", "file", "asset.h.json")),
            ("assets/other/".into(), "h.json".into())
        );
    }
}
