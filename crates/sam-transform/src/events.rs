//! A function's `Events`: what each event type generates. `HttpApi` and `Api` events
//! write into the API's body (in `http_api` and `rest_api`); other event sources produce
//! what the translator produces, with a warning that gantry does not emulate them.

use serde_json::Value;

/// The function an event invokes, as permissions and integrations refer to it.
#[derive(Clone, Debug)]
pub(crate) struct FunctionTarget {
    /// The SAM function's logical id (permission ids start with it).
    pub(crate) logical_id: String,
    /// What `FunctionName` of a permission is: `{"Ref": Fn}`, or the alias once
    /// `AutoPublishAlias` made one.
    pub(crate) reference: Value,
    /// What an integration `Fn::Sub` names: `${Fn.Arn}`, or `${FnAliaslive}`.
    pub(crate) arn_sub: String,
    /// The function's `Condition`, which its events' resources and routes inherit.
    pub(crate) condition: Option<String>,
    /// The execution role SAM generated for the function (`<Fn>Role`, already in the
    /// template, so that event sources can add the policies they need to it); `None`
    /// when the function has its own `Role`.
    pub(crate) role_id: Option<String>,
}

pub(crate) mod sources;

use crate::error::Cause;
use crate::template::Template;

/// What one event generates (permissions, event source mappings, rules, ...); `HttpApi`
/// and `Api` events also write their route into the API's body in `template`.
pub(crate) fn translate(
    template: &mut Template<'_>,
    function: &FunctionTarget,
    event_id: &str,
    event: &Value,
) -> Result<Vec<(String, Value)>, Cause> {
    match event.get("Type").and_then(Value::as_str) {
        Some("HttpApi") => crate::http_api::event::translate(template, function, event_id, event),
        Some("Api") => crate::rest_api::event::translate(template, function, event_id, event),
        _ => sources::translate(template, function, event_id, event),
    }
}
