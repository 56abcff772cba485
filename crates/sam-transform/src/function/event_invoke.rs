//! `EventInvokeConfig`: the `AWS::Lambda::EventInvokeConfig` (`<Fn>EventInvokeConfig`),
//! the queue or topic SAM creates for a destination without an ARN, and the role
//! policies that let the function send to its destinations.

use serde_json::{Map, Value};

use super::attributes::Attributes;
use crate::template::Template;

/// What `EventInvokeConfig` generates.
pub(crate) struct EventInvoke {
    /// Resources: the queue or topic SAM creates, then the invoke config.
    pub(crate) resources: Vec<(String, Value)>,
    /// Inline policies for the execution role.
    pub(crate) role_policies: Vec<Value>,
}

/// The resources and role policies of function `logical_id`'s `EventInvokeConfig`.
pub(crate) fn resources(
    _template: &mut Template<'_>,
    _logical_id: &str,
    _properties: &Map<String, Value>,
    _alias_id: Option<&str>,
    _config: &Value,
    _attributes: &Attributes,
) -> Result<EventInvoke, String> {
    Err("gantry: EventInvokeConfig is not translated yet.".to_owned())
}
