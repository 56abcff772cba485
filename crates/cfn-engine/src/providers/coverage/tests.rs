use serde_json::json;

use super::*;
use crate::providers::supported_types;

/// The table for each deployable type, or `None` for the one with its own table.
fn coverage_of(resource_type: &str) -> Option<&'static Coverage> {
    COVERAGE.iter().find(|c| c.resource_type == resource_type)
}

#[test]
fn every_settable_property_of_every_deployed_type_is_classified_once() {
    for resource_type in supported_types() {
        if resource_type == "AWS::Lambda::Function" {
            // Classified in lambda/function/emulation.rs, with its own test.
            continue;
        }
        if resource_type == "AWS::CloudFormation::CustomResource" {
            // Every property is sent to the provider (cdk.md §7): none goes unhonoured.
            continue;
        }
        let coverage = coverage_of(resource_type)
            .unwrap_or_else(|| panic!("{resource_type} has no coverage table"));
        let schema = cfn_template::schema::resource_type(resource_type)
            .unwrap_or_else(|| panic!("{resource_type} is not in the vendored schema"));
        for property in &schema.properties {
            let places = usize::from(coverage.read.contains(&property.as_str()))
                + usize::from(coverage.no_local_effect.contains(&property.as_str()))
                + usize::from(
                    coverage
                        .not_emulated
                        .iter()
                        .any(|(name, _)| name == property),
                );
            assert_eq!(
                places, 1,
                "{resource_type}.{property} must be in exactly one of read / no_local_effect / not_emulated"
            );
        }
        for listed in coverage
            .read
            .iter()
            .chain(coverage.no_local_effect)
            .chain(coverage.not_emulated.iter().map(|(name, _)| name))
        {
            assert!(
                schema.properties.iter().any(|p| p == listed),
                "{resource_type}.{listed} is listed but is not a settable property"
            );
        }
    }
}

#[test]
fn a_property_gantry_does_not_honour_is_named_with_what_differs() {
    let properties = json!({
        "Name": "api",
        "ProtocolType": "HTTP",
        "Description": "descriptive only",
        "IpAddressType": "dualstack",
    });
    let warnings = unhonoured("AWS::ApiGatewayV2::Api", &properties);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].property.as_deref(), Some("IpAddressType"));
    assert!(warnings[0].message.contains("--host"), "{}", warnings[0]);
}

#[test]
fn types_without_a_table_and_honoured_properties_give_no_warning() {
    let properties = json!({"Name": "api", "ProtocolType": "HTTP", "Tags": {"a": "b"}});
    assert!(unhonoured("AWS::ApiGatewayV2::Api", &properties).is_empty());
    assert!(unhonoured("AWS::SNS::Topic", &json!({"TopicName": "t"})).is_empty());
}
