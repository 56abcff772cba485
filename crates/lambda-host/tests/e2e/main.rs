//! End-to-end tests of the Lambda host: real runtime processes (Node.js, Python, a Rust
//! `lambda_runtime` binary, shell and Python custom runtimes) talking to real Runtime API
//! listeners on 127.0.0.1 and bootstrap channels on Unix sockets in temporary directories.
//! Each test stops every process it starts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers fail the test on anything unexpected"
)]

mod channel;
mod lifecycle;
mod logs;
mod node;
mod provided;
mod python;
mod robustness;
mod runtime_api;
mod support;
mod twin;
