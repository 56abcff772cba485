//! One stack artifact as the deploy engine takes it (cdk.md §1.3): its template, name,
//! environment and parameters (the assembly's, CDK v1 asset parameters, then the user's
//! `Key=Value` and `Stack:Key=Value` overrides), and its file assets mapped to local paths.

use cfn_engine::LocalAssets;
use cfn_template::ParameterOverride;

use super::assets::{self, Placeholders, StackAssets};
use super::{CdkError, CloudAssembly, StackArtifact, legacy};
use crate::settings::{DEFAULT_ACCOUNT_ID, DEFAULT_REGION, SsmSources, StackArgs, StackSettings};

/// A stack of an assembly, ready to deploy.
#[derive(Debug, Clone)]
pub struct CdkStack {
    /// The artifact's path (`displayName`), for progress lines.
    pub display_name: String,
    /// The stack as every deploy describes it.
    pub settings: StackSettings,
    /// Its file assets' S3 objects and their local folders or files.
    pub assets: LocalAssets,
    /// What the user should know (assets gantry does not use).
    pub warnings: Vec<String>,
}

/// A `--parameter-overrides` item: `Key=Value` (every stack declaring `Key`) or
/// `Stack:Key=Value` (that stack only), as `cdk deploy --parameters` takes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The stack name, for `Stack:Key=Value`.
    pub stack: Option<String>,
    /// The parameter's logical id.
    pub key: String,
    /// The value.
    pub value: String,
}

/// Parses the overrides; a stack name that is not in the assembly is an error listing the
/// stacks there are.
pub fn parse_overrides(
    items: &[String],
    assembly: &CloudAssembly,
) -> Result<Vec<Override>, CdkError> {
    items
        .iter()
        .map(|item| {
            let Some((key, value)) = item.split_once('=') else {
                return Err(CdkError::Selection(format!(
                    "--parameter-overrides {item:?} is not KEY=VALUE or STACK:KEY=VALUE"
                )));
            };
            let (stack, key) = match key.split_once(':') {
                Some((stack, key)) => (Some(stack.trim().to_owned()), key.trim().to_owned()),
                None => (None, key.trim().to_owned()),
            };
            if let Some(stack) = &stack
                && !assembly.stacks.iter().any(|s| &s.stack_name == stack)
            {
                return Err(CdkError::Selection(format!(
                    "--parameter-overrides {item}: there is no stack {stack} in {}; the stacks are:\n{}",
                    assembly.dir.display(),
                    super::select::listing(assembly)
                )));
            }
            Ok(Override {
                stack,
                key,
                value: value.to_owned(),
            })
        })
        .collect()
}

/// The stack `artifact` with `args`' region and account (else its environment's) and the
/// overrides that apply to it.
pub fn settings(
    artifact: &StackArtifact,
    args: &StackArgs,
    overrides: &[Override],
    ssm: &SsmSources,
) -> Result<CdkStack, CdkError> {
    let template_body =
        std::fs::read_to_string(&artifact.template_path).map_err(|error| CdkError::Read {
            path: artifact.template_path.clone(),
            error,
        })?;
    // Deviation from AWS: `--region`/`--account-id` win over a concrete environment,
    // which `cdk deploy` always deploys to (cdk.md §1.3).
    let region = (args.region.clone())
        .or_else(|| artifact.region.clone())
        .unwrap_or_else(|| DEFAULT_REGION.to_owned());
    let account_id = (args.account_id.clone())
        .or_else(|| artifact.account_id.clone())
        .unwrap_or_else(|| DEFAULT_ACCOUNT_ID.to_owned());
    let placeholders = Placeholders::new(&account_id, &region);
    let mut assets = StackAssets::default();
    for manifest in &artifact.asset_manifests {
        assets::read(manifest, &artifact.stack_name, &placeholders, &mut assets)?;
    }
    let mut parameters = artifact.parameters.clone();
    parameters.extend(legacy::stack_assets(artifact, &mut assets)?);
    let declared = declared_parameters(&template_body);
    for item in overrides {
        // Unconfirmed: `Stack:Key` names the stack by its stack name, as the CDK CLI's
        // parameter map is keyed (cdk.md §1.3).
        let applies = match &item.stack {
            Some(stack) => stack == &artifact.stack_name,
            None => declared.iter().any(|key| key == &item.key),
        };
        if applies {
            parameters.insert(item.key.clone(), item.value.clone());
        }
    }
    Ok(CdkStack {
        display_name: artifact.display_name.clone(),
        settings: StackSettings {
            template_path: artifact.template_path.clone(),
            template_body,
            stack_name: artifact.stack_name.clone(),
            parameter_overrides: (parameters.into_iter())
                .map(|(key, value)| ParameterOverride { key, value })
                .collect(),
            region,
            account_id,
            allow_unsupported: false,
            sam_config: None,
            sam: None,
            ssm: ssm.clone(),
        },
        assets: assets.objects,
        warnings: assets.warnings,
    })
}

/// The stack whose template `args.template` is, when the template is inside a cloud
/// assembly (for commands that take one template: its assets and parameters come from
/// the assembly; `--stack-name` renames it).
pub fn of_template(args: &StackArgs) -> Result<Option<CdkStack>, CdkError> {
    let Some(dir) = (args.template.parent()).filter(|dir| CloudAssembly::is_assembly(dir)) else {
        return Ok(None);
    };
    let assembly = CloudAssembly::read(dir)?;
    let Some(artifact) = assembly.stack_of_template(&args.template) else {
        return Ok(None);
    };
    let overrides = parse_overrides(&args.parameter_overrides, &assembly)?;
    let ssm =
        SsmSources::from_args(&args.ssm, args.ssm_file.as_deref()).map_err(CdkError::Selection)?;
    let mut stack = settings(artifact, args, &overrides, &ssm)?;
    if let Some(name) = &args.stack_name {
        stack.settings.stack_name.clone_from(name);
    }
    Ok(Some(stack))
}

/// An unscoped override no chosen stack declares: an error naming the parameter (a typo
/// would otherwise be ignored).
// Unconfirmed: what `cdk deploy --parameters Key=Value` does when no stack declares Key.
pub fn check_overrides_used(overrides: &[Override], stacks: &[CdkStack]) -> Result<(), CdkError> {
    for item in overrides.iter().filter(|o| o.stack.is_none()) {
        let used = stacks
            .iter()
            .any(|stack| declared_parameters(&stack.settings.template_body).contains(&item.key));
        if !used {
            let names: Vec<_> = stacks
                .iter()
                .map(|s| s.settings.stack_name.as_str())
                .collect();
            return Err(CdkError::Selection(format!(
                "--parameter-overrides {}: no stack deployed ({}) declares a parameter {}; check its name in the templates' Parameters",
                item.key,
                names.join(", "),
                item.key
            )));
        }
    }
    Ok(())
}

/// The logical ids of a template's `Parameters`.
fn declared_parameters(template_body: &str) -> Vec<String> {
    match cfn_template::Template::parse(template_body) {
        (Some(template), _) => template.parameters.keys().cloned().collect(),
        (None, _) => Vec::new(),
    }
}

/// The artifact's parameter values as the engine takes them, for tests.
#[cfg(test)]
pub(crate) fn parameter_map(stack: &CdkStack) -> std::collections::BTreeMap<String, String> {
    (stack.settings.parameter_overrides.iter())
        .map(|o| (o.key.clone(), o.value.clone()))
        .collect()
}
