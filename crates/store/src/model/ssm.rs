//! `AWS::SSM::Parameter`: a parameter in gantry's local parameter store.

use serde::{Deserialize, Serialize};

/// `AWS::SSM::Parameter`. Its value is what an `AWS::SSM::Parameter::Value<...>` template
/// parameter naming it resolves to, in this stack's later deployments and in other stacks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SsmParameter {
    /// `Name` (generated when the template gives none); what `Ref` returns.
    pub name: String,
    /// `Type`: `String` or `StringList`.
    pub parameter_type: String,
    /// `Value` (a `StringList`'s items joined with commas, as SSM stores it).
    pub value: String,
    /// `Description`, if any.
    pub description: Option<String>,
}
