//! One module per subcommand.

pub(crate) mod credentials;
pub(crate) mod invoke;
pub(crate) mod token;
pub(crate) mod transform;
pub(crate) mod up;
pub(crate) mod validate;

use std::path::Path;

use gantry::sam::TransformFailure;
use gantry::settings::{StackArgs, StackSettings};
use store::Store;

use crate::{Reported, console, usage};

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
