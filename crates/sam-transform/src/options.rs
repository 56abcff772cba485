//! What the transform needs from outside the template.

use serde_json::{Map, Value};

/// The inputs of one transform, as `sam deploy` or CloudFormation give them.
#[derive(Clone, Debug)]
pub struct Options {
    /// The region the stack is deployed to (`AWS::Region`); it decides the partition.
    pub region: String,
    /// The account id, when known. The translator itself never reads it; gantry passes
    /// it on for callers that print the processed template with it.
    pub account_id: Option<String>,
    /// Parameter values given by the user (`--parameter-overrides`). Parameters without
    /// a value take their `Default`; those with neither stay intrinsics.
    pub parameter_overrides: Map<String, Value>,
    /// Whether code and definition locations may be local paths, as SAM CLI allows
    /// (`CodeUri: ./src`, `ContentUri: layer/`, `DefinitionUri: api.yaml`). Such a path
    /// stays a string relative to the template (`Code: ./src`, `Content: layer/`,
    /// `BodyS3Location: api.yaml`: the convention of `aws cloudformation package`), and a
    /// function without `CodeUri` gets `.`. Off, only S3 locations are valid, as in AWS's
    /// translator.
    pub local_paths: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            region: "us-east-1".to_owned(),
            account_id: None,
            parameter_overrides: Map::new(),
            local_paths: false,
        }
    }
}

impl Options {
    /// The partition of [`Options::region`]: `aws`, `aws-cn`, `aws-us-gov` or
    /// `aws-iso*`, as the translator derives it.
    pub fn partition(&self) -> &'static str {
        partition_of(&self.region)
    }
}

/// The partition a region belongs to.
pub(crate) fn partition_of(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov") {
        "aws-us-gov"
    } else if region.starts_with("us-isob") {
        "aws-iso-b"
    } else if region.starts_with("us-iso") {
        "aws-iso"
    } else if region.starts_with("eusc-") {
        "aws-eusc"
    } else {
        "aws"
    }
}
