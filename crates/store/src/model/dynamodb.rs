//! DynamoDB resources. gantry does not serve DynamoDB: a table is deployed for its names,
//! so that functions can be pointed at a DynamoDB of the user's choosing.

use serde::{Deserialize, Serialize};

/// `AWS::DynamoDB::Table`: what `Ref` and `Fn::GetAtt` return for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// `TableName` (given or generated): what `Ref` returns.
    pub table_name: String,
    /// `arn:{partition}:dynamodb:{region}:{account}:table/{name}`.
    pub arn: String,
    /// `arn:...:table/{name}/stream/{label}` when `StreamSpecification` is set.
    pub stream_arn: Option<String>,
}
