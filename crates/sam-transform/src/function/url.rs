//! `FunctionUrlConfig`: the `AWS::Lambda::Url` (`<Fn>Url`) and the permissions that let
//! anyone call it when its `AuthType` is `NONE`.

use serde_json::Value;

use super::attributes::Attributes;

/// The URL and its permissions.
pub(crate) fn resources(
    _logical_id: &str,
    _alias_id: Option<&str>,
    _config: &Value,
    _attributes: &Attributes,
) -> Result<Vec<(String, Value)>, String> {
    Err("gantry: FunctionUrlConfig is not translated yet.".to_owned())
}
