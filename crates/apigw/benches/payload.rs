//! Placeholder until the benchmark is written.
#![allow(missing_docs)]
fn main() {}
