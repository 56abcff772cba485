use serde_json::json;

use super::*;

const SAM: &str = "\
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: ./src
      Events:
        Get:
          Type: HttpApi
          Properties:
            Path: /x
            Method: get
Outputs:
  Url:
    Value: !Sub https://${ServerlessHttpApi}.example.com
";

fn source() -> SamSource {
    let root = syntax::parse(SAM).root.unwrap();
    SamSource {
        text: SAM.to_owned(),
        root,
        origins: [("FnRole", "Fn"), ("Fn", "Fn"), ("ServerlessHttpApi", "Fn")]
            .into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect(),
        warnings: vec![sam_transform::Warning {
            logical_id: "Fn".into(),
            property: Some("Events.Get".into()),
            message: "m".into(),
        }],
    }
}

#[test]
fn a_processed_path_points_at_the_same_path_of_the_sam_resource_else_its_line() {
    let sam = source();
    let line = |path: &str| sam.locate_processed_path(path).position.line;
    assert_eq!(line("Resources/Fn/Properties/Runtime"), 6);
    // The Lambda function has Code, the SAM function CodeUri: the resource's line.
    assert_eq!(line("Resources/Fn/Properties/Code"), 3);
    assert_eq!(
        line("Resources/FnRole/Properties/AssumeRolePolicyDocument"),
        3
    );
    assert_eq!(line("Outputs/Url/Value"), 17);
    // A path the SAM resource spells out only down to `Properties`: the resource.
    assert_eq!(line("Resources/Fn/Properties/Environment/Variables/X"), 3);
    assert_eq!(
        line("Resources/Fn/Properties/Events/Get/Properties/Auth"),
        12
    );
    // A scalar is pointed at itself, like validation does.
    assert_eq!(
        sam.locate_processed_path("Resources/Fn/Properties/Runtime")
            .position
            .column,
        16
    );
    assert_eq!(line("Resources/Unknown"), 2);
}

#[test]
fn diagnostics_and_warnings_point_at_the_sam_template() {
    let sam = source();
    let diagnostic =
        Diagnostic::error("bad", "Resources/FnRole/Properties/X", Position::new(40, 3));
    let mapped = sam.map_diagnostic(&diagnostic);
    assert_eq!((mapped.line, mapped.column), (3, 3));
    assert!(
        mapped
            .message
            .contains("FnRole, which the SAM transform generates from Fn")
    );

    let provider = DeployWarning {
        file: None,
        line: Some(40),
        logical_id: Some("Fn".into()),
        message: "Properties.Runtime: old".into(),
    };
    assert_eq!(sam.map_warning(&provider).line, Some(6));
    let validation = DeployWarning {
        file: None,
        line: Some(50),
        logical_id: None,
        message: "Outputs/Url/Value: something".into(),
    };
    assert_eq!(sam.map_warning(&validation).line, Some(17));
    let transform = sam.transform_warnings();
    assert_eq!(transform[0].line, Some(10));
    assert_eq!(transform[0].message, "Properties.Events.Get: m");
}

#[test]
fn only_templates_whose_one_transform_is_sam_s_are_transformed() {
    let options = Options::default();
    assert!(matches!(
        prepare("Resources: {}", &options),
        Ok(Prepared::Plain)
    ));
    assert!(matches!(
        prepare(
            "Transform: [AWS::Serverless-2016-10-31, AWS::LanguageExtensions]\nResources: {}",
            &options
        ),
        Ok(Prepared::Plain)
    ));
    assert!(matches!(
        prepare("{not yaml: [", &options),
        Ok(Prepared::Plain)
    ));
    assert!(names_other_transforms(&json!({"Transform": ["X"]})));
}

#[test]
fn a_refused_template_points_at_the_resource_or_event_named() {
    let failure = TransformFailure {
        error: sam_transform::Error::new(vec![
            sam_transform::Cause::event("Fn", "Get", "bad event"),
            sam_transform::Cause::resource("Fn", "bad resource"),
        ]),
        source: source(),
    };
    let lines: Vec<u32> = failure.diagnostics().iter().map(|d| d.line).collect();
    assert_eq!(lines, [10, 3]);
    let text = failure.render("template.yaml");
    assert!(text.contains("--> template.yaml:10:9"), "{text}");
    assert!(
        text.contains(
            "Invalid Serverless Application Specification document. Number of errors found: 2."
        ),
        "{text}"
    );
}

#[test]
fn a_sam_resource_the_transform_leaves_is_refused_by_name() {
    let causes = untransformed(&json!({"Resources": {
        "Cap": {"Type": "AWS::Serverless::CapacityProvider"},
        "Fn": {"Type": "AWS::Lambda::Function"}
    }}));
    assert_eq!(causes.len(), 1);
    assert!(
        causes[0].message.contains(
            "[Cap] is invalid. gantry does not transform AWS::Serverless::CapacityProvider"
        ),
        "{causes:?}"
    );
}

#[test]
fn a_failure_s_processed_lines_become_sam_lines() {
    let sam = source();
    assert_eq!(
        sam.map_reason(
            "Fn (AWS::Lambda::Function) failed: no export at Resources/Fn/Properties/Runtime (line 1314, column 29); (line x"
        ),
        "Fn (AWS::Lambda::Function) failed: no export at Resources/Fn/Properties/Runtime (line 6, column 16); (line x"
    );
}

#[test]
fn a_function_sam_build_must_build_is_named_at_its_build_method() {
    let text = "\
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: app.handler
      CodeUri: ./src
    Metadata:
      BuildMethod: esbuild
  Plain:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: app.handler
      CodeUri: ./src
";
    let sam = SamSource {
        text: text.to_owned(),
        root: syntax::parse(text).root.unwrap(),
        origins: IndexMap::new(),
        warnings: Vec::new(),
    };
    let warnings = sam.build_method_warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].line, Some(10));
    assert_eq!(warnings[0].logical_id.as_deref(), Some("Fn"));
    assert!(
        warnings[0]
            .message
            .starts_with("Metadata.BuildMethod: esbuild is built by `sam build`"),
        "{}",
        warnings[0].message
    );
}
