//! The contract between the deploy loop and the resource providers.
//!
//! gantry's resources live in its own state, not in a cloud, so a provider does not call
//! anything: it validates the evaluated properties, keeps or makes the physical id, works
//! out what `Ref` and `Fn::GetAtt` return, and builds the resource in AWS's resource
//! model. The one resource with a side effect outside the state, a Lambda function, is
//! checked through [`DeployChecks`] so that a missing interpreter fails the deployment.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use arn::Partition;
use cfn_template::ParameterOverride;
use serde_json::Value;
use store::model::{Function, Integration, ResourceModel};
use store::{ResourceRecord, StackRecord};

use crate::custom_resource::{
    CustomResourceFailure, CustomResourceRequest, CustomResourceResponse,
};
use crate::naming::IdSource;

/// Facts about the stack being deployed that providers need.
#[derive(Debug, Clone)]
pub struct StackContext {
    /// `AWS::StackName`.
    pub stack_name: String,
    /// `AWS::StackId`.
    pub stack_id: String,
    /// `AWS::Region`.
    pub region: String,
    /// `AWS::AccountId`.
    pub account_id: String,
    /// `AWS::Partition`.
    pub partition: &'static Partition,
    /// Directory of the template: local code paths are relative to it.
    pub template_dir: PathBuf,
    /// How an API's `ApiEndpoint` is spelled locally.
    pub endpoints: LocalEndpoints,
}

/// The local URL scheme for APIs: `http://{apiId}.execute-api.localhost:{port}`, the local
/// counterpart of `https://{apiId}.execute-api.{region}.amazonaws.com`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalEndpoints {
    /// Port the data plane listens on.
    pub port: u16,
}

impl LocalEndpoints {
    /// The `ApiEndpoint` of an API: no trailing slash and no stage, as in AWS.
    pub fn api_endpoint(&self, api_id: &str) -> String {
        format!("http://{api_id}.execute-api.localhost:{}", self.port)
    }
}

/// Checks the deploy engine cannot make itself because they belong to the components
/// that will serve the resource.
pub trait DeployChecks: Send + Sync {
    /// Can this function run here (runtime supported, interpreter installed, code found)?
    /// Returns warnings to show, or why it cannot run.
    fn check_function(&self, function: &Function) -> Result<Vec<CheckNote>, CheckNote>;

    /// Is this a route key the data plane can serve (`$default` or `METHOD /path`)?
    fn check_route_key(&self, route_key: &str) -> Result<(), CheckNote>;

    /// Can the data plane serve this integration (its parameter mappings, URI, method)?
    /// Returns warnings, or why it cannot be deployed. Accepts everything by default.
    fn check_integration(&self, integration: &Integration) -> Result<Vec<CheckNote>, CheckNote> {
        let _ = integration;
        Ok(Vec::new())
    }

    /// Is this a REST API gateway response type (`DEFAULT_4XX`, `UNAUTHORIZED`, ...) the
    /// data plane knows? Accepts everything by default.
    fn check_gateway_response_type(&self, response_type: &str) -> Result<(), CheckNote> {
        let _ = response_type;
        Ok(())
    }

    /// Sends a custom resource's provider function its request and waits for the
    /// response it PUTs to the `ResponseURL` (cdk.md §7): `Err` fails the resource with the
    /// provider's `Reason` or why no valid response came. Refuses by default: invoking a
    /// provider needs the Lambda host.
    fn invoke_custom_resource(
        &self,
        request: &CustomResourceRequest,
    ) -> Result<CustomResourceResponse, CustomResourceFailure> {
        Err(format!(
            "custom resources need a Lambda host to run their provider {}; deploy with `gantry up`",
            request.service_token
        )
        .into())
    }

    /// The template of a nested stack (`AWS::CloudFormation::Stack`), read from its local
    /// file and made ready to deploy (the binary runs the SAM transform on a SAM
    /// template). Refuses by default: only the binary reads files.
    fn nested_template(
        &self,
        request: &NestedTemplateRequest<'_>,
    ) -> Result<NestedTemplate, CheckNote> {
        Err(CheckNote::property(
            "TemplateURL",
            format!(
                "nested stacks cannot be read here ({}); deploy the stack with `gantry up`",
                request.path.display()
            ),
        ))
    }
}

/// What [`DeployChecks::nested_template`] is asked for.
#[derive(Debug, Clone, Copy)]
pub struct NestedTemplateRequest<'a> {
    /// The template file.
    pub path: &'a Path,
    /// The stack's region (`AWS::Region`), for the SAM transform.
    pub region: &'a str,
    /// The stack's account id.
    pub account_id: &'a str,
    /// The parameter values the parent passes, as strings.
    pub parameters: &'a [ParameterOverride],
}

/// A nested stack's template, as [`DeployChecks::nested_template`] read it.
pub struct NestedTemplate {
    /// The template to deploy (the processed template of a SAM template).
    pub body: String,
    /// Warnings about the file before it is deployed (the SAM transform's), each with
    /// its line in the file.
    pub notes: Vec<TemplateNote>,
    /// Where a location in `body` is in the file the user wrote, when `body` is not
    /// that file (a SAM template's processed form).
    pub source_lines: Option<Box<dyn SourceLines>>,
}

impl std::fmt::Debug for NestedTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NestedTemplate")
            .field("body", &self.body)
            .field("notes", &self.notes)
            .field("source_lines", &self.source_lines.is_some())
            .finish()
    }
}

/// A warning about a nested template, at its line in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateNote {
    /// The 1-based line, when known.
    pub line: Option<u32>,
    /// The resource it is about, if any.
    pub logical_id: Option<String>,
    /// What differs, and what to do.
    pub message: String,
}

/// Maps locations in a processed template back to the file the user wrote.
pub trait SourceLines: Send + Sync {
    /// The 1-based line in the user's file of a processed-template path
    /// (`Resources/Fn/Properties/Runtime`, `Outputs/Url/Value`).
    fn line_of(&self, processed_path: &str) -> u32;

    /// How the user's file names a processed-template resource (`FnRole (from Fn)` for
    /// one the transform generated).
    fn resource_name(&self, logical_id: &str) -> String {
        logical_id.to_owned()
    }
}

/// What a serving component says about a resource: a warning, or why it cannot be
/// served; tied to the property it is about when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckNote {
    /// The property at issue (`Runtime`, `Code`, ...), if the note is about one.
    pub property: Option<&'static str>,
    /// What is wrong or different, and what to do.
    pub message: String,
}

impl CheckNote {
    /// A note about a property.
    pub fn property(property: &'static str, message: impl Into<String>) -> Self {
        Self {
            property: Some(property),
            message: message.into(),
        }
    }

    /// A note about the resource as a whole.
    pub fn resource(message: impl Into<String>) -> Self {
        Self {
            property: None,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for CheckNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.property {
            Some(property) => write!(f, "Properties.{property}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// What a provider gets.
pub(crate) struct ProviderRequest<'a> {
    pub(crate) logical_id: &'a str,
    /// The resource's type (`Custom::<Name>` types share one provider).
    pub(crate) resource_type: &'a str,
    pub(crate) properties: &'a Value,
    pub(crate) metadata: &'a Value,
    /// The resource as deployed before, when it is being updated in place: its ids are kept.
    pub(crate) previous: Option<&'a ResourceRecord>,
    pub(crate) stack: &'a StackContext,
    pub(crate) ids: &'a IdSource,
    pub(crate) checks: &'a dyn DeployChecks,
    /// The stack's resources deployed so far in this run, by logical id: what a resource
    /// that names another (a function's layers, an alias's function) reads.
    pub(crate) deployed: &'a HashMap<String, ResourceRecord>,
    /// The stack as deployed before this run, if it was.
    pub(crate) previous_stack: Option<&'a StackRecord>,
    /// Unix time of the deployment (for time-stamped ids such as a stream label).
    pub(crate) now: i64,
}

impl<'a> ProviderRequest<'a> {
    /// The physical id to keep when updating in place, or a new one.
    pub(crate) fn physical_id_or(&self, new: impl FnOnce() -> String) -> String {
        match self.previous {
            Some(previous) => previous.physical_id.clone(),
            None => new(),
        }
    }

    /// The models of the stack's resources deployed so far in this run.
    pub(crate) fn deployed_models(&self) -> impl Iterator<Item = &'a ResourceModel> {
        self.deployed.values().map(|record| &record.model)
    }

    /// The models of the stack's resources as deployed before this run.
    pub(crate) fn previous_models(&self) -> impl Iterator<Item = &'a ResourceModel> {
        self.previous_stack
            .into_iter()
            .flat_map(|stack| stack.resources.iter().map(|record| &record.model))
    }

    /// A CloudFormation-style generated name, kept across updates.
    pub(crate) fn generated_name(&self, max_len: usize) -> String {
        self.physical_id_or(|| {
            self.ids
                .physical_name(&self.stack.stack_name, self.logical_id, max_len)
        })
    }
}

/// What a provider returns for a created or updated resource.
#[derive(Debug)]
pub(crate) struct Provisioned {
    pub(crate) physical_id: String,
    pub(crate) attributes: BTreeMap<String, Value>,
    pub(crate) model: ResourceModel,
    pub(crate) warnings: Vec<ProviderWarning>,
}

/// Something about a deployed resource the user should know: a property gantry does not
/// honour, or a way the local resource differs from AWS's. Tied to the property (by its
/// path, e.g. `CorsConfiguration.AllowOrigins`) when there is one, so the deploy can
/// point at its line in the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProviderWarning {
    /// Property path under `Properties`, if the warning is about a property.
    pub(crate) property: Option<String>,
    /// What differs, and what to do.
    pub(crate) message: String,
}

impl ProviderWarning {
    /// A warning about a property.
    pub(crate) fn property(property: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            property: Some(property.into()),
            message: message.into(),
        }
    }

    /// A warning about the resource as a whole.
    pub(crate) fn resource(message: impl Into<String>) -> Self {
        Self {
            property: None,
            message: message.into(),
        }
    }
}

impl From<CheckNote> for ProviderWarning {
    fn from(note: CheckNote) -> Self {
        Self {
            property: note.property.map(str::to_owned),
            message: note.message,
        }
    }
}

impl std::fmt::Display for ProviderWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.property {
            Some(property) => write!(f, "Properties.{property}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl Provisioned {
    pub(crate) fn new(physical_id: String, model: ResourceModel) -> Self {
        Self {
            physical_id,
            attributes: BTreeMap::new(),
            model,
            warnings: Vec::new(),
        }
    }

    pub(crate) fn attribute(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.attributes.insert(name.to_owned(), value.into());
        self
    }

    /// A warning about the resource as a whole.
    pub(crate) fn warning(mut self, warning: impl ToString) -> Self {
        self.warnings
            .push(ProviderWarning::resource(warning.to_string()));
        self
    }

    /// Warnings made elsewhere (e.g. by a translation step).
    pub(crate) fn warnings(mut self, warnings: impl IntoIterator<Item = ProviderWarning>) -> Self {
        self.warnings.extend(warnings);
        self
    }
}

/// Why a provider refused a resource. The message becomes the `CREATE_FAILED` reason, so
/// it says what to change.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProviderError {
    /// A required property is absent.
    #[error("Properties.{property} is required")]
    MissingProperty {
        /// Property path, e.g. `JwtConfiguration.Issuer`.
        property: String,
    },
    /// A property has the wrong shape or value.
    #[error("Properties.{property} {message}")]
    InvalidProperty {
        /// Property path.
        property: String,
        /// What is wrong and what is expected.
        message: String,
    },
    /// An entry of the resource's `Metadata` that gantry reads has the wrong shape.
    #[error("Metadata.{key} {message}")]
    InvalidMetadata {
        /// The metadata key, e.g. `aws:asset:path`.
        key: String,
        /// What is wrong and what is expected.
        message: String,
    },
    /// The resource is valid for AWS but uses something gantry cannot serve yet.
    #[error("{0}")]
    NotSupported(String),
    /// A check by the serving component failed (e.g. the function cannot run here).
    #[error("{0}")]
    CheckFailed(CheckNote),
    /// A custom resource's provider answered `FAILED` to a `Create`, naming the physical
    /// id CloudFormation then sends a `Delete` to when the stack rolls back (cdk.md §7.1).
    #[error("{reason}")]
    CustomResourceCreateFailed {
        /// The provider's `Reason`.
        reason: String,
        /// The `PhysicalResourceId` of its answer.
        physical_id: String,
        /// The resource as it was requested.
        model: Box<store::model::cloudformation::CustomResource>,
    },
    /// A nested stack's child failed and rolled back: CloudFormation's "Embedded stack
    /// ... was not successfully created" reason (cdk.md §3.4).
    #[error("{0}")]
    EmbeddedStackFailed(String),
}

impl ProviderError {
    pub(crate) fn missing(property: &str) -> Self {
        Self::MissingProperty {
            property: property.to_owned(),
        }
    }

    /// The same error about a property nested in `parent` (`Variables` in `Environment`).
    pub(crate) fn within(self, parent: &str) -> Self {
        match self {
            Self::MissingProperty { property } => Self::MissingProperty {
                property: format!("{parent}.{property}"),
            },
            Self::InvalidProperty { property, message } => Self::InvalidProperty {
                property: format!("{parent}.{property}"),
                message,
            },
            other => other,
        }
    }

    /// The property path the error is about (`Body.paths./pets.get`), if any.
    pub(crate) fn property(&self) -> Option<&str> {
        match self {
            Self::MissingProperty { property } | Self::InvalidProperty { property, .. } => {
                Some(property)
            }
            _ => None,
        }
    }

    pub(crate) fn invalid(property: &str, message: impl ToString) -> Self {
        Self::InvalidProperty {
            property: property.to_owned(),
            message: message.to_string(),
        }
    }
}

/// A provider: turns a resource's evaluated properties into a deployed resource.
pub(crate) type Provision = fn(&ProviderRequest<'_>) -> Result<Provisioned, ProviderError>;
