//! AWS's own SAM translator test cases (`tests/golden/`, vendored with `SOURCE`,
//! `LICENSE` and `NOTICE` from aws/serverless-application-model `tests/translator`,
//! Apache-2.0): every input, run
//! through gantry's transform, gives the expected output, compared as the translator's
//! own suite compares (lists without regard to order), or the same error message.
//!
//! REST `Deployment` ids and descriptions hash Python's `repr` of the Swagger body,
//! which gantry does not reproduce byte for byte: their hash part is normalised on both
//! sides (gantry's own ids are checked to be stable and body-dependent elsewhere).
//!
//! `GOLDEN_FILTER=http_api cargo test -p sam-transform --test golden -- --nocapture`
//! runs the cases whose name contains the filter and prints each mismatch.

#![allow(clippy::expect_used)] // golden_support::compare builds its patterns with expect

mod golden_support;

use golden_support::{Case, Outcome, cases, run};

#[test]
// The filter is for a developer at a terminal; it selects cases, it changes no outcome.
#[allow(clippy::disallowed_methods)]
fn every_golden_case_matches_aws_s_translator() {
    let filter = std::env::var("GOLDEN_FILTER").unwrap_or_default();
    let cases: Vec<Case> = cases()
        .into_iter()
        .filter(|case| case.name.contains(&filter))
        .collect();
    assert!(
        !cases.is_empty(),
        "no golden case matches GOLDEN_FILTER={filter:?}"
    );
    let mut failures = Vec::new();
    for case in &cases {
        if let Outcome::Mismatch(report) = run(case) {
            failures.push(format!("--- {} ---\n{report}", case.name));
        }
    }
    let passed = cases.len() - failures.len();
    eprintln!("golden: {passed}/{} cases match", cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} golden cases differ from AWS's translator:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
