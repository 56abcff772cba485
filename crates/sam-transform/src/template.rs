//! The template while it is being transformed: SAM resources are replaced one by one by
//! what they generate, and every generated resource remembers the SAM resource it came
//! from (so gantry can point a diagnostic at the line the user wrote).

use indexmap::IndexMap;
use serde_json::{Map, Value};

use crate::error::Cause;
use crate::options::Options;

/// A SAM template in the middle of the transform.
pub(crate) struct Template<'a> {
    /// What the caller gave.
    pub(crate) options: &'a Options,
    /// Parameter values the translator resolves itself: overrides, then `Default`s, then
    /// `AWS::Region` and `AWS::Partition`.
    pub(crate) parameters: Map<String, Value>,
    /// The whole template; `Resources` is a mapping (checked by [`Template::new`]).
    pub(crate) document: Map<String, Value>,
    /// Generated logical id → the SAM logical id it came from.
    pub(crate) origins: IndexMap<String, String>,
    /// Errors collected from resources and events.
    pub(crate) errors: Vec<Cause>,
    /// What gantry wants the user to know about the transformed template.
    pub(crate) warnings: Vec<crate::Warning>,
    /// The first error that ends the whole transform at once (the translator's
    /// `InvalidDocumentException` raised while translating a resource): it alone is
    /// reported, whatever else was collected.
    pub(crate) fatal: Option<Cause>,
    /// SAM resource references (`MyApi.Stage`, `MyFn.Alias`): (SAM logical id, property) →
    /// the logical id of the generated resource they stand for. [`Template::replace`]
    /// fills it from the generated resources' types; see [`crate::resource_refs`].
    pub(crate) resource_refs: IndexMap<(String, String), String>,
    /// SAM resources whose logical id changed (a LayerVersion's hashed id): old → new.
    /// `Ref`, `Fn::GetAtt`, `Fn::Sub` and `DependsOn` to the old id are rewritten.
    pub(crate) changed_ids: IndexMap<String, String>,
    /// The type of each SAM resource [`Template::replace`] replaced.
    pub(crate) sam_types: IndexMap<String, String>,
    /// The `SHARED` usage plan gathered across Apis (`rest_api::usage_plan`).
    pub(crate) shared_usage_plan: SharedUsagePlan,
    /// The resource ids as the translator's Python 2.7 dict holds them, when it walks this
    /// template in that order (`py27::applies`); `None` otherwise.
    pub(crate) python27_resources: Option<crate::py27::Keys>,
}

impl<'a> Template<'a> {
    /// Checks the template's structure as the translator does and gathers the
    /// parameter values.
    pub(crate) fn new(template: &Value, options: &'a Options) -> Result<Self, Cause> {
        let Value::Object(document) = template else {
            return Err(Cause::structure("The template must be a map."));
        };
        match document.get("Resources") {
            None => return Err(Cause::structure("'Resources' section is required")),
            Some(Value::Object(resources)) if resources.is_empty() => {
                return Err(Cause::structure("'Resources' section is required"));
            }
            Some(Value::Object(resources)) => {
                for (logical_id, resource) in resources {
                    check_resource_structure(logical_id, resource)?;
                }
            }
            Some(_) => return Err(Cause::structure("'Resources' section is required")),
        }
        let parameters = parameter_values(document, options);
        let mut document = document.clone();
        for value in document.values_mut() {
            crate::intrinsics::split_get_att_strings(value);
        }
        Ok(Self {
            options,
            parameters,
            document,
            origins: IndexMap::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            fatal: None,
            shared_usage_plan: Default::default(),
            resource_refs: IndexMap::new(),
            changed_ids: IndexMap::new(),
            sam_types: IndexMap::new(),
            python27_resources: None,
        })
    }

    /// `ids` in the order the translator walks them: Python 2.7 dict order when it applies
    /// to this template, else as given (template order).
    pub(crate) fn in_walk_order(&self, mut ids: Vec<String>) -> Vec<String> {
        if let Some(keys) = &self.python27_resources {
            let order = keys.in_order();
            ids.sort_by_key(|id| order.iter().position(|key| key == id));
        }
        ids
    }

    /// After an implicit-API step: the translator set `api_id` in its Resources dict and
    /// deleted it again when no event used it.
    pub(crate) fn track_implicit_api(&mut self, api_id: &str) {
        let present = self.resources().contains_key(api_id);
        if let Some(keys) = &mut self.python27_resources {
            keys.add(api_id);
            if !present {
                keys.remove(api_id);
            }
        }
    }

    /// The `Resources` mapping.
    pub(crate) fn resources(&self) -> &Map<String, Value> {
        static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
        match self.document.get("Resources") {
            Some(Value::Object(resources)) => resources,
            _ => EMPTY.get_or_init(Map::new),
        }
    }

    /// The `Resources` mapping, to change.
    pub(crate) fn resources_mut(&mut self) -> &mut Map<String, Value> {
        let entry = self
            .document
            .entry("Resources")
            .or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        match entry {
            Value::Object(resources) => resources,
            _ => unreachable!("Resources was just made a mapping"),
        }
    }

    /// The resource `logical_id`, if the template has it.
    pub(crate) fn resource(&self, logical_id: &str) -> Option<&Value> {
        self.resources().get(logical_id)
    }

    /// The resource `logical_id`, to change.
    pub(crate) fn resource_mut(&mut self, logical_id: &str) -> Option<&mut Value> {
        self.resources_mut().get_mut(logical_id)
    }

    /// The `Type` of resource `logical_id`.
    pub(crate) fn resource_type(&self, logical_id: &str) -> Option<&str> {
        self.resource(logical_id)?.get("Type")?.as_str()
    }

    /// The logical ids of the resources of `resource_type`, in template order.
    pub(crate) fn ids_of_type(&self, resource_type: &str) -> Vec<String> {
        self.resources()
            .iter()
            .filter(|(_, resource)| {
                resource.get("Type").and_then(Value::as_str) == Some(resource_type)
            })
            .map(|(logical_id, _)| logical_id.clone())
            .collect()
    }

    /// Replaces SAM resource `sam_id` by the resources it generates, in order. A
    /// generated id that another resource of the template already has is an error, as
    /// in the translator (`sam_id` itself may be reused: `MyFunction` stays `MyFunction`).
    pub(crate) fn replace(
        &mut self,
        sam_id: &str,
        generated: Vec<(String, Value)>,
    ) -> Result<(), Cause> {
        self.check_new_ids(sam_id, &generated)?;
        if let Some(sam_type) = self.resource_type(sam_id).map(str::to_owned) {
            self.sam_types.insert(sam_id.to_owned(), sam_type);
        }
        self.resources_mut().shift_remove(sam_id);
        self.insert_generated(sam_id, generated);
        Ok(())
    }

    /// Adds more resources generated from SAM resource `sam_id`, which was already
    /// replaced (a function's event resources, made once its role is in the template).
    pub(crate) fn add_generated(
        &mut self,
        sam_id: &str,
        generated: Vec<(String, Value)>,
    ) -> Result<(), Cause> {
        self.check_new_ids(sam_id, &generated)?;
        self.insert_generated(sam_id, generated);
        Ok(())
    }

    /// A generated id that another resource of the template already has is an error.
    fn check_new_ids(&self, sam_id: &str, generated: &[(String, Value)]) -> Result<(), Cause> {
        for (logical_id, resource) in generated {
            if logical_id != sam_id
                && self.resources().contains_key(logical_id)
                && !self.origins.contains_key(logical_id)
            {
                let resource_type = resource
                    .get("Type")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                return Err(Cause::duplicate_id(sam_id, logical_id, resource_type));
            }
        }
        Ok(())
    }

    fn insert_generated(&mut self, sam_id: &str, generated: Vec<(String, Value)>) {
        if let Some(sam_type) = self.sam_types.get(sam_id).cloned() {
            for (property, logical_id) in crate::referable::references(&sam_type, &generated) {
                self.register_ref(sam_id, property, &logical_id);
            }
        }
        for (logical_id, resource) in generated {
            self.origins.insert(logical_id.clone(), sam_id.to_owned());
            self.resources_mut().insert(logical_id, resource);
        }
    }

    /// Records an error that ends the transform (only the first one counts).
    pub(crate) fn fail_document(&mut self, cause: Cause) {
        self.fatal.get_or_insert(cause);
    }

    /// Records that `sam_id.property` (`MyApi.Stage`) stands for generated resource
    /// `logical_id`. [`Template::replace`] and [`Template::add_generated`] already record the translator's referable
    /// properties (`Alias`, `Version`, `Stage`, `Deployment`, `UsagePlan`, `ApiKey`,
    /// `DomainName`, ...) from the generated resources' types; call this only for others.
    pub(crate) fn register_ref(&mut self, sam_id: &str, property: &str, logical_id: &str) {
        self.resource_refs.insert(
            (sam_id.to_owned(), property.to_owned()),
            logical_id.to_owned(),
        );
    }

    /// Adds one warning about SAM resource `logical_id` (at `property`, a dotted path in
    /// its `Properties`, when there is one).
    pub(crate) fn warn(
        &mut self,
        logical_id: &str,
        property: Option<&str>,
        message: impl Into<String>,
    ) {
        self.warnings.push(crate::Warning {
            logical_id: logical_id.to_owned(),
            property: property.map(str::to_owned),
            message: message.into(),
        });
    }
}

/// Each resource is a mapping with a string `Type` and, when present, mapping `Properties`.
fn check_resource_structure(logical_id: &str, resource: &Value) -> Result<(), Cause> {
    let Value::Object(map) = resource else {
        return Err(Cause::structure(format!(
            "Resource with id [{logical_id}] is invalid. Resource is not a JSON object"
        )));
    };
    if let Some(properties) = map.get("Properties")
        && !properties.is_object()
        && map
            .get("Type")
            .and_then(Value::as_str)
            .is_some_and(|t| t.starts_with("AWS::Serverless::"))
    {
        return Err(Cause::resource(
            logical_id,
            "Properties of a resource must be an object.",
        ));
    }
    Ok(())
}

/// Overrides, then each parameter's `Default`, then the pseudo parameters the translator
/// adds (`../shared/reference/sam-cdk.md` A.1 step 2).
fn parameter_values(document: &Map<String, Value>, options: &Options) -> Map<String, Value> {
    let mut values = options.parameter_overrides.clone();
    if let Some(Value::Object(parameters)) = document.get("Parameters") {
        for (name, parameter) in parameters {
            if values.contains_key(name) {
                continue;
            }
            if let Some(default) = parameter.get("Default") {
                values.insert(name.clone(), default.clone());
            }
        }
    }
    values.insert(
        "AWS::Region".to_owned(),
        Value::String(options.region.clone()),
    );
    values.insert(
        "AWS::Partition".to_owned(),
        Value::String(options.partition().to_owned()),
    );
    values
}

/// What the `SHARED` usage plan of `Auth.UsagePlan` has gathered from the Apis translated
/// so far (`rest_api::usage_plan` builds `ServerlessUsagePlan` and its key from it).
#[derive(Clone, Debug, Default)]
pub(crate) struct SharedUsagePlan {
    /// The Apis the shared resources depend on, in translation order.
    pub(crate) depends_on: Vec<String>,
    /// `{ApiId, Stage}` of every Api sharing the plan.
    pub(crate) api_stages: Vec<Value>,
    /// `{RestApiId, StageName}` of every Api sharing the key.
    pub(crate) stage_keys: Vec<Value>,
    /// The `Condition`s of the sharing Apis.
    pub(crate) conditions: Vec<String>,
    /// Whether one sharing Api has no `Condition` (then the shared resources have none).
    pub(crate) any_api_without_condition: bool,
    /// The strongest `DeletionPolicy` of the sharing Apis.
    pub(crate) deletion_policy: Option<Value>,
    /// The strongest `UpdateReplacePolicy` of the sharing Apis.
    pub(crate) update_replace_policy: Option<Value>,
}
