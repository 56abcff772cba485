//! `gantry transform`: the processed template of a SAM template, as CloudFormation shows
//! it in the "Processed" template stage, printed as JSON.
//!
//! It needs no parameter values: what the translator does not resolve stays an intrinsic.

use std::process::ExitCode;

use crate::args::TransformArgs;
use crate::commands::stack_settings;
use crate::{console, usage};

pub(crate) fn run(args: &TransformArgs) -> anyhow::Result<ExitCode> {
    let settings = stack_settings(&args.stack)?;
    if settings.sam.is_some() {
        // `template_body` is the processed template, as JSON.
        println!("{}", settings.template_body);
        return Ok(ExitCode::SUCCESS);
    }
    // Not a SAM template: its processed stage is the template itself, unless it names a
    // transform gantry does not run.
    let parsed = cfn_template::syntax::parse(&settings.template_body);
    let Some(root) = parsed.root else {
        let validation = cfn_template::validate(&settings.template_body, &settings.inputs())
            .map_err(|e| usage(e.to_string()))?;
        console::line(settings.render(&validation).trim_end());
        return Ok(ExitCode::FAILURE);
    };
    let template = root.to_json();
    if let Some(transform) = template.get("Transform") {
        console::error(&format!(
            "{}: the transform {transform} is not one gantry runs: gantry runs {} alone, and no CloudFormation macros",
            settings.template_path.display(),
            gantry::sam::TRANSFORM_NAME
        ));
        return Ok(ExitCode::FAILURE);
    }
    console::line(&format!(
        "gantry: {} has no Transform; its processed template is the template itself",
        settings.template_path.display()
    ));
    println!(
        "{}",
        serde_json::to_string_pretty(&template).unwrap_or_else(|_| template.to_string())
    );
    Ok(ExitCode::SUCCESS)
}
