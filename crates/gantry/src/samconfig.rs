//! SAM CLI's project configuration, `samconfig.toml` (or `samconfig.yaml`/`.yml`), read
//! for what gantry shares with `sam deploy` and `sam local start-api`: `stack_name`,
//! `region` and `parameter_overrides`.
//!
//! The file holds environments (`[default]`, `--config-env` picks another), each with
//! one table of parameters per command (`[default.deploy.parameters]`) and
//! `[default.global.parameters]` for all commands; a command's own table wins over
//! `global`. gantry is both SAM CLI's `deploy` and its `local start-api`, so it reads
//! `global`, then `deploy`, then `local_start_api`, each winning over the one before.
//! Values given on gantry's command line win over the file (as a command-line option
//! wins over samconfig in SAM CLI).

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The file names SAM CLI looks for, in its order.
const FILE_NAMES: [&str; 3] = ["samconfig.toml", "samconfig.yaml", "samconfig.yml"];

/// The command tables gantry reads, weakest first.
// Unconfirmed: SAM CLI reads one command's table over `global`; gantry, standing for
// both `sam deploy` and `sam local start-api`, layers both (docs/sam.md).
const COMMANDS: [&str; 3] = ["global", "deploy", "local_start_api"];

/// What gantry takes from a SAM CLI configuration file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SamConfig {
    /// The file read.
    pub path: PathBuf,
    /// `stack_name`.
    pub stack_name: Option<String>,
    /// `region`.
    pub region: Option<String>,
    /// `parameter_overrides`, as `KEY=VALUE` items.
    pub parameter_overrides: Option<Vec<String>>,
}

/// The configuration file for a template: `explicit` (`--config-file`) if given, else
/// the first of SAM CLI's names next to the template, else (for `sam build` output in
/// `.aws-sam/build/`) next to the project's template.
pub fn find(template: &Path, explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(explicit) = explicit {
        return Some(explicit.to_owned());
    }
    let dir = template.parent().unwrap_or(Path::new(""));
    let mut dirs = vec![dir.to_owned()];
    if dir.ends_with(".aws-sam/build") {
        dirs.extend(dir.parent().and_then(Path::parent).map(Path::to_owned));
    }
    dirs.iter()
        .flat_map(|dir| FILE_NAMES.iter().map(move |name| dir.join(name)))
        .find(|path| path.is_file())
}

/// Reads the file at `path` for environment `env`.
pub fn read(path: &Path, env: &str) -> Result<SamConfig, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read SAM CLI configuration {}: {e}", path.display()))?;
    let document = parse(path, &text)?;
    let Some(environment) = document.get(env) else {
        return Ok(SamConfig {
            path: path.to_owned(),
            ..SamConfig::default()
        });
    };
    let mut parameters = serde_json::Map::new();
    for command in COMMANDS {
        if let Some(Value::Object(table)) =
            environment.get(command).and_then(|c| c.get("parameters"))
        {
            parameters.extend(table.clone());
        }
    }
    let text_of = |key: &str| -> Result<Option<String>, String> {
        match parameters.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(other) => Err(format!(
                "{}: `{key}` in [{env}] must be a string, not {other}",
                path.display()
            )),
        }
    };
    let parameter_overrides = match parameters.get("parameter_overrides") {
        None => None,
        Some(Value::String(text)) => Some(
            split_overrides(text)
                .map_err(|e| format!("{}: parameter_overrides: {e}", path.display()))?,
        ),
        Some(Value::Array(items)) => Some(
            list_overrides(items)
                .map_err(|e| format!("{}: parameter_overrides: {e}", path.display()))?,
        ),
        Some(other) => {
            return Err(format!(
                "{}: parameter_overrides must be a string (\"Key=Value Key2=Value2\") or a list of \"Key=Value\", not {other}",
                path.display()
            ));
        }
    };
    Ok(SamConfig {
        path: path.to_owned(),
        stack_name: text_of("stack_name")?,
        region: text_of("region")?,
        parameter_overrides,
    })
}

/// The file as JSON: TOML, or YAML for `.yaml`/`.yml`.
fn parse(path: &Path, text: &str) -> Result<Value, String> {
    let is_yaml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    if is_yaml {
        let parsed = cfn_template::syntax::parse(text);
        return parsed.root.map(|root| root.to_json()).ok_or_else(|| {
            let reason = parsed
                .diagnostics
                .first()
                .map_or_else(String::new, |d| format!(": {}", d.message));
            format!("{} is not valid YAML{reason}", path.display())
        });
    }
    let table: toml::Table =
        toml::from_str(text).map_err(|e| format!("{} is not valid TOML: {e}", path.display()))?;
    serde_json::to_value(table).map_err(|e| format!("{}: {e}", path.display()))
}

/// A list of `Key=Value` (or `ParameterKey=K,ParameterValue=V`) items.
fn list_overrides(items: &[Value]) -> Result<Vec<String>, String> {
    let mut overrides = Vec::new();
    for item in items {
        let Value::String(text) = item else {
            return Err(format!("{item} is not a \"Key=Value\" string"));
        };
        overrides.extend(split_overrides(text)?);
    }
    Ok(overrides)
}

/// Splits SAM CLI's `parameter_overrides` text into `KEY=VALUE` items: items are
/// separated by whitespace, written `Key=Value` or `ParameterKey=Key,ParameterValue=Value`,
/// and a key or value may be wrapped in double or single quotes (to hold spaces; `\"`
/// inside double quotes is a quote).
// Unconfirmed: SAM CLI's exact grammar for escapes inside quotes (docs/sam.md).
pub fn split_overrides(text: &str) -> Result<Vec<String>, String> {
    let mut scanner = Scanner {
        chars: text.chars().collect(),
        at: 0,
    };
    let mut overrides = Vec::new();
    loop {
        scanner.skip_whitespace();
        if scanner.done() {
            return Ok(overrides);
        }
        let (key, value) = if scanner.eat("ParameterKey=") {
            let key = scanner.word(',')?;
            if !scanner.eat(",ParameterValue=") {
                return Err(format!(
                    "ParameterKey={key} must be followed by ,ParameterValue=VALUE"
                ));
            }
            (key, scanner.word(' ')?)
        } else {
            let key = scanner.word('=')?;
            if !scanner.eat("=") {
                return Err(format!("{key:?} is not Key=Value"));
            }
            (key, scanner.word(' ')?)
        };
        overrides.push(format!("{key}={value}"));
    }
}

/// A cursor over the characters of `parameter_overrides`.
struct Scanner {
    chars: Vec<char>,
    at: usize,
}

impl Scanner {
    fn done(&self) -> bool {
        self.at >= self.chars.len()
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn eat(&mut self, literal: &str) -> bool {
        let wanted: Vec<char> = literal.chars().collect();
        let end = self.at + wanted.len();
        if self.chars.get(self.at..end) == Some(wanted.as_slice()) {
            self.at = end;
            true
        } else {
            false
        }
    }

    /// A quoted string, or the characters up to `stop` or whitespace.
    fn word(&mut self, stop: char) -> Result<String, String> {
        match self.peek() {
            Some(quote @ ('"' | '\'')) => self.quoted(quote),
            _ => {
                let mut word = String::new();
                while let Some(c) = self.peek() {
                    if c == stop || c.is_whitespace() {
                        break;
                    }
                    word.push(c);
                    self.at += 1;
                }
                Ok(word)
            }
        }
    }

    fn quoted(&mut self, quote: char) -> Result<String, String> {
        self.at += 1;
        let mut word = String::new();
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                '\\' if quote == '"' => match self.peek() {
                    Some(next @ ('"' | '\\')) => {
                        word.push(next);
                        self.at += 1;
                    }
                    _ => word.push('\\'),
                },
                c if c == quote => return Ok(word),
                c => word.push(c),
            }
        }
        Err(format!("a value starting with {quote} is not closed"))
    }
}

#[cfg(test)]
mod tests;
