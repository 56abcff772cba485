use super::*;

#[test]
fn the_vendored_catalog_loads_every_aws_type() {
    assert!(type_names().count() > 1800, "{}", type_names().count());
    assert_eq!(source().package, "cfn-lint");
    assert!(!source().version.is_empty());
    for corpus_type in [
        "AWS::DynamoDB::Table",
        "AWS::SQS::Queue",
        "AWS::EFS::AccessPoint",
        "AWS::CDK::Metadata",
    ] {
        assert!(resource_type(corpus_type).is_some(), "{corpus_type}");
    }
}

#[test]
fn every_deployable_type_has_a_full_schema_and_a_catalog_entry() {
    for type_name in DEPLOYABLE_TYPES {
        let provider = provider_schema(type_name).unwrap_or_else(|| panic!("{type_name}"));
        assert_eq!(provider.document["typeName"], *type_name);
        assert!(!provider.primary_identifier.is_empty(), "{type_name}");
        let ref_property = provider.ref_returns;
        assert!(
            provider
                .primary_identifier
                .iter()
                .any(|id| id == ref_property),
            "{type_name}: Ref returns {ref_property}, not in {:?}",
            provider.primary_identifier
        );
        assert!(resource_type(type_name).is_some(), "{type_name}");
    }
}

#[test]
fn get_att_attributes_of_the_deployable_types() {
    let expect = [
        ("AWS::ApiGatewayV2::Api", &["ApiEndpoint", "ApiId"][..]),
        ("AWS::ApiGatewayV2::Authorizer", &["AuthorizerId"]),
        ("AWS::ApiGatewayV2::Integration", &["IntegrationId"]),
        ("AWS::ApiGatewayV2::Route", &["RouteId"]),
        ("AWS::IAM::Role", &["Arn", "RoleId"]),
        (
            "AWS::Lambda::Function",
            &["Arn", "SnapStartResponse.ApplyOn"],
        ),
        ("AWS::Logs::LogGroup", &["Arn"]),
    ];
    for (type_name, attributes) in expect {
        let known = resource_type(type_name).unwrap();
        for attribute in attributes {
            assert!(known.has_attribute(attribute), "{type_name}.{attribute}");
        }
        assert!(!known.has_attribute("Nope"), "{type_name}");
    }
}

#[test]
fn ref_returns_the_documented_identifier() {
    assert_eq!(
        provider_schema("AWS::Lambda::Function")
            .unwrap()
            .ref_returns,
        "FunctionName"
    );
    assert_eq!(
        provider_schema("AWS::ApiGatewayV2::Stage")
            .unwrap()
            .ref_returns,
        "StageName"
    );
    assert_eq!(
        provider_schema("AWS::IAM::Role").unwrap().ref_returns,
        "RoleName"
    );
}

#[test]
fn required_and_settable_properties_come_from_the_schema() {
    let function = resource_type("AWS::Lambda::Function").unwrap();
    assert_eq!(function.required, ["Code", "Role"]);
    assert!(function.has_property("Runtime"));
    assert!(
        !function.has_property("Arn"),
        "read-only properties are not settable"
    );
    assert!(!function.has_property("Runtim"));
}

#[test]
fn nested_stacks_accept_any_outputs_attribute() {
    let stack = resource_type("AWS::CloudFormation::Stack").unwrap();
    assert!(stack.has_attribute("Outputs.Issuer"));
    assert!(!stack.has_attribute("Outputs."));
}

#[test]
fn a_misspelled_type_has_a_close_match() {
    assert_eq!(
        closest_type("AWS::Lambda::Functoin"),
        Some("AWS::Lambda::Function")
    );
    assert!(is_custom("Custom::Anything"));
    assert!(is_custom("AWS::CloudFormation::CustomResource"));
}
