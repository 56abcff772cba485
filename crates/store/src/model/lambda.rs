//! Lambda resources.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::aws_enum::aws_enum;

/// Lambda's default `MemorySize`, in MB.
pub const DEFAULT_MEMORY_SIZE_MB: u32 = 128;
/// Lambda's default `Timeout`, in seconds.
pub const DEFAULT_TIMEOUT_SECONDS: u32 = 3;

aws_enum! {
    /// `PackageType` of a function.
    pub enum PackageType {
        /// A .zip archive (or inline source) run on a managed runtime.
        Zip = "Zip",
        /// A container image.
        Image = "Image",
    }
}

aws_enum! {
    /// An instruction set a function is built for (`Architectures`).
    pub enum Architecture {
        /// 64-bit x86.
        X86_64 = "x86_64",
        /// 64-bit ARM (Graviton).
        Arm64 = "arm64",
    }
}

aws_enum! {
    /// `LoggingConfig.LogFormat`: how the runtime writes log lines.
    pub enum LogFormat {
        /// Plain text lines.
        Text = "Text",
        /// Structured JSON lines.
        Json = "JSON",
    }
}

/// `AWS::Lambda::Function`: a function's configuration, in the shape of Lambda's
/// `GetFunctionConfiguration`, with its code location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Function {
    /// The template's logical id, for messages.
    pub logical_id: String,
    /// `FunctionName` (given or generated).
    pub function_name: String,
    /// `arn:{partition}:lambda:{region}:{account}:function:{name}`.
    pub function_arn: String,
    /// `Role`: the execution role's ARN.
    pub role: String,
    /// `PackageType`.
    pub package_type: PackageType,
    /// `Runtime`, as Lambda spells it (`nodejs22.x`, `python3.13`, `provided.al2023`);
    /// absent for container images. Which runtimes can run is the Lambda host's call.
    pub runtime: Option<String>,
    /// `Handler`, e.g. `index.handler`.
    pub handler: Option<String>,
    /// Where the code is.
    pub code: Code,
    /// `MemorySize`, in MB.
    pub memory_size: u32,
    /// `Timeout`, in seconds.
    pub timeout: u32,
    /// `Environment.Variables`.
    pub environment: BTreeMap<String, String>,
    /// `ReservedConcurrentExecutions`; `Some(0)` throttles every invocation.
    pub reserved_concurrent_executions: Option<u32>,
    /// `Architectures` (one item; `x86_64` when absent).
    pub architectures: Vec<Architecture>,
    /// `Layers`: layer version ARNs, in order.
    pub layers: Vec<String>,
    /// The content of each of `layers` that is a layer version of the same stack, in the
    /// order of `layers`: what the Lambda host puts where Lambda puts `/opt`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layer_contents: Vec<LayerContent>,
    /// `LoggingConfig`.
    pub logging_config: LoggingConfig,
}

impl Function {
    /// A Zip-packaged function with Lambda's defaults for everything else (128 MB, 3 s,
    /// `x86_64`, no variables, layers or reservation).
    pub fn zip(
        logical_id: impl Into<String>,
        function_name: impl Into<String>,
        function_arn: impl Into<String>,
        role: impl Into<String>,
        runtime: impl Into<String>,
        code: Code,
    ) -> Self {
        Self {
            logical_id: logical_id.into(),
            function_name: function_name.into(),
            function_arn: function_arn.into(),
            role: role.into(),
            package_type: PackageType::Zip,
            runtime: Some(runtime.into()),
            handler: None,
            code,
            memory_size: DEFAULT_MEMORY_SIZE_MB,
            timeout: DEFAULT_TIMEOUT_SECONDS,
            environment: BTreeMap::new(),
            reserved_concurrent_executions: None,
            architectures: vec![Architecture::X86_64],
            layers: Vec::new(),
            layer_contents: Vec::new(),
            logging_config: LoggingConfig::default(),
        }
    }
}

/// Where a function's code is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Code {
    /// `Code.ZipFile`: the source of a single-file Node.js or Python function.
    Inline {
        /// The source text.
        zip_file: String,
    },
    /// A local directory or `.zip` file: `Code` given as a path (as `aws cloudformation
    /// package` and SAM CLI read it) or a CDK asset (`aws:asset:path` metadata), already
    /// joined to the template's directory.
    LocalPath {
        /// The path.
        path: PathBuf,
    },
    /// `Code.S3Bucket` / `S3Key` / `S3ObjectVersion`.
    S3 {
        /// `S3Bucket`.
        bucket: String,
        /// `S3Key`.
        key: String,
        /// `S3ObjectVersion`.
        object_version: Option<String>,
    },
    /// `Code.ImageUri`: a container image.
    Image {
        /// `ImageUri`.
        image_uri: String,
    },
}

/// `LoggingConfig` of a function.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggingConfig {
    /// `LogGroup`; `None` means `/aws/lambda/{FunctionName}`.
    pub log_group: Option<String>,
    /// `LogFormat`; `None` means `Text`.
    pub log_format: Option<LogFormat>,
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
    /// `InvokedViaFunctionUrl`: the statement applies only to invocations through the
    /// function's URL (condition `lambda:InvokedViaFunctionUrl`), never to API Gateway's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub invoked_via_function_url: bool,
}

/// The content of one of a function's layers, as its `AWS::Lambda::LayerVersion` gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerContent {
    /// The layer version's ARN, as the function's `Layers` names it.
    pub layer_version_arn: String,
    /// Where the layer's files are: a local directory or `.zip`, or an S3 object.
    pub content: Code,
}

/// `AWS::Lambda::LayerVersion`: one version of a layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerVersion {
    /// `LayerName` (given, or the logical id).
    pub layer_name: String,
    /// `arn:{partition}:lambda:{region}:{account}:layer:{name}`.
    pub layer_arn: String,
    /// `{layer_arn}:{version}`: what `Ref` returns.
    pub layer_version_arn: String,
    /// The version number, from 1.
    pub version: u32,
    /// `Content`: where the layer's files are.
    pub content: Code,
    /// `CompatibleRuntimes`, as Lambda spells them.
    pub compatible_runtimes: Vec<String>,
    /// `CompatibleArchitectures`.
    pub compatible_architectures: Vec<Architecture>,
}

/// `AWS::Lambda::Version`: a published version of a function. Locally a version runs
/// the function's current code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Version {
    /// The function's unqualified ARN.
    pub function_arn: String,
    /// The version number, from 1 (`Version`).
    pub version: String,
    /// `{function_arn}:{version}`: what `Ref` returns.
    pub version_arn: String,
}

/// `AWS::Lambda::Alias`: a name for a version of a function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alias {
    /// `Name`.
    pub name: String,
    /// The function's unqualified ARN.
    pub function_arn: String,
    /// `FunctionVersion`: a version number or `$LATEST`.
    pub function_version: String,
    /// `{function_arn}:{name}`: what `Ref` returns.
    pub alias_arn: String,
}

aws_enum! {
    /// `AuthType` of a function URL.
    pub enum FunctionUrlAuthType {
        /// Callers must sign requests with SigV4.
        AwsIam = "AWS_IAM",
        /// Public.
        None = "NONE",
    }
}

/// `AWS::Lambda::Url`: a function URL. Deployed with its attributes; gantry does not
/// serve it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionUrl {
    /// The ARN the URL invokes: the function's, qualified when `Qualifier` is set.
    pub function_arn: String,
    /// `FunctionUrl`, in AWS's shape (`https://{url-id}.lambda-url.{region}.on.aws/`).
    pub function_url: String,
    /// `AuthType`.
    pub auth_type: FunctionUrlAuthType,
}
