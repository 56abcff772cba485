//! The SAM function's resource attributes: all of them go to the Lambda function, and
//! `Condition`, `DeletionPolicy` and `UpdateReplacePolicy` to everything else it
//! generates.

use serde_json::{Map, Value, json};

/// Attributes the Lambda function takes from the SAM resource, in the translator's order.
const FUNCTION_ATTRIBUTES: [&str; 5] = [
    "DeletionPolicy",
    "UpdatePolicy",
    "Condition",
    "UpdateReplacePolicy",
    "Metadata",
];

/// Attributes every generated resource takes from the SAM resource.
const PASS_THROUGH: [&str; 3] = ["Condition", "DeletionPolicy", "UpdateReplacePolicy"];

/// Resource types whose generated `Tags` list `PropagateTags` replaces.
const TAG_LIST_TYPES: [&str; 6] = [
    "AWS::Lambda::Function",
    "AWS::IAM::Role",
    "AWS::SQS::Queue",
    "AWS::SNS::Topic",
    "AWS::S3::Bucket",
    "AWS::IoT::TopicRule",
];

/// A SAM function's `DependsOn` and resource attributes.
pub(crate) struct Attributes {
    depends_on: Option<Value>,
    attributes: Map<String, Value>,
}

impl Attributes {
    /// The attributes of SAM resource `resource`.
    pub(crate) fn of(resource: &Value) -> Self {
        let depends_on = resource
            .get("DependsOn")
            .filter(|depends_on| !super::code::is_python_falsy(depends_on))
            .cloned();
        let attributes = FUNCTION_ATTRIBUTES
            .iter()
            .filter_map(|name| Some(((*name).to_owned(), resource.get(*name)?.clone())))
            .collect();
        Self {
            depends_on,
            attributes,
        }
    }

    /// The `AWS::Lambda::Function` resource with these attributes.
    pub(crate) fn function_resource(&self, properties: Map<String, Value>) -> Value {
        let mut resource = Map::new();
        resource.insert("Type".to_owned(), json!("AWS::Lambda::Function"));
        if let Some(depends_on) = &self.depends_on {
            resource.insert("DependsOn".to_owned(), depends_on.clone());
        }
        resource.extend(self.attributes.clone());
        resource.insert("Properties".to_owned(), Value::Object(properties));
        Value::Object(resource)
    }

    /// `Condition`, `DeletionPolicy` and `UpdateReplacePolicy`, for generated resources.
    pub(crate) fn pass_through(&self) -> Map<String, Value> {
        PASS_THROUGH
            .iter()
            .filter_map(|name| Some(((*name).to_owned(), self.attributes.get(*name)?.clone())))
            .collect()
    }

    /// Every resource attribute of the SAM resource (not `DependsOn`).
    pub(crate) fn all(&self) -> Map<String, Value> {
        self.attributes.clone()
    }

    /// The function's `Condition`, when it is a condition name.
    pub(crate) fn condition(&self) -> Option<String> {
        self.attributes
            .get("Condition")
            .and_then(Value::as_str)
            .map(str::to_owned)
    }
}

/// A generated resource of `resource_type` with `properties` and the SAM function's
/// pass-through attributes.
pub(crate) fn generated_resource(
    resource_type: &str,
    attributes: Map<String, Value>,
    properties: Map<String, Value>,
) -> Value {
    let mut resource = Map::new();
    resource.insert("Type".to_owned(), json!(resource_type));
    resource.extend(attributes);
    resource.insert("Properties".to_owned(), Value::Object(properties));
    Value::Object(resource)
}

/// Whether `PropagateTags` gives resources of this type the function's tags.
pub(crate) fn takes_tag_list(resource_type: &str) -> bool {
    TAG_LIST_TYPES.contains(&resource_type)
}
