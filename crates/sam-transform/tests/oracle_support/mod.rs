//! Running AWS's translator (the oracle) on a batch of templates and judging gantry's
//! transform against it, with a compact summary of what differs.

#![allow(dead_code, unreachable_pub)]

pub mod applications;
pub mod corpus;
pub mod generate;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::golden_support::{Outcome, judge};

/// The environment variable naming the Python that has `aws-sam-translator` installed.
pub const ORACLE_PYTHON_VAR: &str = "GANTRY_SAM_ORACLE_PYTHON";

/// The translator version the oracle must be (gantry's transform and vendored data follow it).
pub const ORACLE_VERSION: &str = "1.115.0";

/// How to get the oracle, for the failure message when it is missing.
fn how_to_install() -> String {
    format!(
        "AWS's SAM translator (the oracle) is needed: `.ci/run` installs it, or by hand\n  \
         python3 -m venv target/sam-oracle-venv\n  \
         target/sam-oracle-venv/bin/pip install aws-sam-translator=={ORACLE_VERSION}\n\
         then run the tests with {ORACLE_PYTHON_VAR}=target/sam-oracle-venv/bin/python \
         (target/sam-oracle-venv/bin/python is also found without it)"
    )
}

/// The oracle's Python: `GANTRY_SAM_ORACLE_PYTHON`, else the venv `.ci/run` creates,
/// which the tests create themselves when it is missing (so `cargo test --workspace` on a
/// fresh machine needs nothing but `python3` and PyPI). When neither works the test
/// fails saying how to install it (never a silent pass).
#[allow(clippy::disallowed_methods)] // tests stand in for `.ci/run`, which sets it
pub fn oracle_python() -> PathBuf {
    if let Some(python) = std::env::var_os(ORACLE_PYTHON_VAR) {
        let python = PathBuf::from(python);
        assert!(
            python.exists(),
            "{ORACLE_PYTHON_VAR}={} does not exist.\n{}",
            python.display(),
            how_to_install()
        );
        return python;
    }
    let venv = workspace_dir().join("target/sam-oracle-venv");
    let python = venv.join("bin/python");
    // The oracle tests run in parallel threads: one installs, the others wait for it.
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _installing = INSTALL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if !has_oracle(&python)
        && let Err(error) = install_oracle(&venv)
    {
        panic!("{error}\n{}", how_to_install());
    }
    python
}

/// Whether `python` exists and imports the pinned translator.
fn has_oracle(python: &Path) -> bool {
    Command::new(python)
        .args([
            "-c",
            &format!("import sys, samtranslator; sys.exit(samtranslator.__version__ != '{ORACLE_VERSION}')"),
        ])
        .output()
        .is_ok_and(|output| output.status.success())
}

/// Creates `venv` with the pinned translator from PyPI, as `.ci/run` does.
fn install_oracle(venv: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(venv);
    let steps: [(PathBuf, Vec<String>); 2] = [
        (
            PathBuf::from("python3"),
            vec!["-m".into(), "venv".into(), venv.display().to_string()],
        ),
        (
            venv.join("bin/pip"),
            vec![
                "install".into(),
                "--quiet".into(),
                "--disable-pip-version-check".into(),
                format!("aws-sam-translator=={ORACLE_VERSION}"),
            ],
        ),
    ];
    for (program, args) in steps {
        let output = Command::new(&program)
            .args(&args)
            .output()
            .map_err(|error| format!("running {}: {error}", program.display()))?;
        if !output.status.success() {
            return Err(format!(
                "installing the SAM oracle failed: {} {}\n{}",
                program.display(),
                args.join(" "),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    Ok(())
}

fn workspace_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The translator outputs for `templates` (name, SAM template), in order: one Python
/// process for the whole batch. The batch stays in `target/tmp/sam-oracle/<batch>/` (`in/`
/// the templates, `out/` the translator's outputs) for a look at what differs.
pub fn translate(batch: &str, templates: &[(String, Value)]) -> Vec<Value> {
    let dir = batch_dir(batch);
    let (input, output) = (dir.join("in"), dir.join("out"));
    let _ = std::fs::remove_dir_all(&dir);
    for folder in [&input, &output] {
        std::fs::create_dir_all(folder)
            .unwrap_or_else(|error| panic!("creating {}: {error}", folder.display()));
    }
    for (name, template) in templates {
        let path = input.join(format!("{name}.json"));
        let text = serde_json::to_string_pretty(template).unwrap_or_default();
        std::fs::write(&path, text)
            .unwrap_or_else(|error| panic!("writing {}: {error}", path.display()));
    }
    let python = oracle_python();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("oracle/translate.py");
    let run = Command::new(&python)
        .arg(&script)
        .arg(&input)
        .arg(&output)
        .output()
        .unwrap_or_else(|error| {
            panic!(
                "running {}: {error}\n{}",
                python.display(),
                how_to_install()
            )
        });
    assert!(
        run.status.success(),
        "{} {} failed ({}):\n{}\n{}",
        python.display(),
        script.display(),
        run.status,
        String::from_utf8_lossy(&run.stderr),
        how_to_install()
    );
    templates
        .iter()
        .map(|(name, _)| {
            let path = output.join(format!("{name}.json"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
            serde_json::from_str(&text)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        })
        .collect()
}

/// Where a batch's templates and outputs are kept.
pub fn batch_dir(batch: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("sam-oracle")
        .join(batch)
}

/// How gantry's transform of one template compares with the translator's.
pub enum Verdict {
    /// Equal outputs, or the same error message.
    Match,
    /// gantry refuses a feature it does not transform, by name (fail closed, by design).
    Refused(String),
    /// The translator itself crashes (CloudFormation: an internal transform failure) and
    /// gantry refuses the template too.
    OracleCrashed(String),
    /// A difference: the first few differences, and how many there are.
    Mismatch { first: Vec<String>, total: usize },
}

/// What a gantry refusal of an out-of-scope feature says (`src/unsupported.rs`).
const REFUSAL: &str = "gantry does not transform";

/// gantry's transform of `template` judged against the translator's `expected` output.
pub fn verdict(template: &Value, expected: &Value) -> Verdict {
    let actual = sam_transform::transform(template, &sam_transform::Options::default());
    if let Err(error) = &actual {
        let message = error.message();
        if message.contains(REFUSAL) && expected.get("errorMessage").is_none() {
            return Verdict::Refused(message);
        }
    }
    if let Some(crash) = expected.get("oracleCrash").and_then(Value::as_str) {
        return match actual {
            Err(_) => Verdict::OracleCrashed(crash.to_owned()),
            Ok(_) => mismatch(&format!(
                "  AWS's translator fails ({crash}), gantry gives a template"
            )),
        };
    }
    match judge(expected, actual) {
        Outcome::Match => Verdict::Match,
        Outcome::Mismatch(report) => mismatch(&report),
    }
}

/// The report split into its differences: each template difference starts on a line
/// indented by two spaces (`compare::differences`); an error report is one difference.
fn mismatch(report: &str) -> Verdict {
    let mut differences: Vec<String> = Vec::new();
    for line in report.lines() {
        let starts_one = line.starts_with("  ") && !line.starts_with("   ");
        match differences.last_mut() {
            Some(last) if !starts_one || !report.starts_with("  ") => {
                last.push('\n');
                last.push_str(line);
            }
            _ => differences.push(line.to_owned()),
        }
    }
    let total = differences.len();
    differences.truncate(3);
    Verdict::Mismatch {
        first: differences,
        total,
    }
}

/// Judged templates and the summary the tests print.
pub struct Summary {
    pub title: String,
    pub rows: Vec<(String, Verdict)>,
}

impl Summary {
    /// Templates that differ from the translator.
    pub fn mismatches(&self) -> usize {
        self.rows
            .iter()
            .filter(|(_, verdict)| matches!(verdict, Verdict::Mismatch { .. }))
            .count()
    }

    /// One line per template, then the first differences of each mismatch.
    pub fn render(&self) -> String {
        let count =
            |wanted: fn(&Verdict) -> bool| self.rows.iter().filter(|(_, v)| wanted(v)).count();
        let matched = count(|v| matches!(v, Verdict::Match));
        let refused = count(|v| matches!(v, Verdict::Refused(_)));
        let crashed = count(|v| matches!(v, Verdict::OracleCrashed(_)));
        let mut out = format!(
            "{}: {matched}/{} match AWS's translator, {} differ, {refused} refused by gantry \
             (out of scope), {crashed} crash the translator and are refused by gantry\n",
            self.title,
            self.rows.len(),
            self.mismatches()
        );
        for (name, verdict) in &self.rows {
            let line = match verdict {
                Verdict::Match => "match".to_owned(),
                Verdict::Refused(message) => format!("refused: {}", tail(message)),
                Verdict::OracleCrashed(crash) => format!("translator crashes: {crash}"),
                Verdict::Mismatch { first, total } => format!(
                    "DIFFERS ({total} difference{}):\n{}",
                    if *total == 1 { "" } else { "s" },
                    indent(&first.join("\n"))
                ),
            };
            out.push_str(&format!("  {name}: {line}\n"));
        }
        out
    }
}

/// A refusal's message without the document summary, cut short.
fn tail(message: &str) -> String {
    let message = message
        .split_once(". Resource with id")
        .map_or(message, |(_, rest)| rest);
    message.chars().take(160).collect()
}

/// Detail lines under a template's name.
fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("      {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}
