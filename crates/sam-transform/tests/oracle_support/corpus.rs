//! The SAM templates of the repository's corpus (`corpus/`), as its MANIFEST lists them.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::golden_support::load_template;

/// The corpus folder at the repository root.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

/// Every template whose MANIFEST row gives a SAM kind (`SAM`, `SAM (no Transform line)`,
/// `SAM + raw ApiGatewayV2`, ...), by file stem, as JSON.
pub fn sam_templates() -> Vec<(String, Value)> {
    let dir = corpus_dir();
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.md"))
        .unwrap_or_else(|error| panic!("reading {}: {error}", dir.join("MANIFEST.md").display()));
    let templates: Vec<(String, Value)> = manifest
        .lines()
        .filter_map(sam_row)
        .map(|file| {
            let path = dir.join("templates").join(&file);
            let name = Path::new(&file)
                .file_stem()
                .and_then(|stem| stem.to_str())
                .unwrap_or(&file)
                .to_owned();
            (name, load_template(&path))
        })
        .collect();
    assert!(
        !templates.is_empty(),
        "no SAM template listed in {}",
        dir.join("MANIFEST.md").display()
    );
    templates
}

/// The file of a MANIFEST table row `| # | `file` | source | license | kind | ...` whose
/// kind is SAM.
fn sam_row(line: &str) -> Option<String> {
    let cells: Vec<&str> = line.split('|').map(str::trim).collect();
    let number = cells.get(1)?;
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let file = cells.get(2)?.trim_matches('`');
    let kind = cells.get(5)?;
    kind.starts_with("SAM").then(|| file.to_owned())
}

/// The template as `sam package` hands it to CloudFormation: local code and definition
/// locations (`CodeUri: src/`) uploaded, so they are S3 URIs (`s3://gantry-corpus/src`).
/// Otherwise both transforms would only refuse the local paths, as the translator does.
pub fn as_packaged(template: &Value) -> Value {
    let mut template = template.clone();
    let globals = template
        .pointer_mut("/Globals/Function")
        .and_then(Value::as_object_mut);
    if let Some(function) = globals {
        upload(function, "CodeUri");
    }
    let resources = template.get_mut("Resources").and_then(Value::as_object_mut);
    for resource in resources
        .into_iter()
        .flat_map(|resources| resources.values_mut())
    {
        let kind = resource
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let property = match kind {
            "AWS::Serverless::Function" => "CodeUri",
            "AWS::Serverless::LayerVersion" => "ContentUri",
            "AWS::Serverless::Api" | "AWS::Serverless::HttpApi" => "DefinitionUri",
            _ => continue,
        };
        if let Some(properties) = resource
            .get_mut("Properties")
            .and_then(Value::as_object_mut)
        {
            upload(properties, property);
        }
    }
    template
}

fn upload(properties: &mut serde_json::Map<String, Value>, property: &str) {
    let Some(Value::String(location)) = properties.get(property) else {
        return;
    };
    if location.starts_with("s3://") {
        return;
    }
    let key = location.trim_start_matches("./").trim_end_matches('/');
    let key = if key.is_empty() { "code" } else { key };
    let uploaded = Value::String(format!("s3://gantry-corpus/{key}"));
    properties.insert(property.to_owned(), uploaded);
}

/// The template as CloudFormation (and AWS's YAML loader) hands YAML to the transform:
/// `!GetAtt A.B`, which `cfn_template` keeps as `Fn::GetAtt: "A.B"`, is `["A", "B"]` (split
/// at the first dot), so both transforms see what AWS's translator sees.
pub fn as_cloudformation_reads_yaml(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, item)| match (key.as_str(), item) {
                    ("Fn::GetAtt", Value::String(text)) => {
                        let parts = text.split_once('.').map_or_else(
                            || vec![Value::String(text.clone())],
                            |(resource, attribute)| vec![resource.into(), attribute.into()],
                        );
                        (key.clone(), Value::Array(parts))
                    }
                    _ => (key.clone(), as_cloudformation_reads_yaml(item)),
                })
                .collect(),
        ),
        Value::Array(items) => {
            Value::Array(items.iter().map(as_cloudformation_reads_yaml).collect())
        }
        other => other.clone(),
    }
}
