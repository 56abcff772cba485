//! The `DeadLetterConfig` of rule and schedule events: an existing queue's `Arn`, or a
//! queue SAM makes (`QueueLogicalId`, else `<Event>Queue`), checked as the translator
//! checks it.

use serde_json::Value;

use super::Source;
use crate::error::Cause;

/// Where failed events go.
pub(super) enum DeadLetterTarget {
    /// The queue the user named by ARN.
    Arn(Value),
    /// A queue SAM makes with this logical id.
    NewQueue(String),
}

/// The target `config` names, or the translator's error for the event.
pub(super) fn target(source: &Source<'_>, config: &Value) -> Result<DeadLetterTarget, Cause> {
    let invalid =
        |message: &str| Cause::event(&source.function.logical_id, &source.logical_id, message);
    match (config.get("Arn"), config.get("Type")) {
        (Some(_), Some(_)) => {
            return Err(invalid(
                "You can either define 'Arn' or 'Type' property of DeadLetterConfig.",
            ));
        }
        (None, Some(kind)) if kind.as_str() != Some("SQS") => {
            return Err(invalid(
                "The only valid value for 'Type' property of DeadLetterConfig is 'SQS'.",
            ));
        }
        (None, None) => {
            return Err(invalid(
                "No 'Arn' or 'Type' property provided for DeadLetterConfig.",
            ));
        }
        (Some(arn), None) if !arn.is_null() => return Ok(DeadLetterTarget::Arn(arn.clone())),
        _ => {}
    }
    match config.get("QueueLogicalId").filter(|id| !id.is_null()) {
        None => Ok(DeadLetterTarget::NewQueue(format!(
            "{}Queue",
            source.logical_id
        ))),
        Some(Value::String(id)) => Ok(DeadLetterTarget::NewQueue(id.clone())),
        Some(_) => Err(invalid("QueueLogicalId must be a string")),
    }
}
