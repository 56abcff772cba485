//! Routes an Api imported from its OpenAPI definition next to the API's `Route`
//! resources (§11.2): a route key both declare is refused, naming both.

use store::model::Api;

use super::CompileError;
use super::inventory::Inventory;

/// Fails when a route key of `api`'s imported definition is also a `Route` resource's.
pub(super) fn check_route_keys(api: &Api, inventory: &Inventory<'_>) -> Result<(), CompileError> {
    let Some(imported) = &api.imported else {
        return Ok(());
    };
    let is_imported = |route_id: &str| imported.routes.iter().any(|r| r.route_id == route_id);
    for resource in inventory
        .routes
        .iter()
        .filter(|r| r.api_id == api.api_id && !is_imported(&r.route_id))
    {
        if let Some(route) = imported
            .routes
            .iter()
            .find(|r| r.route_key == resource.route_key)
        {
            return Err(CompileError::RouteDeclaredTwice {
                api_id: api.api_id.clone(),
                route_key: route.route_key.clone(),
                imported_route_id: route.route_id.clone(),
                resource_route_id: resource.route_id.clone(),
            });
        }
    }
    Ok(())
}
