//! Evaluation of template values to JSON, given what deployed resources return.
//!
//! The deploy engine implements [`Resolve`]; [`crate::Plan::resolve_properties`] and
//! friends use it. A reference the resolver cannot answer is an [`Error`] naming the
//! template path, never a placeholder.
//!
//! Scalars follow one rule: numbers keep their template text and come out as JSON
//! strings (`PayloadFormatVersion: 1.0` → `"1.0"`), booleans stay JSON booleans, null
//! stays null. CloudFormation hands resource providers property values as strings and
//! the template text is the only faithful spelling of a number; converting to the type
//! a provider schema declares is the deploy engine's job.
//!
//! The same evaluator runs at validation time in *dry* mode: resources have no values
//! yet, so their references evaluate to "unknown", and problems that do not depend on
//! them (an `Fn::Select` index out of range, a missing `Fn::FindInMap` key) are
//! collected as diagnostics.

mod cidr;
mod functions;

pub(crate) use functions::text_of as functions_text_of;

use std::collections::BTreeSet;

use indexmap::IndexMap;
use serde_json::Value as Json;

use crate::error::{Error, Location, Result};
use crate::inputs::{PseudoParameters, PseudoValue};
use crate::model::Template;
use crate::parameters::ResolvedParameter;
use crate::value::{Value, ValueKind};

/// What deployed resources return, implemented by the deploy engine.
///
/// Return `None` when there is no value (not deployed yet, or no such attribute); the
/// evaluator turns that into an error naming the template path.
pub trait Resolve {
    /// What `Ref` returns for the resource `logical_id` (its physical ID, usually).
    fn ref_value(&self, logical_id: &str) -> Option<Json>;
    /// What `Fn::GetAtt` returns for `attribute` of the resource `logical_id`.
    fn get_att(&self, logical_id: &str, attribute: &str) -> Option<Json>;
    /// What `Fn::ImportValue` returns for an export name. No exports by default.
    fn import_value(&self, export_name: &str) -> Option<Json> {
        let _ = export_name;
        None
    }
}

/// Everything about the stack except resource values.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub(crate) template: &'a Template,
    pub(crate) pseudo: &'a PseudoParameters,
    pub(crate) parameters: &'a IndexMap<String, ResolvedParameter>,
    pub(crate) conditions: &'a IndexMap<String, bool>,
    /// Resources whose `Condition` is false.
    pub(crate) inactive: &'a BTreeSet<String>,
}

/// The result of evaluating one value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Evaluated {
    /// A value.
    Value(Json),
    /// `AWS::NoValue`: remove the enclosing key or list item.
    NoValue,
    /// Depends on a resource that is not deployed (dry mode only).
    Unknown,
}

enum Mode<'a> {
    /// Deploy time: resources answer through the resolver; the first problem is an error.
    Resolve(&'a dyn Resolve),
    /// Validation time: resource values are unknown; problems are collected.
    Dry(Vec<Error>),
}

pub(crate) struct Evaluator<'a> {
    scope: Scope<'a>,
    mode: Mode<'a>,
}

impl<'a> Evaluator<'a> {
    /// An evaluator that asks `resolver` for resource values.
    pub(crate) fn resolving(scope: Scope<'a>, resolver: &'a dyn Resolve) -> Self {
        Self {
            scope,
            mode: Mode::Resolve(resolver),
        }
    }

    /// An evaluator for validation: resource values are unknown, errors collected.
    pub(crate) fn dry(scope: Scope<'a>) -> Self {
        Self {
            scope,
            mode: Mode::Dry(Vec::new()),
        }
    }

    /// The errors collected in dry mode.
    pub(crate) fn into_errors(self) -> Vec<Error> {
        match self.mode {
            Mode::Dry(errors) => errors,
            Mode::Resolve(_) => Vec::new(),
        }
    }

    /// Evaluates `value`, found at template path `path`.
    pub(crate) fn eval(&mut self, value: &Value, path: &str) -> Result<Evaluated> {
        match &value.kind {
            ValueKind::Null => Ok(Evaluated::Value(Json::Null)),
            ValueKind::Bool(flag) => Ok(Evaluated::Value(Json::Bool(*flag))),
            ValueKind::Number(text) | ValueKind::String(text) => {
                Ok(Evaluated::Value(Json::String(text.clone())))
            }
            ValueKind::List(items) => {
                let mut list = Vec::with_capacity(items.len());
                let mut unknown = false;
                for (index, item) in items.iter().enumerate() {
                    match self.eval(item, &format!("{path}/{index}"))? {
                        Evaluated::Value(json) => list.push(json),
                        Evaluated::NoValue => {}
                        Evaluated::Unknown => unknown = true,
                    }
                }
                Ok(if unknown {
                    Evaluated::Unknown
                } else {
                    Evaluated::Value(Json::Array(list))
                })
            }
            ValueKind::Map(fields) => {
                let mut map = serde_json::Map::with_capacity(fields.len());
                let mut unknown = false;
                for (key, field) in fields {
                    match self.eval(&field.value, &format!("{path}/{key}"))? {
                        Evaluated::Value(json) => {
                            map.insert(key.clone(), json);
                        }
                        Evaluated::NoValue => {}
                        Evaluated::Unknown => unknown = true,
                    }
                }
                Ok(if unknown {
                    Evaluated::Unknown
                } else {
                    Evaluated::Value(Json::Object(map))
                })
            }
            ValueKind::Intrinsic(call) => self.intrinsic(call, value, path),
        }
    }

    /// `Ref name`: a pseudo parameter, a parameter or a resource.
    pub(crate) fn reference(&mut self, name: &str, location: Location) -> Result<Evaluated> {
        if let Some(pseudo) = self.scope.pseudo.value(name) {
            return Ok(match pseudo {
                PseudoValue::Value(json) => Evaluated::Value(json),
                PseudoValue::NoValue => Evaluated::NoValue,
            });
        }
        if let Some(parameter) = self.scope.parameters.get(name) {
            return Ok(Evaluated::Value(parameter.value.to_json()));
        }
        if !self.scope.template.resources.contains_key(name) {
            return self.unresolved(Error::UnknownReference {
                name: name.to_owned(),
                location,
            });
        }
        if self.scope.inactive.contains(name) {
            return self.unresolved(Error::InactiveResource {
                logical_id: name.to_owned(),
                location,
            });
        }
        match &self.mode {
            Mode::Dry(_) => Ok(Evaluated::Unknown),
            Mode::Resolve(resolver) => match resolver.ref_value(name) {
                Some(json) => Ok(Evaluated::Value(json)),
                None => Err(Error::UnresolvedRef {
                    logical_id: name.to_owned(),
                    location,
                }),
            },
        }
    }

    /// `Fn::GetAtt [logical_id, attribute]`.
    pub(crate) fn attribute(
        &mut self,
        logical_id: &str,
        attribute: &str,
        location: Location,
    ) -> Result<Evaluated> {
        if !self.scope.template.resources.contains_key(logical_id) {
            return self.unresolved(Error::UnknownReference {
                name: logical_id.to_owned(),
                location,
            });
        }
        if self.scope.inactive.contains(logical_id) {
            return self.unresolved(Error::InactiveResource {
                logical_id: logical_id.to_owned(),
                location,
            });
        }
        match &self.mode {
            Mode::Dry(_) => Ok(Evaluated::Unknown),
            Mode::Resolve(resolver) => match resolver.get_att(logical_id, attribute) {
                Some(json) => Ok(Evaluated::Value(json)),
                None => Err(Error::UnresolvedAttribute {
                    logical_id: logical_id.to_owned(),
                    attribute: attribute.to_owned(),
                    location,
                }),
            },
        }
    }

    /// `Fn::ImportValue name`.
    pub(crate) fn import(&mut self, export_name: &str, location: Location) -> Result<Evaluated> {
        match &self.mode {
            Mode::Dry(_) => Ok(Evaluated::Unknown),
            Mode::Resolve(resolver) => match resolver.import_value(export_name) {
                Some(json) => Ok(Evaluated::Value(json)),
                None => Err(Error::UnresolvedImport {
                    export_name: export_name.to_owned(),
                    location,
                }),
            },
        }
    }

    /// A problem with the template's values: an error at deploy time, a collected
    /// diagnostic at validation time.
    pub(crate) fn fail(&mut self, error: Error) -> Result<Evaluated> {
        match &mut self.mode {
            Mode::Resolve(_) => Err(error),
            Mode::Dry(errors) => {
                errors.push(error);
                Ok(Evaluated::Unknown)
            }
        }
    }

    /// A reference problem: an error at deploy time. At validation time the reference
    /// checks report it (with suggestions), so it is not collected twice here.
    fn unresolved(&mut self, error: Error) -> Result<Evaluated> {
        match self.mode {
            Mode::Resolve(_) => Err(error),
            Mode::Dry(_) => Ok(Evaluated::Unknown),
        }
    }

    pub(crate) fn scope(&self) -> Scope<'a> {
        self.scope
    }
}

/// Converts a deploy-time result to the public shape: `None` for `AWS::NoValue`.
pub(crate) fn finish(result: Evaluated, location: Location) -> Result<Option<Json>> {
    match result {
        Evaluated::Value(json) => Ok(Some(json)),
        Evaluated::NoValue => Ok(None),
        // Resolve mode never produces Unknown; refuse rather than invent a value.
        Evaluated::Unknown => Err(Error::Unsupported {
            what: "a value that depends on an unresolved resource".to_owned(),
            location,
        }),
    }
}

#[cfg(test)]
mod tests;
