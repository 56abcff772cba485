//! One module per subcommand.

pub(crate) mod credentials;
pub(crate) mod invoke;
pub(crate) mod token;
pub(crate) mod transform;
pub(crate) mod up;
pub(crate) mod validate;

use std::path::{Path, PathBuf};

use gantry::discover;
use gantry::sam::TransformFailure;
use gantry::settings::{StackArgs, StackSettings};
use store::Store;

use crate::{Reported, console, usage};

/// Puts the template the user named (or, for none or a folder, the one found there, said
/// on the console) into `stack`.
pub(crate) fn take_template(stack: &mut StackArgs, given: Option<PathBuf>) -> anyhow::Result<()> {
    let given = given.unwrap_or_default();
    let folder = if given.as_os_str().is_empty() || given.is_dir() {
        given.clone()
    } else {
        stack.template = given;
        return Ok(());
    };
    if gantry::cdk::CloudAssembly::is_assembly(&folder) {
        stack.template = folder;
        return Ok(());
    }
    let found = discover::find_template(&folder).map_err(|e| usage(e.to_string()))?;
    let name = found.path.display();
    console::line(&format!(
        "gantry: using {name} (found in {})",
        discover::shown_folder(&folder)
    ));
    if let Some(source) = found.passed_over.first()
        && found.path.ends_with(".aws-sam/build/template.yaml")
    {
        console::line(&format!(
            "gantry: {name} is what `sam build` wrote (SAM CLI prefers it); {} is there too: run `sam build` after editing it, or name it to serve it directly",
            source.display()
        ));
    }
    stack.template = found.path;
    Ok(())
}

/// The stack the arguments describe, a SAM template transformed: an unreadable template,
/// configuration file or malformed override is a usage error; a SAM template the
/// transform refuses is printed with its lines and is a failure (exit 1).
pub(crate) fn stack_settings(args: &StackArgs) -> anyhow::Result<StackSettings> {
    stack_settings_or_refusal(args)?.map_err(|refusal| {
        console::line(&refusal.render());
        Reported.into()
    })
}

/// A SAM template the transform refuses, and the file it is in.
pub(crate) struct Refusal {
    pub(crate) failure: Box<TransformFailure>,
    pub(crate) file_name: String,
}

impl Refusal {
    /// The causes at their lines, then the translator's message.
    pub(crate) fn render(&self) -> String {
        self.failure.render(&self.file_name)
    }
}

/// [`stack_settings`], with the transform's refusal as a value (for `validate`, which
/// reports it in its own format).
pub(crate) fn stack_settings_or_refusal(
    args: &StackArgs,
) -> anyhow::Result<Result<StackSettings, Refusal>> {
    if gantry::cdk::CloudAssembly::is_assembly(&args.template) {
        return Err(usage(format!(
            "{} is a CDK cloud assembly: `gantry up` deploys one; this command takes one of its templates, e.g. {}",
            args.template.display(),
            args.template.join("<Stack>.template.json").display()
        )));
    }
    let mut settings = StackSettings::from_args(args).map_err(|e| usage(e.to_string()))?;
    if let Some(config) = &settings.sam_config {
        console::line(&format!(
            "gantry: read {} (environment {})",
            config.display(),
            args.config_env
        ));
    }
    let file_name = settings.template_path.display().to_string();
    match settings.transform_sam() {
        Ok(false) => {}
        Ok(true) => console::line(&format!(
            "gantry: ran the {} transform (AWS SAM) on {file_name}",
            gantry::sam::TRANSFORM_NAME
        )),
        Err(failure) => return Ok(Err(Refusal { failure, file_name })),
    }
    let supplied = gantry::cdk::legacy::supply_standalone(&mut settings);
    if !supplied.is_empty() {
        let names: Vec<_> = supplied.keys().map(String::as_str).collect();
        console::line(&format!(
            "gantry: supplied the CDK v1 asset parameters {} as the CDK CLI would (bucket {}); the functions' aws:asset:path metadata says where their code is",
            names.join(", "),
            gantry::cdk::legacy::LOCAL_BUCKET
        ));
    }
    if let Some(sam) = &settings.sam {
        for warning in sam.transform_warnings() {
            console::deploy_warning(&settings.template_path, &warning);
        }
        // `sam build`'s output keeps the Metadata of what it built.
        let built = settings
            .template_path
            .components()
            .any(|part| part.as_os_str() == ".aws-sam");
        if !built {
            for warning in sam.build_method_warnings() {
                console::deploy_warning(&settings.template_path, &warning);
            }
        }
    }
    Ok(Ok(settings))
}

/// The state, upgraded in place (with a note saying so) if an earlier gantry wrote it.
pub(crate) fn open_state(state_dir: &Path) -> anyhow::Result<Store> {
    let store = Store::open_upgrading(state_dir, &cfn_engine::StateUpgrade)?;
    if !store.tightened().is_empty() {
        let made_private: Vec<String> = store
            .tightened()
            .iter()
            .map(|t| format!("{} ({:o} -> {:o})", t.path.display(), t.was, t.now))
            .collect();
        console::line(&format!(
            "gantry: made the state private, since it holds the issuer's private key: {}",
            made_private.join(", ")
        ));
    }
    if let Some(upgraded) = store.upgraded() {
        console::line(&format!(
            "gantry: upgraded the state in {} from schema {} to {} (the old state is kept at {})",
            state_dir.display(),
            upgraded.from,
            upgraded.to,
            upgraded.backup.display()
        ));
    }
    Ok(store)
}
