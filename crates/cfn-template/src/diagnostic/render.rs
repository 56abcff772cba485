//! Human-readable diagnostics in the style of rustc and cargo: the message, the file
//! position, the offending source line with a caret under the column, the template
//! path and the help text.
//!
//! ```text
//! error: `Rol` is not a resource in this template
//!   --> template.yaml:12:13
//!    |
//! 12 |       Role: !GetAtt Rol.Arn
//!    |             ^
//!    |
//!    = path: Resources/TestFunction/Properties/Role
//!    = help: did you mean `Role`?
//! ```

use std::fmt::Write as _;

use super::{Diagnostic, Severity};

/// Tabs are shown as this many spaces, so the caret lines up with what is printed.
const TAB_WIDTH: usize = 4;

/// Renders one diagnostic against the template `source` it was found in.
///
/// `file_name` is shown in the `-->` line as given. If the position lies outside
/// `source` (for example a diagnostic about the inputs rather than the text), the
/// source excerpt is left out.
pub fn render(diagnostic: &Diagnostic, source: &str, file_name: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {}",
        diagnostic.severity.as_str(),
        diagnostic.message
    );
    let line_number = diagnostic.line.to_string();
    let gutter = " ".repeat(line_number.len());
    let _ = writeln!(
        out,
        "{gutter}--> {file_name}:{}:{}",
        diagnostic.line, diagnostic.column
    );
    if let Some(text) = source_line(source, diagnostic.line) {
        let (shown, caret_offset) = expand_tabs(text, diagnostic.column);
        let _ = writeln!(out, "{gutter} |");
        let _ = writeln!(out, "{line_number} | {shown}");
        let _ = writeln!(out, "{gutter} | {}^", " ".repeat(caret_offset));
        let _ = writeln!(out, "{gutter} |");
    }
    if !diagnostic.path.is_empty() {
        let _ = writeln!(out, "{gutter} = path: {}", diagnostic.path);
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "{gutter} = help: {help}");
    }
    out
}

/// Renders every diagnostic, separated by blank lines, then a one-line summary such as
/// `error: template.yaml is not valid: 2 errors, 1 warning` (or `... is valid`).
pub fn render_all(diagnostics: &[Diagnostic], source: &str, file_name: &str) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&render(diagnostic, source, file_name));
        out.push('\n');
    }
    out.push_str(&summary(diagnostics, file_name));
    out.push('\n');
    out
}

/// The closing line of [`render_all`].
pub fn summary(diagnostics: &[Diagnostic], file_name: &str) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let count = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if errors > 0 {
        let mut line = format!(
            "error: {file_name} is not valid: {}",
            count(errors, "error")
        );
        if warnings > 0 {
            let _ = write!(line, ", {}", count(warnings, "warning"));
        }
        line
    } else if warnings > 0 {
        format!("{file_name} is valid, with {}", count(warnings, "warning"))
    } else {
        format!("{file_name} is valid")
    }
}

fn source_line(source: &str, line: u32) -> Option<&str> {
    let index = usize::try_from(line).ok()?.checked_sub(1)?;
    source
        .split('\n')
        .nth(index)
        .map(|text| text.strip_suffix('\r').unwrap_or(text))
}

/// The line with tabs expanded, and how many characters precede 1-based `column`.
fn expand_tabs(text: &str, column: u32) -> (String, usize) {
    let before = usize::try_from(column).unwrap_or(1).saturating_sub(1);
    let mut shown = String::with_capacity(text.len());
    let mut offset = 0;
    for (index, ch) in text.chars().enumerate() {
        let width = if ch == '\t' { TAB_WIDTH } else { 1 };
        if index < before {
            offset += width;
        }
        if ch == '\t' {
            shown.push_str(&" ".repeat(TAB_WIDTH));
        } else {
            shown.push(ch);
        }
    }
    let past_end = before.saturating_sub(text.chars().count());
    (shown, offset + past_end)
}
