//! SAM features gantry does not transform, refused by name before anything else runs
//! (fail closed: nothing is half-translated).

use serde_json::Value;

use crate::error::{Cause, Error};
use crate::template::Template;

/// SAM resource types outside gantry's transform, and why.
const OUT_OF_SCOPE_TYPES: &[(&str, &str)] = &[
    (
        "AWS::Serverless::StateMachine",
        "Step Functions state machines are not emulated",
    ),
    (
        "AWS::Serverless::GraphQLApi",
        "AppSync GraphQL APIs are not emulated",
    ),
    (
        "AWS::Serverless::Connector",
        "connectors are not transformed by gantry",
    ),
];

/// The SAM resource types gantry transforms; any other `AWS::Serverless::*` type (newer
/// ones such as `CapacityProvider`, `WebSocketApi`, `WebFunction`) is refused by name.
const TRANSFORMED_TYPES: &[&str] = &[
    "AWS::Serverless::Function",
    "AWS::Serverless::Api",
    "AWS::Serverless::HttpApi",
    "AWS::Serverless::LayerVersion",
    "AWS::Serverless::SimpleTable",
    "AWS::Serverless::Application",
];

/// Properties of SAM resources outside gantry's transform.
const OUT_OF_SCOPE_PROPERTIES: &[(&str, &str, &str)] = &[
    (
        "AWS::Serverless::Function",
        "DeploymentPreference",
        "gradual deployments (CodeDeploy) are not emulated",
    ),
    (
        "AWS::Serverless::Api",
        "Domain",
        "custom domains of SAM APIs are not transformed by gantry",
    ),
    (
        "AWS::Serverless::HttpApi",
        "Domain",
        "custom domains of SAM APIs are not transformed by gantry",
    ),
];

/// One error per out-of-scope resource type or property in the template.
pub(crate) fn refuse_out_of_scope(template: &Template<'_>) -> Result<(), Error> {
    let mut causes = Vec::new();
    for (logical_id, resource) in template.resources() {
        let resource_type = resource
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if let Some((_, why)) = OUT_OF_SCOPE_TYPES.iter().find(|(t, _)| *t == resource_type) {
            causes.push(Cause::resource(
                logical_id,
                format!("gantry does not transform {resource_type}: {why}."),
            ));
        } else if resource_type.starts_with("AWS::Serverless::")
            && !TRANSFORMED_TYPES.contains(&resource_type)
        {
            causes.push(Cause::resource(
                logical_id,
                format!(
                    "gantry does not transform {resource_type} (it transforms {}).",
                    TRANSFORMED_TYPES.join(", ")
                ),
            ));
        }
        for (owner, property, why) in OUT_OF_SCOPE_PROPERTIES {
            if *owner == resource_type
                && resource
                    .get("Properties")
                    .and_then(|p| p.get(*property))
                    .is_some()
            {
                causes.push(Cause::resource(
                    logical_id,
                    format!("gantry does not transform the '{property}' property of {resource_type}: {why}."),
                ));
            }
        }
        if resource.get("Connectors").is_some() {
            causes.push(Cause::resource(
                logical_id,
                "gantry does not transform embedded 'Connectors'.",
            ));
        }
    }
    if causes.is_empty() {
        Ok(())
    } else {
        Err(Error::new(causes))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn a_sam_type_gantry_does_not_know_is_refused_by_name() {
        let template = json!({
            "Transform": "AWS::Serverless-2016-10-31",
            "Resources": {"Pool": {"Type": "AWS::Serverless::CapacityProvider", "Properties": {}}}
        });
        let error = crate::transform(&template, &crate::Options::default()).unwrap_err();
        assert_eq!(error.causes.len(), 1);
        assert!(
            error.causes[0]
                .message
                .starts_with("Resource with id [Pool] is invalid. gantry does not transform AWS::Serverless::CapacityProvider (it transforms AWS::Serverless::Function,"),
            "{}",
            error.message()
        );
    }

    #[test]
    fn a_domain_from_globals_is_refused_like_a_resource_s_own() {
        let template = json!({
            "Transform": "AWS::Serverless-2016-10-31",
            "Globals": {"HttpApi": {"Domain": {"DomainName": "api.example.com", "CertificateArn": "arn"}}},
            "Resources": {"Api": {"Type": "AWS::Serverless::HttpApi", "Properties": {}}}
        });
        let error = crate::transform(&template, &crate::Options::default()).expect_err("refused");
        assert_eq!(
            error.message(),
            "Invalid Serverless Application Specification document. Number of errors found: 1. Resource with id \
             [Api] is invalid. gantry does not transform the 'Domain' property of AWS::Serverless::HttpApi: custom \
             domains of SAM APIs are not transformed by gantry."
        );
    }
}
