//! Wiring the deploy engine to the components that serve what it deploys: the checks it
//! asks of them, and how a deployed stack becomes running functions and a served API.

use cfn_engine::{DeployChecks, EventSink, ResourceStatus, StackEvent};
use lambda_host::{CloudFormationFunction, FunctionConfig, LambdaHost};
use store::model::Function;
use tokio::runtime::Handle;

use crate::console;

/// The Lambda host's configuration of a deployed function.
pub(crate) fn function_config(function: &Function) -> Result<FunctionConfig, lambda_host::Error> {
    let mut config = FunctionConfig::from_cloudformation(
        &CloudFormationFunction::new(
            &function.logical_id,
            &function.properties,
            &function.template_dir,
        )
        .with_metadata((!function.metadata.is_null()).then_some(&function.metadata))
        .with_physical_name(&function.function_name),
    )?;
    config.function_arn = Some(function.function_arn.clone());
    Ok(config)
}

/// [`DeployChecks`] answered by the Lambda host (can this function run here?) and the
/// gateway's route-key parser. The deploy engine is synchronous and runs on a blocking
/// thread, so the host's async check is awaited with `block_on`.
pub(crate) struct ServingChecks<'a> {
    /// `None` checks function configurations but not interpreters (used by `invoke` to
    /// resolve the other functions of a template it will not run).
    pub(crate) host: Option<&'a LambdaHost>,
    pub(crate) runtime: Handle,
}

impl DeployChecks for ServingChecks<'_> {
    fn check_function(&self, function: &Function) -> Result<Vec<String>, String> {
        let config = function_config(function).map_err(|e| e.to_string())?;
        let Some(host) = self.host else {
            return Ok(Vec::new());
        };
        self.runtime
            .block_on(host.check(&config))
            .map(|warnings| warnings.iter().map(ToString::to_string).collect())
            .map_err(|e| e.to_string())
    }

    fn check_route_key(&self, route_key: &str) -> Result<(), String> {
        apigw::route::RouteKey::parse(route_key)
            .map(drop)
            .map_err(|e| e.to_string())
    }
}

/// Prints stack events as they happen, one line each, like CloudFormation's event list.
pub(crate) struct ProgressPrinter;

impl EventSink for ProgressPrinter {
    fn event(&mut self, event: StackEvent) {
        let mut line = format!(
            "{:<28} {:<44} {}",
            event.status.as_str(),
            event.resource_type,
            event.logical_id
        );
        if let Some(physical_id) = &event.physical_id
            && event.resource_type != cfn_engine::STACK_RESOURCE_TYPE
            && matches!(
                event.status,
                ResourceStatus::CreateComplete | ResourceStatus::UpdateComplete
            )
        {
            line.push_str(&format!("  {physical_id}"));
        }
        if let Some(reason) = &event.reason {
            line.push_str(&format!("  {reason}"));
        }
        console::line(&line);
    }
}

/// Collects events silently (for `gantry invoke`, which only needs values).
pub(crate) struct Quiet;

impl EventSink for Quiet {
    fn event(&mut self, _event: StackEvent) {}
}
