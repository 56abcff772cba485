//! `AWS::CloudFormation::Stack`: a nested stack, deployed inside its parent's run as a
//! stack of its own (cdk.md §3).
//!
//! Steps: find the child template (a local path or a CDK nested-stack asset) → read it
//! through [`DeployChecks::nested_template`](crate::DeployChecks::nested_template) →
//! check and stringify `Parameters` → deploy the child with the parent's region,
//! account, exports, assets, parameter store, checks and ids → `Ref` is the child's
//! stack id and `Outputs.<Name>` its outputs. The child's events are returned to be
//! reported inside the parent resource's, so the parent resource completes after the
//! child; a child that changed nothing reports nothing.
//!
//! Not here: fetching templates from S3 (a remote `TemplateURL` is refused), stack
//! notifications, tags and timeouts (named by the coverage table).

mod location;
mod removal;

use std::path::Path;

use cfn_template::ParameterOverride;
use serde_json::Value;
use store::model::ResourceModel;
use store::model::cloudformation::NestedStack;
use store::{ResourceRecord, StackRecord};

use super::{DeployError, DeployRequest, DeployWarning, deploy};
use crate::events::{STACK_RESOURCE_TYPE, StackEvent};
use crate::provider::{
    NestedTemplate, NestedTemplateRequest, ProviderError, ProviderRequest, Provisioned,
};

pub(super) use removal::deletion_events;

/// The nested stack resource type.
pub(super) const STACK_TYPE: &str = "AWS::CloudFormation::Stack";

/// What deploying a child produced besides the resource: its events (reported by the
/// parent between the resource's in-progress and complete events) and its warnings.
#[derive(Debug, Default)]
pub(super) struct ChildReport {
    pub(super) events: Vec<StackEvent>,
    pub(super) warnings: Vec<DeployWarning>,
}

/// Deploys the child stack a `AWS::CloudFormation::Stack` resource names.
pub(super) fn provision(
    parent: &DeployRequest<'_>,
    request: &ProviderRequest<'_>,
    report: &mut ChildReport,
) -> Result<Provisioned, ProviderError> {
    let path = location::template_path(request, parent.assets)?;
    let parameter_overrides = parameters(request.properties)?;
    let template = parent
        .checks
        .nested_template(&NestedTemplateRequest {
            path: &path,
            region: parent.region,
            account_id: parent.account_id,
            parameters: &parameter_overrides,
        })
        .map_err(ProviderError::CheckFailed)?;
    refuse_undeclared(&parameter_overrides, &template, &path)?;
    let previous = previous_child(request.previous);
    let child_name = match previous {
        Some(previous) => previous.name.clone(),
        None => parent
            .ids
            .nested_stack_name(parent.stack_name, request.logical_id),
    };
    report
        .warnings
        .extend(template.notes.iter().map(|note| DeployWarning {
            file: Some(path.clone()),
            line: note.line,
            logical_id: note.logical_id.clone(),
            message: note.message.clone(),
        }));
    let child_request = DeployRequest {
        stack_name: &child_name,
        template_path: &path,
        template_body: &template.body,
        parameter_overrides,
        region: parent.region,
        account_id: parent.account_id,
        previous,
        exports: parent.exports,
        assets: parent.assets,
        ssm_parameters: parent.ssm_parameters,
        allow_unsupported: parent.allow_unsupported,
        endpoints: parent.endpoints.clone(),
        checks: parent.checks,
        ids: parent.ids,
        now: parent.now,
    };
    let outcome = deploy(&child_request, &mut report.events);
    let deployed = match outcome {
        Ok(deployed) => deployed,
        Err(error) => {
            let stack_id = child_stack_id(&report.events).unwrap_or_else(|| child_name.clone());
            return Err(ProviderError::NotSupported(failure_reason(
                &stack_id,
                previous.is_some(),
                &error,
                &path,
                &template,
            )));
        }
    };
    report.warnings.extend(
        deployed
            .warnings
            .iter()
            .map(|warning| in_child_file(warning, &path, &template)),
    );
    let mut child = deployed.record;
    if let Some(previous) = previous
        && unchanged(previous, &child)
    {
        // Nothing moved: the child stays as it was, and the parent reports nothing for
        // this resource either.
        report.events.clear();
        child = previous.clone();
    }
    let mut provisioned = Provisioned::new(
        child.stack_id.clone(),
        ResourceModel::NestedStack(NestedStack {
            template_path: path.display().to_string(),
            stack: Box::new(child.clone()),
        }),
    );
    for output in &child.outputs {
        provisioned =
            provisioned.attribute(&format!("Outputs.{}", output.key), output.value.clone());
    }
    Ok(provisioned)
}

/// The child as deployed before, from the parent's previous record of this resource.
fn previous_child(previous: Option<&ResourceRecord>) -> Option<&StackRecord> {
    match &previous?.model {
        ResourceModel::NestedStack(nested) => Some(&nested.stack),
        _ => None,
    }
}

/// Whether the child deployed again is the child as it was.
fn unchanged(previous: &StackRecord, child: &StackRecord) -> bool {
    previous.template_body == child.template_body
        && previous.parameters == child.parameters
        && previous.outputs == child.outputs
        && previous.resources == child.resources
}

/// `Parameters`: each value as the string CloudFormation passes (numbers and booleans
/// as written, lists joined with commas; cdk.md §3.3).
fn parameters(properties: &Value) -> Result<Vec<ParameterOverride>, ProviderError> {
    let Some(given) = properties.get("Parameters") else {
        return Ok(Vec::new());
    };
    let Value::Object(given) = given else {
        return Err(ProviderError::invalid(
            "Parameters",
            "must be a map of parameter names to values",
        ));
    };
    given
        .iter()
        .map(|(name, value)| {
            let value = parameter_text(value).ok_or_else(|| {
                ProviderError::invalid(
                    &format!("Parameters.{name}"),
                    "must be a string, a number, a boolean or a list of them",
                )
            })?;
            Ok(ParameterOverride {
                key: name.clone(),
                value,
            })
        })
        .collect()
}

/// A parameter the child template does not declare is refused, naming it (cdk.md §3.3).
fn refuse_undeclared(
    given: &[ParameterOverride],
    template: &NestedTemplate,
    path: &Path,
) -> Result<(), ProviderError> {
    let Some(declared) = declared_parameters(&template.body) else {
        return Ok(());
    };
    match given.iter().find(|p| !declared.contains(&p.key)) {
        // Unconfirmed: CloudFormation's exact wording for an undeclared parameter.
        Some(unknown) => Err(ProviderError::invalid(
            &format!("Parameters.{}", unknown.key),
            format!(
                "names a parameter the nested stack's template {} does not declare (it declares: {}); remove it or declare it there",
                path.display(),
                if declared.is_empty() {
                    "none".to_owned()
                } else {
                    declared.join(", ")
                }
            ),
        )),
        None => Ok(()),
    }
}

fn parameter_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::Array(_) => None,
                other => parameter_text(other),
            })
            .collect::<Option<Vec<_>>>()
            .map(|items| items.join(",")),
        _ => None,
    }
}

/// The parameter names a template declares, when it can be read (if not, the child's
/// validation reports why).
fn declared_parameters(body: &str) -> Option<Vec<String>> {
    let (template, _) = cfn_template::model::Template::parse(body);
    Some(template?.parameters.keys().cloned().collect())
}

/// The child's stack id, from its first stack event.
fn child_stack_id(events: &[StackEvent]) -> Option<String> {
    events
        .iter()
        .find(|event| event.resource_type == STACK_RESOURCE_TYPE)
        .and_then(|event| event.physical_id.clone())
}

/// CloudFormation's reason for a nested stack that failed (cdk.md §3.4): the embedded
/// stack, then the child's own reason with the child template's file and line.
fn failure_reason(
    stack_id: &str,
    updating: bool,
    error: &DeployError,
    path: &Path,
    template: &NestedTemplate,
) -> String {
    let file = path.display();
    let child_reason = match error {
        DeployError::ResourceFailed {
            logical_id,
            resource_type,
            reason,
            line,
        } => {
            let verb = if updating { "update" } else { "create" };
            let (name, line) = match &template.source_lines {
                Some(lines) => (
                    lines.resource_name(logical_id),
                    Some(lines.line_of(&format!("Resources/{logical_id}"))),
                ),
                None => (logical_id.clone(), *line),
            };
            let at = line.map_or_else(|| file.to_string(), |line| format!("{file}:{line}"));
            format!(
                "The following resource(s) failed to {verb}: [{logical_id}]. {name} ({resource_type}) at {at}: {reason}"
            )
        }
        DeployError::Invalid(validation) => {
            let problems: Vec<String> = validation
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| {
                    let line = match &template.source_lines {
                        Some(lines) => lines.line_of(&d.path),
                        None => d.line,
                    };
                    format!("{file}:{line}: {}", d.full_message())
                })
                .collect();
            format!("the template {file} is not valid: {}", problems.join("; "))
        }
        other => format!("{other} (template {file})"),
    };
    if updating {
        // Unconfirmed: the update wording; the create wording is CloudFormation's.
        format!(
            "Embedded stack {stack_id} was not successfully updated. Currently in UPDATE_ROLLBACK_IN_PROGRESS with reason: {child_reason}"
        )
    } else {
        format!("Embedded stack {stack_id} was not successfully created: {child_reason}")
    }
}

/// A child's warning, pointed at the child's file (and through the SAM transform's
/// source lines at the SAM template the user wrote).
fn in_child_file(warning: &DeployWarning, path: &Path, template: &NestedTemplate) -> DeployWarning {
    let mut mapped = warning.clone();
    mapped.file = Some(path.to_path_buf());
    let Some(lines) = &template.source_lines else {
        return mapped;
    };
    match &warning.logical_id {
        Some(logical_id) => {
            let mut processed = format!("Resources/{logical_id}");
            if let Some((property, _)) = warning
                .message
                .strip_prefix("Properties.")
                .and_then(|rest| rest.split_once(": "))
            {
                processed.push_str("/Properties/");
                processed.push_str(&property.replace('.', "/"));
            }
            mapped.line = Some(lines.line_of(&processed));
            mapped.logical_id = Some(lines.resource_name(logical_id));
        }
        None => {
            mapped.line = warning
                .message
                .split_once(": ")
                .map(|(processed, _)| processed)
                .filter(|processed| !processed.contains(' '))
                .map(|processed| lines.line_of(processed))
                .or(warning.line);
        }
    }
    mapped
}
