//! `validate`: template text and inputs in, every diagnostic and a deployment plan out.
//!
//! The phases, in order: parse → model → (SAM and macro transforms stop here) →
//! resource types and properties → references → parameters (SSM types read from the
//! store) → conditions → rules → dependency graph and order → a dry evaluation of
//! every value that will be deployed → outputs.

mod references;
mod resources;

use std::collections::BTreeSet;

use serde_json::json;

use crate::conditions;
use crate::diagnostic::{self, Diagnostic, Suggestions, render};
use crate::error::{Error, Result};
use crate::eval::{Evaluator, Scope};
use crate::graph::{DependencyGraph, references as value_references};
use crate::inputs::{Inputs, PseudoParameters};
use crate::model::{SAM_TRANSFORM, Template};
use crate::parameters;
use crate::plan::Plan;
use crate::rules;
use crate::syntax::{self, Position, SourceFormat};

/// How many "did you mean" suggestions one validation computes at most.
const SUGGESTION_BUDGET: u32 = 200;

/// The result of [`validate`].
#[derive(Clone, Debug)]
pub struct Validation {
    /// The syntax the template was read as.
    pub format: SourceFormat,
    /// Every problem found, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The deployment plan, when the template could be read and planned (it may still
    /// have errors: deploy only when [`Validation::is_valid`]).
    pub plan: Option<Plan>,
}

impl Validation {
    /// No errors (warnings allowed) and a plan exists.
    pub fn is_valid(&self) -> bool {
        self.plan.is_some() && !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The deployment order of the resources to create (empty without a plan).
    pub fn order(&self) -> &[String] {
        self.plan.as_ref().map_or(&[], Plan::order)
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    /// The output of `gantry validate --format json`:
    /// `{"valid": bool, "order": [...], "diagnostics": [{severity, message, path, line, column}]}`.
    pub fn to_json(&self) -> serde_json::Value {
        json!({
            "valid": self.is_valid(),
            "order": self.order(),
            "diagnostics": self.diagnostics.iter().map(Diagnostic::to_json).collect::<Vec<_>>(),
        })
    }

    /// The text output: every diagnostic with its source line, then a summary.
    pub fn render(&self, source: &str, file_name: &str) -> String {
        render::render_all(&self.diagnostics, source, file_name)
    }
}

/// Validates a template and plans its deployment.
///
/// # Errors
///
/// Only for malformed [`Inputs`] (account ID, region, stack name); every problem with
/// the template is a [`Diagnostic`] in the result.
///
/// ```
/// use cfn_template::{validate, Inputs};
///
/// let template = r#"
/// Resources:
///   Role:
///     Type: AWS::IAM::Role
///     Properties:
///       AssumeRolePolicyDocument: {}
///   Logs:
///     Type: AWS::Logs::LogGroup
///     Properties:
///       LogGroupName: !Sub "/aws/${Role}"
/// "#;
/// let validation = validate(template, &Inputs::default()).unwrap();
/// assert!(validation.is_valid());
/// assert_eq!(validation.order(), ["Role", "Logs"]);
/// ```
pub fn validate(source: &str, inputs: &Inputs) -> Result<Validation> {
    let pseudo = PseudoParameters::from_inputs(inputs)?;
    let parsed = syntax::parse(source);
    let mut diagnostics = parsed.diagnostics;
    let Some(root) = parsed.root else {
        return Ok(finish(parsed.format, diagnostics, None));
    };
    let mut shape = Vec::new();
    let template = Template::from_tree(&root, &mut shape);
    if let Some(stop) = transform_diagnostic(&template) {
        diagnostics.extend(stop);
        return Ok(finish(parsed.format, diagnostics, None));
    }
    diagnostics.extend(shape);
    let suggestions = Suggestions::new(SUGGESTION_BUDGET);
    resources::check(&template, &suggestions, &mut diagnostics);
    references::check(&template, &suggestions, &mut diagnostics);
    let plan = plan(template, pseudo, inputs, &mut diagnostics);
    Ok(finish(parsed.format, diagnostics, Some(plan)))
}

fn finish(
    format: SourceFormat,
    mut diagnostics: Vec<Diagnostic>,
    plan: Option<Plan>,
) -> Validation {
    diagnostic::sort(&mut diagnostics);
    Validation {
        format,
        diagnostics,
        plan,
    }
}

fn plan(
    template: Template,
    pseudo: PseudoParameters,
    inputs: &Inputs,
    diagnostics: &mut Vec<Diagnostic>,
) -> Plan {
    let parameters = parameters::resolve(
        &template,
        &inputs.parameter_overrides,
        &inputs.ssm_parameters,
        diagnostics,
    );
    let no_inactive = BTreeSet::new();
    let no_conditions = Default::default();
    let conditions = conditions::evaluate(
        Scope {
            template: &template,
            pseudo: &pseudo,
            parameters: &parameters,
            conditions: &no_conditions,
            inactive: &no_inactive,
        },
        diagnostics,
    );
    // After parameters and conditions, before anything is created (cdk.md §4.1).
    rules::evaluate(
        Scope {
            template: &template,
            pseudo: &pseudo,
            parameters: &parameters,
            conditions: &conditions,
            inactive: &no_inactive,
        },
        diagnostics,
    );
    // A resource whose condition is undeclared (already an error) counts as created,
    // so everything it refers to is still checked.
    let inactive: BTreeSet<String> = template
        .resources
        .values()
        .filter(|resource| {
            resource
                .condition
                .as_ref()
                .is_some_and(|condition| conditions.get(&condition.value) == Some(&false))
        })
        .map(|resource| resource.logical_id.clone())
        .collect();
    let graph = DependencyGraph::build(&template, &conditions, &inactive, diagnostics);
    let (order, cycles) = graph.order();
    for cycle in &cycles {
        diagnostics.push(graph.cycle_diagnostic(&template, cycle));
    }
    let mut plan = Plan {
        template,
        pseudo_parameters: pseudo,
        parameters,
        conditions,
        inactive,
        graph,
        order,
        outputs: Vec::new(),
    };
    plan.outputs = active_outputs(&plan, diagnostics);
    dry_run(&plan, diagnostics);
    plan
}

/// Outputs whose condition holds; those that need a resource that is not created are
/// dropped with a warning.
///
/// Deviation from AWS: CloudFormation rejects such a template ("Unresolved resource
/// dependencies ... in the Outputs block"); gantry deploys the rest and says which
/// outputs it left out.
fn active_outputs(plan: &Plan, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
    let template = &plan.template;
    let mut active = Vec::new();
    for (logical_id, output) in &template.outputs {
        let condition_holds = output
            .condition
            .as_ref()
            .is_none_or(|condition| plan.conditions.get(&condition.value) != Some(&false));
        if !condition_holds {
            continue;
        }
        let mut found = Vec::new();
        let base = format!("Outputs/{logical_id}");
        value_references(
            &output.value,
            &format!("{base}/Value"),
            template,
            &plan.conditions,
            &mut found,
        );
        if let Some(name) = &output.export_name {
            value_references(
                name,
                &format!("{base}/Export/Name"),
                template,
                &plan.conditions,
                &mut found,
            );
        }
        if let Some(missing) = found.iter().find(|r| plan.inactive.contains(&r.target)) {
            diagnostics.push(
                Diagnostic::warning(
                    format!(
                        "output `{logical_id}` is left out: it needs `{}`, which is not created because its condition is false",
                        missing.target
                    ),
                    missing.path.clone(),
                    missing.position,
                )
                .with_help(format!("give the output the same `Condition` as `{}`", missing.target)),
            );
            continue;
        }
        active.push(logical_id.clone());
    }
    active
}

/// Evaluates everything that will be deployed with resource values unknown, so
/// problems that do not depend on them are reported now rather than mid-deployment.
fn dry_run(plan: &Plan, diagnostics: &mut Vec<Diagnostic>) {
    let mut evaluator = Evaluator::dry(plan.scope());
    for resource in plan.active_resources() {
        let base = format!("Resources/{}", resource.logical_id);
        for (name, field) in &resource.properties {
            let _ = evaluator.eval(&field.value, &format!("{base}/Properties/{name}"));
        }
        if let Some(metadata) = &resource.metadata {
            let _ = evaluator.eval(metadata, &format!("{base}/Metadata"));
        }
    }
    for output in plan.active_outputs() {
        let base = format!("Outputs/{}", output.logical_id);
        let _ = evaluator.eval(&output.value, &format!("{base}/Value"));
        if let Some(name) = &output.export_name {
            let _ = evaluator.eval(name, &format!("{base}/Export/Name"));
        }
    }
    diagnostics.extend(evaluator.into_errors().iter().filter_map(with_help));
}

fn with_help(error: &Error) -> Option<Diagnostic> {
    let diagnostic = error.to_diagnostic()?;
    let help = match error {
        Error::SelectOutOfRange { .. } => {
            Some("indexes start at 0; pick an index smaller than the list's length".to_owned())
        }
        Error::MappingKeyMissing { map_name, .. } => Some(format!(
            "add the key to the `{map_name}` mapping, or pass a value that is in it"
        )),
        Error::Unsupported { .. } => Some("replace it with a literal value".to_owned()),
        _ => None,
    };
    Some(diagnostic.with_optional_help(help))
}

/// The diagnostics for a template that needs a transform `validate` does not run: SAM
/// templates are transformed before they are validated (gantry does it with the
/// `sam-transform` crate), so one that reaches here either lacks its `Transform` line,
/// combines SAM with another macro, or was given untransformed by a library caller.
fn transform_diagnostic(template: &Template) -> Option<Vec<Diagnostic>> {
    let others: Vec<Diagnostic> = template
        .transforms
        .iter()
        .filter(|transform| transform.value != SAM_TRANSFORM)
        .map(|transform| {
            Diagnostic::error(
                format!(
                    "the transform `{}` is not supported: gantry runs the {SAM_TRANSFORM} transform (alone) and no other CloudFormation transform or macro",
                    transform.value
                ),
                "Transform",
                transform.position,
            )
            .with_help(
                "expand the template first: for a deployed stack, `aws cloudformation get-template --stack-name STACK \
                 --template-stage Processed` prints the expanded template",
            )
        })
        .collect();
    if !others.is_empty() {
        return Some(others);
    }
    if !template.is_sam() {
        return None;
    }
    if let Some(sam) = template
        .transforms
        .iter()
        .find(|t| t.value == SAM_TRANSFORM)
    {
        return Some(vec![
            Diagnostic::error(
                "this is an AWS SAM template: it must be run through the SAM transform before it is validated",
                "Transform",
                sam.position,
            )
            .with_help(
                "`gantry validate`, `gantry up` and `gantry invoke` transform SAM templates first, and \
                 `gantry transform` prints the processed template; a library caller transforms it with the \
                 `sam-transform` crate",
            ),
        ]);
    }
    // SAM resources or `Globals` without the `Transform` line: CloudFormation would not
    // run the transform either.
    let (path, position) = template
        .resources
        .values()
        .find(|r| r.resource_type.starts_with("AWS::Serverless::"))
        .map(|r| (format!("Resources/{}/Type", r.logical_id), r.type_position))
        .or_else(|| {
            template
                .section_positions
                .get("Globals")
                .map(|p| ("Globals".to_owned(), *p))
        })
        .unwrap_or((String::new(), Position::START));
    Some(vec![
        Diagnostic::error(
            format!(
                "this template uses AWS SAM (AWS::Serverless::* resources or Globals) but has no `Transform: {SAM_TRANSFORM}`, so neither CloudFormation nor gantry transforms it"
            ),
            path,
            position,
        )
        .with_help(format!(
            "add `Transform: {SAM_TRANSFORM}` at the top level of the template"
        )),
    ])
}
