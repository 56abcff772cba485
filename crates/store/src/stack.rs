//! Stacks and their resources as stored.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::ResourceModel;

/// A deployed stack: what was deployed, from which template, and what it produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StackRecord {
    /// The stack name (`--stack-name`), unique in a state directory.
    pub name: String,
    /// The stack ARN (`AWS::StackId`), kept across updates like CloudFormation does.
    pub stack_id: String,
    /// `AWS::Region` the stack was deployed for.
    pub region: String,
    /// `AWS::AccountId` the stack was deployed for.
    pub account_id: String,
    /// `AWS::Partition` of the region.
    pub partition: String,
    /// Where the stack stands.
    pub status: StackStatus,
    /// The template file the stack was last deployed from.
    pub template_path: String,
    /// The template text of the last successful deployment.
    pub template_body: String,
    /// Parameter values of the last deployment (`NoEcho` values included: this is local
    /// state, like CloudFormation's own).
    pub parameters: BTreeMap<String, String>,
    /// The stack outputs, in template order.
    pub outputs: Vec<StackOutput>,
    /// Every resource of the stack, in deployment order.
    pub resources: Vec<ResourceRecord>,
    /// Unix time (seconds) of the last successful create or update.
    pub updated_at: i64,
}

impl StackRecord {
    /// This stack and every stack nested in it (depth first, parents before children):
    /// what is served and what exports come from.
    pub fn stacks(&self) -> Vec<&StackRecord> {
        let mut stacks = vec![self];
        for record in &self.resources {
            if let ResourceModel::NestedStack(nested) = &record.model {
                stacks.extend(nested.stack.stacks());
            }
        }
        stacks
    }
}

/// CloudFormation's stack statuses that a finished local deployment can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StackStatus {
    /// Created and serving.
    CreateComplete,
    /// Updated and serving.
    UpdateComplete,
    /// An update failed and the previous deployment was restored.
    UpdateRollbackComplete,
}

impl StackStatus {
    /// The status as CloudFormation spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CreateComplete => "CREATE_COMPLETE",
            Self::UpdateComplete => "UPDATE_COMPLETE",
            Self::UpdateRollbackComplete => "UPDATE_ROLLBACK_COMPLETE",
        }
    }
}

/// A stack output after evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StackOutput {
    /// The output's logical id (`OutputKey`).
    pub key: String,
    /// The evaluated value (`OutputValue`), as CloudFormation renders it: a string.
    pub value: String,
    /// `Description`, if any.
    pub description: Option<String>,
    /// `Export.Name`, if any.
    pub export_name: Option<String>,
}

/// One deployed resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceRecord {
    /// The template's logical id.
    pub logical_id: String,
    /// The CloudFormation type, e.g. `AWS::ApiGatewayV2::Route`.
    pub resource_type: String,
    /// The physical id; also what `Ref` returns for every type gantry deploys.
    pub physical_id: String,
    /// The evaluated `Properties`, as the provider received them: the deploy engine's
    /// record of what was deployed (like CloudFormation's last template), compared on the
    /// next deployment to decide between update and replacement by the type's
    /// create-only properties. Nothing is served from it: what a resource *is* lives in
    /// its typed [`ResourceModel`], the one place its properties were read.
    pub properties: Value,
    /// What `Fn::GetAtt` returns, by attribute name.
    pub attributes: BTreeMap<String, Value>,
    /// The resource in AWS's resource model: what the data plane serves.
    pub model: ResourceModel,
}
