//! `AWS::Lambda::Function`: the one place where the function's CloudFormation properties
//! become its configuration ([`Function`]), property by property, with Lambda's defaults
//! and limits.

pub(crate) mod code;
mod emulation;
mod layers;

use std::path::Path;

use arn::Arn;
use serde_json::Value;
use store::model::{
    Architecture, DEFAULT_MEMORY_SIZE_MB, DEFAULT_TIMEOUT_SECONDS, Function, LoggingConfig,
    PackageType, ResourceModel,
};

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, ProviderWarning, Provisioned};

/// Lambda's limit on function names.
const MAX_NAME_LEN: usize = 64;
/// `MemorySize` Lambda accepts, in MB.
const MEMORY_SIZE_RANGE_MB: std::ops::RangeInclusive<u32> = 128..=10_240;
/// `Timeout` Lambda accepts, in seconds.
const TIMEOUT_RANGE_SECONDS: std::ops::RangeInclusive<u32> = 1..=900;

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let function_name = match Properties::new(request.properties).string("FunctionName")? {
        Some(name) => name,
        None => request.generated_name(MAX_NAME_LEN),
    };
    let function_arn = Arn::lambda_function(
        request.stack.partition,
        &request.stack.region,
        &request.stack.account_id,
        &function_name,
    )
    .to_string();
    let source = FunctionSource {
        logical_id: request.logical_id,
        properties: request.properties,
        metadata: request.metadata,
        template_dir: &request.stack.template_dir,
    };
    let (mut function, mut warnings) = translate(&source, function_name.clone(), function_arn)?;
    let (layer_contents, layer_warnings) = layers::contents(&function.layers, request)?;
    function.layer_contents = layer_contents;
    warnings.extend(layer_warnings);
    let checked = request
        .checks
        .check_function(&function)
        .map_err(ProviderError::CheckFailed)?;
    warnings.extend(checked.into_iter().map(ProviderWarning::from));
    let arn = function.function_arn.clone();
    Ok(
        Provisioned::new(function_name, ResourceModel::Function(function))
            .attribute("Arn", arn)
            .warnings(warnings),
    )
}

/// A function resource as the template gives it, intrinsic functions evaluated.
pub(crate) struct FunctionSource<'a> {
    pub(crate) logical_id: &'a str,
    /// The evaluated `Properties`.
    pub(crate) properties: &'a Value,
    /// The evaluated `Metadata` (`null` when absent): CDK's asset path lives there.
    pub(crate) metadata: &'a Value,
    /// The template's directory: local code paths are relative to it.
    pub(crate) template_dir: &'a Path,
}

/// The function's configuration, and a warning for each property that is not emulated.
pub(crate) fn translate(
    source: &FunctionSource<'_>,
    function_name: String,
    function_arn: String,
) -> Result<(Function, Vec<ProviderWarning>), ProviderError> {
    let props = Properties::new(source.properties);
    let package_type = props.enumerated("PackageType")?.unwrap_or(PackageType::Zip);
    let runtime = props.string("Runtime")?;
    if package_type == PackageType::Zip && runtime.is_none() {
        return Err(ProviderError::invalid(
            "Runtime",
            "is required for a Zip package, e.g. Runtime: nodejs22.x",
        ));
    }
    let function = Function {
        logical_id: source.logical_id.to_owned(),
        function_name,
        function_arn,
        role: props.required_string("Role")?,
        package_type,
        runtime,
        handler: props.string("Handler")?,
        code: code::location(source, package_type)?,
        memory_size: in_range(
            &props,
            "MemorySize",
            MEMORY_SIZE_RANGE_MB,
            DEFAULT_MEMORY_SIZE_MB,
        )?,
        timeout: in_range(
            &props,
            "Timeout",
            TIMEOUT_RANGE_SECONDS,
            DEFAULT_TIMEOUT_SECONDS,
        )?,
        environment: match props.object("Environment")? {
            Some(environment) => environment
                .string_map("Variables")
                .map_err(|e| e.within("Environment"))?,
            None => Default::default(),
        },
        reserved_concurrent_executions: props.u32("ReservedConcurrentExecutions")?,
        architectures: architectures(&props)?,
        layers: props.strings("Layers")?,
        layer_contents: Vec::new(),
        logging_config: logging_config(&props)?,
    };
    let warnings = emulation::warnings(&props, &function.logging_config);
    Ok((function, warnings))
}

/// A whole-number property within Lambda's limits, or Lambda's default when absent.
fn in_range(
    props: &Properties<'_>,
    name: &str,
    range: std::ops::RangeInclusive<u32>,
    default: u32,
) -> Result<u32, ProviderError> {
    let value = props.u32(name)?.unwrap_or(default);
    if range.contains(&value) {
        Ok(value)
    } else {
        Err(ProviderError::invalid(
            name,
            format!(
                "must be between {} and {}, found {value}",
                range.start(),
                range.end()
            ),
        ))
    }
}

/// `Architectures`: exactly one of `x86_64` and `arm64`; `x86_64` when absent.
fn architectures(props: &Properties<'_>) -> Result<Vec<Architecture>, ProviderError> {
    let names = props.strings("Architectures")?;
    match names.as_slice() {
        [] => Ok(vec![Architecture::X86_64]),
        [one] => one
            .parse()
            .map(|architecture| vec![architecture])
            .map_err(|e| ProviderError::invalid("Architectures", e)),
        _ => Err(ProviderError::invalid(
            "Architectures",
            format!("must have exactly one item, found {names:?}"),
        )),
    }
}

fn logging_config(props: &Properties<'_>) -> Result<LoggingConfig, ProviderError> {
    let Some(logging) = props.object("LoggingConfig")? else {
        return Ok(LoggingConfig::default());
    };
    let within = |e: ProviderError| e.within("LoggingConfig");
    Ok(LoggingConfig {
        log_group: logging.string("LogGroup").map_err(within)?,
        log_format: logging.enumerated("LogFormat").map_err(within)?,
    })
}

#[cfg(test)]
mod tests;
