//! Which stack to deploy, and how: the command-line arguments every command that deploys
//! shares ([`StackArgs`]), turned once into typed settings ([`StackSettings`]) that build
//! the engine's [`DeployRequest`]. `up`, `invoke`, `validate` and the bench's gateway-only
//! all go through here, so a stack is described the same way everywhere.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use cfn_engine::{
    DeployChecks, DeployRequest, DeployWarning, IdSource, LocalAssets, LocalEndpoints,
};
use cfn_template::{Inputs, ParameterOverride, Validation};
use store::StackRecord;

use crate::sam::{self, Prepared, SamSource, TransformFailure};
use crate::samconfig;

pub mod ssm;

pub use self::ssm::{SsmSources, SsmStore};

/// The template, the stack's name and its parameters, as typed on the command line.
#[derive(Debug, Clone, clap::Args)]
pub struct StackArgs {
    /// The template file (JSON or YAML). Each command takes it as its own argument (which
    /// may be left out, see [`crate::discover`]) and puts it here.
    #[arg(skip)]
    pub template: PathBuf,
    /// The stack's name (`AWS::StackName`); generated names and state are kept per stack.
    /// Default: samconfig's `stack_name`, else `gantry`.
    #[arg(long = "stack-name")]
    pub stack_name: Option<String>,
    /// Parameter values, e.g. `Audience=https://api.example.com IssuerUri=https://x.auth0.com/`.
    #[arg(long = "parameter-overrides", value_name = "KEY=VALUE", num_args = 1..)]
    pub parameter_overrides: Vec<String>,
    /// AWS Region the stack pretends to be in (`AWS::Region`). Default: samconfig's
    /// `region`, else `us-east-1`.
    #[arg(long)]
    pub region: Option<String>,
    /// 12-digit account id the stack pretends to be in (`AWS::AccountId`). Default: a CDK
    /// stack's concrete environment account, else 123456789012.
    #[arg(long = "account-id")]
    pub account_id: Option<String>,
    /// A value in the local SSM parameter store, for `AWS::SSM::Parameter::Value<...>`
    /// parameters (repeatable); wins over --ssm-file and `AWS::SSM::Parameter` resources.
    #[arg(long = "ssm", value_name = "NAME=VALUE")]
    pub ssm: Vec<String>,
    /// A JSON object of SSM parameter name -> value (a string, or a list of strings for a
    /// StringList) for the local parameter store.
    #[arg(long = "ssm-file", value_name = "FILE")]
    pub ssm_file: Option<PathBuf>,
    /// SAM CLI's configuration file, read for `stack_name`, `region` and
    /// `parameter_overrides`. Default: samconfig.toml (or .yaml, .yml) next to the template.
    #[arg(long = "config-file", value_name = "FILE")]
    pub config_file: Option<PathBuf>,
    /// The environment of the SAM CLI configuration file to read.
    #[arg(long = "config-env", value_name = "NAME", default_value = "default")]
    pub config_env: String,
}

/// The stack name without `--stack-name` or samconfig.
pub const DEFAULT_STACK_NAME: &str = "gantry";
/// The region without `--region` or samconfig.
pub const DEFAULT_REGION: &str = "us-east-1";
/// The account without `--account-id` (or a CDK stack's environment).
pub const DEFAULT_ACCOUNT_ID: &str = "123456789012";

/// A problem with the arguments themselves (exit code 2 in the binary).
#[derive(Debug, thiserror::Error)]
pub enum ArgsError {
    /// The template file cannot be read.
    #[error("cannot read template {}: {source}", path.display())]
    Template {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A `--parameter-overrides` item is not `KEY=VALUE`.
    #[error("{0}")]
    ParameterOverride(String),
    /// The SAM CLI configuration file cannot be read or is malformed.
    #[error("{0}")]
    SamConfig(String),
    /// An `--ssm` item or the `--ssm-file` is malformed or unreadable.
    #[error("{0}")]
    Ssm(String),
}

/// A stack to deploy, read and checked once from [`StackArgs`].
#[derive(Debug, Clone)]
pub struct StackSettings {
    /// The template file.
    pub template_path: PathBuf,
    /// Its text.
    pub template_body: String,
    /// `AWS::StackName`.
    pub stack_name: String,
    /// `--parameter-overrides`, parsed.
    pub parameter_overrides: Vec<ParameterOverride>,
    /// `AWS::Region`.
    pub region: String,
    /// `AWS::AccountId`.
    pub account_id: String,
    /// Deploy types gantry cannot run as inert placeholders instead of refusing.
    pub allow_unsupported: bool,
    /// The SAM CLI configuration file read, if any.
    pub sam_config: Option<PathBuf>,
    /// The SAM template, when `template_body` is what the SAM transform made of it.
    pub sam: Option<SamSource>,
    /// `--ssm` and `--ssm-file`: the local parameter store's given values.
    pub ssm: SsmSources,
}

/// What a deployment needs beyond the stack itself: where it is served and what exists.
pub struct DeployTarget<'a> {
    /// The stack as deployed now, if it is: an update keeps its ids.
    pub previous: Option<&'a StackRecord>,
    /// Exports of the other deployed stacks, for `Fn::ImportValue`.
    pub exports: &'a BTreeMap<String, String>,
    /// Where the S3 objects the template names are locally (CDK assets).
    pub assets: &'a LocalAssets,
    /// The local parameter store.
    pub ssm_parameters: &'a BTreeMap<String, String>,
    /// The port APIs are served on (it is part of each `ApiEndpoint`).
    pub port: u16,
    /// The serving components' checks.
    pub checks: &'a dyn DeployChecks,
    /// Where new ids come from.
    pub ids: &'a IdSource,
}

impl StackSettings {
    /// Reads the template and the SAM CLI configuration file next to it, and parses the
    /// parameter overrides. Values on the command line win over the file's: a
    /// `--parameter-overrides` replaces the file's `parameter_overrides` as a whole, as
    /// in SAM CLI.
    pub fn from_args(args: &StackArgs) -> Result<Self, ArgsError> {
        let template_body =
            std::fs::read_to_string(&args.template).map_err(|source| ArgsError::Template {
                path: args.template.clone(),
                source,
            })?;
        let config = samconfig::find(&args.template, args.config_file.as_deref())
            .map(|path| samconfig::read(&path, &args.config_env))
            .transpose()
            .map_err(ArgsError::SamConfig)?
            .unwrap_or_default();
        let overrides = if args.parameter_overrides.is_empty() {
            config.parameter_overrides.clone().unwrap_or_default()
        } else {
            args.parameter_overrides.clone()
        };
        let parameter_overrides = Inputs::parse_overrides(&overrides)
            .map_err(|e| ArgsError::ParameterOverride(e.to_string()))?;
        Ok(Self {
            template_path: args.template.clone(),
            template_body,
            stack_name: (args.stack_name.clone())
                .or(config.stack_name)
                .unwrap_or_else(|| DEFAULT_STACK_NAME.to_owned()),
            parameter_overrides,
            region: (args.region.clone())
                .or(config.region)
                .unwrap_or_else(|| DEFAULT_REGION.to_owned()),
            account_id: (args.account_id.clone()).unwrap_or_else(|| DEFAULT_ACCOUNT_ID.to_owned()),
            allow_unsupported: false,
            sam_config: (!config.path.as_os_str().is_empty()).then_some(config.path),
            sam: None,
            ssm: SsmSources::from_args(&args.ssm, args.ssm_file.as_deref())
                .map_err(ArgsError::Ssm)?,
        })
    }

    /// The local parameter store for deploying this stack, given the values of the
    /// `AWS::SSM::Parameter` resources already deployed (cdk.md §1.4).
    pub fn ssm_store(&self, resources: &BTreeMap<String, String>) -> SsmStore {
        let given = |name: &str| {
            (self.parameter_overrides.iter().rev())
                .find(|o| o.key == name)
                .map(|o| o.value.clone())
        };
        self.ssm.store(
            resources,
            &ssm::referenced_names(&self.template_body, &given),
        )
    }

    /// Runs the SAM transform if the template needs it: `template_body` becomes the
    /// processed template (JSON) and [`StackSettings::sam`] the SAM template. Returns
    /// whether it ran.
    pub fn transform_sam(&mut self) -> Result<bool, Box<TransformFailure>> {
        match sam::prepare(&self.template_body, &self.transform_options())? {
            Prepared::Plain => Ok(false),
            Prepared::Transformed { template, source } => {
                self.template_body = serde_json::to_string_pretty(&template)
                    .unwrap_or_else(|_| template.to_string());
                self.sam = Some(*source);
                Ok(true)
            }
        }
    }

    /// The SAM transform's options for this stack: local code paths allowed, as in
    /// SAM CLI.
    pub fn transform_options(&self) -> sam_transform::Options {
        sam_transform::Options {
            region: self.region.clone(),
            account_id: Some(self.account_id.clone()),
            parameter_overrides: self
                .parameter_overrides
                .iter()
                .map(|o| (o.key.clone(), serde_json::Value::String(o.value.clone())))
                .collect(),
            local_paths: true,
        }
    }

    /// The text diagnostics point into: the SAM template's, or the template's.
    pub fn source_text(&self) -> &str {
        self.sam
            .as_ref()
            .map_or(&self.template_body, |sam| &sam.text)
    }

    /// A validation of `template_body` with its diagnostics pointing into the file the
    /// user wrote.
    pub fn for_user(&self, validation: &Validation) -> Validation {
        match &self.sam {
            Some(sam) => sam.map_validation(validation),
            None => validation.clone(),
        }
    }

    /// A validation of `template_body`, rendered against the file the user wrote.
    pub fn render(&self, validation: &Validation) -> String {
        self.for_user(validation).render(
            self.source_text(),
            &self.template_path.display().to_string(),
        )
    }

    /// A deploy warning, with the line of the file the user wrote.
    pub fn map_warning(&self, warning: &DeployWarning) -> DeployWarning {
        match &self.sam {
            // A nested stack's warning already points into its own file.
            Some(sam) if warning.file.is_none() => sam.map_warning(warning),
            _ => warning.clone(),
        }
    }

    /// The template's directory: local code paths in it are relative to this.
    pub fn template_dir(&self) -> &Path {
        self.template_path.parent().unwrap_or(Path::new(""))
    }

    /// The template engine's inputs, for validating without deploying.
    pub fn inputs(&self) -> Inputs {
        Inputs {
            region: self.region.clone(),
            account_id: self.account_id.clone(),
            stack_name: self.stack_name.clone(),
            stack_id: None,
            notification_arns: Vec::new(),
            parameter_overrides: self.parameter_overrides.clone(),
            ssm_parameters: self.ssm_store(&BTreeMap::new()).parameters,
        }
    }

    /// The deploy engine's request for this stack: the one place it is assembled.
    pub fn deploy_request<'a>(&'a self, target: DeployTarget<'a>) -> DeployRequest<'a> {
        DeployRequest {
            stack_name: &self.stack_name,
            template_path: &self.template_path,
            template_body: &self.template_body,
            parameter_overrides: self.parameter_overrides.clone(),
            region: &self.region,
            account_id: &self.account_id,
            previous: target.previous,
            exports: target.exports,
            assets: target.assets,
            ssm_parameters: target.ssm_parameters,
            allow_unsupported: self.allow_unsupported,
            endpoints: LocalEndpoints { port: target.port },
            checks: target.checks,
            ids: target.ids,
            now: unix_now(),
        }
    }
}

/// Seconds since the Unix epoch (0 if the clock is before it).
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(template: PathBuf, overrides: &[&str]) -> StackArgs {
        StackArgs {
            template,
            stack_name: Some("seed".into()),
            parameter_overrides: overrides.iter().map(|s| (*s).to_owned()).collect(),
            region: Some("eu-west-1".into()),
            account_id: Some("111122223333".into()),
            ssm: Vec::new(),
            ssm_file: None,
            config_file: None,
            config_env: "default".into(),
        }
    }

    #[test]
    fn settings_read_the_template_and_parse_the_overrides_once() {
        let dir = tempfile::tempdir().unwrap();
        let template = dir.path().join("template.yaml");
        std::fs::write(&template, "Resources: {}").unwrap();
        let settings =
            StackSettings::from_args(&args(template.clone(), &["A=1", "B=x=y"])).unwrap();
        assert_eq!(settings.template_body, "Resources: {}");
        assert_eq!(settings.template_dir(), dir.path());
        assert_eq!(settings.parameter_overrides.len(), 2);
        let inputs = settings.inputs();
        assert_eq!(
            (inputs.region.as_str(), inputs.account_id.as_str()),
            ("eu-west-1", "111122223333")
        );
        assert_eq!(inputs.stack_name, "seed");
    }

    #[test]
    fn an_unreadable_template_or_a_bad_override_is_an_args_error() {
        let missing = StackSettings::from_args(&args("/nonexistent/t.yaml".into(), &[]));
        assert!(matches!(missing, Err(ArgsError::Template { .. })));
        let dir = tempfile::tempdir().unwrap();
        let template = dir.path().join("t.yaml");
        std::fs::write(&template, "Resources: {}").unwrap();
        let bad = StackSettings::from_args(&args(template, &["no-equals-sign"])).unwrap_err();
        assert!(matches!(bad, ArgsError::ParameterOverride(_)), "{bad}");
    }
}
