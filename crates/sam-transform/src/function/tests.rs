//! Whole-function cases the golden cases do not reach: SAM CLI's local code folders,
//! and errors collected per function.

use serde_json::{Value, json};

use crate::{Options, transform};

fn sam(functions: Value) -> Value {
    json!({"Transform": "AWS::Serverless-2016-10-31", "Resources": functions})
}

fn local() -> Options {
    Options {
        local_paths: true,
        ..Options::default()
    }
}

#[test]
fn sam_cli_local_code_folders_stay_paths() {
    let template = sam(json!({
        "Local": {"Type": "AWS::Serverless::Function",
                  "Properties": {"CodeUri": "./src", "Handler": "a.h", "Runtime": "nodejs20.x"}},
        "Default": {"Type": "AWS::Serverless::Function",
                    "Properties": {"Handler": "a.h", "Runtime": "nodejs20.x"}},
        "Remote": {"Type": "AWS::Serverless::Function",
                   "Properties": {"CodeUri": "s3://b/k.zip", "Handler": "a.h", "Runtime": "nodejs20.x"}}
    }));
    let transformed = transform(&template, &local()).map(|t| t.template);
    let code = |id: &str| {
        transformed.as_ref().ok().and_then(|t| {
            t.pointer(&format!("/Resources/{id}/Properties/Code"))
                .cloned()
        })
    };
    assert_eq!(code("Local"), Some(json!("./src")));
    assert_eq!(code("Default"), Some(json!(".")));
    assert_eq!(
        code("Remote"),
        Some(json!({"S3Bucket": "b", "S3Key": "k.zip"}))
    );
}

#[test]
fn without_local_paths_a_folder_is_the_translator_s_error() {
    let template = sam(json!({
        "Fn": {"Type": "AWS::Serverless::Function",
               "Properties": {"CodeUri": "./src", "Handler": "a.h", "Runtime": "nodejs20.x"}}
    }));
    let error = transform(&template, &Options::default()).map(|_| ());
    assert_eq!(
        error.map_err(|error| error.message()),
        Err(
            "Invalid Serverless Application Specification document. Number of errors found: 1. \
             Resource with id [Fn] is invalid. 'CodeUri' is not a valid S3 Uri of the form \
             's3://bucket/key' with optional versionId query parameter."
                .to_owned()
        )
    );
}

#[test]
fn each_bad_function_is_reported() {
    let template = sam(json!({
        "A": {"Type": "AWS::Serverless::Function",
              "Properties": {"InlineCode": "x", "Runtime": "nodejs20.x"}},
        "B": {"Type": "AWS::Serverless::Function",
              "Properties": {"InlineCode": "x", "Handler": "a.h", "Runtime": "nodejs20.x",
                             "Policies": [{"NotATemplate": {}}]}}
    }));
    let error = transform(&template, &Options::default()).map(|_| ());
    assert_eq!(
        error.map_err(|error| error.message()),
        Err(
            "Invalid Serverless Application Specification document. Number of errors found: 2. \
             Resource with id [A] is invalid. Runtime and Handler needs to be present when \
             PackageType is of type `Zip` Resource with id [B] is invalid. Policy at index 0 in \
             the 'Policies' property is not valid"
                .to_owned()
        )
    );
}
