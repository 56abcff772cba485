//! A stack's asset manifest (`<Stack>.assets.json`, cdk.md §2): each file asset's S3
//! destination (bucket, object key; placeholders substituted) mapped to the folder or file
//! `cdk synth` staged, so the engine finds a function's, layer's or nested stack's
//! object locally.
//!
//! Not here: publishing (nothing is uploaded), building Docker images (a function using
//! one fails when the engine checks it), assets made by an `executable` command (named in
//! a warning; what uses them fails the same way).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cfn_engine::LocalAssets;
use serde::Deserialize;

use super::{CdkError, read_json};

/// The values of the placeholders asset manifests use (cdk.md §2.1).
#[derive(Debug, Clone)]
pub struct Placeholders {
    /// `${AWS::AccountId}`.
    pub account_id: String,
    /// `${AWS::Region}`.
    pub region: String,
    /// `${AWS::Partition}`.
    pub partition: String,
}

impl Placeholders {
    /// The local values for a stack in `region` of `account_id`.
    pub fn new(account_id: &str, region: &str) -> Self {
        Self {
            account_id: account_id.to_owned(),
            region: region.to_owned(),
            partition: arn::Partition::of_region(region).id().to_owned(),
        }
    }

    /// `text` with the placeholders replaced, as plain text (cdk.md §2.1).
    pub fn replace(&self, text: &str) -> String {
        text.replace("${AWS::AccountId}", &self.account_id)
            .replace("${AWS::Region}", &self.region)
            .replace("${AWS::Partition}", &self.partition)
    }
}

/// `<Stack>.assets.json`: only what gantry reads.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AssetManifest {
    #[serde(default)]
    files: BTreeMap<String, FileAsset>,
    #[serde(default)]
    docker_images: BTreeMap<String, DockerImageAsset>,
}

/// A file asset: where it comes from and where it is published.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileAsset {
    display_name: Option<String>,
    source: FileSource,
    #[serde(default)]
    destinations: BTreeMap<String, FileDestination>,
}

#[derive(Debug, Deserialize)]
struct FileSource {
    /// Relative to the asset manifest's directory, or absolute.
    path: Option<String>,
    /// `zip` (a directory zipped) or `file` (uploaded as is).
    #[serde(default)]
    packaging: Option<String>,
    /// A command that prints the path of the file to upload.
    #[serde(default)]
    executable: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileDestination {
    bucket_name: String,
    object_key: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DockerImageAsset {
    display_name: Option<String>,
}

/// What a stack's asset manifests say.
#[derive(Debug, Default)]
pub struct StackAssets {
    /// Each file asset's S3 objects and their local folder or file.
    pub objects: LocalAssets,
    /// What gantry does not use, for a warning each.
    pub warnings: Vec<String>,
}

/// Reads `manifest` (an asset manifest of `stack`) into `assets`: every file asset's
/// destinations map to its staged path. A staged path that does not exist is an error
/// naming the asset.
pub fn read(
    manifest: &Path,
    stack: &str,
    placeholders: &Placeholders,
    assets: &mut StackAssets,
) -> Result<(), CdkError> {
    let parsed: AssetManifest = read_json(manifest, "asset manifest")?;
    let dir = manifest.parent().unwrap_or(Path::new(""));
    for (hash, asset) in &parsed.files {
        let display_name = asset.display_name.clone().unwrap_or_else(|| hash.clone());
        let Some(source) = &asset.source.path else {
            if asset.source.executable.is_some() {
                assets.warnings.push(format!(
                    "asset {display_name} ({hash}) of stack {stack} is made by a command at publish time, which gantry does not run; a resource using it cannot find its code"
                ));
            }
            continue;
        };
        let path = staged_path(dir, source);
        if !path.exists() {
            return Err(CdkError::MissingAsset {
                stack: stack.to_owned(),
                display_name,
                hash: hash.clone(),
                path,
            });
        }
        if asset.source.packaging.as_deref() == Some("zip") && !path.is_dir() && !is_zip(&path) {
            assets.warnings.push(format!(
                "asset {display_name} ({hash}) of stack {stack} has zip packaging but {} is a file, not a folder; it is used as is",
                path.display()
            ));
        }
        for destination in asset.destinations.values() {
            assets.objects.insert(
                placeholders.replace(&destination.bucket_name),
                placeholders.replace(&destination.object_key),
                path.clone(),
            );
        }
    }
    for (hash, image) in &parsed.docker_images {
        let display_name = image.display_name.clone().unwrap_or_else(|| hash.clone());
        assets.warnings.push(format!(
            "asset {display_name} ({hash}) of stack {stack} is a Docker image, which gantry does not build or run; a function using it fails to deploy"
        ));
    }
    Ok(())
}

/// An asset's source path: relative to the asset manifest's directory unless absolute.
fn staged_path(dir: &Path, source: &str) -> PathBuf {
    dir.join(source)
}

fn is_zip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("zip"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = r#"{
      "version": "55.0.0",
      "files": {
        "e28c": {
          "displayName": "Hello/Code",
          "source": {"path": "asset.e28c", "packaging": "zip"},
          "destinations": {"current_account-current_region-733ab44d": {
            "bucketName": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}",
            "objectKey": "e28c.zip",
            "assumeRoleArn": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/x"}}
        },
        "7f1a": {
          "displayName": "Api Template",
          "source": {"path": "Api.template.json", "packaging": "file"},
          "destinations": {"d": {"bucketName": "b-${AWS::Partition}", "objectKey": "7f1a.json"}}
        }
      },
      "dockerImages": {"99ab": {"displayName": "Img", "source": {"directory": "asset.99ab"},
        "destinations": {}}}
    }"#;

    fn assembly(with_folder: bool) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Api.assets.json"), MANIFEST).unwrap();
        std::fs::write(dir.path().join("Api.template.json"), "{}").unwrap();
        if with_folder {
            std::fs::create_dir(dir.path().join("asset.e28c")).unwrap();
        }
        dir
    }

    #[test]
    fn each_destination_maps_to_the_staged_path_with_placeholders_replaced() {
        let dir = assembly(true);
        let mut assets = StackAssets::default();
        let placeholders = Placeholders::new("111122223333", "eu-west-1");
        read(
            &dir.path().join("Api.assets.json"),
            "Api",
            &placeholders,
            &mut assets,
        )
        .unwrap();
        assert_eq!(
            assets
                .objects
                .find("cdk-hnb659fds-assets-111122223333-eu-west-1", "e28c.zip"),
            Some(dir.path().join("asset.e28c").as_path())
        );
        assert_eq!(
            assets.objects.find("b-aws", "7f1a.json"),
            Some(dir.path().join("Api.template.json").as_path())
        );
        assert!(
            assets
                .warnings
                .iter()
                .any(|w| w.contains("Img (99ab)") && w.contains("Docker"))
        );
    }

    #[test]
    fn a_missing_staged_folder_names_the_asset_and_says_to_synth_again() {
        let dir = assembly(false);
        let placeholders = Placeholders::new("111122223333", "us-east-1");
        let error = read(
            &dir.path().join("Api.assets.json"),
            "Api",
            &placeholders,
            &mut StackAssets::default(),
        )
        .unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("asset Hello/Code (e28c) of stack Api"),
            "{message}"
        );
        assert!(message.contains("asset.e28c"), "{message}");
        assert!(message.contains("run `cdk synth` again"), "{message}");
    }
}
