//! How a resource changes between the deployed stack and the new template.

use serde_json::Value;
use store::ResourceRecord;

/// What the deploy loop does with one resource.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Change<'a> {
    /// New in the template.
    Create,
    /// Deployed before; updated in place (or found unchanged), keeping its ids.
    Update(&'a ResourceRecord),
    /// Deployed before, but a create-only property or the type changed: a new resource
    /// with new ids takes its place.
    Replace {
        previous: &'a ResourceRecord,
        property: Option<&'static str>,
    },
}

/// Classifies the change of `logical_id` given its new type and properties.
pub(crate) fn classify<'a>(
    previous: Option<&'a ResourceRecord>,
    resource_type: &str,
    properties: &Value,
) -> Change<'a> {
    let Some(previous) = previous else {
        return Change::Create;
    };
    if previous.resource_type != resource_type {
        return Change::Replace {
            previous,
            property: None,
        };
    }
    match changed_create_only_property(resource_type, &previous.properties, properties) {
        Some(property) => Change::Replace {
            previous,
            property: Some(property),
        },
        None => Change::Update(previous),
    }
}

/// The first create-only property (from AWS's schema) whose value differs.
fn changed_create_only_property(
    resource_type: &str,
    before: &Value,
    after: &Value,
) -> Option<&'static str> {
    let schema = cfn_template::schema::provider_schema(resource_type)?;
    let pointers = schema.document.get("createOnlyProperties")?.as_array()?;
    pointers
        .iter()
        .filter_map(Value::as_str)
        .filter_map(|pointer| pointer.strip_prefix("/properties/"))
        .map(|path| path.split('/').next().unwrap_or(path))
        .find(|name| before.get(name) != after.get(name))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;
    use store::model::ResourceModel;

    use super::*;

    fn record(resource_type: &str, properties: Value) -> ResourceRecord {
        ResourceRecord {
            logical_id: "R".into(),
            resource_type: resource_type.into(),
            physical_id: "p".into(),
            properties,
            attributes: BTreeMap::new(),
            model: ResourceModel::Placeholder {
                resource_type: resource_type.into(),
            },
        }
    }

    #[test]
    fn new_resource_is_created() {
        assert_eq!(classify(None, "AWS::IAM::Role", &json!({})), Change::Create);
    }

    #[test]
    fn changing_an_updatable_property_updates_in_place() {
        let before = record(
            "AWS::ApiGatewayV2::Route",
            json!({"ApiId": "a", "RouteKey": "GET /a"}),
        );
        let change = classify(
            Some(&before),
            "AWS::ApiGatewayV2::Route",
            &json!({"ApiId": "a", "RouteKey": "GET /b"}),
        );
        assert!(matches!(change, Change::Update(_)), "{change:?}");
    }

    #[test]
    fn changing_a_create_only_property_replaces_and_names_it() {
        let before = record(
            "AWS::ApiGatewayV2::Route",
            json!({"ApiId": "a", "RouteKey": "GET /a"}),
        );
        let change = classify(
            Some(&before),
            "AWS::ApiGatewayV2::Route",
            &json!({"ApiId": "b", "RouteKey": "GET /a"}),
        );
        assert!(
            matches!(
                change,
                Change::Replace {
                    property: Some("ApiId"),
                    ..
                }
            ),
            "{change:?}"
        );
    }

    #[test]
    fn changing_the_type_replaces() {
        let before = record("AWS::IAM::Role", json!({}));
        let change = classify(Some(&before), "AWS::Logs::LogGroup", &json!({}));
        assert!(matches!(change, Change::Replace { property: None, .. }));
    }
}
