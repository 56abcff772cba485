//! Helpers for gantry's tests and benchmarks only (never a dependency of the product):
//! real components to test against.

// A broken test environment (no keys, no port) should stop the test loudly.
#![allow(clippy::expect_used, clippy::missing_panics_doc)]

pub mod issuer;
pub mod sigv4;
