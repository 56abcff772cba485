//! Loading the golden cases and comparing outputs the way the translator's test suite does.

// Shared by several test binaries, each using part of it; a broken checkout panics, as in
// the tests that call these helpers.
#![allow(dead_code, unreachable_pub, clippy::expect_used)]

pub mod compare;

use std::path::{Path, PathBuf};

use serde_json::Value;

/// One golden case: a SAM input and the translator's output or error.
pub struct Case {
    pub name: String,
    pub input: PathBuf,
    pub output: PathBuf,
}

/// What a case gave.
pub enum Outcome {
    Match,
    Mismatch(String),
}

/// The golden cases folder.
pub fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Every case, by name.
pub fn cases() -> Vec<Case> {
    let dir = golden_dir();
    let mut cases: Vec<Case> = std::fs::read_dir(dir.join("input"))
        .unwrap_or_else(|error| panic!("reading {}: {error}", dir.join("input").display()))
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let path = entry.path();
            let name = path.file_stem()?.to_str()?.to_owned();
            let output = dir.join("output").join(format!("{name}.json"));
            output.exists().then_some(Case {
                name,
                input: path,
                output,
            })
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// A template file as JSON, YAML short forms in their long form.
pub fn load_template(path: &Path) -> Value {
    let source =
        std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let parsed = cfn_template::syntax::parse(&source);
    match parsed.root {
        Some(root) => root.to_json(),
        None => panic!("{}: {:?}", path.display(), parsed.diagnostics),
    }
}

/// Runs one case as the translator's suite runs its `output/` (aws partition) cases:
/// region ap-southeast-1, no parameter overrides.
pub fn run(case: &Case) -> Outcome {
    let input = load_template(&case.input);
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(&case.output).unwrap_or_default())
            .unwrap_or_else(|error| panic!("{}: {error}", case.output.display()));
    let options = sam_transform::Options {
        region: "ap-southeast-1".to_owned(),
        ..sam_transform::Options::default()
    };
    judge(&expected, sam_transform::transform(&input, &options))
}

/// Compares one transform's result with the translator's (a processed template, or
/// `{"errorMessage": ...}`): templates by [`compare::differences`], errors by message.
pub fn judge(
    expected: &Value,
    actual: Result<sam_transform::Transformed, sam_transform::Error>,
) -> Outcome {
    match (expected.get("errorMessage").and_then(Value::as_str), actual) {
        (Some(message), Err(error)) if error.message() == message => Outcome::Match,
        (Some(message), Err(error)) => Outcome::Mismatch(format!(
            "expected error:\n  {message}\ngot error:\n  {}",
            error.message()
        )),
        (Some(message), Ok(_)) => {
            Outcome::Mismatch(format!("expected error:\n  {message}\ngot a template"))
        }
        (None, Err(error)) => Outcome::Mismatch(format!(
            "expected a template, got error:\n  {}",
            error.message()
        )),
        (None, Ok(transformed)) => match compare::differences(expected, &transformed.template) {
            differences if differences.is_empty() => Outcome::Match,
            differences => Outcome::Mismatch(differences.join("\n")),
        },
    }
}
