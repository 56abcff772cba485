//! SAM templates (`Transform: AWS::Serverless-2016-10-31`): transformed once, before
//! anything validates or deploys them, and every diagnostic about the processed template
//! pointed back at the line of the SAM template the user wrote.
//!
//! How a processed-template location becomes a SAM one: the resource's logical id goes
//! through [`Transformed::origins`] to the SAM resource it came from, then the same
//! property path is looked for in that SAM resource; where the SAM resource does not
//! spell the path out, the deepest key it does spell out (at least the resource's own
//! line) is used. Sections the transform passes through (`Parameters`, `Outputs`,
//! `Conditions`, ...) keep their paths.

mod locate;

use cfn_engine::DeployWarning;
use cfn_template::syntax::{self, Node, Position};
use cfn_template::{Diagnostic, Validation};
use indexmap::IndexMap;
use sam_transform::{Options, SAM_TRANSFORM, Transformed};
use serde_json::Value;

pub use locate::Location;

/// A SAM template and what the transform made of it.
#[derive(Debug, Clone)]
pub struct SamSource {
    /// The SAM template's text: what diagnostics point into.
    pub text: String,
    /// Its parsed tree, for positions.
    root: Node,
    /// Each generated resource's logical id → the SAM resource it came from.
    pub origins: IndexMap<String, String>,
    /// The transform's warnings, each about a SAM resource.
    pub warnings: Vec<sam_transform::Warning>,
}

/// A SAM template the transform refuses: the translator's error and the SAM text.
#[derive(Debug, Clone)]
pub struct TransformFailure {
    /// The translator's error, every cause.
    pub error: sam_transform::Error,
    /// The SAM template's text and tree, to point at each cause.
    source: SamSource,
}

/// The template after the transform, if it needs one.
#[derive(Debug, Clone)]
pub enum Prepared {
    /// Not a SAM template (or one gantry cannot transform, such as SAM combined with
    /// another macro): validated as written, so validation names what is wrong.
    Plain,
    /// A SAM template: the processed template and where it came from.
    Transformed {
        /// The processed CloudFormation template.
        template: Value,
        /// The SAM template.
        source: Box<SamSource>,
    },
}

/// Transforms `text` if it is a SAM template whose only transform is SAM's.
///
/// Text that does not parse is [`Prepared::Plain`]: validation reports the syntax error.
pub fn prepare(text: &str, options: &Options) -> Result<Prepared, Box<TransformFailure>> {
    let Some(root) = syntax::parse(text).root else {
        return Ok(Prepared::Plain);
    };
    let json = root.to_json();
    if !sam_transform::is_sam(&json) || names_other_transforms(&json) {
        return Ok(Prepared::Plain);
    }
    let mut source = SamSource {
        text: text.to_owned(),
        root,
        origins: IndexMap::new(),
        warnings: Vec::new(),
    };
    match sam_transform::transform(&json, options) {
        Ok(Transformed {
            template,
            origins,
            warnings,
        }) => {
            let left = untransformed(&template);
            if !left.is_empty() {
                let error = sam_transform::Error::new(left);
                return Err(Box::new(TransformFailure { error, source }));
            }
            source.origins = origins;
            source.warnings = warnings;
            Ok(Prepared::Transformed {
                template,
                source: Box::new(source),
            })
        }
        Err(error) => Err(Box::new(TransformFailure { error, source })),
    }
}

/// A refusal for each SAM resource the transform left in the processed template: fail
/// closed rather than deploy a type nothing handles.
// Deviation from AWS: AWS's translator transforms some of these (docs/sam.md).
fn untransformed(template: &Value) -> Vec<sam_transform::Cause> {
    let Some(Value::Object(resources)) = template.get("Resources") else {
        return Vec::new();
    };
    resources
        .iter()
        .filter_map(|(logical_id, resource)| {
            let resource_type = resource.get("Type")?.as_str()?;
            resource_type.starts_with("AWS::Serverless::").then(|| {
                sam_transform::Cause::resource(
                    logical_id,
                    format!(
                        "gantry does not transform {resource_type}; remove it, or deploy the stack to AWS"
                    ),
                )
            })
        })
        .collect()
}

/// Whether `Transform` is a list naming a macro besides SAM's: gantry runs no other
/// macro, and transforming only SAM's part would silently drop the others.
// Deviation from AWS: CloudFormation runs the list in order; gantry refuses it (docs/sam.md).
fn names_other_transforms(template: &Value) -> bool {
    match template.get("Transform") {
        Some(Value::Array(names)) => names.iter().any(|n| n.as_str() != Some(SAM_TRANSFORM)),
        _ => false,
    }
}

/// The name of the transform gantry runs, for the progress line.
pub const TRANSFORM_NAME: &str = SAM_TRANSFORM;

impl SamSource {
    /// The SAM logical id a processed-template resource came from (itself when the
    /// transform passed it through).
    pub fn origin_of<'a>(&'a self, logical_id: &'a str) -> &'a str {
        self.origins
            .get(logical_id)
            .map_or(logical_id, String::as_str)
    }

    /// Whether the SAM template itself declares resource `sam_logical_id` (the implicit
    /// `ServerlessHttpApi`/`ServerlessRestApi` are made by the transform).
    pub fn declares(&self, sam_logical_id: &str) -> bool {
        self.root
            .get("Resources")
            .and_then(|resources| resources.get(sam_logical_id))
            .is_some()
    }

    /// Where in the SAM template a processed-template path (`Resources/FnRole/Properties/X`,
    /// `Outputs/Url/Value`) is.
    pub fn locate_processed_path(&self, path: &str) -> Location {
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            ["Resources", logical_id, rest @ ..] => {
                let origin = self.origin_of(logical_id);
                let mut sam_path = vec!["Resources", origin];
                sam_path.extend_from_slice(rest);
                locate::deepest(&self.root, &sam_path)
            }
            _ => locate::deepest(&self.root, &segments),
        }
    }

    /// Where a property (`Events.Api.Properties.Path`, dots between keys) of a SAM
    /// resource is, else the resource.
    pub fn locate_property(&self, sam_logical_id: &str, property: Option<&str>) -> Location {
        let mut path = vec!["Resources", sam_logical_id];
        if let Some(property) = property {
            path.push("Properties");
            path.extend(property.split('.'));
        }
        locate::deepest(&self.root, &path)
    }

    /// A processed-template diagnostic, pointed at the SAM template: its line and column
    /// become the SAM location, and a resource the transform generated is named.
    pub fn map_diagnostic(&self, diagnostic: &Diagnostic) -> Diagnostic {
        let location = self.locate_processed_path(&diagnostic.path);
        let mut mapped = diagnostic.clone();
        mapped.line = location.position.line;
        mapped.column = location.position.column;
        if let Some(generated) = self.generated_resource(&diagnostic.path) {
            mapped.message = format!(
                "{} (in {generated}, which the SAM transform generates from {})",
                diagnostic.message,
                self.origin_of(generated)
            );
        }
        mapped
    }

    /// The validation with every diagnostic pointed at the SAM template, in its order.
    pub fn map_validation(&self, validation: &Validation) -> Validation {
        let mut mapped = validation.clone();
        mapped.diagnostics = validation
            .diagnostics
            .iter()
            .map(|d| self.map_diagnostic(d))
            .collect();
        cfn_template::diagnostic::sort(&mut mapped.diagnostics);
        mapped
    }

    /// A deploy warning about the processed template, pointed at the SAM template: a
    /// provider's (`Properties.X: ...` about a resource) or a validation warning (`path:
    /// ...`). A resource the transform generated is named with its SAM resource.
    pub fn map_warning(&self, warning: &DeployWarning) -> DeployWarning {
        let mut mapped = warning.clone();
        match &warning.logical_id {
            Some(logical_id) => {
                let mut path = format!("Resources/{logical_id}");
                if let Some((property, _)) = warning
                    .message
                    .strip_prefix("Properties.")
                    .and_then(|rest| rest.split_once(": "))
                {
                    path.push_str("/Properties/");
                    path.push_str(&property.replace('.', "/"));
                }
                mapped.line = Some(self.locate_processed_path(&path).position.line);
                let origin = self.origin_of(logical_id);
                if origin != logical_id {
                    mapped.logical_id = Some(format!("{logical_id} (from {origin})"));
                }
            }
            None => {
                mapped.line = warning
                    .message
                    .split_once(": ")
                    .map(|(path, _)| path)
                    .filter(|path| !path.contains(' '))
                    .map(|path| self.locate_processed_path(path).position.line)
                    .or(warning.line);
            }
        }
        mapped
    }

    /// One warning per function or layer whose `Metadata.BuildMethod` (esbuild, makefile,
    /// ...) asks `sam build` to build it: gantry runs `CodeUri`/`ContentUri` as it finds it,
    /// so TypeScript or compiled code would not run (for templates that are not
    /// `sam build`'s own output).
    pub fn build_method_warnings(&self) -> Vec<DeployWarning> {
        let Some(resources) = self.root.get("Resources").and_then(Node::as_mapping) else {
            return Vec::new();
        };
        resources
            .iter()
            .filter(|entry| {
                matches!(
                    entry.value.get("Type").and_then(Node::as_str),
                    Some("AWS::Serverless::Function" | "AWS::Serverless::LayerVersion")
                )
            })
            .filter_map(|entry| {
                let method = entry.value.get("Metadata")?.get("BuildMethod")?;
                Some(DeployWarning {
                    file: None,
                    line: Some(method.position.line),
                    logical_id: Some(entry.key.clone()),
                    message: format!(
                        "Metadata.BuildMethod: {} is built by `sam build`, and gantry runs the code \
                         it finds at CodeUri/ContentUri as it is; run `sam build` and then `gantry up \
                         .aws-sam/build/template.yaml`, unless that code already runs as written",
                        method.scalar_text().unwrap_or_default()
                    ),
                })
            })
            .collect()
    }

    /// The transform's warnings, as deploy warnings at the SAM resource's line.
    pub fn transform_warnings(&self) -> Vec<DeployWarning> {
        self.warnings
            .iter()
            .map(|warning| DeployWarning {
                file: None,
                line: Some(
                    self.locate_property(&warning.logical_id, warning.property.as_deref())
                        .position
                        .line,
                ),
                logical_id: Some(warning.logical_id.clone()),
                message: match &warning.property {
                    Some(property) => format!("Properties.{property}: {}", warning.message),
                    None => warning.message.clone(),
                },
            })
            .collect()
    }

    /// A deploy failure's text with each `PATH (line N, column M)` of the processed
    /// template pointed at the SAM template instead.
    pub fn map_reason(&self, reason: &str) -> String {
        const MARK: &str = " (line ";
        let mut mapped = String::new();
        let mut rest = reason;
        while let Some(at) = rest.find(MARK) {
            let (before, after) = rest.split_at(at);
            let Some(close) = after.find(')') else { break };
            mapped.push_str(before);
            let path = before.rsplit(' ').next().unwrap_or_default();
            if path.contains('/') {
                let position = self.locate_processed_path(path).position;
                mapped.push_str(&format!(
                    " (line {}, column {})",
                    position.line, position.column
                ));
            } else {
                mapped.push_str(&after[..=close]);
            }
            rest = &after[close + 1..];
        }
        mapped.push_str(rest);
        mapped
    }

    /// The logical id in `path` when the transform generated that resource (it is not
    /// the SAM template's own).
    fn generated_resource<'a>(&self, path: &'a str) -> Option<&'a str> {
        let logical_id = path.strip_prefix("Resources/")?.split('/').next()?;
        self.origins
            .get(logical_id)
            .is_some_and(|origin| origin != logical_id)
            .then_some(logical_id)
    }
}

impl TransformFailure {
    /// Each cause as a diagnostic at the resource (or event) it names.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.error
            .causes
            .iter()
            .map(|cause| {
                let property = cause
                    .event_id
                    .as_ref()
                    .map(|event_id| format!("Events.{event_id}"));
                let location = match &cause.logical_id {
                    Some(logical_id) => {
                        self.source.locate_property(logical_id, property.as_deref())
                    }
                    // The `Globals` section, else the whole template.
                    None if cause.message.starts_with("'Globals' section") => {
                        locate::deepest(&self.source.root, &["Globals"])
                    }
                    None => Location {
                        path: String::new(),
                        position: Position::START,
                    },
                };
                Diagnostic::error(cause.message.clone(), location.path, location.position)
            })
            .collect()
    }

    /// The causes with their source lines, then the translator's whole message.
    pub fn render(&self, file_name: &str) -> String {
        let mut text = String::new();
        for diagnostic in self.diagnostics() {
            text.push_str(&cfn_template::diagnostic::render::render(
                &diagnostic,
                &self.source.text,
                file_name,
            ));
            text.push('\n');
        }
        text.push_str(&format!(
            "error: the SAM transform ({SAM_TRANSFORM}) failed: {}",
            self.error.message()
        ));
        text
    }
}

#[cfg(test)]
mod tests;
