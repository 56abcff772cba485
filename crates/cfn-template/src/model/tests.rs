use super::*;
use crate::syntax::parse;

fn model(source: &str) -> (Template, Vec<Diagnostic>) {
    let root = parse(source).root.expect("parses");
    let mut diagnostics = Vec::new();
    let template = Template::from_tree(&root, &mut diagnostics);
    (template, diagnostics)
}

#[test]
fn every_section_is_read() {
    let (template, diagnostics) = model(
        "AWSTemplateFormatVersion: 2010-09-09\nDescription: demo\nMetadata: {A: 1}\nParameters:\n  P: {Type: String}\nMappings:\n  M: {k: {v: 1}}\nConditions:\n  C: !Equals [a, a]\nTransform: AWS::Serverless-2016-10-31\nResources:\n  R:\n    Type: AWS::Logs::LogGroup\nOutputs:\n  O: {Value: x}\n",
    );
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert_eq!(template.format_version.as_deref(), Some("2010-09-09"));
    assert_eq!(template.description.as_deref(), Some("demo"));
    assert!(template.metadata.is_some());
    assert!(template.parameters.contains_key("P"));
    assert!(template.mappings["M"].entries["k"].contains_key("v"));
    assert!(template.conditions.contains_key("C"));
    assert_eq!(template.transforms[0].value, SAM_TRANSFORM);
    assert!(template.resources.contains_key("R"));
    assert!(template.outputs.contains_key("O"));
    assert!(template.is_sam());
}

#[test]
fn transform_list_and_object_forms_are_read() {
    let (template, _) =
        model("Transform: [AWS::LanguageExtensions, {Name: AWS::Include}]\nResources: {}\n");
    let names: Vec<&str> = template
        .transforms
        .iter()
        .map(|t| t.value.as_str())
        .collect();
    assert_eq!(names, ["AWS::LanguageExtensions", "AWS::Include"]);
}

#[test]
fn serverless_types_or_globals_make_a_sam_template() {
    assert!(
        model("Resources:\n  F:\n    Type: AWS::Serverless::Function\n")
            .0
            .is_sam()
    );
    assert!(
        model("Globals: {}\nResources:\n  R:\n    Type: AWS::SNS::Topic\n")
            .0
            .is_sam()
    );
    assert!(
        !model("Resources:\n  R:\n    Type: AWS::SNS::Topic\n")
            .0
            .is_sam()
    );
}

#[test]
fn resource_attributes_are_read() {
    let (template, diagnostics) = model(
        "Resources:\n  R:\n    Type: AWS::Logs::LogGroup\n    Properties: {RetentionInDays: 7}\n    DependsOn: A\n    Condition: C\n    DeletionPolicy: Retain\n    UpdateReplacePolicy: Delete\n    Metadata: {x: 1}\n  S:\n    Type: AWS::Logs::LogGroup\n    DependsOn: [A, B]\n",
    );
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let r = &template.resources["R"];
    assert_eq!(r.resource_type, "AWS::Logs::LogGroup");
    assert!(r.properties.contains_key("RetentionInDays"));
    assert_eq!(r.depends_on[0].value, "A");
    assert_eq!(r.condition.as_ref().unwrap().value, "C");
    assert_eq!(r.deletion_policy.as_ref().unwrap().value, "Retain");
    assert_eq!(r.update_replace_policy.as_ref().unwrap().value, "Delete");
    assert!(r.metadata.is_some());
    let names: Vec<&str> = template.resources["S"]
        .depends_on
        .iter()
        .map(|d| d.value.as_str())
        .collect();
    assert_eq!(names, ["A", "B"]);
}

#[test]
fn unknown_section_is_reported_with_a_suggestion() {
    let (_, diagnostics) = model("Resource:\n  R: {Type: AWS::SNS::Topic}\n");
    assert_eq!(
        diagnostics[0].message,
        "unknown template section `Resource`"
    );
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("did you mean `Resources`?")
    );
    assert_eq!(
        diagnostics[1].message,
        "the template has no `Resources` section"
    );
}

#[test]
fn unknown_resource_attribute_is_reported_with_a_suggestion() {
    let (_, diagnostics) =
        model("Resources:\n  R:\n    Type: AWS::SNS::Topic\n    Propertes: {}\n");
    assert_eq!(
        diagnostics[0].message,
        "`Propertes` is not a resource attribute"
    );
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("did you mean `Properties`?")
    );
    assert_eq!(diagnostics[0].path, "Resources/R/Propertes");
}

#[test]
fn non_alphanumeric_logical_id_is_reported() {
    let (_, diagnostics) = model("Resources:\n  my-topic: {Type: AWS::SNS::Topic}\n");
    assert_eq!(
        diagnostics[0].message,
        "the resource logical ID `my-topic` is not alphanumeric"
    );
}

#[test]
fn missing_type_and_invalid_policy_are_reported() {
    let (_, diagnostics) = model("Resources:\n  R:\n    DeletionPolicy: Keep\n");
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["`Keep` is not a valid policy", "resource `R` has no `Type`"]
    );
}

#[test]
fn wrong_format_version_is_reported() {
    let (_, diagnostics) =
        model("AWSTemplateFormatVersion: 2020-01-01\nResources:\n  R: {Type: AWS::SNS::Topic}\n");
    assert_eq!(
        diagnostics[0].message,
        "unsupported template format version `2020-01-01`"
    );
}

#[test]
fn output_without_value_is_reported_and_export_name_is_read() {
    let (template, diagnostics) = model(
        "Resources:\n  R: {Type: AWS::SNS::Topic}\nOutputs:\n  Bad: {Description: x}\n  Good:\n    Value: !Ref R\n    Export: {Name: exported}\n",
    );
    assert_eq!(diagnostics[0].message, "output `Bad` has no `Value`");
    assert!(!template.outputs.contains_key("Bad"));
    assert_eq!(
        template.outputs["Good"]
            .export_name
            .as_ref()
            .and_then(Value::as_str),
        Some("exported")
    );
}

#[test]
fn empty_resources_section_is_reported() {
    let (_, diagnostics) = model("Resources: {}\n");
    assert_eq!(diagnostics[0].message, "the `Resources` section is empty");
}

#[test]
fn top_level_must_be_a_mapping() {
    let (_, diagnostics) = model("- a\n- b\n");
    assert_eq!(
        diagnostics[0].message,
        "a template must be a mapping of sections, not a list"
    );
}
