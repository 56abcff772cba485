//! Fuzz the JSON/YAML parsers: any text must give a tree or diagnostics, never a
//! panic, a hang or unbounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = cfn_template::syntax::parse(text);
    }
});
