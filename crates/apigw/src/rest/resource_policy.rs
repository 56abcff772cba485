//! A REST API's resource policy (`Policy`, `x-amazon-apigateway-policy`), evaluated as
//! API Gateway does with the method's authorization type (aws-rest-api.md §0 step 4).
//!
//! STUB: the interface the pipeline calls; the authorizer helper replaces the bodies.

use std::net::IpAddr;

use crate::rest::RestError;

/// A compiled resource policy.
#[derive(Debug)]
pub struct ResourcePolicy {}

/// Who is calling, as far as the policy's principals and conditions can tell.
#[derive(Debug, Clone, Copy)]
pub struct PolicyCaller<'a> {
    /// The client's address (`aws:SourceIp`).
    pub source_ip: IpAddr,
    /// The IAM principal ARN of a SigV4-signed caller (`AWS_IAM` methods).
    pub principal_arn: Option<&'a str>,
}

impl ResourcePolicy {
    /// Compiles a policy document; `Err` says why it cannot be evaluated (the API then
    /// refuses every request: fail closed).
    pub fn compile(document: &serde_json::Value) -> Result<Self, String> {
        let _ = document;
        Err("resource policies are not evaluated yet".to_owned())
    }

    /// Allows or denies a call of `method_arn` (403 `AccessDeniedException`).
    pub fn check(&self, method_arn: &str, caller: PolicyCaller<'_>) -> Result<(), RestError> {
        let _ = (method_arn, caller);
        Err(RestError::access_denied(
            "User: anonymous is not authorized to perform: execute-api:Invoke".to_owned(),
            "resource policies are not evaluated yet",
        ))
    }
}
