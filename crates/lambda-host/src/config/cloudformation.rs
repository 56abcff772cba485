//! `AWS::Lambda::Function` (and SAM `AWS::Serverless::Function`) properties, already
//! evaluated by the template engine, translated into a [`FunctionConfig`].
//!
//! This is where gantry decides where code comes from: `Code.ZipFile` / `InlineCode`
//! inline, a local directory or `.zip` named by `Code`/`CodeUri`, CDK asset metadata
//! (`aws:asset:path`), or an S3 object that has a local copy next to the template.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Map, Value};

use super::{CodeSource, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, FunctionConfig};
use crate::error::{Error, Result};
use crate::runtime::Runtime;

/// CDK's metadata key naming the asset directory or archive of a resource.
const CDK_ASSET_PATH: &str = "aws:asset:path";
/// CDK's metadata key naming the property the asset fills.
const CDK_ASSET_PROPERTY: &str = "aws:asset:property";

/// A function resource from a template, with intrinsic functions already evaluated.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct CloudFormationFunction<'a> {
    /// The resource's logical id.
    pub logical_id: &'a str,
    /// The evaluated `Properties` object.
    pub properties: &'a Value,
    /// The resource's `Metadata`, if any (CDK asset paths live here).
    pub metadata: Option<&'a Value>,
    /// The directory of the template file; relative code paths start here.
    pub template_dir: &'a Path,
    /// The name to use when `FunctionName` is absent (CloudFormation generates
    /// `<stack>-<logical id>-<suffix>`); `None` uses the logical id.
    pub physical_name: Option<&'a str>,
    /// Local code to use instead of whatever the template says (a directory or `.zip`).
    pub code_override: Option<&'a Path>,
}

impl<'a> CloudFormationFunction<'a> {
    /// A resource with no metadata, generated name or code override.
    pub fn new(logical_id: &'a str, properties: &'a Value, template_dir: &'a Path) -> Self {
        CloudFormationFunction {
            logical_id,
            properties,
            metadata: None,
            template_dir,
            physical_name: None,
            code_override: None,
        }
    }

    /// Adds the resource's `Metadata`.
    pub fn with_metadata(mut self, metadata: Option<&'a Value>) -> Self {
        self.metadata = metadata;
        self
    }

    /// Sets the name used when `FunctionName` is absent.
    pub fn with_physical_name(mut self, name: &'a str) -> Self {
        self.physical_name = Some(name);
        self
    }

    /// Uses local code instead of the template's `Code`.
    pub fn with_code_override(mut self, path: &'a Path) -> Self {
        self.code_override = Some(path);
        self
    }
}

impl FunctionConfig {
    /// Translates an evaluated `AWS::Lambda::Function` or `AWS::Serverless::Function`
    /// resource. Errors name the property at fault and say what to change.
    pub fn from_cloudformation(resource: &CloudFormationFunction<'_>) -> Result<FunctionConfig> {
        Translation { resource }.run()
    }
}

struct Translation<'r, 'a> {
    resource: &'r CloudFormationFunction<'a>,
}

impl Translation<'_, '_> {
    fn run(&self) -> Result<FunctionConfig> {
        let properties = self
            .resource
            .properties
            .as_object()
            .ok_or_else(|| self.invalid("Properties", "must be an object".to_owned()))?;
        if let Some(package_type) = self.string(properties, "PackageType")?
            && package_type != "Zip"
        {
            return Err(self.invalid(
                "PackageType",
                format!(
                    "`{package_type}` is not supported by gantry; use a Zip package with a Runtime"
                ),
            ));
        }
        let runtime: Runtime = self
            .string(properties, "Runtime")?
            .ok_or_else(|| self.invalid("Runtime", "is required".to_owned()))?
            .parse()?;
        let function_name = match self.string(properties, "FunctionName")? {
            Some(name) => name.to_owned(),
            None => self
                .resource
                .physical_name
                .unwrap_or(self.resource.logical_id)
                .to_owned(),
        };
        let mut config = FunctionConfig::new(
            function_name,
            runtime,
            self.string(properties, "Handler")?.map(str::to_owned),
            self.code(properties)?,
        );
        config.memory_mb =
            self.number(properties, "MemorySize")?
                .map_or(Ok(DEFAULT_MEMORY_MB), |mb| {
                    u32::try_from(mb)
                        .map_err(|_| self.invalid("MemorySize", format!("{mb} is out of range")))
                })?;
        config.timeout = self
            .number(properties, "Timeout")?
            .map_or(DEFAULT_TIMEOUT, Duration::from_secs);
        config.reserved_concurrency = self
            .number(properties, "ReservedConcurrentExecutions")?
            .map(|n| {
                u32::try_from(n).map_err(|_| {
                    self.invalid(
                        "ReservedConcurrentExecutions",
                        format!("{n} is out of range"),
                    )
                })
            })
            .transpose()?;
        config.environment = self.environment(properties)?;
        config.log_group = match properties.get("LoggingConfig") {
            Some(Value::Object(logging)) => self.string(logging, "LogGroup")?.map(str::to_owned),
            _ => None,
        };
        Ok(config)
    }

    fn code(&self, properties: &Map<String, Value>) -> Result<CodeSource> {
        if let Some(path) = self.resource.code_override {
            return self.local_code("code override", path);
        }
        if let Some(asset) = self.cdk_asset_path()? {
            return self.local_code(CDK_ASSET_PATH, Path::new(asset));
        }
        if let Some(inline) = self.string(properties, "InlineCode")? {
            return Ok(CodeSource::Inline(inline.to_owned()));
        }
        match properties.get("Code").or_else(|| properties.get("CodeUri")) {
            None => Err(self.invalid(
                "Code",
                "is required: set Code.ZipFile, or Code (SAM: CodeUri) to a local directory or .zip path".to_owned(),
            )),
            Some(Value::String(path)) => self.local_code("Code", Path::new(path)),
            Some(Value::Object(code)) => self.code_object(code),
            Some(_) => Err(self.invalid("Code", "must be an object or a local path".to_owned())),
        }
    }

    fn code_object(&self, code: &Map<String, Value>) -> Result<CodeSource> {
        if let Some(source) = self.string(code, "ZipFile")? {
            return Ok(CodeSource::Inline(source.to_owned()));
        }
        if code.contains_key("ImageUri") {
            return Err(self.invalid(
                "Code.ImageUri",
                "(container images) is not supported by gantry; use a Zip package".to_owned(),
            ));
        }
        // `AWS::Lambda::Function` spells it S3Bucket/S3Key, SAM's CodeUri Bucket/Key.
        let bucket = self
            .string(code, "S3Bucket")?
            .or(self.string(code, "Bucket")?);
        let key = self.string(code, "S3Key")?.or(self.string(code, "Key")?);
        match (bucket, key) {
            (Some(bucket), Some(key)) => {
                let local = self.resource.template_dir.join(key);
                if local.exists() {
                    self.local_code("Code.S3Key", &local)
                } else {
                    Err(Error::S3CodeNotLocal {
                        function_name: self.resource.logical_id.to_owned(),
                        bucket: bucket.to_owned(),
                        key: key.to_owned(),
                        expected_local_path: local,
                    })
                }
            }
            _ => Err(self.invalid(
                "Code",
                "needs ZipFile, or S3Bucket and S3Key, or a local directory or .zip path"
                    .to_owned(),
            )),
        }
    }

    fn cdk_asset_path(&self) -> Result<Option<&str>> {
        let Some(Value::Object(metadata)) = self.resource.metadata else {
            return Ok(None);
        };
        let filled = self.string(metadata, CDK_ASSET_PROPERTY)?;
        if filled.is_some_and(|property| property != "Code") {
            return Ok(None);
        }
        self.string(metadata, CDK_ASSET_PATH)
    }

    fn local_code(&self, property: &str, path: &Path) -> Result<CodeSource> {
        let resolved: PathBuf = if path.is_absolute() {
            path.to_owned()
        } else {
            self.resource.template_dir.join(path)
        };
        let unavailable = |reason: String| Error::CodeUnavailable {
            function_name: self.resource.logical_id.to_owned(),
            path: resolved.clone(),
            reason,
        };
        let metadata = std::fs::metadata(&resolved).map_err(|err| {
            unavailable(format!(
                "{property} names a path that cannot be read ({err})"
            ))
        })?;
        if metadata.is_dir() {
            Ok(CodeSource::Directory(resolved))
        } else if resolved
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("zip"))
        {
            Ok(CodeSource::Zip(resolved))
        } else {
            Err(unavailable(format!(
                "{property} must name a directory or a .zip file"
            )))
        }
    }

    fn environment(&self, properties: &Map<String, Value>) -> Result<BTreeMap<String, String>> {
        let variables = match properties.get("Environment") {
            None => return Ok(BTreeMap::new()),
            Some(Value::Object(environment)) => match environment.get("Variables") {
                None => return Ok(BTreeMap::new()),
                Some(Value::Object(variables)) => variables,
                Some(_) => {
                    return Err(
                        self.invalid("Environment.Variables", "must be an object".to_owned())
                    );
                }
            },
            Some(_) => return Err(self.invalid("Environment", "must be an object".to_owned())),
        };
        variables
            .iter()
            .map(|(name, value)| {
                let text = match value {
                    Value::String(text) => text.clone(),
                    Value::Number(number) => number.to_string(),
                    Value::Bool(flag) => flag.to_string(),
                    _ => {
                        return Err(self.invalid(
                            &format!("Environment.Variables.{name}"),
                            "must be a string".to_owned(),
                        ));
                    }
                };
                Ok((name.clone(), text))
            })
            .collect()
    }

    /// A string property.
    fn string<'v>(&self, object: &'v Map<String, Value>, name: &str) -> Result<Option<&'v str>> {
        match object.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(_) => Err(self.invalid(name, "must be a string".to_owned())),
        }
    }

    /// A non-negative integer property; numbers from parameters arrive as strings.
    fn number(&self, object: &Map<String, Value>, name: &str) -> Result<Option<u64>> {
        let parsed = match object.get(name) {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::Number(number)) => number.as_u64(),
            Some(Value::String(text)) => text.trim().parse::<u64>().ok(),
            Some(_) => None,
        };
        parsed
            .map(Some)
            .ok_or_else(|| self.invalid(name, "must be a non-negative whole number".to_owned()))
    }

    fn invalid(&self, property: &str, reason: String) -> Error {
        Error::InvalidProperty {
            logical_id: self.resource.logical_id.to_owned(),
            property: property.to_owned(),
            reason,
        }
    }
}

#[cfg(test)]
mod tests;
