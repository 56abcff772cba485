//! Parameter mapping (§6.5): `RequestParameters` and `ResponseParameters` of an
//! integration, compiled once at deploy time and applied to each request and response.
//!
//! A mapping is a list of operations (`append`, `overwrite`, `remove` of a header or a
//! query string parameter, `overwrite:path`, `overwrite:statuscode`), each with a value
//! template of static text and selection expressions (`$request.header.x`,
//! `${context.requestId}`, ...). Compiling refuses what AWS refuses (unknown keys,
//! reserved headers, unknown expressions), naming the key, so a bad mapping fails the
//! deployment instead of a request.

mod apply;
mod expression;
mod key;

use std::collections::BTreeMap;

use http::StatusCode;

pub use apply::{
    BODY_PATH_LIMIT, ContextValues, LambdaContext, RequestValues, ResponseValues, TargetRequest,
    TargetResponse,
};
pub use expression::{Part, PathStep, Source, Template};
pub use key::{Action, RequestTarget, ResponseTarget, is_reserved_header};

/// One request operation: what to change, how, and the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestOperation {
    /// `append`, `overwrite` or `remove`.
    pub action: Action,
    /// The header, query string parameter or path.
    pub target: RequestTarget,
    /// The value (ignored by `remove`).
    pub value: Template,
}

/// One response operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseOperation {
    /// `append`, `overwrite` or `remove`.
    pub action: Action,
    /// The header or the status code.
    pub target: ResponseTarget,
    /// The value (ignored by `remove`).
    pub value: Template,
}

/// An integration's `RequestParameters`, compiled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestMapping {
    operations: Vec<RequestOperation>,
}

/// An integration's `ResponseParameters`, compiled: operations by the integration's
/// status code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseMappings {
    by_status: Vec<(StatusCode, Vec<ResponseOperation>)>,
}

/// A mapping AWS would refuse; names the key and says what is accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location} {key:?}: {message}")]
pub struct MappingError {
    /// `RequestParameters` or `ResponseParameters.<status>`.
    pub location: String,
    /// The mapping key (or the status code key).
    pub key: String,
    /// What is wrong and what is accepted.
    pub message: String,
}

impl RequestMapping {
    /// Compiles `RequestParameters` (key → value).
    pub fn compile(parameters: &BTreeMap<String, String>) -> Result<Self, MappingError> {
        let error = |key: &str, message: String| MappingError {
            location: "RequestParameters".to_owned(),
            key: key.to_owned(),
            message,
        };
        let mut operations = Vec::with_capacity(parameters.len());
        for (key, value) in parameters {
            let (action, target) = key::request_key(key).map_err(|m| error(key, m))?;
            let value =
                Template::parse(value, expression::Side::Request).map_err(|m| error(key, m))?;
            operations.push(RequestOperation {
                action,
                target,
                value,
            });
        }
        Ok(Self { operations })
    }

    /// Whether there is nothing to apply.
    pub fn is_empty(&self) -> bool {
        self.operations.is_empty()
    }

    /// Whether an operation changes the query string (otherwise it is sent as received).
    pub fn changes_query(&self) -> bool {
        self.operations
            .iter()
            .any(|o| matches!(o.target, RequestTarget::QueryString(_)))
    }

    /// The operations, in key order.
    pub fn operations(&self) -> &[RequestOperation] {
        &self.operations
    }
}

impl ResponseMappings {
    /// Compiles `ResponseParameters` (status code → key → value).
    pub fn compile(
        parameters: &BTreeMap<String, BTreeMap<String, String>>,
    ) -> Result<Self, MappingError> {
        let mut by_status = Vec::with_capacity(parameters.len());
        for (status, mapping) in parameters {
            let location = format!("ResponseParameters.{status}");
            let code = status
                .parse::<u16>()
                .ok()
                .and_then(|code| StatusCode::from_u16(code).ok())
                .filter(|code| (200..=599).contains(&code.as_u16()))
                .ok_or_else(|| MappingError {
                    location: "ResponseParameters".to_owned(),
                    key: status.clone(),
                    message:
                        "is not a status code; use the integration's status code, such as \"404\""
                            .to_owned(),
                })?;
            let mut operations = Vec::with_capacity(mapping.len());
            for (key, value) in mapping {
                let error = |message: String| MappingError {
                    location: location.clone(),
                    key: key.clone(),
                    message,
                };
                let (action, target) = key::response_key(key).map_err(error)?;
                let value = Template::parse(value, expression::Side::Response).map_err(error)?;
                operations.push(ResponseOperation {
                    action,
                    target,
                    value,
                });
            }
            by_status.push((code, operations));
        }
        Ok(Self { by_status })
    }

    /// Whether there is nothing to apply.
    pub fn is_empty(&self) -> bool {
        self.by_status.is_empty()
    }

    /// The operations for the integration's status code (none when it has no mapping).
    pub fn for_status(&self, status: StatusCode) -> &[ResponseOperation] {
        self.by_status
            .iter()
            .find(|(code, _)| *code == status)
            .map_or(&[], |(_, operations)| operations.as_slice())
    }
}

#[cfg(test)]
mod tests;
