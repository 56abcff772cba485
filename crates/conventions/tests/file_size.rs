//! No `.rs` file in the repository is longer than [`MAX_LINES`] lines: a file that long
//! holds more than one responsibility and should be split along them.

use conventions::rust_files;

/// The most lines a `.rs` file may have.
const MAX_LINES: usize = 450;

#[test]
fn no_rust_file_is_longer_than_the_limit() {
    let files = rust_files();
    assert!(
        files.len() > 100,
        "only {} .rs files found; the scan is probably not reading the repository",
        files.len()
    );
    let offenders: Vec<String> = files
        .iter()
        .map(|file| (file, file.text.lines().count()))
        .filter(|(_, lines)| *lines > MAX_LINES)
        .map(|(file, lines)| {
            format!(
                "  {}:{}: {lines} lines, {} over the limit",
                file.relative,
                MAX_LINES + 1,
                lines - MAX_LINES
            )
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "{} file(s) are over {MAX_LINES} lines; split each by responsibility (one concern per \
         module, tests next to what they test):\n{}",
        offenders.len(),
        offenders.join("\n")
    );
}
