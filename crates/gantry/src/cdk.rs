//! CDK cloud assemblies (`cdk.out`): what `cdk synth` wrote, read as the CDK CLI reads it
//! before a deploy (cdk.md §1, §2). [`CloudAssembly::read`] reads `manifest.json` and the
//! nested assemblies of `Stage`s into one list of [`StackArtifact`]s; [`select`] chooses
//! and orders them; [`stack::settings`] turns one into what the deploy engine takes, its
//! file assets mapped to local folders ([`assets`]) and CDK v1's asset parameters supplied
//! ([`legacy`]).
//!
//! Not here: building assets (the assembly's `asset.<hash>` folders are used as staged;
//! Docker images are not built), context lookups (an assembly with `missing` context is
//! refused), bootstrap roles and checks (nothing is uploaded).

pub mod assets;
pub mod legacy;
mod manifest;
pub mod select;
pub mod stack;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use self::manifest::SUPPORTED_SCHEMA_MAJOR;
use self::manifest::{
    ASSET_MANIFEST, Artifact, AssetManifestProperties, Manifest, MetadataEntry, NESTED_ASSEMBLY,
    NestedAssemblyProperties, STACK, StackProperties,
};

/// The file naming a cloud assembly's artifacts.
pub const MANIFEST_FILE: &str = "manifest.json";

/// A cloud assembly: every stack artifact in it and in its nested assemblies.
#[derive(Debug, Clone)]
pub struct CloudAssembly {
    /// The assembly directory (`cdk.out`).
    pub dir: PathBuf,
    /// Its stacks, top-level ones first in manifest order, then each nested assembly's.
    pub stacks: Vec<StackArtifact>,
    /// What the user should know of (a newer schema, `aws:cdk:warning` metadata).
    pub warnings: Vec<String>,
}

/// One `aws:cloudformation:stack` artifact.
#[derive(Debug, Clone)]
pub struct StackArtifact {
    /// The artifact id (e.g. `DevSvc1CA79752`).
    pub id: String,
    /// The CloudFormation stack name (`stackName`, else the artifact id).
    pub stack_name: String,
    /// The hierarchical id (`displayName`, e.g. `Dev/Svc`; else the artifact id).
    pub display_name: String,
    /// The template file.
    pub template_path: PathBuf,
    /// The directory of the assembly the artifact is in.
    pub assembly_dir: PathBuf,
    /// Parameter values the assembly asks to deploy with.
    pub parameters: BTreeMap<String, String>,
    /// The account of a concrete `environment`.
    pub account_id: Option<String>,
    /// The region of a concrete `environment`.
    pub region: Option<String>,
    /// Stack names of the stacks this one depends on.
    pub dependencies: Vec<String>,
    /// Its asset manifests (`<Stack>.assets.json`).
    pub asset_manifests: Vec<PathBuf>,
    /// Construct path -> metadata entries, inline and `additionalMetadataFile` merged.
    pub(crate) metadata: BTreeMap<String, Vec<MetadataEntry>>,
    /// Whether it is in the top-level assembly (not in a `Stage`'s).
    pub top_level: bool,
    /// What the artifact asks for that gantry does not do (named with the app's own
    /// warnings).
    pub(crate) warnings: Vec<String>,
}

/// Why an assembly cannot be deployed. Each names the file, stack or asset at fault and
/// says what to do.
#[derive(Debug, thiserror::Error)]
pub enum CdkError {
    /// A file of the assembly cannot be read.
    // The I/O error is part of the message, not a separate cause: printed once.
    #[error("cannot read {}: {error}; run `cdk synth` again", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// A file of the assembly is not what the CDK writes.
    #[error("{} is not a valid {what}: {message}; run `cdk synth` again", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What it should be.
        what: &'static str,
        /// The parser's message.
        message: String,
    },
    /// The app asked for context lookups it could not make.
    #[error(
        "the cloud assembly in {} is incomplete: the app needs context lookups it could not make ({}); run `cdk synth` with AWS credentials so the CDK CLI can look them up (it saves them in cdk.context.json), or set these keys in cdk.json's \"context\"",
        dir.display(), keys.join(", ")
    )]
    MissingContext {
        /// The assembly.
        dir: PathBuf,
        /// `key (provider)` of each lookup.
        keys: Vec<String>,
    },
    /// The app reported errors (`aws:cdk:error` metadata), as `cdk deploy` refuses it.
    #[error("stack {stack} has errors from the CDK app, so `cdk deploy` would refuse it too:\n{}", errors.join("\n"))]
    AppErrors {
        /// The stack.
        stack: String,
        /// `construct path: message` of each.
        errors: Vec<String>,
    },
    /// A file asset's staged folder or file is not there.
    #[error(
        "asset {display_name} ({hash}) of stack {stack} is missing: {} does not exist; run `cdk synth` again to stage it",
        path.display()
    )]
    MissingAsset {
        /// The stack.
        stack: String,
        /// The asset's `displayName` (else its hash).
        display_name: String,
        /// The asset's hash (its id in the asset manifest).
        hash: String,
        /// Where it should be.
        path: PathBuf,
    },
    /// The stacks chosen cannot be found or ordered.
    #[error("{0}")]
    Selection(String),
}

impl CloudAssembly {
    /// Whether `dir` is a cloud assembly (has a `manifest.json`).
    pub fn is_assembly(dir: &Path) -> bool {
        dir.is_dir() && dir.join(MANIFEST_FILE).is_file()
    }

    /// Reads `dir/manifest.json` and the nested assemblies it names.
    pub fn read(dir: &Path) -> Result<Self, CdkError> {
        let mut assembly = Self {
            dir: dir.to_owned(),
            stacks: Vec::new(),
            warnings: Vec::new(),
        };
        assembly.read_dir(dir, true)?;
        Ok(assembly)
    }

    /// The stack whose template is `template` (the same file), if any.
    pub fn stack_of_template(&self, template: &Path) -> Option<&StackArtifact> {
        let wanted = std::fs::canonicalize(template).ok()?;
        self.stacks.iter().find(|stack| {
            std::fs::canonicalize(&stack.template_path).is_ok_and(|path| path == wanted)
        })
    }

    fn read_dir(&mut self, dir: &Path, top_level: bool) -> Result<(), CdkError> {
        let path = dir.join(MANIFEST_FILE);
        let manifest: Manifest = read_json(&path, "cloud assembly manifest")?;
        self.check_version(&path, &manifest.version);
        if !manifest.missing.is_empty() {
            return Err(CdkError::MissingContext {
                dir: dir.to_owned(),
                keys: (manifest.missing.iter())
                    .map(|missing| format!("{} ({})", missing.key, missing.provider))
                    .collect(),
            });
        }
        // Every stack's properties first: a stack's dependencies name other stacks.
        let stacks: BTreeMap<&str, StackProperties> = (manifest.artifacts.iter())
            .filter(|(_, artifact)| artifact.artifact_type == STACK)
            .map(|(id, artifact)| {
                artifact_properties(&path, id, artifact, "stack artifact")
                    .map(|properties| (id.as_str(), properties))
            })
            .collect::<Result<_, _>>()?;
        let mut nested = Vec::new();
        for (id, artifact) in &manifest.artifacts {
            match artifact.artifact_type.as_str() {
                STACK if let Some(properties) = stacks.get(id.as_str()) => {
                    let stack =
                        read_stack(dir, id, artifact, properties, &manifest, &stacks, top_level)?;
                    self.warnings.extend(stack.app_warnings());
                    self.stacks.push(stack);
                }
                NESTED_ASSEMBLY => {
                    let properties: NestedAssemblyProperties =
                        artifact_properties(&path, id, artifact, "nested cloud assembly artifact")?;
                    nested.push(dir.join(properties.directory_name));
                }
                _ => {}
            }
        }
        for dir in nested {
            self.read_dir(&dir, false)?;
        }
        Ok(())
    }

    /// A newer schema than gantry knows is read anyway, with a warning (cdk.md §1.1).
    fn check_version(&mut self, path: &Path, version: &str) {
        if manifest::major(version).is_none_or(|major| major > SUPPORTED_SCHEMA_MAJOR) {
            // Deviation from AWS: the CDK CLI refuses an assembly of a newer schema major;
            // gantry reads it and fails closed on what it does not understand.
            self.warnings.push(format!(
                "{} is cloud assembly schema version {version}; gantry reads versions up to {SUPPORTED_SCHEMA_MAJOR}.x, so fields added since are ignored (update gantry if the deployment differs from `cdk deploy`)",
                path.display()
            ));
        }
    }
}

fn read_stack(
    dir: &Path,
    id: &str,
    artifact: &Artifact,
    properties: &StackProperties,
    manifest: &Manifest,
    stacks: &BTreeMap<&str, StackProperties>,
    top_level: bool,
) -> Result<StackArtifact, CdkError> {
    let manifest_path = dir.join(MANIFEST_FILE);
    let mut metadata = artifact.metadata.clone();
    if let Some(file) = &artifact.additional_metadata_file {
        let more: BTreeMap<String, Vec<MetadataEntry>> =
            read_json(&dir.join(file), "CDK metadata file")?;
        for (path, entries) in more {
            metadata.entry(path).or_default().extend(entries);
        }
    }
    let (account_id, region) = artifact
        .environment
        .as_deref()
        .map(manifest::concrete_environment)
        .unwrap_or_default();
    let mut dependencies = Vec::new();
    let mut asset_manifests = Vec::new();
    for dependency in &artifact.dependencies {
        if let Some(other) = stacks.get(dependency.as_str()) {
            dependencies.push(other.stack_name(dependency));
        } else if let Some(other) = manifest.artifacts.get(dependency)
            && other.artifact_type == ASSET_MANIFEST
        {
            let asset_manifest: AssetManifestProperties =
                artifact_properties(&manifest_path, dependency, other, "asset manifest artifact")?;
            asset_manifests.push(dir.join(asset_manifest.file));
        }
    }
    let stack_name = properties.stack_name(id);
    let errors: Vec<String> = (metadata.iter())
        .flat_map(|(path, entries)| entries.iter().map(move |entry| (path, entry)))
        .filter(|(_, entry)| entry.entry_type == "aws:cdk:error")
        .map(|(path, entry)| format!("  {path}: {}", metadata_text(&entry.data)))
        .collect();
    if !errors.is_empty() {
        return Err(CdkError::AppErrors {
            stack: stack_name,
            errors,
        });
    }
    // Named, not dropped: gantry publishes no stack events to SNS.
    let mut warnings = Vec::new();
    if !properties.notification_arns.is_empty() {
        warnings.push(format!(
            "stack {stack_name}: notificationArns ({}) are not sent the stack's events: gantry publishes none to SNS; they are printed instead",
            properties.notification_arns.join(", ")
        ));
    }
    Ok(StackArtifact {
        id: id.to_owned(),
        display_name: artifact
            .display_name
            .clone()
            .unwrap_or_else(|| id.to_owned()),
        stack_name,
        template_path: dir.join(&properties.template_file),
        assembly_dir: dir.to_owned(),
        parameters: properties.parameters.clone(),
        account_id,
        region,
        dependencies,
        asset_manifests,
        metadata,
        top_level,
        warnings,
    })
}

impl StackArtifact {
    /// The app's `aws:cdk:warning` metadata, as `cdk synth` prints it, then what gantry
    /// does not do of the artifact.
    fn app_warnings(&self) -> Vec<String> {
        let app = self
            .metadata_of_type("aws:cdk:warning")
            .map(|(path, data)| {
                format!("stack {}: {path}: {}", self.stack_name, metadata_text(data))
            });
        app.chain(self.warnings.iter().cloned()).collect()
    }

    /// Every metadata entry of `entry_type`, with its construct path.
    pub(crate) fn metadata_of_type<'a>(
        &'a self,
        entry_type: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a serde_json::Value)> + 'a {
        (self.metadata.iter())
            .flat_map(|(path, entries)| entries.iter().map(move |entry| (path.as_str(), entry)))
            .filter(move |(_, entry)| entry.entry_type == entry_type)
            .map(|(path, entry)| (path, &entry.data))
    }
}

/// An artifact's `properties` as `T`.
fn artifact_properties<T: serde::de::DeserializeOwned>(
    manifest_path: &Path,
    id: &str,
    artifact: &Artifact,
    what: &'static str,
) -> Result<T, CdkError> {
    serde_json::from_value(artifact.properties.clone()).map_err(|e| CdkError::Malformed {
        path: manifest_path.to_owned(),
        what,
        message: format!("artifact {id}: properties: {e}"),
    })
}

/// A metadata entry's data as text (a string as is, anything else as JSON).
fn metadata_text(data: &serde_json::Value) -> String {
    data.as_str()
        .map_or_else(|| data.to_string(), str::to_owned)
}

/// A JSON file of the assembly.
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(
    path: &Path,
    what: &'static str,
) -> Result<T, CdkError> {
    let text = std::fs::read_to_string(path).map_err(|error| CdkError::Read {
        path: path.to_owned(),
        error,
    })?;
    serde_json::from_str(&text).map_err(|e| CdkError::Malformed {
        path: path.to_owned(),
        what,
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests;
