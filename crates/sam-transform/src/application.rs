//! `AWS::Serverless::Application` → `AWS::CloudFormation::Stack` (`sam.md §6`), as the
//! translator's `ServerlessAppPlugin` and `SamApplication` make it:
//!
//! 1. `Location` is required; a string location becomes the stack's `TemplateURL` as
//!    written (a local path such as `./auth.yaml` stays one: gantry resolves it when it
//!    deploys the nested stack);
//! 2. check the properties' types;
//! 3. the stack: `Parameters`, `NotificationARNs` and `TimeoutInMinutes` as given, `Tags`
//!    with `lambda:createdBy: SAM` first, and the SAM resource's `DependsOn`, `Condition`,
//!    `DeletionPolicy` and `UpdateReplacePolicy` (not its `Metadata` or `UpdatePolicy`).
//!
//! Not here: a Serverless Application Repository location (`{ApplicationId,
//! SemanticVersion}`), which the translator resolves by calling the repository's API; gantry
//! refuses it (no network), saying how to make it local.

use serde_json::{Map, Value, json};

use crate::error::Cause;
use crate::function::tags::sam_tag_list;
use crate::property_types::{Check, PropertyType, check, optional, required};
use crate::python::is_truthy;
use crate::template::Template;

const RESOURCE_TYPE: &str = "AWS::Serverless::Application";

/// `SamApplication.property_types`, in the translator's order (`TemplateUrl` is the one
/// its plugin fills from `Location`).
const PROPERTY_TYPES: &[PropertyType] = &[
    required("Location", Check::StrOrMap),
    optional("TemplateUrl", Check::Str),
    optional("Parameters", Check::Map),
    optional("NotificationARNs", Check::ListOfStrOrMap),
    optional("Tags", Check::Map),
    optional("TimeoutInMinutes", Check::Int),
];

/// The keys of a Serverless Application Repository location.
const APPLICATION_ID: &str = "ApplicationId";
const SEMANTIC_VERSION: &str = "SemanticVersion";

/// Resource attributes the stack keeps from the SAM resource (the translator's
/// pass-through attributes; `DependsOn` is copied apart).
const PASS_THROUGH: [&str; 3] = ["Condition", "DeletionPolicy", "UpdateReplacePolicy"];

/// The stack's properties that come unchanged from the SAM resource's, in the
/// translator's order.
const COPIED_PROPERTIES: [&str; 2] = ["Parameters", "NotificationARNs"];

/// Translates Application `logical_id`, recording errors on the template.
pub(crate) fn translate(template: &mut Template<'_>, logical_id: &str) {
    let Some(resource) = template.resource(logical_id).cloned() else {
        return;
    };
    let outcome = nested_stack(logical_id, &resource)
        .and_then(|stack| template.replace(logical_id, vec![(logical_id.to_owned(), stack)]));
    if let Err(cause) = outcome {
        template.errors.push(cause);
    }
}

/// The `AWS::CloudFormation::Stack` for SAM resource `resource`.
fn nested_stack(logical_id: &str, resource: &Value) -> Result<Value, Cause> {
    let mut properties = resource
        .get("Properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let location = properties.get("Location").cloned().ok_or_else(|| {
        Cause::resource(
            logical_id,
            "Resource is missing the required [Location] property.",
        )
    })?;
    if let Value::Object(location) = &location {
        return Err(refuse_repository_location(logical_id, location));
    }
    properties.insert("TemplateUrl".to_owned(), location);
    check(logical_id, RESOURCE_TYPE, &properties, PROPERTY_TYPES)?;

    let mut stack = Map::new();
    for name in COPIED_PROPERTIES {
        if let Some(value) = properties.get(name).filter(|value| !value.is_null()) {
            stack.insert(name.to_owned(), value.clone());
        }
    }
    let tags = sam_tag_list(properties.get("Tags").and_then(Value::as_object))
        .map_err(|message| Cause::resource(logical_id, message))?;
    stack.insert("Tags".to_owned(), Value::Array(tags));
    if let Some(timeout) = properties
        .get("TimeoutInMinutes")
        .filter(|value| !value.is_null())
    {
        stack.insert("TimeoutInMinutes".to_owned(), timeout.clone());
    }
    // `TemplateUrl if TemplateUrl else ""`: an empty location stays an empty string.
    let template_url = properties
        .get("TemplateUrl")
        .filter(|url| is_truthy(url))
        .cloned()
        .unwrap_or_else(|| json!(""));
    stack.insert("TemplateURL".to_owned(), template_url);

    let mut generated = Map::new();
    generated.insert("Type".to_owned(), json!("AWS::CloudFormation::Stack"));
    if let Some(depends_on) = resource.get("DependsOn").filter(|d| is_truthy(d)) {
        generated.insert("DependsOn".to_owned(), depends_on.clone());
    }
    for attribute in PASS_THROUGH {
        if let Some(value) = resource.get(attribute) {
            generated.insert(attribute.to_owned(), value.clone());
        }
    }
    generated.insert("Properties".to_owned(), Value::Object(stack));
    Ok(Value::Object(generated))
}

/// The error for a mapping `Location`: the translator's own for a mapping that is not a
/// repository location (it checks these before calling the repository), else gantry's
/// refusal.
fn refuse_repository_location(logical_id: &str, location: &Map<String, Value>) -> Cause {
    if let Some(missing) = [APPLICATION_ID, SEMANTIC_VERSION]
        .into_iter()
        .find(|key| !location.contains_key(*key))
    {
        return Cause::resource(
            logical_id,
            format!("Resource is missing the required [{missing}] property."),
        );
    }
    let application_id = location.get(APPLICATION_ID).unwrap_or(&Value::Null);
    if application_id.is_null() {
        return Cause::resource(logical_id, "Property 'ApplicationId' is required.");
    }
    // With no version the translator does not call the repository, and checks on.
    if location.get(SEMANTIC_VERSION).is_none_or(Value::is_null) {
        return Cause::resource(
            logical_id,
            if application_id.is_object() {
                "Property 'ApplicationId' cannot be resolved. Only FindInMap and Ref intrinsic \
                 functions are supported."
            } else {
                "Property 'SemanticVersion' cannot be blank."
            },
        );
    }
    // Deviation from AWS: the translator fetches the application's template from the
    // Serverless Application Repository (an API call and a copy to S3); gantry deploys
    // with no network and no AWS account, so it refuses the location and says how to make
    // it local.
    Cause::resource(
        logical_id,
        "gantry does not transform a Location in the Serverless Application Repository \
         ({ApplicationId, SemanticVersion}): remote serverless applications are not deployed \
         locally: put the application's template next to yours and set Location to its path.",
    )
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    fn transform(resource: Value) -> Result<Value, String> {
        let template = json!({"Transform": "AWS::Serverless-2016-10-31",
            "Resources": {"App": resource}});
        crate::transform(&template, &crate::Options::default())
            .map(|t| t.template["Resources"]["App"].clone())
            .map_err(|e| e.message())
    }

    #[test]
    fn a_local_location_becomes_the_template_url_of_a_nested_stack() {
        let stack = transform(json!({
            "Type": "AWS::Serverless::Application",
            "DependsOn": "Other", "Condition": "IsProd", "Metadata": {"a": 1},
            "Properties": {"Location": "./auth.yaml", "Parameters": {"Name": {"Ref": "P"}},
                           "Tags": {"team": "x"}, "TimeoutInMinutes": 5}
        }))
        .expect("stack");
        assert_eq!(
            stack,
            json!({"Type": "AWS::CloudFormation::Stack", "DependsOn": "Other", "Condition": "IsProd",
                   "Properties": {"Parameters": {"Name": {"Ref": "P"}},
                                  "Tags": [{"Key": "lambda:createdBy", "Value": "SAM"},
                                           {"Key": "team", "Value": "x"}],
                                  "TimeoutInMinutes": 5, "TemplateURL": "./auth.yaml"}})
        );
    }

    #[test]
    fn a_repository_location_is_refused_with_what_to_do() {
        let error = transform(json!({
            "Type": "AWS::Serverless::Application",
            "Properties": {"Location": {"ApplicationId": "arn:aws:serverlessrepo:us-east-1:1:applications/x",
                                        "SemanticVersion": "1.0.0"}}
        }))
        .expect_err("refused");
        assert!(error.ends_with("set Location to its path."), "{error}");
        assert!(error.contains("[App] is invalid. gantry does not transform a Location in the Serverless Application Repository"), "{error}");
    }

    #[test]
    fn a_missing_location_is_the_translator_s_error() {
        let error = transform(json!({"Type": "AWS::Serverless::Application", "Properties": {}}))
            .expect_err("refused");
        assert!(
            error.ends_with(
                "Resource with id [App] is invalid. Resource is missing the required [Location] property."
            ),
            "{error}"
        );
    }
}
