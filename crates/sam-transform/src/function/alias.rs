//! `AutoPublishAlias`: the `AWS::Lambda::Version` whose id hashes what the translator
//! hashes, and the `AWS::Lambda::Alias` (`../shared/reference/sam-cdk.md` A.5).

use serde_json::{Map, Value};

use crate::template::Template;

/// The version and alias of a function with `AutoPublishAlias`.
pub(crate) struct VersionAndAlias {
    /// The alias's logical id (`<Fn>Alias<name>`); events and permissions target it.
    pub(crate) alias_id: String,
    /// The `AWS::Lambda::Version` and `AWS::Lambda::Alias` resources, in that order.
    pub(crate) resources: Vec<(String, Value)>,
}

/// The version and alias for function `logical_id` whose generated `AWS::Lambda::Function`
/// properties are `function_properties` (`sam_properties` are the SAM resource's, after
/// Globals); `None` without `AutoPublishAlias`. The error is the translator's message.
pub(crate) fn version_and_alias(
    _template: &Template<'_>,
    _logical_id: &str,
    sam_properties: &Map<String, Value>,
    _function_properties: &Map<String, Value>,
) -> Result<Option<VersionAndAlias>, String> {
    if sam_properties.contains_key("AutoPublishAlias") {
        return Err("gantry: AutoPublishAlias is not translated yet.".to_owned());
    }
    Ok(None)
}
