//! A Lambda authorizer's answer as REST APIs read it (aws-rest-api.md §4.4): `principalId`,
//! an IAM `policyDocument`, `context` with scalar values, `usageIdentifierKey`. Parsed
//! once, cached as parsed, and decided again for each request's `methodArn`.

use serde_json::{Map, Value};

use crate::lambda_authorizer::Verdict;
use crate::permission::wildcard::{action_matches, arn_like};

/// The action an authorizer's policy must allow.
const INVOKE_ACTION: &str = "execute-api:Invoke";

/// The answer's decision for one `methodArn`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyDecision {
    /// A statement allows it and none denies it.
    Allow,
    /// A statement denies it (403 "... with an explicit deny").
    ExplicitDeny(String),
    /// No statement allows it (403 "... not authorized to access this resource").
    ImplicitDeny(String),
}

/// A parsed answer.
#[derive(Debug, Clone, PartialEq)]
pub struct LambdaAnswer {
    /// The policy (and `principalId`), evaluated per request.
    verdict: Verdict,
    /// `principalId`.
    pub principal_id: String,
    /// `context`, each value stringified as the integration sees it (aws-rest-api.md §4.5).
    pub context: Map<String, Value>,
    /// `usageIdentifierKey`: the API key when the API's key source is `AUTHORIZER`.
    pub usage_identifier_key: Option<String>,
}

impl LambdaAnswer {
    /// Parses the function's output; `Err` says why API Gateway answers 500.
    pub fn parse(output: &[u8]) -> Result<Self, String> {
        let response = Verdict::response_object(output)?;
        let verdict = Verdict::from_response(&response, false)?;
        let Some(principal_id) = verdict.principal_id().map(str::to_owned) else {
            // Unconfirmed: REST APIs refuse an answer without principalId (500); an empty
            // one is accepted (aws-rest-api.md §4.4).
            return Err(
                "it has no principalId string; a REST authorizer must return {\"principalId\": ..., \"policyDocument\": ...}".to_owned(),
            );
        };
        let context = match verdict.context() {
            None => Map::new(),
            Some(context) => stringify_context(context)?,
        };
        let usage_identifier_key = usage_identifier_key(&response)?;
        Ok(Self {
            verdict,
            principal_id,
            context,
            usage_identifier_key,
        })
    }

    /// Decides for one request's `methodArn`: explicit Deny wins, then an Allow, else an
    /// implicit deny.
    pub fn decide(&self, method_arn: &str) -> PolicyDecision {
        let Verdict::Policy { statements, .. } = &self.verdict else {
            return PolicyDecision::ImplicitDeny("the answer has no policy".to_owned());
        };
        let matching = |allow: bool| {
            statements.iter().position(|s| {
                s.allow == allow
                    && s.actions.iter().any(|a| action_matches(a, INVOKE_ACTION))
                    && s.resources.iter().any(|r| arn_like(r, method_arn))
            })
        };
        if let Some(index) = matching(false) {
            return PolicyDecision::ExplicitDeny(format!(
                "statement #{} of its policy denies execute-api:Invoke on {method_arn}",
                index + 1
            ));
        }
        if matching(true).is_some() {
            return PolicyDecision::Allow;
        }
        PolicyDecision::ImplicitDeny(format!(
            "no statement of its policy allows execute-api:Invoke on {method_arn}; allow a Resource matching it (event.methodArn, or a wildcard such as arn:aws:execute-api:{{region}}:{{account}}:{{apiId}}/{{stage}}/*, which a cached policy needs to serve every method)"
        ))
    }
}

/// `context` values as the integration receives them: strings stay, numbers and booleans
/// become strings, `null` stays `null`; objects and arrays make the answer invalid
/// (aws-rest-api.md §4.4, §4.5).
fn stringify_context(context: &Map<String, Value>) -> Result<Map<String, Value>, String> {
    context
        .iter()
        .map(|(key, value)| {
            let value = match value {
                Value::String(_) | Value::Null => value.clone(),
                Value::Bool(b) => Value::String(b.to_string()),
                Value::Number(n) => Value::String(n.to_string()),
                Value::Array(_) | Value::Object(_) => {
                    return Err(format!(
                        "context.{key} is an {}; API Gateway accepts only strings, numbers and booleans in an authorizer's context (serialize it, e.g. JSON.stringify)",
                        if value.is_array() { "array" } else { "object" }
                    ));
                }
            };
            Ok((key.clone(), value))
        })
        .collect()
}

fn usage_identifier_key(response: &Map<String, Value>) -> Result<Option<String>, String> {
    match response.get("usageIdentifierKey") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(key)) => Ok(Some(key.clone())),
        Some(_) => Err("usageIdentifierKey is not a string".to_owned()),
    }
}
