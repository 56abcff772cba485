//! What gantry prints for people: progress, outputs, request and function logs on
//! stderr; results on stdout.

use std::io::Write as _;

/// An error line.
pub(crate) fn error(message: &str) {
    eprintln!("error: {message}");
}

/// A warning line.
pub(crate) fn warning(message: &str) {
    eprintln!("warning: {message}");
}

/// A progress or log line.
pub(crate) fn line(message: &str) {
    // One write per line so lines from concurrent tasks never interleave.
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{message}");
}
