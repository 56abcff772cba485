//! The translator's errors, worded as AWS's `aws-sam-translator` words them, so a user
//! who searches for the text finds AWS's documentation and issues.
//!
//! Errors in resources and events are collected across the whole template (one bad
//! function does not hide another); errors in template-level steps (structure, `Globals`)
//! stop at once, as in the translator (`../shared/reference/sam-cdk.md` A.14).

use std::fmt;

/// A SAM template the transform refuses: every cause found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The causes, ordered by the resource they are about (its logical id), then by message,
    /// without duplicates (the translator drops duplicate messages; the order is the one AWS's
    /// published test outputs use: `Function` before `Function2`).
    pub causes: Vec<Cause>,
}

/// One reason a template is invalid, with the resource and event it is about (for the
/// line gantry points at).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cause {
    /// The SAM resource the error is about, when it is about one.
    pub logical_id: Option<String>,
    /// The function event the error is about, when it is about one.
    pub event_id: Option<String>,
    /// The message exactly as the translator renders it, prefix included
    /// (`Resource with id [Fn] is invalid. ...`).
    pub message: String,
    /// Whether the error ends the whole transform, as the translator's
    /// `InvalidDocumentException` does when a resource raises it: the template's other
    /// errors are then not reported.
    pub ends_transform: bool,
}

impl Cause {
    /// An error in the template's structure (`Structure of the SAM template is invalid. ...`).
    pub fn structure(message: impl fmt::Display) -> Self {
        Self {
            logical_id: None,
            event_id: None,
            message: format!("Structure of the SAM template is invalid. {message}"),
            ends_transform: false,
        }
    }

    /// An error in a document a resource's translation reads (a Swagger or OpenAPI body,
    /// a resource policy): worded as [`Cause::structure`], and it ends the transform
    /// (the translator's `InvalidDocumentException` raised by a resource).
    pub fn document(message: impl fmt::Display) -> Self {
        Self {
            ends_transform: true,
            ..Self::structure(message)
        }
    }

    /// An error in the `Globals` section (`'Globals' section is invalid. ...`).
    pub fn globals(message: impl fmt::Display) -> Self {
        Self {
            logical_id: None,
            event_id: None,
            message: format!("'Globals' section is invalid. {message}"),
            ends_transform: false,
        }
    }

    /// An error in one resource (`Resource with id [X] is invalid. ...`).
    pub fn resource(logical_id: &str, message: impl fmt::Display) -> Self {
        Self {
            logical_id: Some(logical_id.to_owned()),
            event_id: None,
            message: format!("Resource with id [{logical_id}] is invalid. {message}"),
            ends_transform: false,
        }
    }

    /// An error in one event of a function
    /// (`Resource with id [Fn] is invalid. Event with id [E] is invalid. ...`).
    pub fn event(logical_id: &str, event_id: &str, message: impl fmt::Display) -> Self {
        Self {
            logical_id: Some(logical_id.to_owned()),
            event_id: Some(event_id.to_owned()),
            message: format!(
                "Resource with id [{logical_id}] is invalid. Event with id [{event_id}] is invalid. {message}"
            ),
            ends_transform: false,
        }
    }

    /// A generated resource whose id is taken by another resource of the template.
    pub fn duplicate_id(logical_id: &str, duplicate_id: &str, resource_type: &str) -> Self {
        Self {
            logical_id: Some(logical_id.to_owned()),
            event_id: None,
            message: format!(
                "Transforming resource with id [{logical_id}] attempts to create a new resource with id \
                 [{duplicate_id}] and type \"{resource_type}\". A resource with that id already exists within \
                 this template. Please use a different id for that resource."
            ),
            ends_transform: false,
        }
    }
}

impl Error {
    /// The error for these causes, ordered and de-duplicated.
    pub fn new(mut causes: Vec<Cause>) -> Self {
        causes.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
        causes.dedup_by(|a, b| a.message == b.message);
        Self { causes }
    }

    /// The whole message, as CloudFormation shows it after `Transform
    /// AWS::Serverless-2016-10-31 failed with:` and as AWS's test outputs record it.
    pub fn message(&self) -> String {
        let mut message = format!(
            "Invalid Serverless Application Specification document. Number of errors found: {}.",
            self.causes.len()
        );
        for cause in &self.causes {
            message.push(' ');
            message.push_str(&cause.message);
        }
        message
    }
}

/// The order of AWS's published test outputs: by the logical id the message names
/// (`MyApi` before `MyApiTwo`), then by message.
fn sort_key(cause: &Cause) -> (&str, &str) {
    let named = cause
        .message
        .strip_prefix("Resource with id [")
        .and_then(|rest| rest.split_once(']'))
        .map_or("", |(logical_id, _)| logical_id);
    (named, cause.message.as_str())
}

impl From<Cause> for Error {
    fn from(cause: Cause) -> Self {
        Self::new(vec![cause])
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}
