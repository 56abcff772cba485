//! Lambda runtime identifiers (`nodejs20.x`, `python3.12`, `provided.al2023`) and how
//! each one is launched on this machine.
//!
//! Managed runtimes run gantry's own bootstraps (shipped inside the binary, see
//! [`bootstrap`]) on the `node`/`python3` found on PATH ([`interpreter`]). Custom runtimes
//! execute the function's own `bootstrap` file ([`BOOTSTRAP_FILE`]), unchanged.
//!
//! Facts about runtimes only, depending on nothing but `error`: deploying (which picks
//! the launch command) and execution environments (which report a missing `bootstrap`)
//! both read them from here.

pub(crate) mod bootstrap;
pub(crate) mod interpreter;

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// Node.js major versions Lambda offers as `nodejs<N>.x` that gantry accepts.
const NODE_MAJORS: [u32; 4] = [18, 20, 22, 24];
/// Python 3 minor versions Lambda offers as `python3.<N>` that gantry accepts.
const PYTHON_MINORS: std::ops::RangeInclusive<u32> = 9..=14;
/// Node.js runtimes AWS has deprecated, which old templates (and AWS's own samples)
/// still name. Deviation from AWS: Lambda no longer creates functions with them; gantry
/// runs them on the `node` found on PATH, with a warning, so those stacks run locally.
const DEPRECATED_NODE_MAJORS: [u32; 4] = [10, 12, 14, 16];
/// Deprecated Python runtimes, run like [`DEPRECATED_NODE_MAJORS`].
const DEPRECATED_PYTHON_MINORS: std::ops::RangeInclusive<u32> = 6..=8;
/// The file a custom runtime executes, in the function's task root.
pub(crate) const BOOTSTRAP_FILE: &str = "bootstrap";

/// A Lambda runtime gantry can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Runtime {
    /// `nodejs<major>.x`, run by gantry's Node.js bootstrap.
    Node {
        /// The Node.js major version the runtime names.
        major: u32,
    },
    /// `python3.<minor>`, run by gantry's Python bootstrap.
    Python {
        /// The Python 3 minor version the runtime names.
        minor: u32,
    },
    /// `provided`, `provided.al2` or `provided.al2023`: the code's own `bootstrap`.
    Provided(ProvidedRuntime),
}

/// The flavours of Lambda's custom runtime; gantry treats them alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProvidedRuntime {
    /// `provided` (Amazon Linux 1, deprecated by AWS).
    AmazonLinux1,
    /// `provided.al2`.
    AmazonLinux2,
    /// `provided.al2023`.
    AmazonLinux2023,
}

/// The language family of a runtime, which decides the launcher and interpreter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum RuntimeFamily {
    Node,
    Python,
    Provided,
}

impl Runtime {
    pub(crate) fn family(self) -> RuntimeFamily {
        match self {
            Runtime::Node { .. } => RuntimeFamily::Node,
            Runtime::Python { .. } => RuntimeFamily::Python,
            Runtime::Provided(_) => RuntimeFamily::Provided,
        }
    }

    /// The value Lambda puts in `AWS_EXECUTION_ENV`; custom runtimes get none.
    pub(crate) fn execution_env(self) -> Option<String> {
        match self {
            Runtime::Provided(_) => None,
            managed => Some(format!("AWS_Lambda_{managed}")),
        }
    }

    /// Whether AWS has deprecated this runtime (Lambda no longer creates functions with
    /// it); gantry still runs it, and the deploy warns.
    pub fn is_deprecated(self) -> bool {
        match self {
            Runtime::Node { major } => DEPRECATED_NODE_MAJORS.contains(&major),
            Runtime::Python { minor } => DEPRECATED_PYTHON_MINORS.contains(&minor),
            Runtime::Provided(ProvidedRuntime::AmazonLinux1) => true,
            Runtime::Provided(_) => false,
        }
    }

    /// The file name AWS gives inline (`Code.ZipFile`) source for this runtime.
    pub(crate) fn inline_file_name(self) -> Option<&'static str> {
        match self {
            Runtime::Node { .. } => Some("index.js"),
            Runtime::Python { .. } => Some("index.py"),
            Runtime::Provided(_) => None,
        }
    }
}

impl FromStr for Runtime {
    type Err = Error;

    fn from_str(identifier: &str) -> Result<Self, Error> {
        let unsupported = || Error::UnsupportedRuntime {
            runtime: identifier.to_owned(),
        };
        if let Some(version) = identifier
            .strip_prefix("nodejs")
            .and_then(|rest| rest.strip_suffix(".x"))
        {
            let major = version.parse::<u32>().map_err(|_| unsupported())?;
            return if NODE_MAJORS.contains(&major) || DEPRECATED_NODE_MAJORS.contains(&major) {
                Ok(Runtime::Node { major })
            } else {
                Err(unsupported())
            };
        }
        if let Some(minor) = identifier.strip_prefix("python3.") {
            let minor = minor.parse::<u32>().map_err(|_| unsupported())?;
            return if PYTHON_MINORS.contains(&minor) || DEPRECATED_PYTHON_MINORS.contains(&minor) {
                Ok(Runtime::Python { minor })
            } else {
                Err(unsupported())
            };
        }
        match identifier {
            "provided" => Ok(Runtime::Provided(ProvidedRuntime::AmazonLinux1)),
            "provided.al2" => Ok(Runtime::Provided(ProvidedRuntime::AmazonLinux2)),
            "provided.al2023" => Ok(Runtime::Provided(ProvidedRuntime::AmazonLinux2023)),
            _ => Err(unsupported()),
        }
    }
}

impl fmt::Display for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Runtime::Node { major } => write!(f, "nodejs{major}.x"),
            Runtime::Python { minor } => write!(f, "python3.{minor}"),
            Runtime::Provided(ProvidedRuntime::AmazonLinux1) => f.write_str("provided"),
            Runtime::Provided(ProvidedRuntime::AmazonLinux2) => f.write_str("provided.al2"),
            Runtime::Provided(ProvidedRuntime::AmazonLinux2023) => f.write_str("provided.al2023"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_supported_identifier_round_trips() {
        let ids = [
            "nodejs10.x",
            "nodejs16.x",
            "nodejs18.x",
            "nodejs20.x",
            "nodejs22.x",
            "nodejs24.x",
            "python3.6",
            "python3.8",
            "python3.9",
            "python3.10",
            "python3.11",
            "python3.12",
            "python3.13",
            "python3.14",
            "provided",
            "provided.al2",
            "provided.al2023",
        ];
        for id in ids {
            let runtime: Runtime = id.parse().unwrap();
            assert_eq!(runtime.to_string(), id);
        }
    }

    #[test]
    fn unsupported_identifiers_are_named_in_the_error() {
        for id in [
            "java21",
            "nodejs8.10",
            "nodejs19.x",
            "python3.5",
            "python2.7",
            "dotnet8",
            "",
        ] {
            let err = id.parse::<Runtime>().unwrap_err();
            assert!(
                err.to_string().contains(&format!("`{id}`")),
                "message for {id:?}: {err}"
            );
        }
    }

    #[test]
    fn deprecated_runtimes_run_and_say_so() {
        for id in ["nodejs12.x", "nodejs16.x", "python3.7", "provided"] {
            assert!(id.parse::<Runtime>().unwrap().is_deprecated(), "{id}");
        }
        for id in ["nodejs18.x", "python3.9", "provided.al2"] {
            assert!(!id.parse::<Runtime>().unwrap().is_deprecated(), "{id}");
        }
    }

    #[test]
    fn execution_env_matches_lambda_naming() {
        let node: Runtime = "nodejs20.x".parse().unwrap();
        assert_eq!(
            node.execution_env().as_deref(),
            Some("AWS_Lambda_nodejs20.x")
        );
        let custom: Runtime = "provided.al2023".parse().unwrap();
        assert_eq!(custom.execution_env(), None);
    }
}
