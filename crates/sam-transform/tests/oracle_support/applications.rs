//! Hand-written `AWS::Serverless::Application` templates for the oracle: string
//! `Location`s (relative paths, URLs, empty) with `Parameters` holding intrinsics, `Tags`,
//! `NotificationARNs`, `TimeoutInMinutes`, resource attributes and `Outputs.X` reads, and
//! the translator's errors for bad properties and for repository locations it rejects
//! before calling the repository. None of them needs the network: the translator only
//! calls the Serverless Application Repository for `{ApplicationId, SemanticVersion}`
//! locations with both set, which gantry refuses (a unit test in `src/application.rs`).

use serde_json::{Value, json};

/// `(name, template)` pairs.
pub fn templates() -> Vec<(String, Value)> {
    let cases = [
        ("relative-path", app(json!({"Location": "./auth.yaml"}))),
        (
            "parameters-tags-timeout",
            app(json!({
                "Location": "nested/app.yaml",
                "Parameters": {
                    "Stage": {"Ref": "Stage"},
                    "Domain": {"Fn::Sub": "${Stage}.example.com"},
                    "Literal": "value",
                    "Region": {"Ref": "AWS::Region"}
                },
                "NotificationARNs": ["arn:aws:sns:us-east-1:123456789012:topic", {"Ref": "Topic"}],
                "Tags": {"team": "payments", "cost": {"Ref": "Stage"}, "empty": null},
                "TimeoutInMinutes": 15
            })),
        ),
        (
            "attributes",
            template(json!({
                "App": {
                    "Type": "AWS::Serverless::Application",
                    "Condition": "IsProd",
                    "DependsOn": ["Topic", "Layer"],
                    "DeletionPolicy": "Retain",
                    "UpdateReplacePolicy": "Retain",
                    "UpdatePolicy": {"AutoScalingRollingUpdate": {}},
                    "Metadata": {"Owner": "auth"},
                    "Properties": {"Location": "../shared/auth.yaml"}
                },
                "Layer": {"Type": "AWS::Serverless::LayerVersion",
                          "Properties": {"ContentUri": "s3://bucket/layer.zip"}}
            })),
        ),
        (
            "outputs-read-by-a-function",
            template(json!({
                "Auth": {"Type": "AWS::Serverless::Application",
                         "Properties": {"Location": "./auth.yaml",
                                        "Parameters": {"Client": {"Fn::GetAtt": ["Fn", "Arn"]}}}},
                "Fn": {"Type": "AWS::Serverless::Function",
                       "Properties": {"CodeUri": "s3://bucket/code.zip", "Handler": "app.handler",
                                      "Runtime": "python3.12",
                                      "Environment": {"Variables": {
                                          "POOL": {"Fn::GetAtt": ["Auth", "Outputs.UserPoolId"]}}}}}
            })),
        ),
        (
            "url-locations",
            template(json!({
                "Https": {"Type": "AWS::Serverless::Application",
                          "Properties": {"Location": "https://bucket.s3.amazonaws.com/app.yaml"}},
                "S3": {"Type": "AWS::Serverless::Application",
                       "Properties": {"Location": "s3://bucket/app.yaml", "Parameters": {}, "Tags": {}}}
            })),
        ),
        ("empty-location", app(json!({"Location": ""}))),
        (
            "null-optional-properties",
            app(json!({"Location": "a.yaml", "Parameters": null,
                                                 "Tags": null, "TimeoutInMinutes": null})),
        ),
        (
            "no-properties",
            template(json!({"App": {"Type": "AWS::Serverless::Application"}})),
        ),
        ("missing-location", app(json!({"Parameters": {}}))),
        ("null-location", app(json!({"Location": null}))),
        ("list-location", app(json!({"Location": ["a.yaml"]}))),
        (
            "unknown-property",
            app(json!({"Location": "a.yaml", "Name": "x"})),
        ),
        (
            "string-timeout",
            app(json!({"Location": "a.yaml", "TimeoutInMinutes": "5"})),
        ),
        (
            "list-parameters",
            app(json!({"Location": "a.yaml", "Parameters": ["a"]})),
        ),
        (
            "number-notification",
            app(json!({"Location": "a.yaml", "NotificationARNs": [1]})),
        ),
        (
            "reserved-tag",
            app(json!({"Location": "a.yaml", "Tags": {"lambda:createdBy": "me"}})),
        ),
        (
            "reserved-repository-tag",
            app(json!({"Location": "a.yaml",
                                               "Tags": {"serverlessrepo:applicationId": "x"}})),
        ),
        (
            "intrinsic-location",
            app(json!({"Location": {"Fn::Sub": "${AWS::Region}/a.yaml"}})),
        ),
        (
            "location-without-version",
            app(json!({"Location": {"ApplicationId": "arn"}})),
        ),
        (
            "null-application-id",
            app(json!({"Location": {"ApplicationId": null,
                                                         "SemanticVersion": "1.0.0"}})),
        ),
        (
            "null-semantic-version",
            app(json!({"Location": {"ApplicationId": "arn",
                                                           "SemanticVersion": null}})),
        ),
        (
            "intrinsic-application-id",
            app(json!({"Location": {
            "ApplicationId": {"Fn::Sub": "arn:${AWS::Partition}"}, "SemanticVersion": null}})),
        ),
        (
            "errors-in-two-applications",
            template(json!({
                "A": {"Type": "AWS::Serverless::Application", "Properties": {"Tags": []}},
                "B": {"Type": "AWS::Serverless::Application",
                      "Properties": {"Location": "b.yaml", "Tags": "x"}}
            })),
        ),
    ];
    cases
        .into_iter()
        .map(|(name, template)| (format!("application-{name}"), template))
        .collect()
}

/// A template whose only SAM resource is Application `App` with `properties`.
fn app(properties: Value) -> Value {
    template(json!({"App": {"Type": "AWS::Serverless::Application", "Properties": properties}}))
}

/// A SAM template with `resources` besides a parameter, a condition and a topic they
/// use, and an output with the first one's `Ref` (a nested stack's id).
fn template(resources: Value) -> Value {
    let resources = resources.as_object().cloned().unwrap_or_default();
    let first = resources.keys().next().cloned().unwrap_or_default();
    let mut all = json!({"Topic": {"Type": "AWS::SNS::Topic"}});
    if let Some(all) = all.as_object_mut() {
        all.extend(resources);
    }
    json!({
        "Transform": "AWS::Serverless-2016-10-31",
        "Parameters": {"Stage": {"Type": "String", "Default": "dev"}},
        "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]}},
        "Resources": all,
        "Outputs": {"StackId": {"Value": {"Ref": first}}}
    })
}
