//! What a Lambda authorizer answered (§3.5): a simple `isAuthorized` response or an IAM
//! policy, parsed once and evaluated against each request's route ARN, so a cached
//! policy decides every route it is reused for.

use serde_json::{Map, Value};

use crate::permission::wildcard::{action_matches, arn_like};

/// The action a policy must allow.
const INVOKE_ACTION: &str = "execute-api:Invoke";

/// A parsed authorizer response.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// `{"isAuthorized": bool, "context": {...}}` (2.0 with `EnableSimpleResponses`).
    Simple {
        /// `isAuthorized`.
        authorized: bool,
        /// `context`, `None` when absent or `null`.
        context: Option<Map<String, Value>>,
    },
    /// `{"principalId": ..., "policyDocument": {...}, "context": {...}}`.
    Policy {
        /// `principalId`, when given.
        principal_id: Option<String>,
        /// The statements about `execute-api:Invoke`.
        statements: Vec<Statement>,
        /// `context`, `None` when absent or `null`.
        context: Option<Map<String, Value>>,
    },
}

/// One policy statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// `Effect: Allow` (else `Deny`).
    pub allow: bool,
    /// `Action` patterns.
    pub actions: Vec<String>,
    /// `Resource` patterns.
    pub resources: Vec<String>,
}

/// The verdict for one route ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// The request may proceed.
    Allow,
    /// It may not; the reason for the log line.
    Deny(String),
}

impl Verdict {
    /// Parses the function's output in the form the authorizer is configured for.
    pub fn parse(output: &[u8], simple_responses: bool) -> Result<Self, String> {
        Self::from_response(&Self::response_object(output)?, simple_responses)
    }

    /// The function's output as the JSON object an authorizer must return.
    pub(crate) fn response_object(output: &[u8]) -> Result<Map<String, Value>, String> {
        let value: Value = serde_json::from_slice(output)
            .map_err(|e| format!("the response is not JSON ({e})"))?;
        match value {
            Value::Object(response) => Ok(response),
            other => Err(format!(
                "the response is {}, not a JSON object",
                kind(&other)
            )),
        }
    }

    /// Reads an already parsed response object (for callers that read more of it).
    pub(crate) fn from_response(
        response: &Map<String, Value>,
        simple_responses: bool,
    ) -> Result<Self, String> {
        let context = match response.get("context") {
            None | Some(Value::Null) => None,
            Some(Value::Object(context)) => Some(context.clone()),
            Some(other) => return Err(format!("context is {}, not an object", kind(other))),
        };
        if simple_responses {
            return match response.get("isAuthorized") {
                Some(Value::Bool(authorized)) => Ok(Self::Simple {
                    authorized: *authorized,
                    context,
                }),
                // Unconfirmed: a non-boolean isAuthorized is an invalid response (500).
                Some(other) => Err(format!(
                    "isAuthorized is {}, not true or false (the authorizer has EnableSimpleResponses: true)",
                    kind(other)
                )),
                None => Err(
                    "it has no isAuthorized; with EnableSimpleResponses: true the authorizer must return {\"isAuthorized\": true|false}".to_owned(),
                ),
            };
        }
        // Unconfirmed: a policy response without principalId is accepted (REST APIs
        // require one).
        let principal_id = match response.get("principalId") {
            None | Some(Value::Null) => None,
            Some(Value::String(id)) => Some(id.clone()),
            Some(other) => return Err(format!("principalId is {}, not a string", kind(other))),
        };
        let Some(document) = response.get("policyDocument") else {
            return Err(
                "it has no policyDocument; without EnableSimpleResponses the authorizer must return an IAM policy (principalId, policyDocument)".to_owned(),
            );
        };
        let statements = statements(document)?;
        Ok(Self::Policy {
            principal_id,
            statements,
            context,
        })
    }

    /// Decides for one route ARN: an explicit Deny wins, then an Allow, else an implicit
    /// deny (IAM's evaluation logic).
    pub fn decide(&self, route_arn: &str) -> Decision {
        match self {
            Self::Simple {
                authorized: true, ..
            } => Decision::Allow,
            Self::Simple {
                authorized: false, ..
            } => Decision::Deny("isAuthorized is false".to_owned()),
            Self::Policy { statements, .. } => {
                let matching = |allow: bool| {
                    statements.iter().position(|s| {
                        s.allow == allow
                            && s.actions.iter().any(|a| action_matches(a, INVOKE_ACTION))
                            && s.resources.iter().any(|r| arn_like(r, route_arn))
                    })
                };
                if let Some(index) = matching(false) {
                    return Decision::Deny(format!(
                        "statement #{} of its policy explicitly denies execute-api:Invoke on {route_arn}",
                        index + 1
                    ));
                }
                if matching(true).is_some() {
                    return Decision::Allow;
                }
                Decision::Deny(format!(
                    "no statement of its policy allows execute-api:Invoke on {route_arn}; allow a Resource matching it (event.routeArn, or a wildcard such as arn:aws:execute-api:*:*:*/*)"
                ))
            }
        }
    }

    /// The `context` the authorizer returned.
    pub fn context(&self) -> Option<&Map<String, Value>> {
        match self {
            Self::Simple { context, .. } | Self::Policy { context, .. } => context.as_ref(),
        }
    }

    /// The `principalId` of a policy response.
    pub fn principal_id(&self) -> Option<&str> {
        match self {
            Self::Policy { principal_id, .. } => principal_id.as_deref(),
            Self::Simple { .. } => None,
        }
    }
}

fn statements(document: &Value) -> Result<Vec<Statement>, String> {
    let Value::Object(document) = document else {
        return Err(format!(
            "policyDocument is {}, not an object",
            kind(document)
        ));
    };
    let list = match document.get("Statement") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        Some(other) => return Err(format!("policyDocument.Statement is {}", kind(other))),
        None => return Err("policyDocument has no Statement".to_owned()),
    };
    list.into_iter()
        .enumerate()
        .map(|(index, statement)| statement_of(index + 1, statement))
        .collect()
}

fn statement_of(number: usize, statement: &Value) -> Result<Statement, String> {
    let Value::Object(statement) = statement else {
        return Err(format!("policy statement #{number} is not an object"));
    };
    // Fail closed: elements gantry does not evaluate make the response unusable rather
    // than being ignored.
    // Deviation from AWS: IAM would evaluate NotAction, NotResource and Condition; gantry
    // answers 500 and names the element.
    for unsupported in [
        "NotAction",
        "NotResource",
        "Condition",
        "Principal",
        "NotPrincipal",
    ] {
        if statement.contains_key(unsupported) {
            return Err(format!(
                "policy statement #{number} uses {unsupported}, which gantry does not evaluate in authorizer policies; use Effect, Action and Resource only"
            ));
        }
    }
    let allow = match statement.get("Effect").and_then(Value::as_str) {
        Some("Allow") => true,
        Some("Deny") => false,
        _ => {
            return Err(format!(
                "policy statement #{number} has no Effect of \"Allow\" or \"Deny\""
            ));
        }
    };
    Ok(Statement {
        allow,
        actions: strings(statement, "Action", number)?,
        resources: strings(statement, "Resource", number)?,
    })
}

fn strings(
    statement: &Map<String, Value>,
    key: &str,
    number: usize,
) -> Result<Vec<String>, String> {
    match statement.get(key) {
        Some(Value::String(one)) => Ok(vec![one.clone()]),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str().map(str::to_owned).ok_or_else(|| {
                    format!("policy statement #{number} has a {key} that is not a string")
                })
            })
            .collect(),
        _ => Err(format!("policy statement #{number} has no {key}")),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
