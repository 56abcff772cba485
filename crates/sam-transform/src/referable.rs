//! The properties of a SAM resource a template may reference as `<SamId>.<Property>`
//! (`MyFn.Alias`, `MyApi.Stage`): each stands for the generated resource of a given type
//! (the translator's `referable_properties`). `Template` records them as resources are
//! generated; `resource_refs` rewrites the references.

use serde_json::Value;

/// The properties of each SAM resource type a template may reference as
/// `<SamId>.<Property>`, with the type of the generated resource each stands for.
const REFERABLE_PROPERTIES: &[(&str, &[(&str, &str)])] = &[
    (
        "AWS::Serverless::Function",
        &[
            ("Alias", "AWS::Lambda::Alias"),
            ("Version", "AWS::Lambda::Version"),
            ("DestinationTopic", "AWS::SNS::Topic"),
            ("DestinationQueue", "AWS::SQS::Queue"),
        ],
    ),
    (
        "AWS::Serverless::Api",
        &[
            ("Stage", "AWS::ApiGateway::Stage"),
            ("Deployment", "AWS::ApiGateway::Deployment"),
            ("DomainName", "AWS::ApiGateway::DomainName"),
            ("DomainNameV2", "AWS::ApiGateway::DomainNameV2"),
            ("UsagePlan", "AWS::ApiGateway::UsagePlan"),
            ("UsagePlanKey", "AWS::ApiGateway::UsagePlanKey"),
            ("ApiKey", "AWS::ApiGateway::ApiKey"),
        ],
    ),
    (
        "AWS::Serverless::HttpApi",
        &[
            ("Stage", "AWS::ApiGatewayV2::Stage"),
            ("DomainName", "AWS::ApiGatewayV2::DomainName"),
        ],
    ),
];

/// The referable properties of a SAM resource of `sam_type` that generated `generated`,
/// each with the id of the last generated resource of its type.
pub(crate) fn references(
    sam_type: &str,
    generated: &[(String, Value)],
) -> Vec<(&'static str, String)> {
    let Some((_, properties)) = REFERABLE_PROPERTIES.iter().find(|(t, _)| *t == sam_type) else {
        return Vec::new();
    };
    properties
        .iter()
        .filter_map(|(property, generated_type)| {
            let (logical_id, _) = generated.iter().rev().find(|(_, resource)| {
                resource.get("Type").and_then(Value::as_str) == Some(generated_type)
            })?;
            Some((*property, logical_id.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_property_stands_for_the_last_generated_resource_of_its_type() {
        let generated = vec![
            (
                "Api".to_owned(),
                json!({"Type": "AWS::ApiGateway::RestApi"}),
            ),
            (
                "ApiDeploymentabc".to_owned(),
                json!({"Type": "AWS::ApiGateway::Deployment"}),
            ),
            (
                "ApiProdStage".to_owned(),
                json!({"Type": "AWS::ApiGateway::Stage"}),
            ),
        ];
        assert_eq!(
            references("AWS::Serverless::Api", &generated),
            vec![
                ("Stage", "ApiProdStage".to_owned()),
                ("Deployment", "ApiDeploymentabc".to_owned())
            ]
        );
        assert!(references("AWS::Serverless::SimpleTable", &generated).is_empty());
    }
}
