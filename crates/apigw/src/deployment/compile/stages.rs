//! The stages of one API and what each route does on each of them: whether the stage is
//! deployed (§7.1), its access log (§7.3), the route's integration resolved with the
//! stage's variables (§6.3), its throttle (§7.2) and the invoke-permission verdict (§9).

use std::sync::Arc;
use std::time::Instant;

use arn::Partition;
use store::StackRecord;
use store::model::{Api, Stage};

use super::CompileError;
use super::inventory::Inventory;
use super::routes::{Routes, route_integration};
use crate::deployment::{RouteIntegration, ServedRoute, ServedStage, StageRoute};
use crate::permission::{InvokePermission, execute_api_source_arn};
use crate::route::RouteKey;
use crate::stage::{
    AccessLogFormat, DEFAULT_STAGE_NAME, StageAccessLog, Throttle, ThrottleLimits,
    resolve_stage_variables,
};

/// A stage being compiled, with its resource (none for quick create's `$default`).
pub(super) struct CompiledStage<'a> {
    pub(super) served: ServedStage,
    model: Option<&'a Stage>,
}

/// The API's Stage resources, plus the auto-deploying `$default` stage quick create makes.
pub(super) fn stages<'a>(
    stack: &StackRecord,
    api: &Api,
    inventory: &Inventory<'a>,
) -> Vec<CompiledStage<'a>> {
    let mut stages: Vec<CompiledStage<'a>> = inventory
        .stages
        .iter()
        .filter(|stage| stage.api_id == api.api_id)
        .enumerate()
        .map(|(index, stage)| CompiledStage {
            served: ServedStage {
                name: stage.stage_name.clone(),
                variables: stage
                    .stage_variables
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                undeployed: undeployed(stage, inventory),
                access_log: stage.access_log_settings.as_ref().and_then(|settings| {
                    let log_group_name = arn::log_group_name(&settings.destination_arn)?;
                    Some(Arc::new(StageAccessLog {
                        destination_arn: settings.destination_arn.clone(),
                        log_group_name: log_group_name.to_owned(),
                        format: AccessLogFormat::parse(&settings.format),
                        api_id: api.api_id.clone(),
                        account_id: stack.account_id.clone(),
                        stage_name: stage.stage_name.clone(),
                    }))
                }),
                index,
            },
            model: Some(stage),
        })
        .collect();
    if api.quick_create.is_some()
        && !stages
            .iter()
            .any(|stage| stage.served.name == DEFAULT_STAGE_NAME)
    {
        stages.push(CompiledStage {
            served: ServedStage {
                name: DEFAULT_STAGE_NAME.to_owned(),
                variables: Vec::new(),
                undeployed: None,
                access_log: None,
                index: stages.len(),
            },
            model: None,
        });
    }
    stages
}

/// Why a stage serves nothing: no `AutoDeploy`, no `DeploymentId`, and no `Deployment`
/// naming it in `StageName` (§7.1).
// Deviation from AWS: a deployed stage serves the API's routes as they are now, not as
// they were when the deployment was made; in one CloudFormation stack the Deployment is
// made after the routes it depends on, so the two agree unless routes change without a
// new Deployment.
fn undeployed(stage: &Stage, inventory: &Inventory<'_>) -> Option<String> {
    let named_by_deployment = inventory.deployments.iter().any(|deployment| {
        deployment.api_id == stage.api_id
            && deployment.stage_name.as_deref() == Some(stage.stage_name.as_str())
    });
    (!stage.auto_deploy && stage.deployment_id.is_none() && !named_by_deployment).then(|| {
        format!(
            "stage {} has no deployment (AutoDeploy is false, it has no DeploymentId and no \
             AWS::ApiGatewayV2::Deployment names it), so it serves nothing; set AutoDeploy: true",
            stage.stage_name
        )
    })
}

/// Each stage × route: the integration on that stage, its throttle, and whether API
/// Gateway may invoke its function from that stage.
pub(super) struct StageRoutes {
    pub(super) permissions: Vec<Vec<Option<InvokePermission>>>,
    pub(super) stage_routes: Vec<Vec<StageRoute>>,
}

pub(super) fn stage_routes(
    stack: &StackRecord,
    api_id: &str,
    stages: &[CompiledStage<'_>],
    routes: &Routes<'_, '_>,
    inventory: &Inventory<'_>,
) -> Result<StageRoutes, CompileError> {
    let now = Instant::now();
    let mut permissions = Vec::with_capacity(stages.len());
    let mut stage_routes = Vec::with_capacity(stages.len());
    for stage in stages {
        check_route_settings(api_id, stage, &routes.routes)?;
        let mut verdicts = Vec::with_capacity(routes.routes.len());
        let mut on_stage = Vec::with_capacity(routes.routes.len());
        for (_, route) in &routes.routes {
            let integration = routes
                .staged
                .get(route.index)
                .copied()
                .flatten()
                .map(|spec| {
                    let uri = spec.integration_uri.unwrap_or("");
                    match resolve_stage_variables(uri, &stage.served.variables) {
                        Ok(resolved) => route_integration(&spec.with_uri(&resolved), inventory),
                        Err(missing) => RouteIntegration::Unavailable(format!(
                            "integration {}'s IntegrationUri {uri:?} uses ${{stageVariables.{}}}, which stage {} does not define; add {} to the stage's StageVariables",
                            spec.integration_id, missing.name, stage.served.name, missing.name
                        )),
                    }
                });
            let effective = integration.as_ref().unwrap_or(&route.integration);
            verdicts.push(invoke_verdict(
                stack,
                api_id,
                &stage.served,
                route,
                effective,
                &routes.credentials,
                inventory,
            ));
            let model = stage.model;
            let limits = ThrottleLimits::for_route(
                model.and_then(|m| m.default_route_settings.as_ref()),
                model.and_then(|m| m.route_settings.get(route.route_key.as_str())),
            );
            on_stage.push(StageRoute {
                integration,
                throttle: limits.map(|limits| Throttle::new(limits, now)),
            });
        }
        permissions.push(verdicts);
        stage_routes.push(on_stage);
    }
    Ok(StageRoutes {
        permissions,
        stage_routes,
    })
}

/// `RouteSettings` must name routes of the API.
// Unconfirmed: AWS refuses settings for a route key the API does not have.
fn check_route_settings(
    api_id: &str,
    stage: &CompiledStage<'_>,
    routes: &[(RouteKey, ServedRoute)],
) -> Result<(), CompileError> {
    let Some(model) = stage.model else {
        return Ok(());
    };
    for route_key in model.route_settings.keys() {
        if !routes.iter().any(|(key, _)| key.as_str() == route_key) {
            return Err(CompileError::RouteSettings {
                api_id: api_id.to_owned(),
                stage: model.stage_name.clone(),
                route_key: route_key.clone(),
            });
        }
    }
    Ok(())
}

/// May API Gateway invoke the route's function from this stage? Decided once, here.
fn invoke_verdict(
    stack: &StackRecord,
    api_id: &str,
    stage: &ServedStage,
    route: &ServedRoute,
    integration: &RouteIntegration,
    credentials: &[Option<String>],
    inventory: &Inventory<'_>,
) -> Option<InvokePermission> {
    let RouteIntegration::Lambda(lambda) = integration else {
        return None;
    };
    let function = inventory.lambda.function(&lambda.function_arn).ok()?;
    let source_arn = execute_api_source_arn(
        Partition::of_region(&stack.region),
        &stack.region,
        &stack.account_id,
        api_id,
        &stage.name,
        &route.route_key,
    );
    // A `CredentialsArn` may use stage variables too (§7.4); one the stage cannot resolve
    // stays as written, names no role, and is refused.
    let credentials_arn = credentials
        .get(route.index)
        .and_then(Option::as_deref)
        .map(|arn| {
            resolve_stage_variables(arn, &stage.variables).unwrap_or_else(|_| arn.to_owned())
        });
    Some(inventory.lambda.check(
        function,
        &lambda.function_arn,
        credentials_arn.as_deref(),
        &source_arn,
        &stack.account_id,
    ))
}
