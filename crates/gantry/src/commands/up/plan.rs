//! What `up` deploys: one template, or the chosen stacks of a CDK cloud assembly
//! (`up cdk.out`, or `up cdk.out/Stack.template.json` for that stack with its assets), in
//! deploy order (cdk.md §1.2).

use std::path::Path;

use cfn_engine::LocalAssets;
use gantry::cdk::select::select;
use gantry::cdk::stack::{self, CdkStack};
use gantry::cdk::{CloudAssembly, StackArtifact};
use gantry::settings::{SsmSources, StackSettings};

use crate::args::UpArgs;
use crate::commands::stack_settings;
use crate::{Reported, console, usage};

/// One stack to deploy.
pub(crate) struct PlannedStack {
    /// The stack.
    pub(crate) settings: StackSettings,
    /// Where its S3 objects are locally.
    pub(crate) assets: LocalAssets,
    /// Its CDK path (`Dev/Svc`), for a stack of an assembly.
    pub(crate) display_name: Option<String>,
}

/// The stacks to deploy, in order; what was chosen and why is printed.
pub(crate) fn read(args: &UpArgs) -> anyhow::Result<Vec<PlannedStack>> {
    let template = &args.stack.template;
    if CloudAssembly::is_assembly(template) {
        if args.stack.stack_name.is_some() {
            return Err(usage(
                "--stack-name names a single template's stack; the stacks of a cloud assembly keep the names the CDK app gave them (choose them with --stack)",
            ));
        }
        let assembly = read_assembly(template)?;
        return assembly_stacks(args, &assembly);
    }
    if let Some(dir) = template
        .parent()
        .filter(|dir| CloudAssembly::is_assembly(dir))
    {
        let assembly = read_assembly(dir)?;
        if let Some(artifact) = assembly.stack_of_template(template) {
            return one_assembly_stack(args, &assembly, artifact);
        }
    }
    if !args.stacks.is_empty() {
        return Err(usage(format!(
            "--stack chooses stacks of a CDK cloud assembly, and {} is not one (a folder with manifest.json, or a template in one)",
            template.display()
        )));
    }
    let settings = stack_settings(&args.stack)?;
    Ok(vec![PlannedStack {
        settings,
        assets: LocalAssets::new(),
        display_name: None,
    }])
}

fn read_assembly(dir: &Path) -> anyhow::Result<CloudAssembly> {
    let assembly = CloudAssembly::read(dir)?;
    for warning in &assembly.warnings {
        console::warning(warning);
    }
    Ok(assembly)
}

/// The stacks `--stack` chooses (every top-level stack by default) and the stacks they
/// depend on.
fn assembly_stacks(args: &UpArgs, assembly: &CloudAssembly) -> anyhow::Result<Vec<PlannedStack>> {
    let selection =
        select(assembly, &args.stacks, args.exclusively).map_err(|e| usage(e.to_string()))?;
    let names: Vec<_> = (selection.stacks.iter())
        .map(|s| s.display_name.as_str())
        .collect();
    let why = if args.stacks.is_empty() {
        "every top-level stack; --stack chooses"
    } else {
        "chosen with --stack"
    };
    console::line(&format!(
        "gantry: cloud assembly {}: deploying {} in dependency order ({why})",
        assembly.dir.display(),
        names.join(", ")
    ));
    if !selection.added.is_empty() {
        console::line(&format!(
            "gantry: added {} because the chosen stacks depend on them, as `cdk deploy` does (--exclusively deploys only the chosen stacks)",
            selection.added.join(", ")
        ));
    }
    plan(args, assembly, &selection.stacks)
}

fn one_assembly_stack(
    args: &UpArgs,
    assembly: &CloudAssembly,
    artifact: &StackArtifact,
) -> anyhow::Result<Vec<PlannedStack>> {
    if !args.stacks.is_empty() {
        return Err(usage(format!(
            "--stack chooses stacks of an assembly folder; {} is the template of stack {} (pass {} to choose)",
            args.stack.template.display(),
            artifact.stack_name,
            assembly.dir.display()
        )));
    }
    console::line(&format!(
        "gantry: {} is stack {} of the cloud assembly {}; its assets and parameters come from there",
        args.stack.template.display(),
        artifact.display_name,
        assembly.dir.display()
    ));
    let mut planned = plan(args, assembly, &[artifact])?;
    if let (Some(name), Some(stack)) = (&args.stack.stack_name, planned.first_mut()) {
        stack.settings.stack_name.clone_from(name);
    }
    Ok(planned)
}

/// Each artifact as the engine takes it, a SAM template transformed.
fn plan(
    args: &UpArgs,
    assembly: &CloudAssembly,
    artifacts: &[&StackArtifact],
) -> anyhow::Result<Vec<PlannedStack>> {
    let ssm =
        SsmSources::from_args(&args.stack.ssm, args.stack.ssm_file.as_deref()).map_err(usage)?;
    let overrides = stack::parse_overrides(&args.stack.parameter_overrides, assembly)
        .map_err(|e| usage(e.to_string()))?;
    let stacks = (artifacts.iter())
        .map(|artifact| stack::settings(artifact, &args.stack, &overrides, &ssm))
        .collect::<Result<Vec<CdkStack>, _>>()?;
    stack::check_overrides_used(&overrides, &stacks).map_err(|e| usage(e.to_string()))?;
    stacks
        .into_iter()
        .map(|mut stack| {
            for warning in &stack.warnings {
                console::warning(warning);
            }
            let file_name = stack.settings.template_path.display().to_string();
            match stack.settings.transform_sam() {
                Ok(false) => {}
                Ok(true) => console::line(&format!(
                    "gantry: ran the {} transform (AWS SAM) on {file_name}",
                    gantry::sam::TRANSFORM_NAME
                )),
                Err(failure) => {
                    console::line(&failure.render(&file_name));
                    return Err(Reported.into());
                }
            }
            Ok(PlannedStack {
                settings: stack.settings,
                assets: stack.assets,
                display_name: Some(stack.display_name),
            })
        })
        .collect()
}
