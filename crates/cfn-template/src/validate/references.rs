//! Static reference checks over the whole template, before conditions are evaluated
//! (CloudFormation rejects an unknown name even in a resource that is not created):
//! `Ref`, `Fn::GetAtt`, `Fn::Sub` variables, `DependsOn`, condition names, mapping
//! names. Each unknown name gets the closest declared one as a suggestion.

use crate::diagnostic::{Diagnostic, Suggestions};
use crate::inputs::PSEUDO_PARAMETERS;
use crate::model::Template;
use crate::position::{Position, Spanned};
use crate::schema;
use crate::value::{Intrinsic, SubPart, Value, ValueKind, walk};

/// How a dynamic reference (`{{resolve:ssm:name}}`, `{{resolve:secretsmanager:...}}`) starts.
const DYNAMIC_REFERENCE: &str = "{{resolve:";
/// How an `ssm` dynamic reference starts: the deploy engine resolves those from the
/// local parameter store (cdk.md §5.1).
const SSM_REFERENCE: &str = "{{resolve:ssm:";

/// The first dynamic reference in `text` at `path` that gantry does not resolve: an
/// `ssm-secure` or `secretsmanager` one anywhere, an `ssm` one outside a resource's
/// properties (the engine resolves those only there).
fn unresolved_reference<'t>(text: &'t str, path: &str) -> Option<&'t str> {
    let in_properties = path.starts_with("Resources/") && path.contains("/Properties");
    text.match_indices(DYNAMIC_REFERENCE)
        .map(|(start, _)| text.get(start..).unwrap_or(text))
        .find(|reference| !(in_properties && reference.starts_with(SSM_REFERENCE)))
}

/// gantry resolves only `ssm` dynamic references, in resource properties (cdk.md §5.1):
/// say so where another is written.
fn dynamic_reference(reference: &str, path: &str, position: Position) -> Diagnostic {
    let reference = reference
        .find("}}")
        .and_then(|end| reference.get(..end + 2))
        .unwrap_or(reference);
    Diagnostic::warning(
        format!("the dynamic reference `{reference}` is passed on literally: gantry resolves only `ssm` dynamic references, in resource properties"),
        path,
        position,
    )
    .with_help(
        "give the function the value another way (a parameter, an environment variable with --env-vars), \
         or store it as a plain SSM parameter (--ssm NAME=VALUE) and write {{resolve:ssm:NAME}} in a resource property",
    )
}

pub(super) fn check(
    template: &Template,
    suggestions: &Suggestions,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let checker = Checker {
        template,
        suggestions,
    };
    for (logical_id, resource) in &template.resources {
        let base = format!("Resources/{logical_id}");
        if let Some(condition) = &resource.condition {
            checker.condition_name(condition, &format!("{base}/Condition"), diagnostics);
        }
        for (index, target) in resource.depends_on.iter().enumerate() {
            let path = if resource.depends_on.len() == 1 {
                format!("{base}/DependsOn")
            } else {
                format!("{base}/DependsOn/{index}")
            };
            checker.depends_on(target, &path, diagnostics);
        }
        for (name, field) in &resource.properties {
            checker.value(
                &field.value,
                &format!("{base}/Properties/{name}"),
                diagnostics,
            );
        }
        if let Some(metadata) = &resource.metadata {
            checker.value(metadata, &format!("{base}/Metadata"), diagnostics);
        }
    }
    for (logical_id, output) in &template.outputs {
        let base = format!("Outputs/{logical_id}");
        if let Some(condition) = &output.condition {
            checker.condition_name(condition, &format!("{base}/Condition"), diagnostics);
        }
        checker.value(&output.value, &format!("{base}/Value"), diagnostics);
        if let Some(name) = &output.export_name {
            checker.value(name, &format!("{base}/Export/Name"), diagnostics);
        }
        if let Some(description) = &output.description {
            checker.value(description, &format!("{base}/Description"), diagnostics);
        }
    }
    for (name, condition) in &template.conditions {
        checker.value(
            &condition.expression,
            &format!("Conditions/{name}"),
            diagnostics,
        );
    }
}

struct Checker<'a> {
    template: &'a Template,
    suggestions: &'a Suggestions,
}

impl Checker<'_> {
    fn value(&self, root: &Value, root_path: &str, diagnostics: &mut Vec<Diagnostic>) {
        walk(root, root_path, &mut |value, path| {
            match &value.kind {
            ValueKind::String(text) if text == "AWS::NoValue" => diagnostics.push(
                Diagnostic::warning(
                    "the string `AWS::NoValue` is passed on literally; it only removes a value when referenced",
                    path,
                    value.position,
                )
                .with_help("write `!Ref AWS::NoValue` (or `{\"Ref\": \"AWS::NoValue\"}`)"),
            ),
            ValueKind::String(text) if unresolved_reference(text, path).is_some() => {
                let reference = unresolved_reference(text, path).unwrap_or(text);
                diagnostics.push(dynamic_reference(reference, path, value.position));
            }
            ValueKind::Intrinsic(call) => {
                if let Intrinsic::Sub { parts, .. } = call.as_ref()
                    && let Some(text) = parts.iter().find_map(|part| match part {
                        SubPart::Literal(text) => unresolved_reference(text, path),
                        _ => None,
                    })
                {
                    diagnostics.push(dynamic_reference(text, path, value.position));
                }
                self.call(call, value.position, path, diagnostics);
            }
            _ => {}
        }
        });
    }

    fn call(
        &self,
        call: &Intrinsic,
        position: Position,
        path: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        match call {
            Intrinsic::Ref(name) => self.ref_target(name, "Ref", position, path, diagnostics),
            Intrinsic::GetAtt { logical_id, attribute } => {
                self.attribute(logical_id, attribute.as_str(), "Fn::GetAtt", position, path, diagnostics);
            }
            Intrinsic::Sub { parts, variables } => {
                for part in parts {
                    let SubPart::Variable(name) = part else { continue };
                    if variables.contains_key(name) {
                        continue;
                    }
                    match name.split_once('.') {
                        Some((logical_id, attribute)) => self.attribute(
                            logical_id,
                            Some(attribute),
                            &format!("the Fn::Sub variable `${{{name}}}`"),
                            position,
                            path,
                            diagnostics,
                        ),
                        None => self.ref_target(
                            name,
                            &format!("the Fn::Sub variable `${{{name}}}`"),
                            position,
                            path,
                            diagnostics,
                        ),
                    }
                }
            }
            Intrinsic::If { condition, .. } => {
                self.condition_name(condition, &format!("{path}/Fn::If/0"), diagnostics);
            }
            Intrinsic::FindInMap { map_name, .. } => {
                if let Some(name) = map_name.as_str()
                    && !self.template.mappings.contains_key(name)
                {
                    let help = self.suggestions.closest(name, self.template.mappings.keys().map(String::as_str))
                        .map(|found| format!("did you mean `{found}`?"))
                        .unwrap_or_else(|| "declare it under `Mappings`".to_owned());
                    diagnostics.push(
                        Diagnostic::error(format!("Fn::FindInMap refers to the mapping `{name}`, which is not declared"), format!("{path}/Fn::FindInMap/0"), map_name.position)
                            .with_help(help),
                    );
                }
            }
            Intrinsic::Transform { name, .. } => diagnostics.push(
                Diagnostic::error(
                    format!("Fn::Transform (macro `{name}`) is not supported: gantry cannot run CloudFormation macros"),
                    path,
                    position,
                )
                .with_help("replace the call with what the macro produces (for AWS::Include, paste the included snippet)"),
            ),
            _ => {}
        }
    }

    fn ref_target(
        &self,
        name: &str,
        what: &str,
        position: Position,
        path: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let known = PSEUDO_PARAMETERS.contains(&name)
            || self.template.parameters.contains_key(name)
            || self.template.resources.contains_key(name);
        if known {
            return;
        }
        let candidates = self
            .template
            .parameters
            .keys()
            .chain(self.template.resources.keys())
            .map(String::as_str)
            .chain(PSEUDO_PARAMETERS.iter().copied());
        let help = self
            .suggestions
            .closest(name, candidates)
            .map(|found| format!("did you mean `{found}`?"))
            .unwrap_or_else(|| "declare it under `Parameters` or `Resources`".to_owned());
        diagnostics.push(
            Diagnostic::error(
                format!("{what} refers to `{name}`, which is not a parameter, pseudo parameter or resource of this template"),
                path,
                position,
            )
            .with_help(help),
        );
    }

    fn attribute(
        &self,
        logical_id: &str,
        attribute: Option<&str>,
        what: &str,
        position: Position,
        path: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let Some(resource) = self.template.resources.get(logical_id) else {
            let mut help = self
                .suggestions
                .closest(
                    logical_id,
                    self.template.resources.keys().map(String::as_str),
                )
                .map(|found| format!("did you mean `{found}`?"))
                .unwrap_or_else(|| "declare the resource under `Resources`".to_owned());
            if self.template.parameters.contains_key(logical_id) {
                help = format!("`{logical_id}` is a parameter; use `Ref` for parameters");
            }
            diagnostics.push(
                Diagnostic::error(
                    format!(
                        "{what} refers to `{logical_id}`, which is not a resource of this template"
                    ),
                    path,
                    position,
                )
                .with_help(help),
            );
            return;
        };
        let (Some(attribute), type_name) = (attribute, resource.resource_type.as_str()) else {
            return;
        };
        if schema::is_custom(type_name) {
            return;
        }
        let Some(known) = schema::resource_type(type_name) else {
            return; // the unknown type is reported on the resource itself
        };
        if known.has_attribute(attribute) {
            return;
        }
        let help = match self
            .suggestions
            .closest(attribute, known.attributes.iter().map(String::as_str))
        {
            Some(found) => format!("did you mean `{found}`?"),
            None if known.attributes.is_empty() => format!(
                "`{type_name}` has no attributes; use `Ref {logical_id}` for its identifier"
            ),
            None => format!("its attributes are: {}", known.attributes.join(", ")),
        };
        diagnostics.push(
            Diagnostic::error(
                format!("{what}: `{logical_id}` ({type_name}) has no attribute `{attribute}`"),
                path,
                position,
            )
            .with_help(help),
        );
    }

    fn condition_name(
        &self,
        condition: &Spanned<String>,
        path: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if self.template.conditions.contains_key(&condition.value) {
            return;
        }
        let help = self
            .suggestions
            .closest(
                &condition.value,
                self.template.conditions.keys().map(String::as_str),
            )
            .map(|found| format!("did you mean `{found}`?"))
            .unwrap_or_else(|| format!("declare `{}` under `Conditions`", condition.value));
        diagnostics.push(
            Diagnostic::error(
                format!("condition `{}` is not declared", condition.value),
                path,
                condition.position,
            )
            .with_help(help),
        );
    }

    fn depends_on(&self, target: &Spanned<String>, path: &str, diagnostics: &mut Vec<Diagnostic>) {
        let name = target.value.as_str();
        if self.template.resources.contains_key(name) {
            return;
        }
        let help = if self.template.parameters.contains_key(name) {
            format!("`{name}` is a parameter; DependsOn takes resource logical IDs")
        } else {
            self.suggestions
                .closest(name, self.template.resources.keys().map(String::as_str))
                .map(|found| format!("did you mean `{found}`?"))
                .unwrap_or_else(|| {
                    "DependsOn takes logical IDs of resources in this template".to_owned()
                })
        };
        diagnostics.push(
            Diagnostic::error(
                format!("DependsOn refers to `{name}`, which is not a resource of this template"),
                path,
                target.position,
            )
            .with_help(help),
        );
    }
}
