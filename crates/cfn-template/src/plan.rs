//! What a valid template means for one deployment: parameter values, condition
//! values, the resources to create and in which order, the outputs to produce. The
//! deploy engine walks [`Plan::order`] and asks [`Plan::resolve_properties`] for each
//! resource's properties, answering references through [`Resolve`].

use std::collections::BTreeSet;

use indexmap::IndexMap;
use serde_json::Value as Json;

use crate::error::{Error, Location, Result};
use crate::eval::{Evaluator, Resolve, Scope, finish};
use crate::graph::DependencyGraph;
use crate::inputs::PseudoParameters;
use crate::model::{Output, Resource, Template};
use crate::parameters::ResolvedParameter;
use crate::value::Value;

/// The deployment plan of a template, built by [`crate::validate()`].
#[derive(Clone, Debug)]
pub struct Plan {
    pub(crate) template: Template,
    pub(crate) pseudo_parameters: PseudoParameters,
    pub(crate) parameters: IndexMap<String, ResolvedParameter>,
    pub(crate) conditions: IndexMap<String, bool>,
    pub(crate) inactive: BTreeSet<String>,
    pub(crate) graph: DependencyGraph,
    pub(crate) order: Vec<String>,
    pub(crate) outputs: Vec<String>,
}

/// An output's resolved value.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedOutput {
    /// The output's logical ID.
    pub logical_id: String,
    /// `Value`.
    pub value: Json,
    /// `Description`, if any.
    pub description: Option<String>,
    /// `Export.Name`, if any.
    pub export_name: Option<String>,
}

impl Plan {
    /// The template the plan was made from.
    pub fn template(&self) -> &Template {
        &self.template
    }

    /// The pseudo parameter values (`AWS::Region`, ...).
    pub fn pseudo_parameters(&self) -> &PseudoParameters {
        &self.pseudo_parameters
    }

    /// Parameter values, by logical ID, with `NoEcho` known.
    pub fn parameters(&self) -> &IndexMap<String, ResolvedParameter> {
        &self.parameters
    }

    /// Condition values, by name.
    pub fn conditions(&self) -> &IndexMap<String, bool> {
        &self.conditions
    }

    /// The creation order of the resources to create. Deleting goes in reverse.
    pub fn order(&self) -> &[String] {
        &self.order
    }

    /// The dependency graph between the resources to create.
    pub fn graph(&self) -> &DependencyGraph {
        &self.graph
    }

    /// Whether `logical_id` is a resource this deployment creates (declared, and its
    /// condition, if any, is true).
    pub fn is_active(&self, logical_id: &str) -> bool {
        self.template.resources.contains_key(logical_id) && !self.inactive.contains(logical_id)
    }

    /// The resources to create, in template order.
    pub fn active_resources(&self) -> impl Iterator<Item = &Resource> {
        self.template
            .resources
            .values()
            .filter(|resource| !self.inactive.contains(&resource.logical_id))
    }

    /// A resource to create, by logical ID.
    pub fn resource(&self, logical_id: &str) -> Option<&Resource> {
        self.template
            .resources
            .get(logical_id)
            .filter(|_| !self.inactive.contains(logical_id))
    }

    /// The outputs this deployment produces, in template order.
    pub fn active_outputs(&self) -> impl Iterator<Item = &Output> {
        self.outputs
            .iter()
            .filter_map(|id| self.template.outputs.get(id))
    }

    /// A resource's `Properties`, evaluated: intrinsic functions resolved (resources
    /// through `resolver`), `AWS::NoValue` keys removed. Numbers come out as strings
    /// holding their template text; booleans as booleans.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownResource`] if the plan does not create `logical_id`; otherwise
    /// the first reference the resolver cannot answer, or the first invalid function
    /// call, with its template path.
    pub fn resolve_properties(
        &self,
        logical_id: &str,
        resolver: &dyn Resolve,
    ) -> Result<serde_json::Map<String, Json>> {
        let resource = self
            .resource(logical_id)
            .ok_or_else(|| Error::UnknownResource {
                logical_id: logical_id.to_owned(),
            })?;
        let mut evaluator = Evaluator::resolving(self.scope(), resolver);
        let mut properties = serde_json::Map::new();
        for (name, field) in &resource.properties {
            let path = format!("Resources/{logical_id}/Properties/{name}");
            let result = evaluator.eval(&field.value, &path)?;
            if let Some(json) = finish(result, Location::new(&path, field.value.position))? {
                properties.insert(name.clone(), json);
            }
        }
        Ok(properties)
    }

    /// A resource's `Metadata`, evaluated (`None` when it has none).
    ///
    /// # Errors
    ///
    /// As for [`Plan::resolve_properties`].
    pub fn resolve_metadata(
        &self,
        logical_id: &str,
        resolver: &dyn Resolve,
    ) -> Result<Option<Json>> {
        let resource = self
            .resource(logical_id)
            .ok_or_else(|| Error::UnknownResource {
                logical_id: logical_id.to_owned(),
            })?;
        match &resource.metadata {
            None => Ok(None),
            Some(metadata) => self.evaluate(
                metadata,
                &format!("Resources/{logical_id}/Metadata"),
                resolver,
            ),
        }
    }

    /// An output's `Value`, `Description` and `Export.Name`, evaluated.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownOutput`] if the plan does not produce `logical_id`;
    /// [`Error::NoValue`] if the value is `AWS::NoValue`; otherwise as for
    /// [`Plan::resolve_properties`].
    pub fn resolve_output(
        &self,
        logical_id: &str,
        resolver: &dyn Resolve,
    ) -> Result<ResolvedOutput> {
        let output = self
            .active_outputs()
            .find(|output| output.logical_id == logical_id)
            .ok_or_else(|| Error::UnknownOutput {
                logical_id: logical_id.to_owned(),
            })?;
        let base = format!("Outputs/{logical_id}");
        let value = self.required_text(&output.value, &format!("{base}/Value"), resolver, false)?;
        let description = match &output.description {
            Some(description) => Some(self.required_text(
                description,
                &format!("{base}/Description"),
                resolver,
                true,
            )?),
            None => None,
        };
        let export_name = match &output.export_name {
            Some(name) => {
                Some(self.required_text(name, &format!("{base}/Export/Name"), resolver, true)?)
            }
            None => None,
        };
        Ok(ResolvedOutput {
            logical_id: logical_id.to_owned(),
            value,
            description: description.and_then(|json| json.as_str().map(str::to_owned)),
            export_name: export_name.and_then(|json| json.as_str().map(str::to_owned)),
        })
    }

    /// Evaluates any template value of this plan's template, found at `path`.
    /// `Ok(None)` means the value is `AWS::NoValue`.
    ///
    /// # Errors
    ///
    /// As for [`Plan::resolve_properties`].
    pub fn evaluate(
        &self,
        value: &Value,
        path: &str,
        resolver: &dyn Resolve,
    ) -> Result<Option<Json>> {
        let mut evaluator = Evaluator::resolving(self.scope(), resolver);
        let result = evaluator.eval(value, path)?;
        finish(result, Location::new(path, value.position))
    }

    fn required_text(
        &self,
        value: &Value,
        path: &str,
        resolver: &dyn Resolve,
        string: bool,
    ) -> Result<Json> {
        let location = Location::new(path, value.position);
        match self.evaluate(value, path, resolver)? {
            None => Err(Error::NoValue { location }),
            Some(json) if string && !json.is_string() => Err(Error::InvalidArgument {
                function: "Outputs",
                problem: "expected a string".to_owned(),
                location,
            }),
            Some(json) => Ok(json),
        }
    }

    pub(crate) fn scope(&self) -> Scope<'_> {
        Scope {
            template: &self.template,
            pseudo: &self.pseudo_parameters,
            parameters: &self.parameters,
            conditions: &self.conditions,
            inactive: &self.inactive,
        }
    }
}
