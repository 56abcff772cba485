//! `gantry validate`: every problem of a template, with its line, and the deployment order.

use std::process::ExitCode;

use crate::args::{Format, ValidateArgs};
use cfn_template::Diagnostic;

use crate::commands::stack_settings_or_refusal;
use crate::usage;

pub(crate) fn run(args: &ValidateArgs) -> anyhow::Result<ExitCode> {
    let settings = match stack_settings_or_refusal(&args.stack)? {
        Ok(settings) => settings,
        Err(refusal) => {
            // The SAM transform refused the template: its causes are the diagnostics.
            match args.format {
                Format::Json => {
                    let diagnostics: Vec<_> = refusal
                        .failure
                        .diagnostics()
                        .iter()
                        .map(Diagnostic::to_json)
                        .collect();
                    println!(
                        "{}",
                        serde_json::json!({"valid": false, "order": [], "diagnostics": diagnostics})
                    );
                }
                Format::Text => println!("{}", refusal.render()),
            }
            return Ok(ExitCode::FAILURE);
        }
    };
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
