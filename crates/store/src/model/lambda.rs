//! Lambda resources.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `AWS::Lambda::Function`.
///
/// The function's runtime configuration stays in its evaluated CloudFormation properties:
/// the Lambda host is the one component that interprets them, so they are not translated
/// twice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Function {
    /// The template's logical id, for messages.
    pub logical_id: String,
    /// `FunctionName` (given or generated).
    pub function_name: String,
    /// `arn:aws:lambda:{region}:{account}:function:{name}`.
    pub function_arn: String,
    /// The evaluated `Properties`.
    pub properties: Value,
    /// The resource's `Metadata` (CDK's `aws:asset:path` lives there).
    pub metadata: Value,
    /// The directory of the template, against which local code paths resolve.
    pub template_dir: PathBuf,
}

/// `AWS::Lambda::Permission`: one statement of a function's resource-based policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Permission {
    /// The statement id (the physical id).
    pub statement_id: String,
    /// `FunctionName` as written: a name, an ARN or a partial ARN.
    pub function_name: String,
    /// `Action`, e.g. `lambda:InvokeFunction`.
    pub action: String,
    /// `Principal`, e.g. `apigateway.amazonaws.com`.
    pub principal: String,
    /// `SourceArn`, compared with `ArnLike`.
    pub source_arn: Option<String>,
    /// `SourceAccount`.
    pub source_account: Option<String>,
}
