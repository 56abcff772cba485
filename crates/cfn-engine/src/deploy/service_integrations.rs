//! AWS service integrations (§6.6; `IntegrationSubtype`: EventBridge-PutEvents, SQS-SendMessage,
//! StepFunctions-StartExecution, ...) are not emulated: the deployment is refused before
//! anything is created, naming each integration and the routes that use it, unless
//! `--allow-unsupported` (then they deploy and their routes answer 500, explained).

use cfn_template::Plan;

use super::DeployError;

const INTEGRATION_TYPE: &str = "AWS::ApiGatewayV2::Integration";
const ROUTE_TYPE: &str = "AWS::ApiGatewayV2::Route";
const SUBTYPE: &str = "IntegrationSubtype";

/// Refuses the first AWS service integration, unless `allow_unsupported`.
pub(super) fn refuse_service_integrations(
    plan: &Plan,
    allow_unsupported: bool,
) -> Result<(), DeployError> {
    if allow_unsupported {
        return Ok(());
    }
    let Some(integration) = plan
        .active_resources()
        .find(|r| r.resource_type == INTEGRATION_TYPE && r.properties.contains_key(SUBTYPE))
    else {
        return Ok(());
    };
    let field = integration.properties.get(SUBTYPE);
    let subtype = field
        .and_then(|field| field.value.as_str())
        .unwrap_or("(computed)");
    let line = field.map_or(integration.position.line, |f| f.key_position.line);
    let graph = plan.graph();
    let routes: Vec<&str> = plan
        .active_resources()
        .filter(|r| r.resource_type == ROUTE_TYPE)
        .filter(|r| {
            graph
                .dependencies_of(&r.logical_id)
                .any(|dependency| dependency == integration.logical_id)
        })
        .map(|r| r.logical_id.as_str())
        .collect();
    let used_by = if routes.is_empty() {
        "no route uses it".to_owned()
    } else {
        format!("used by route(s) {}", routes.join(", "))
    };
    Err(DeployError::ResourceFailed {
        logical_id: integration.logical_id.clone(),
        resource_type: INTEGRATION_TYPE.to_owned(),
        line: Some(line),
        reason: format!(
            "line {}: Properties.{SUBTYPE} {subtype} makes this an AWS service integration, which gantry does not emulate ({used_by}). Replace it with a Lambda integration whose function calls the service, or pass --allow-unsupported to deploy it anyway (its routes then answer 500)",
            line
        ),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use cfn_template::Inputs;

    use super::*;

    const TEMPLATE: &str = r"
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: a, ProtocolType: HTTP}
  Queue:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: AWS_PROXY
      IntegrationSubtype: SQS-SendMessage
      PayloadFormatVersion: '1.0'
  Send:
    Type: AWS::ApiGatewayV2::Route
    Properties: {ApiId: !Ref Api, RouteKey: POST /send, Target: !Sub 'integrations/${Queue}'}
  Other:
    Type: AWS::ApiGatewayV2::Route
    Properties: {ApiId: !Ref Api, RouteKey: GET /other}
";

    fn plan() -> Plan {
        let inputs = Inputs {
            region: "us-east-1".into(),
            account_id: "123456789012".into(),
            stack_name: "s".into(),
            stack_id: None,
            ..Inputs::default()
        };
        cfn_template::validate(TEMPLATE, &inputs)
            .unwrap()
            .plan
            .unwrap()
    }

    #[test]
    fn a_service_integration_is_refused_naming_it_its_line_and_its_routes() {
        let Err(DeployError::ResourceFailed {
            logical_id, reason, ..
        }) = refuse_service_integrations(&plan(), false)
        else {
            panic!("not refused");
        };
        assert_eq!(logical_id, "Queue");
        assert!(
            reason.starts_with("line 11: Properties.IntegrationSubtype SQS-SendMessage"),
            "{reason}"
        );
        assert!(reason.contains("used by route(s) Send)"), "{reason}");
        assert!(reason.contains("--allow-unsupported"), "{reason}");
    }

    #[test]
    fn allow_unsupported_lets_it_deploy() {
        assert!(refuse_service_integrations(&plan(), true).is_ok());
    }
}
