//! AWS service integrations (`IntegrationSubtype`: EventBridge-PutEvents, SQS-SendMessage,
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
        reason: format!(
            "line {}: Properties.{SUBTYPE} {subtype} makes this an AWS service integration, which gantry does not emulate ({used_by}). Replace it with a Lambda integration whose function calls the service, or pass --allow-unsupported to deploy it anyway (its routes then answer 500)",
            line
        ),
    })
}
