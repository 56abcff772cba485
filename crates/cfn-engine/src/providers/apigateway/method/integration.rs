//! A REST method's `Integration`: what gantry serves (`AWS_PROXY` to a Lambda function,
//! `HTTP_PROXY`, `MOCK`), and the refusals, each naming the method, for what it cannot:
//! non-proxy `AWS` and `HTTP` integrations (their Velocity mapping templates are not
//! evaluated), proxies to AWS services other than Lambda, Lambda integrations called with
//! a method other than `POST` (aws-rest-api.md §2.8), private integrations.

use store::model::IntegrationType;
use store::model::apigateway::{IntegrationResponse, MethodIntegration};

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::ProviderWarning;

/// API Gateway's default and maximum integration timeout, and its minimum.
const DEFAULT_TIMEOUT_MILLIS: u32 = 29_000;
const MIN_TIMEOUT_MILLIS: u32 = 50;

/// The method API Gateway must use to call Lambda (aws-rest-api.md §2.8).
const LAMBDA_INTEGRATION_METHOD: &str = "POST";

/// `Integration` members read into the model.
const READ: &[&str] = &[
    "Type",
    "Uri",
    "IntegrationHttpMethod",
    "Credentials",
    "TimeoutInMillis",
    "RequestTemplates",
    "RequestParameters",
    "PassthroughBehavior",
    "ContentHandling",
    "CacheKeyParameters",
    "IntegrationResponses",
    "ConnectionType",
];

/// `Integration` members about response caching, which gantry does not do.
const CACHING: &[&str] = &["CacheKeyParameters", "CacheNamespace"];

pub(super) fn read(
    props: &Properties<'_>,
    label: &str,
    warnings: &mut Vec<ProviderWarning>,
) -> Result<MethodIntegration, ProviderError> {
    let in_integration = |e: ProviderError| e.within("Integration");
    let integration_type: IntegrationType = props.required_enum("Type").map_err(in_integration)?;
    let uri = props.string("Uri").map_err(in_integration)?;
    let integration_http_method = props
        .string("IntegrationHttpMethod")
        .map_err(in_integration)?
        .map(|method| method.to_ascii_uppercase());
    check_servable(
        integration_type,
        uri.as_deref(),
        integration_http_method.as_deref(),
        label,
    )?;
    check_connection(props, label)?;
    for name in props.names() {
        if CACHING.contains(&name) {
            warnings.push(ProviderWarning::property(
                format!("Integration.{name}"),
                "gantry does not cache integration responses: every request reaches the integration",
            ));
        } else if !READ.contains(&name) {
            warnings.push(ProviderWarning::property(
                format!("Integration.{name}"),
                "gantry does not honour this integration setting; the method is served as if it were absent",
            ));
        }
    }
    Ok(MethodIntegration {
        integration_type,
        uri,
        integration_http_method,
        credentials: props.string("Credentials").map_err(in_integration)?,
        timeout_in_millis: timeout(props)?,
        request_templates: props
            .string_map("RequestTemplates")
            .map_err(in_integration)?,
        request_parameters: props
            .string_map("RequestParameters")
            .map_err(in_integration)?,
        passthrough_behavior: props
            .string("PassthroughBehavior")
            .map_err(in_integration)?,
        content_handling: props.string("ContentHandling").map_err(in_integration)?,
        cache_key_parameters: props
            .strings("CacheKeyParameters")
            .map_err(in_integration)?,
        integration_responses: integration_responses(props)?,
    })
}

/// Is `uri` a Lambda invocations URI
/// (`arn:{partition}:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations`,
/// aws-rest-api.md §2.8)? Stage variables may stand for parts of it.
pub(crate) fn is_lambda_invocations_uri(uri: &str) -> bool {
    let Some(rest) = uri.strip_prefix("arn:") else {
        return false;
    };
    let mut parts = rest.splitn(5, ':');
    let (_partition, service, _region, lambda, path) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next().unwrap_or_default(),
    );
    service == Some("apigateway")
        && lambda == Some("lambda")
        && path.starts_with("path/")
        && path.contains("/functions/")
        && path.ends_with("/invocations")
}

fn check_servable(
    integration_type: IntegrationType,
    uri: Option<&str>,
    http_method: Option<&str>,
    label: &str,
) -> Result<(), ProviderError> {
    let refuse = |property: &str, message: String| {
        Err(ProviderError::invalid(
            &format!("Integration.{property}"),
            message,
        ))
    };
    match integration_type {
        IntegrationType::Aws | IntegrationType::Http => refuse(
            "Type",
            format!(
                "{integration_type} on {label} is not supported: non-proxy integrations map \
                 requests and responses with Velocity templates, which gantry does not evaluate; \
                 use AWS_PROXY for a Lambda function or HTTP_PROXY for a URL"
            ),
        ),
        IntegrationType::AwsProxy => {
            let Some(uri) = uri else {
                return refuse(
                    "Uri",
                    format!("is required on {label}: the Lambda function's invocations URI"),
                );
            };
            if !is_lambda_invocations_uri(uri) {
                return refuse(
                    "Uri",
                    format!(
                        "of {label} is not a Lambda invocations URI \
                         (arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations); \
                         gantry serves AWS_PROXY integrations with Lambda only, not other AWS \
                         services; found {uri:?}"
                    ),
                );
            }
            match http_method {
                Some(LAMBDA_INTEGRATION_METHOD) => Ok(()),
                other => refuse(
                    "IntegrationHttpMethod",
                    format!(
                        "must be POST on {label}: API Gateway calls Lambda with POST and fails \
                         every request otherwise; found {}",
                        other.map_or("nothing".to_owned(), |m| format!("{m:?}"))
                    ),
                ),
            }
        }
        IntegrationType::HttpProxy => {
            if uri.is_none() {
                return refuse(
                    "Uri",
                    format!("is required on {label}: the URL to proxy to"),
                );
            }
            if http_method.is_none() {
                return refuse(
                    "IntegrationHttpMethod",
                    format!("is required on {label}: the method to call the URL with (or ANY)"),
                );
            }
            Ok(())
        }
        IntegrationType::Mock => Ok(()),
    }
}

/// A private integration (`ConnectionType: VPC_LINK`) reaches a network gantry is not in.
fn check_connection(props: &Properties<'_>, label: &str) -> Result<(), ProviderError> {
    match props
        .string("ConnectionType")
        .map_err(|e| e.within("Integration"))?
    {
        None => Ok(()),
        Some(kind) if kind == "INTERNET" => Ok(()),
        Some(kind) => Err(ProviderError::invalid(
            "Integration.ConnectionType",
            format!(
                "{kind} on {label} is not supported: private integrations through a VPC link are \
                 not reachable from this machine; use INTERNET (the default) for local runs"
            ),
        )),
    }
}

/// `TimeoutInMillis`: 50 to 29000, 29000 when absent.
fn timeout(props: &Properties<'_>) -> Result<u32, ProviderError> {
    let millis = props
        .u32("TimeoutInMillis")
        .map_err(|e| e.within("Integration"))?
        .unwrap_or(DEFAULT_TIMEOUT_MILLIS);
    if (MIN_TIMEOUT_MILLIS..=DEFAULT_TIMEOUT_MILLIS).contains(&millis) {
        Ok(millis)
    } else {
        Err(ProviderError::invalid(
            "Integration.TimeoutInMillis",
            format!(
                "must be between {MIN_TIMEOUT_MILLIS} and {DEFAULT_TIMEOUT_MILLIS} milliseconds, found {millis}"
            ),
        ))
    }
}

fn integration_responses(
    props: &Properties<'_>,
) -> Result<Vec<IntegrationResponse>, ProviderError> {
    props
        .objects("IntegrationResponses")
        .map_err(|e| e.within("Integration"))?
        .into_iter()
        .map(|(path, response)| {
            let within = |e: ProviderError| e.within(&format!("Integration.{path}"));
            Ok(IntegrationResponse {
                status_code: response.required_string("StatusCode").map_err(within)?,
                selection_pattern: response.string("SelectionPattern").map_err(within)?,
                response_parameters: response.string_map("ResponseParameters").map_err(within)?,
                response_templates: response.string_map("ResponseTemplates").map_err(within)?,
                content_handling: response.string("ContentHandling").map_err(within)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const LAMBDA_URI: &str = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:111122223333:function:pets/invocations";

    fn read_json(integration: serde_json::Value) -> Result<MethodIntegration, ProviderError> {
        read(
            &Properties::new(&integration),
            "GET /pets/{id}",
            &mut Vec::new(),
        )
    }

    #[test]
    fn a_lambda_proxy_gets_aws_defaults() {
        let integration = read_json(json!({
            "Type": "AWS_PROXY", "Uri": LAMBDA_URI, "IntegrationHttpMethod": "post"
        }))
        .unwrap();
        assert_eq!(integration.integration_type, IntegrationType::AwsProxy);
        assert_eq!(integration.timeout_in_millis, 29_000);
        assert_eq!(integration.integration_http_method.as_deref(), Some("POST"));
    }

    #[test]
    fn non_proxy_integrations_are_refused_naming_the_method() {
        for kind in ["AWS", "HTTP"] {
            let err = read_json(
                json!({"Type": kind, "Uri": LAMBDA_URI, "IntegrationHttpMethod": "POST"}),
            )
            .unwrap_err()
            .to_string();
            assert!(err.starts_with("Properties.Integration.Type"), "{err}");
            assert!(
                err.contains("GET /pets/{id}") && err.contains("Velocity"),
                "{err}"
            );
        }
    }

    #[test]
    fn aws_service_proxies_and_non_post_lambda_calls_are_refused() {
        let err = read_json(json!({
            "Type": "AWS_PROXY", "IntegrationHttpMethod": "POST",
            "Uri": "arn:aws:apigateway:eu-west-1:sqs:path/111122223333/queue"
        }))
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("Properties.Integration.Uri") && err.contains("Lambda"),
            "{err}"
        );
        let err = read_json(
            json!({"Type": "AWS_PROXY", "Uri": LAMBDA_URI, "IntegrationHttpMethod": "GET"}),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("IntegrationHttpMethod") && err.contains("must be POST"),
            "{err}"
        );
    }

    #[test]
    fn timeouts_outside_aws_range_are_refused() {
        let err = read_json(json!({"Type": "MOCK", "TimeoutInMillis": 30_000}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("TimeoutInMillis"), "{err}");
        assert_eq!(
            read_json(json!({"Type": "MOCK", "TimeoutInMillis": 50}))
                .unwrap()
                .timeout_in_millis,
            50
        );
    }

    #[test]
    fn lambda_uris_are_recognised() {
        assert!(is_lambda_invocations_uri(LAMBDA_URI));
        assert!(is_lambda_invocations_uri(
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:${stageVariables.fn}/invocations"
        ));
        assert!(!is_lambda_invocations_uri(
            "https://example.com/invocations"
        ));
    }
}
