//! `manifest.json`, as the CDK writes it (cdk.md §1): the JSON shapes gantry reads, and
//! nothing it does not use (role ARNs, bootstrap checks, tags are irrelevant locally).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

/// The artifact type of a CloudFormation stack.
pub(crate) const STACK: &str = "aws:cloudformation:stack";
/// The artifact type of a stack's asset manifest (`<Stack>.assets.json`).
pub(crate) const ASSET_MANIFEST: &str = "cdk:asset-manifest";
/// The artifact type of a nested cloud assembly (a CDK `Stage`).
pub(crate) const NESTED_ASSEMBLY: &str = "cdk:cloud-assembly";

/// The newest major version of the cloud assembly schema gantry was written against
/// (cdk.md §1.1).
pub const SUPPORTED_SCHEMA_MAJOR: u64 = 55;

/// `manifest.json`.
#[derive(Debug, Deserialize)]
pub(crate) struct Manifest {
    /// The schema version (semver), e.g. `55.0.0`.
    pub(crate) version: String,
    /// Artifact id -> artifact.
    #[serde(default)]
    pub(crate) artifacts: indexmap::IndexMap<String, Artifact>,
    /// Context lookups the app could not make (an incomplete assembly).
    #[serde(default)]
    pub(crate) missing: Vec<MissingContext>,
}

/// One artifact of `manifest.json`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Artifact {
    /// `aws:cloudformation:stack`, `cdk:asset-manifest`, `cdk:cloud-assembly`, ...
    #[serde(rename = "type")]
    pub(crate) artifact_type: String,
    /// `aws://<account>/<region>`.
    pub(crate) environment: Option<String>,
    /// Ids of artifacts (of this assembly) this one depends on.
    #[serde(default)]
    pub(crate) dependencies: Vec<String>,
    /// The hierarchical id, e.g. `Dev/Svc`.
    pub(crate) display_name: Option<String>,
    /// Construct path -> metadata entries, inline.
    #[serde(default)]
    pub(crate) metadata: BTreeMap<String, Vec<MetadataEntry>>,
    /// A file (relative to the assembly) with more metadata of the same shape.
    pub(crate) additional_metadata_file: Option<String>,
    /// The type's own properties.
    #[serde(default)]
    pub(crate) properties: Value,
}

/// One metadata entry of a construct path.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct MetadataEntry {
    /// `aws:cdk:asset`, `aws:cdk:logicalId`, `aws:cdk:error`, ...
    #[serde(rename = "type")]
    pub(crate) entry_type: String,
    /// The entry's data (a string or an object, depending on the type).
    #[serde(default)]
    pub(crate) data: Value,
}

/// A stack artifact's `properties`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StackProperties {
    /// The template, relative to the assembly directory.
    pub(crate) template_file: String,
    /// Parameter values to deploy with.
    #[serde(default)]
    pub(crate) parameters: BTreeMap<String, String>,
    /// The stack name; absent means the artifact id.
    pub(crate) stack_name: Option<String>,
    /// SNS topics `cdk deploy` has CloudFormation send the stack's events to.
    #[serde(default)]
    pub(crate) notification_arns: Vec<String>,
}

impl StackProperties {
    /// The stack's name: `stackName`, else the artifact id.
    pub(crate) fn stack_name(&self, artifact_id: &str) -> String {
        self.stack_name
            .clone()
            .unwrap_or_else(|| artifact_id.to_owned())
    }
}

/// An asset manifest artifact's `properties`.
#[derive(Debug, Deserialize)]
pub(crate) struct AssetManifestProperties {
    /// `<Stack>.assets.json`, relative to the assembly directory.
    pub(crate) file: String,
}

/// A nested assembly artifact's `properties`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NestedAssemblyProperties {
    /// The nested assembly's directory, relative to this one (e.g. `assembly-Dev`).
    pub(crate) directory_name: String,
}

/// One entry of `missing`.
#[derive(Debug, Deserialize)]
pub(crate) struct MissingContext {
    /// The context key, e.g. `availability-zones:account=1234:region=us-east-1`.
    pub(crate) key: String,
    /// The lookup provider, e.g. `availability-zones`.
    #[serde(default)]
    pub(crate) provider: String,
}

/// The major of a semver string (`55.0.0` -> 55).
pub(crate) fn major(version: &str) -> Option<u64> {
    version.split('.').next()?.parse().ok()
}

/// An `environment` URI's account and region when both are concrete (not the
/// `unknown-account`/`unknown-region` of an environment-agnostic stack).
pub(crate) fn concrete_environment(uri: &str) -> (Option<String>, Option<String>) {
    let Some(rest) = uri.strip_prefix("aws://") else {
        return (None, None);
    };
    let (account, region) = rest.split_once('/').unwrap_or((rest, ""));
    let concrete = |value: &str, unknown: &str| {
        (!value.is_empty() && value != unknown).then(|| value.to_owned())
    };
    (
        concrete(account, "unknown-account"),
        concrete(region, "unknown-region"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_artifacts_in_order_with_their_fields() {
        let manifest: Manifest = serde_json::from_str(
            r#"{"version":"55.0.0","artifacts":{
                "B.assets":{"type":"cdk:asset-manifest","properties":{"file":"B.assets.json"}},
                "B":{"type":"aws:cloudformation:stack","environment":"aws://unknown-account/unknown-region",
                     "properties":{"templateFile":"B.template.json","parameters":{"P":"v"}},
                     "dependencies":["B.assets","A"],"additionalMetadataFile":"B.metadata.json",
                     "metadata":{"/B":[{"type":"aws:cdk:logicalId","data":"X"}]}}}}"#,
        )
        .unwrap();
        assert_eq!(major(&manifest.version), Some(55));
        let ids: Vec<_> = manifest.artifacts.keys().collect();
        assert_eq!(ids, ["B.assets", "B"]);
        let stack = &manifest.artifacts["B"];
        assert_eq!(stack.dependencies, ["B.assets", "A"]);
        assert_eq!(
            stack.additional_metadata_file.as_deref(),
            Some("B.metadata.json")
        );
        let properties: StackProperties = serde_json::from_value(stack.properties.clone()).unwrap();
        assert_eq!(properties.template_file, "B.template.json");
        assert_eq!(properties.parameters["P"], "v");
        assert_eq!(properties.stack_name, None);
    }

    #[test]
    fn only_a_concrete_environment_gives_an_account_and_region() {
        assert_eq!(
            concrete_environment("aws://unknown-account/unknown-region"),
            (None, None)
        );
        assert_eq!(
            concrete_environment("aws://111122223333/eu-west-1"),
            (Some("111122223333".into()), Some("eu-west-1".into()))
        );
        assert_eq!(
            concrete_environment("aws://unknown-account/eu-west-1"),
            (None, Some("eu-west-1".into()))
        );
    }
}
