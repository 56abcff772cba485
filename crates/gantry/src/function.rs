//! A deployed function's model ([`Function`], what the deploy engine made of its
//! CloudFormation properties) as the Lambda host's configuration ([`FunctionConfig`]).
//! This is the one place the two meet: when the engine checks a function, and when `up`
//! and `invoke` start it.

use std::path::Path;
use std::time::Duration;

use cfn_engine::CheckNote;
use lambda_host::{CodeSource, FunctionConfig, Runtime};
use store::model::{Architecture, Code, Function, PackageType};

/// A function the Lambda host can run, and what will differ from Lambda.
#[derive(Debug, Clone, PartialEq)]
pub struct HostFunction {
    /// The host's configuration.
    pub config: FunctionConfig,
    /// Differences from Lambda the user should know of.
    pub warnings: Vec<CheckNote>,
}

/// Maps a deployed function to the Lambda host's configuration; `template_dir` is where
/// a local copy of an S3 code object is looked for. Fails, naming the property, when the
/// function cannot run here.
pub fn host_function(function: &Function, template_dir: &Path) -> Result<HostFunction, CheckNote> {
    if function.package_type == PackageType::Image {
        return Err(CheckNote::property(
            "PackageType",
            "Image (a container image) is not supported by gantry; use a Zip package with a Runtime",
        ));
    }
    let runtime: Runtime = function
        .runtime
        .as_deref()
        .ok_or_else(|| CheckNote::property("Runtime", "is required for a Zip package"))?
        .parse()
        .map_err(|e: lambda_host::Error| CheckNote::property("Runtime", e.to_string()))?;
    let mut config = FunctionConfig::new(
        function.function_name.clone(),
        runtime,
        function.handler.clone(),
        code_source(&function.code, template_dir)?,
    );
    config.function_arn = Some(function.function_arn.clone());
    config.memory_mb = function.memory_size;
    config.timeout = Duration::from_secs(u64::from(function.timeout));
    config.environment = function.environment.clone();
    config.reserved_concurrency = function.reserved_concurrent_executions;
    config.log_group = function.logging_config.log_group.clone();
    config.layers = function
        .layer_contents
        .iter()
        .map(|layer| {
            code_source(&layer.content, template_dir).map_err(|note| {
                CheckNote::property(
                    "Layers",
                    format!("layer {}: {}", layer.layer_version_arn, note.message),
                )
            })
        })
        .collect::<Result<_, _>>()?;
    let warnings = architecture_warning(runtime, &function.architectures)
        .into_iter()
        .chain(deprecation_warning(runtime))
        .collect();
    Ok(HostFunction { config, warnings })
}

fn code_source(code: &Code, template_dir: &Path) -> Result<CodeSource, CheckNote> {
    match code {
        Code::Inline { zip_file } => Ok(CodeSource::Inline(zip_file.clone())),
        Code::LocalPath { path } => local_code(path),
        Code::S3 { bucket, key, .. } => {
            // gantry fetches nothing: an S3 object is used when a copy of it sits at its
            // key, relative to the template.
            let local = template_dir.join(key);
            if local.exists() {
                local_code(&local)
            } else {
                Err(CheckNote::property(
                    "Code",
                    format!(
                        "gantry cannot fetch code from s3://{bucket}/{key}; set Code to a local directory or .zip path relative to the template, or put the object at {}",
                        local.display()
                    ),
                ))
            }
        }
        Code::Image { .. } => Err(CheckNote::property(
            "Code.ImageUri",
            "container images are not supported by gantry; use a Zip package",
        )),
    }
}

/// A local directory is the task root as is; a `.zip` file is extracted.
fn local_code(path: &Path) -> Result<CodeSource, CheckNote> {
    let metadata = std::fs::metadata(path).map_err(|e| {
        CheckNote::property(
            "Code",
            format!("names {}, which cannot be read ({e})", path.display()),
        )
    })?;
    // S3 keys (and so their local copies) often have no extension: the content decides.
    let is_zip = path
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("zip"))
        || starts_like_a_zip(path);
    if metadata.is_dir() {
        Ok(CodeSource::Directory(path.to_owned()))
    } else if is_zip {
        Ok(CodeSource::Zip(path.to_owned()))
    } else {
        Err(CheckNote::property(
            "Code",
            format!(
                "names {}, which is neither a directory nor a zip archive",
                path.display()
            ),
        ))
    }
}

/// Whether the file starts with a zip archive's signature (a local file header, or the
/// end record of an empty archive).
fn starts_like_a_zip(path: &Path) -> bool {
    let mut signature = [0_u8; 4];
    std::fs::File::open(path)
        .and_then(|mut file| std::io::Read::read_exact(&mut file, &mut signature))
        .is_ok_and(|()| signature == *b"PK\x03\x04" || signature == *b"PK\x05\x06")
}

/// Node.js and Python code runs on any machine; a custom runtime's `bootstrap` is a
/// binary built for one instruction set.
fn deprecation_warning(runtime: Runtime) -> Option<CheckNote> {
    runtime.is_deprecated().then(|| {
        CheckNote::property(
            "Runtime",
            format!(
                "{runtime} is deprecated by AWS, which no longer creates functions with it; gantry still runs it, but update the runtime before deploying to AWS"
            ),
        )
    })
}

fn architecture_warning(runtime: Runtime, architectures: &[Architecture]) -> Option<CheckNote> {
    let wanted = architectures
        .first()
        .copied()
        .unwrap_or(Architecture::X86_64);
    let here = match std::env::consts::ARCH {
        "x86_64" => Architecture::X86_64,
        "aarch64" => Architecture::Arm64,
        _ => return None,
    };
    (matches!(runtime, Runtime::Provided(_)) && wanted != here).then(|| {
        CheckNote::property(
            "Architectures",
            format!(
                "the function is built for {wanted} and this machine is {here}; its bootstrap will not start unless it is built for {here}"
            ),
        )
    })
}

#[cfg(test)]
mod tests;
