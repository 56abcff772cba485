//! AWS managed policies gantry knows the content of, so roles that attach them by ARN
//! can be evaluated offline.

use std::sync::OnceLock;

use serde_json::{Value, json};

/// The path of AWS managed policy ARNs after the partition
/// (`arn:{partition}:iam::aws:policy/...`).
const AWS_MANAGED_POLICY_MARKER: &str = ":iam::aws:policy/";

/// The document of a well-known AWS managed policy, by ARN (any partition).
///
/// Known: `service-role/AWSLambdaRole` (invoke any function, the policy API Gateway
/// integration roles usually attach), `AWSLambda_FullAccess` (its `lambda:*` statement)
/// and `AdministratorAccess`. Other managed policies return `None`.
// Deviation from AWS: only the statements that matter for invoking a function are kept.
pub fn known_managed_policy(arn: &str) -> Option<&'static Value> {
    let (_, name) = arn.split_once(AWS_MANAGED_POLICY_MARKER)?;
    static POLICIES: OnceLock<[(&str, Value); 3]> = OnceLock::new();
    let policies = POLICIES.get_or_init(|| {
        [
            (
                "service-role/AWSLambdaRole",
                json!({"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": ["*"]}
                ]}),
            ),
            (
                "AWSLambda_FullAccess",
                json!({"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": ["lambda:*"], "Resource": "*"}
                ]}),
            ),
            (
                "AdministratorAccess",
                json!({"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": "*", "Resource": "*"}
                ]}),
            ),
        ]
    });
    policies
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, document)| document)
}
