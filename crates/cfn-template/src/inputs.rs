//! What the outside world tells a template: region, account, stack name and id,
//! parameter overrides; and the pseudo parameters derived from them.
//!
//! Reference: AWS CloudFormation User Guide, "Get AWS values using pseudo parameters".

use std::collections::BTreeMap;
use std::str::FromStr;

use serde_json::Value as Json;

use crate::error::{Error, Result};

/// The region used when none is given.
pub const DEFAULT_REGION: &str = "us-east-1";
/// The account ID used when none is given (12 digits, as AWS's are).
pub const DEFAULT_ACCOUNT_ID: &str = "123456789012";
/// The stack name used when none is given.
pub const DEFAULT_STACK_NAME: &str = "gantry";

/// The inputs of validation and deployment besides the template text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inputs {
    /// `AWS::Region`.
    pub region: String,
    /// `AWS::AccountId`.
    pub account_id: String,
    /// `AWS::StackName`.
    pub stack_name: String,
    /// `AWS::StackId`; derived from the other inputs when `None`.
    pub stack_id: Option<String>,
    /// `AWS::NotificationARNs`.
    pub notification_arns: Vec<String>,
    /// Parameter values given by the user, by parameter logical ID.
    pub parameter_overrides: Vec<ParameterOverride>,
    /// The local Systems Manager parameter store: name -> value (a `StringList`'s items
    /// joined with commas). `AWS::SSM::Parameter::Value<...>` parameters resolve here.
    pub ssm_parameters: BTreeMap<String, String>,
}

impl Default for Inputs {
    fn default() -> Self {
        Self {
            region: DEFAULT_REGION.to_owned(),
            account_id: DEFAULT_ACCOUNT_ID.to_owned(),
            stack_name: DEFAULT_STACK_NAME.to_owned(),
            stack_id: None,
            notification_arns: Vec::new(),
            parameter_overrides: Vec::new(),
            ssm_parameters: BTreeMap::new(),
        }
    }
}

impl Inputs {
    /// The same inputs with a parameter value added.
    #[must_use]
    pub fn with_parameter(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.parameter_overrides.push(ParameterOverride {
            key: key.into(),
            value: value.into(),
        });
        self
    }

    /// Parses command-line style `KEY=VALUE` arguments into overrides.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameterOverride`] for an argument without `=` or with an
    /// empty key.
    pub fn parse_overrides<S: AsRef<str>>(arguments: &[S]) -> Result<Vec<ParameterOverride>> {
        arguments
            .iter()
            .map(|argument| argument.as_ref().parse())
            .collect()
    }
}

/// One `KEY=VALUE` parameter value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParameterOverride {
    /// The parameter's logical ID.
    pub key: String,
    /// The value, as text (lists comma-separated).
    pub value: String,
}

impl FromStr for ParameterOverride {
    type Err = Error;

    /// Splits at the first `=`, so values may contain `=`.
    fn from_str(argument: &str) -> Result<Self> {
        match argument.split_once('=') {
            Some((key, value)) if !key.trim().is_empty() => Ok(Self {
                key: key.trim().to_owned(),
                value: value.to_owned(),
            }),
            _ => Err(Error::InvalidParameterOverride {
                argument: argument.to_owned(),
            }),
        }
    }
}

/// The values of CloudFormation's pseudo parameters for one stack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PseudoParameters {
    /// `AWS::AccountId`.
    pub account_id: String,
    /// `AWS::Region`.
    pub region: String,
    /// `AWS::StackName`.
    pub stack_name: String,
    /// `AWS::StackId`.
    pub stack_id: String,
    /// `AWS::Partition`: `aws`, `aws-cn`, `aws-us-gov`, ...
    pub partition: String,
    /// `AWS::URLSuffix`: `amazonaws.com`, or `amazonaws.com.cn` in China.
    pub url_suffix: String,
    /// `AWS::NotificationARNs`.
    pub notification_arns: Vec<String>,
}

/// What a pseudo parameter stands for.
#[derive(Clone, Debug, PartialEq)]
pub enum PseudoValue {
    /// A value.
    Value(Json),
    /// `AWS::NoValue`: remove the property or list item.
    NoValue,
}

/// Every pseudo parameter name.
pub const PSEUDO_PARAMETERS: &[&str] = &[
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

impl PseudoParameters {
    /// Derives the pseudo parameters from validated inputs.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAccountId`], [`Error::InvalidRegion`] or
    /// [`Error::InvalidStackName`] when an input is malformed.
    ///
    /// ```
    /// use cfn_template::inputs::{Inputs, PseudoParameters};
    ///
    /// let inputs = Inputs { region: "cn-north-1".into(), ..Inputs::default() };
    /// let pseudo = PseudoParameters::from_inputs(&inputs).unwrap();
    /// assert_eq!(pseudo.partition, "aws-cn");
    /// assert_eq!(pseudo.url_suffix, "amazonaws.com.cn");
    /// ```
    pub fn from_inputs(inputs: &Inputs) -> Result<Self> {
        if inputs.account_id.len() != 12 || !inputs.account_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::InvalidAccountId {
                value: inputs.account_id.clone(),
            });
        }
        if !is_region_name(&inputs.region) {
            return Err(Error::InvalidRegion {
                value: inputs.region.clone(),
            });
        }
        if !is_stack_name(&inputs.stack_name) {
            return Err(Error::InvalidStackName {
                value: inputs.stack_name.clone(),
            });
        }
        let partition = arn::Partition::of_region(&inputs.region);
        let stack_id = inputs.stack_id.clone().unwrap_or_else(|| {
            // Deviation from AWS: AWS ends a stack ID with a random UUID; a pure library
            // has no randomness, so this one is derived from the stack's identity.
            arn::Arn::cloudformation_stack(
                partition,
                &inputs.region,
                &inputs.account_id,
                &inputs.stack_name,
                &uuid_from(&[&inputs.account_id, &inputs.region, &inputs.stack_name]),
            )
            .to_string()
        });
        Ok(Self {
            account_id: inputs.account_id.clone(),
            region: inputs.region.clone(),
            stack_name: inputs.stack_name.clone(),
            stack_id,
            partition: partition.id().to_owned(),
            url_suffix: partition.dns_suffix().to_owned(),
            notification_arns: inputs.notification_arns.clone(),
        })
    }

    /// The value of pseudo parameter `name` (e.g. `AWS::Region`), if it is one.
    pub fn value(&self, name: &str) -> Option<PseudoValue> {
        let text = |value: &str| Some(PseudoValue::Value(Json::String(value.to_owned())));
        match name {
            "AWS::AccountId" => text(&self.account_id),
            "AWS::Region" => text(&self.region),
            "AWS::StackName" => text(&self.stack_name),
            "AWS::StackId" => text(&self.stack_id),
            "AWS::Partition" => text(&self.partition),
            "AWS::URLSuffix" => text(&self.url_suffix),
            "AWS::NotificationARNs" => Some(PseudoValue::Value(Json::Array(
                self.notification_arns
                    .iter()
                    .cloned()
                    .map(Json::String)
                    .collect(),
            ))),
            "AWS::NoValue" => Some(PseudoValue::NoValue),
            _ => None,
        }
    }
}

/// `xx-name-1` shaped: lower-case words joined by `-`, ending in a number. The first
/// word is two letters, or four for the European Sovereign Cloud (`eusc-de-east-1`).
fn is_region_name(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && matches!(parts[0].len(), 2 | 4)
        && parts[..parts.len() - 1]
            .iter()
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|last| !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()))
}

fn is_stack_name(name: &str) -> bool {
    name.len() <= 128
        && name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// A UUID-shaped hex string from an FNV-1a hash of `parts` (stable across runs).
fn uuid_from(parts: &[&str]) -> String {
    let mut hashes = [0xcbf2_9ce4_8422_2325_u64, 0x8422_2325_cbf2_9ce4_u64];
    for (round, hash) in hashes.iter_mut().enumerate() {
        for byte in parts.join("/").bytes().chain([round as u8]) {
            *hash ^= u64::from(byte);
            *hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    let hex = format!("{:016x}{:016x}", hashes[0], hashes[1]);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}
