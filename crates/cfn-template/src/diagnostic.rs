//! Template problems as values: what is wrong, where (template path, line, column), and
//! what to do about it. Validation collects every problem instead of stopping at the
//! first, so a user can fix them all in one round.
//!
//! Rendering for humans lives in [`render`]; it is pure text in, text out.

pub mod render;

use serde_json::json;

use crate::position::Position;

/// How bad a [`Diagnostic`] is. Errors make a template invalid; warnings do not.
///
/// Ordered so that, at the same position, errors sort before warnings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// CloudFormation would reject the template, or gantry cannot deploy it.
    Error,
    /// The template deploys, but probably not the way its author meant.
    Warning,
}

impl Severity {
    /// The lower-case word used in text and JSON output: `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in a template.
///
/// `message` says what is wrong; `help`, when present, says what to do about it.
/// `path` is the template path of the offending node, e.g.
/// `Resources/TestFunction/Properties/Role`; `line` and `column` are 1-based and point
/// at that node in the source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, one sentence, no trailing full stop.
    pub message: String,
    /// What to do about it, when there is something useful to say.
    pub help: Option<String>,
    /// Template path, segments joined with `/` (empty for the whole template).
    pub path: String,
    /// 1-based line in the source text.
    pub line: u32,
    /// 1-based column (in characters) in the source text.
    pub column: u32,
}

impl Diagnostic {
    /// An error at `position`, with template path `path`.
    pub fn error(message: impl Into<String>, path: impl Into<String>, position: Position) -> Self {
        Self::new(Severity::Error, message.into(), path.into(), position)
    }

    /// A warning at `position`, with template path `path`.
    pub fn warning(
        message: impl Into<String>,
        path: impl Into<String>,
        position: Position,
    ) -> Self {
        Self::new(Severity::Warning, message.into(), path.into(), position)
    }

    fn new(severity: Severity, message: String, path: String, position: Position) -> Self {
        Self {
            severity,
            message,
            help: None,
            path,
            line: position.line,
            column: position.column,
        }
    }

    /// The same diagnostic with a `help` text saying what to do.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same diagnostic with `help` set when there is one.
    #[must_use]
    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Whether this diagnostic makes the template invalid.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Where the diagnostic points.
    pub fn position(&self) -> Position {
        Position {
            line: self.line,
            column: self.column,
        }
    }

    /// The message followed by the help text, for outputs that have one text field.
    pub fn full_message(&self) -> String {
        match &self.help {
            Some(help) => {
                // Help texts are written to follow `help:`; as a sentence of their own
                // they start with a capital.
                let mut chars = help.chars();
                let help: String = chars
                    .next()
                    .map(|first| first.to_uppercase().chain(chars).collect())
                    .unwrap_or_default();
                format!("{}. {help}", self.message.trim_end_matches('.'))
            }
            None => self.message.clone(),
        }
    }

    /// The JSON shape of `gantry validate --format json`: exactly `severity`, `message`,
    /// `path`, `line` and `column`. The help text is appended to `message`.
    pub fn to_json(&self) -> serde_json::Value {
        json!({
            "severity": self.severity.as_str(),
            "message": self.full_message(),
            "path": self.path,
            "line": self.line,
            "column": self.column,
        })
    }
}

/// Sorts diagnostics by position, then severity, then text, and drops exact duplicates.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (a.line, a.column, a.severity, &a.message, &a.path)
            .cmp(&(b.line, b.column, b.severity, &b.message, &b.path))
    });
    diagnostics.dedup();
}

/// At most this many candidates are compared for one suggestion (more than any real
/// template has: CloudFormation allows 500 resources and 200 parameters).
const MAX_CANDIDATES: usize = 2_000;

/// Names longer than this get no suggestion: no typo of a real name is that long.
const MAX_NAME_LENGTH: usize = 256;

/// The closest candidate to `name`, if one is close enough to be a likely typo.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    if name.len() > MAX_NAME_LENGTH {
        return None;
    }
    let lowered = name.to_ascii_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates.into_iter().take(MAX_CANDIDATES) {
        if candidate == name {
            continue;
        }
        let score = strsim::jaro_winkler(&lowered, &candidate.to_ascii_lowercase());
        if best.is_none_or(|(top, _)| score > top) {
            best = Some((score, candidate));
        }
    }
    best.filter(|(score, _)| *score >= 0.85)
        .map(|(_, name)| name)
}

/// Suggestions with a budget: one validation computes at most a fixed number, so a
/// hostile template with thousands of unknown names cannot make validation slow.
/// Past the budget, diagnostics keep their generic help.
pub(crate) struct Suggestions {
    remaining: std::cell::Cell<u32>,
}

impl Suggestions {
    /// A budget of `count` suggestions.
    pub(crate) fn new(count: u32) -> Self {
        Self {
            remaining: std::cell::Cell::new(count),
        }
    }

    /// [`closest`], while the budget lasts.
    pub(crate) fn closest<'a>(
        &self,
        name: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Option<&'a str> {
        let remaining = self.remaining.get();
        if remaining == 0 {
            return None;
        }
        self.remaining.set(remaining - 1);
        closest(name, candidates)
    }
}

/// `did you mean `X`?` for the closest candidate, if any.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(name, candidates).map(|found| format!("did you mean `{found}`?"))
}

#[cfg(test)]
mod tests;
