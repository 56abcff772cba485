//! `gantry validate`: every problem of a template, with its line, and the deployment order.

use std::process::ExitCode;

use crate::args::{Format, ValidateArgs};
use crate::commands::stack_settings;
use crate::usage;

pub(crate) fn run(args: &ValidateArgs) -> anyhow::Result<ExitCode> {
    let settings = stack_settings(&args.stack)?;
    let validation = cfn_template::validate(&settings.template_body, &settings.inputs())
        .map_err(|e| usage(e.to_string()))?;
    match args.format {
        Format::Json => println!("{}", settings.for_user(&validation).to_json()),
        Format::Text => {
            let rendered = settings.render(&validation);
            println!("{}", rendered.trim_end());
            if validation.is_valid() {
                println!("deployment order: {}", validation.order().join(", "));
            }
        }
    }
    Ok(if validation.is_valid() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
