//! A nested stack's template, read for the engine ([`DeployChecks::nested_template`]):
//! the file as it is, or the processed template of a SAM template with its warnings and
//! the way back to the SAM template's lines (cdk.md §3.1, §3.6).
//!
//! [`DeployChecks::nested_template`]: cfn_engine::DeployChecks::nested_template

use cfn_engine::{CheckNote, NestedTemplate, NestedTemplateRequest, SourceLines, TemplateNote};
use cfn_template::ParameterOverride;
use serde_json::Value;

use crate::sam::{self, Prepared, SamSource};

/// Reads the template at `request.path` and SAM-transforms it when it is a SAM template.
pub(super) fn read(request: &NestedTemplateRequest<'_>) -> Result<NestedTemplate, CheckNote> {
    let path = request.path;
    let text = std::fs::read_to_string(path).map_err(|e| {
        CheckNote::property(
            "TemplateURL",
            format!(
                "the nested stack's template {} cannot be read ({e}); check TemplateURL (a path relative to this template)",
                path.display()
            ),
        )
    })?;
    let options = sam_transform::Options {
        region: request.region.to_owned(),
        account_id: Some(request.account_id.to_owned()),
        parameter_overrides: overrides(request.parameters),
        local_paths: true,
    };
    match sam::prepare(&text, &options) {
        Ok(Prepared::Plain) => Ok(NestedTemplate {
            body: text,
            notes: Vec::new(),
            source_lines: None,
        }),
        Ok(Prepared::Transformed { template, source }) => Ok(NestedTemplate {
            body: serde_json::to_string_pretty(&template).unwrap_or_else(|_| template.to_string()),
            notes: source
                .transform_warnings()
                .into_iter()
                .chain(source.build_method_warnings())
                .map(|warning| TemplateNote {
                    line: warning.line,
                    logical_id: warning.logical_id,
                    message: warning.message,
                })
                .collect(),
            source_lines: Some(Box::new(SamLines(*source))),
        }),
        Err(failure) => {
            let file_name = path.display().to_string();
            Err(CheckNote::property(
                "TemplateURL",
                format!(
                    "the nested stack's SAM template {file_name} cannot be transformed:\n{}",
                    failure.render(&file_name)
                ),
            ))
        }
    }
}

fn overrides(parameters: &[ParameterOverride]) -> serde_json::Map<String, Value> {
    parameters
        .iter()
        .map(|p| (p.key.clone(), Value::String(p.value.clone())))
        .collect()
}

/// A SAM child's processed-template locations, pointed at its SAM template.
struct SamLines(SamSource);

impl SourceLines for SamLines {
    fn line_of(&self, processed_path: &str) -> u32 {
        self.0.locate_processed_path(processed_path).position.line
    }

    fn resource_name(&self, logical_id: &str) -> String {
        match self.0.origin_of(logical_id) {
            origin if origin == logical_id => logical_id.to_owned(),
            origin => format!("{logical_id} (from {origin})"),
        }
    }
}
