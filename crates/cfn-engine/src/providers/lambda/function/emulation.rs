//! Which of a function's properties gantry honours, and a warning naming each one it
//! does not, so nothing in the template is ignored silently.

use store::model::{LogFormat, LoggingConfig};

use crate::properties::Properties;
use crate::provider::ProviderWarning;

/// Properties `translate` reads into the function's model and the Lambda host honours.
const HONOURED: &[&str] = &[
    "FunctionName",
    "Role",
    "PackageType",
    "Runtime",
    "Handler",
    "Code",
    "MemorySize",
    "Timeout",
    "Environment",
    "ReservedConcurrentExecutions",
    "Architectures",
    "LoggingConfig",
    "Layers",
];

/// Properties that change nothing for a synchronous invocation on this machine.
const NO_LOCAL_EFFECT: &[&str] = &[
    // Descriptive only.
    "Description",
    "Tags",
    // For asynchronous invocations and event sources; API Gateway invokes synchronously.
    "DeadLetterConfig",
    "RecursiveLoop",
];

/// Properties Lambda honours that gantry does not emulate, with what differs here. The
/// function still deploys; each one present is a warning naming it.
pub(super) const NOT_EMULATED: &[(&str, &str)] = &[
    (
        "VpcConfig",
        "the function reaches this machine's network, not the VPC's",
    ),
    (
        "FileSystemConfigs",
        "EFS file systems are not mounted; paths under the mount point do not exist",
    ),
    (
        "EphemeralStorage",
        "/tmp is this machine's temporary directory, without the size limit",
    ),
    (
        "SnapStart",
        "every cold start runs the initialisation in full",
    ),
    ("CodeSigningConfigArn", "code signatures are not checked"),
    ("KmsKeyArn", "environment variables are not encrypted"),
    ("TracingConfig", "no X-Ray segments are recorded"),
    (
        "RuntimeManagementConfig",
        "the runtime is the interpreter found on PATH, whatever version is pinned",
    ),
];

/// `LoggingConfig` fields that filter or reshape log lines, which gantry writes as text.
const LOGGING_NOT_EMULATED: &[&str] = &["ApplicationLogLevel", "SystemLogLevel"];

/// A warning for each property present that gantry does not honour: the known ones with
/// what differs, any other (one gantry does not know yet) as not emulated.
pub(super) fn warnings(props: &Properties<'_>, logging: &LoggingConfig) -> Vec<ProviderWarning> {
    let mut warnings: Vec<ProviderWarning> = props
        .names()
        .filter(|name| !HONOURED.contains(name) && !NO_LOCAL_EFFECT.contains(name))
        .map(|name| {
            let differs = NOT_EMULATED
                .iter()
                .find(|(known, _)| *known == name)
                .map_or(
                    "gantry does not emulate it; the function runs as if it were absent",
                    |(_, differs)| differs,
                );
            ProviderWarning::property(name, differs)
        })
        .collect();
    if logging.log_format == Some(LogFormat::Json) {
        warnings.push(ProviderWarning::property(
            "LoggingConfig.LogFormat",
            "JSON is not emulated; log lines are written as text",
        ));
    }
    if let Ok(Some(config)) = props.object("LoggingConfig") {
        warnings.extend(
            config
                .names()
                .filter(|name| LOGGING_NOT_EMULATED.contains(name))
                .map(|name| {
                    ProviderWarning::property(
                        format!("LoggingConfig.{name}"),
                        "log levels are not applied; every line is written",
                    )
                }),
        );
    }
    warnings
}
