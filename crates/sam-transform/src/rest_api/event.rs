//! A function's `Api` event: its route in the API's body and its invoke permission.

use serde_json::Value;

use crate::error::Cause;
use crate::events::FunctionTarget;
use crate::template::Template;

/// Adds the event's route to the body of the API it names (or the implicit one) and
/// returns the `AWS::Lambda::Permission` it needs.
pub(crate) fn translate(
    _template: &mut Template<'_>,
    function: &FunctionTarget,
    event_id: &str,
    _event: &Value,
) -> Result<Vec<(String, Value)>, Cause> {
    Err(Cause::event(
        &function.logical_id,
        event_id,
        "gantry: Api events are not translated yet.",
    ))
}
