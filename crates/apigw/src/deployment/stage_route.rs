//! What a route does on one stage: its integration when the `IntegrationUri` uses stage
//! variables (§6.3), and its throttle (§7.2). Compiled once per stage × route.

use super::{RouteIntegration, ServedApi, ServedRoute, ServedStage};
use crate::stage::Throttle;

/// A route on a stage.
#[derive(Debug, Default)]
pub(crate) struct StageRoute {
    /// The integration resolved with the stage's variables; `None` when the route's own
    /// integration does not depend on the stage.
    pub(crate) integration: Option<RouteIntegration>,
    /// The token bucket, when the stage sets limits for the route.
    pub(crate) throttle: Option<Throttle>,
}

impl ServedApi {
    fn stage_route(&self, stage: &ServedStage, route: &ServedRoute) -> Option<&StageRoute> {
        self.stage_routes.get(stage.index)?.get(route.index)
    }

    /// Where the route sends requests on this stage.
    pub fn integration<'s>(
        &'s self,
        stage: &ServedStage,
        route: &'s ServedRoute,
    ) -> &'s RouteIntegration {
        self.stage_route(stage, route)
            .and_then(|on_stage| on_stage.integration.as_ref())
            .unwrap_or(&route.integration)
    }

    /// The route's token bucket on this stage, if the stage throttles it.
    pub fn throttle(&self, stage: &ServedStage, route: &ServedRoute) -> Option<&Throttle> {
        self.stage_route(stage, route)?.throttle.as_ref()
    }
}
