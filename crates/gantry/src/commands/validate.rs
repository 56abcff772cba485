//! `gantry validate`: every problem of a template, with its line, and the deployment order.

use std::process::ExitCode;

use crate::args::{Format, ValidateArgs};
use crate::commands::{inputs, read_template};
use crate::usage;

pub(crate) fn run(args: &ValidateArgs) -> anyhow::Result<ExitCode> {
    let source = read_template(&args.template)?;
    let inputs = inputs(&args.parameters, &args.stack_name)?;
    let validation = cfn_template::validate(&source, &inputs).map_err(|e| usage(e.to_string()))?;
    match args.format {
        Format::Json => println!("{}", validation.to_json()),
        Format::Text => {
            let rendered = validation.render(&source, &args.template.display().to_string());
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
