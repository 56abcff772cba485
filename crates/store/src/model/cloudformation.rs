//! CloudFormation's own resources: nested stacks (`AWS::CloudFormation::Stack`), custom
//! resources (`AWS::CloudFormation::CustomResource`, `Custom::*`) and the CDK's
//! `AWS::CDK::Metadata`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::StackRecord;

/// `AWS::CloudFormation::Stack`: a child stack, deployed and stored with its parent.
///
/// The child's record lives inside the parent's (deleting the parent deletes its
/// children, as in CloudFormation); [`StackRecord::stacks`] walks them all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NestedStack {
    /// Where the child template was read from (a local path).
    pub template_path: String,
    /// The child stack as deployed (its name is `<parent>-<LogicalId>-<SUFFIX>`, its
    /// id the ARN `Ref` returns).
    pub stack: Box<StackRecord>,
}

/// A custom resource (`AWS::CloudFormation::CustomResource` or `Custom::<Name>`): what its
/// provider answered to the last create or update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomResource {
    /// `ServiceToken`: the provider function's ARN.
    pub service_token: String,
    /// The provider function's name, when the token names a function of a deployed stack.
    pub function_name: Option<String>,
    /// The `ResourceProperties` sent (what a later `Update` sends as
    /// `OldResourceProperties`, and `Delete` as `ResourceProperties`).
    pub resource_properties: Value,
    /// The provider's `Data`: what `Fn::GetAtt` returns.
    pub data: BTreeMap<String, Value>,
    /// How gantry answered for the provider instead of invoking it, when it did (e.g.
    /// `Custom::LogRetention`, whose provider calls CloudWatch Logs).
    pub handled_by_gantry: Option<String>,
}
