//! Event sources gantry does not emulate (S3, SQS, Schedule, ...): the resources the
//! translator generates for them, and a warning that nothing will trigger the function.

use serde_json::Value;

use crate::error::Cause;
use crate::events::FunctionTarget;
use crate::template::Template;

/// What a non-API event generates.
pub(crate) fn translate(
    _template: &mut Template<'_>,
    function: &FunctionTarget,
    event_id: &str,
    event: &Value,
) -> Result<Vec<(String, Value)>, Cause> {
    let event_type = event
        .get("Type")
        .and_then(Value::as_str)
        .unwrap_or("(none)");
    Err(Cause::event(
        &function.logical_id,
        event_id,
        format!("gantry: events of type {event_type} are not translated yet."),
    ))
}
