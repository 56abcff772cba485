//! The crate's error type: gantry could not do what was asked (bad inputs, or a value
//! that cannot be resolved at deploy time). Problems *in a template* found by
//! validation are [`Diagnostic`]s, not errors.

use std::fmt;

use crate::diagnostic::Diagnostic;
use crate::position::Position;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in the template an evaluation failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// Template path, e.g. `Resources/Fn/Properties/Role`.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl Location {
    /// A location from a path and a position.
    pub fn new(path: impl Into<String>, position: Position) -> Self {
        Self {
            path: path.into(),
            line: position.line,
            column: position.column,
        }
    }

    /// The position part.
    pub fn position(&self) -> Position {
        Position::new(self.line, self.column)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (line {}, column {})",
            self.path, self.line, self.column
        )
    }
}

/// Everything that can go wrong in this crate outside of template diagnostics.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The account ID input is not 12 digits.
    #[error("invalid account ID `{value}`: an AWS account ID is 12 digits")]
    InvalidAccountId {
        /// What was given.
        value: String,
    },
    /// The region input does not look like a region name.
    #[error("invalid region `{value}`: expected a region name such as us-east-1")]
    InvalidRegion {
        /// What was given.
        value: String,
    },
    /// The stack name input breaks CloudFormation's naming rule.
    #[error(
        "invalid stack name `{value}`: it must start with a letter and contain only letters, digits and hyphens (at most 128)"
    )]
    InvalidStackName {
        /// What was given.
        value: String,
    },
    /// A parameter override is not `KEY=VALUE`.
    #[error("invalid parameter override `{argument}`: expected KEY=VALUE")]
    InvalidParameterOverride {
        /// What was given.
        argument: String,
    },
    /// The plan has no active resource with this logical ID.
    #[error("`{logical_id}` is not a resource this plan creates")]
    UnknownResource {
        /// The logical ID asked for.
        logical_id: String,
    },
    /// The plan has no active output with this logical ID.
    #[error("`{logical_id}` is not an output of this plan")]
    UnknownOutput {
        /// The logical ID asked for.
        logical_id: String,
    },
    /// A name that is neither a parameter, a pseudo parameter nor a resource.
    #[error(
        "`{name}` is not a parameter, pseudo parameter or resource of this template at {location}"
    )]
    UnknownReference {
        /// The name.
        name: String,
        /// Where it is used.
        location: Location,
    },
    /// `Ref` to a resource that has no value yet (the resolver returned nothing).
    #[error(
        "Ref to resource `{logical_id}` has no value (is the resource deployed?) at {location}"
    )]
    UnresolvedRef {
        /// The resource.
        logical_id: String,
        /// Where it is used.
        location: Location,
    },
    /// `Fn::GetAtt` (or `${X.Y}` in `Fn::Sub`) that the resolver could not answer.
    #[error(
        "Fn::GetAtt `{logical_id}.{attribute}` has no value (is the resource deployed, and does it have this attribute?) at {location}"
    )]
    UnresolvedAttribute {
        /// The resource.
        logical_id: String,
        /// The attribute.
        attribute: String,
        /// Where it is used.
        location: Location,
    },
    /// `Fn::ImportValue` of a name no stack exports.
    #[error("Fn::ImportValue `{export_name}`: no stack exports this name at {location}")]
    UnresolvedImport {
        /// The export name.
        export_name: String,
        /// Where it is used.
        location: Location,
    },
    /// A reference to a resource whose `Condition` is false.
    #[error(
        "resource `{logical_id}` is not created because its condition is false, but it is referenced at {location}"
    )]
    InactiveResource {
        /// The resource.
        logical_id: String,
        /// Where it is used.
        location: Location,
    },
    /// `Fn::If` or `Condition` naming an undeclared condition.
    #[error("condition `{name}` is not declared at {location}")]
    UnknownCondition {
        /// The condition name.
        name: String,
        /// Where it is used.
        location: Location,
    },
    /// An intrinsic function got arguments it cannot work with.
    #[error("{function}: {problem} at {location}")]
    InvalidArgument {
        /// The function, e.g. `Fn::Join`.
        function: &'static str,
        /// What is wrong with the arguments.
        problem: String,
        /// Where the call is.
        location: Location,
    },
    /// `Fn::Select` with an index past the end of the list.
    #[error("Fn::Select index {index} is out of range for a list of {length} at {location}")]
    SelectOutOfRange {
        /// The index.
        index: usize,
        /// The list length.
        length: usize,
        /// Where the call is.
        location: Location,
    },
    /// `Fn::FindInMap` with a key the mapping does not have.
    #[error("Fn::FindInMap: mapping `{map_name}` has no key `{key}` at {location}")]
    MappingKeyMissing {
        /// The mapping.
        map_name: String,
        /// The missing key (top- or second-level).
        key: String,
        /// Where the call is.
        location: Location,
    },
    /// A value that gantry cannot compute locally (`Fn::Transform`, SSM parameters).
    #[error("{what} cannot be evaluated by gantry at {location}")]
    Unsupported {
        /// What it is.
        what: String,
        /// Where it is.
        location: Location,
    },
    /// A value that must exist evaluated to `AWS::NoValue`.
    #[error("the value is AWS::NoValue, but a value is required at {location}")]
    NoValue {
        /// Where it is.
        location: Location,
    },
}

impl Error {
    /// Where in the template the error happened, for evaluation errors.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::UnknownReference { location, .. }
            | Error::UnresolvedRef { location, .. }
            | Error::UnresolvedAttribute { location, .. }
            | Error::UnresolvedImport { location, .. }
            | Error::InactiveResource { location, .. }
            | Error::UnknownCondition { location, .. }
            | Error::InvalidArgument { location, .. }
            | Error::SelectOutOfRange { location, .. }
            | Error::MappingKeyMissing { location, .. }
            | Error::Unsupported { location, .. }
            | Error::NoValue { location } => Some(location),
            Error::InvalidAccountId { .. }
            | Error::InvalidRegion { .. }
            | Error::InvalidStackName { .. }
            | Error::InvalidParameterOverride { .. }
            | Error::UnknownResource { .. }
            | Error::UnknownOutput { .. } => None,
        }
    }

    /// The error as an error [`Diagnostic`], for errors that have a template location.
    pub fn to_diagnostic(&self) -> Option<Diagnostic> {
        let location = self.location()?;
        let text = self.to_string();
        let suffix = format!(" at {location}");
        let message = text.strip_suffix(&suffix).unwrap_or(&text);
        Some(Diagnostic::error(
            message,
            location.path.clone(),
            location.position(),
        ))
    }
}
