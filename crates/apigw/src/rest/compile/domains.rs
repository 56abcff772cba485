//! Custom domain names with REST base path mappings (aws-rest-api.md §1.1): a mapping to
//! an API or stage that is not deployed fails the deployment, as `CreateBasePathMapping`
//! would. The mapping's base path is chosen as for HTTP APIs' API mappings
//! ([`crate::domain`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{RestCompileError, RestInventory};
use crate::domain::DomainTable;
use crate::rest::served::{RestMapping, ServedRestApi};

/// `BasePath` of the mapping of a domain's root, as CloudFormation reports it.
const ROOT_BASE_PATH: &str = "(none)";

/// The domain table of the deployment's REST base path mappings.
pub(crate) fn domains(
    inventory: &RestInventory<'_>,
    apis: &BTreeMap<String, Arc<ServedRestApi>>,
) -> Result<DomainTable<RestMapping>, RestCompileError> {
    let mut names: Vec<&str> = inventory
        .domain_names
        .iter()
        .map(|d| d.domain_name.as_str())
        .chain(
            inventory
                .base_path_mappings
                .iter()
                .map(|m| m.domain_name.as_str()),
        )
        .collect();
    names.sort_by_key(|name| name.to_ascii_lowercase());
    names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    let mut table = DomainTable::default();
    for domain_name in names {
        let mut mappings: Vec<(String, RestMapping)> = Vec::new();
        for mapping in inventory
            .base_path_mappings
            .iter()
            .filter(|m| m.domain_name.eq_ignore_ascii_case(domain_name))
        {
            let problem = |what: String| RestCompileError::BasePathMapping {
                domain_name: domain_name.to_owned(),
                base_path: mapping.base_path.clone(),
                problem: what,
            };
            let api = apis.get(&mapping.rest_api_id).ok_or_else(|| {
                problem(format!("REST API {} is not deployed", mapping.rest_api_id))
            })?;
            if let Some(stage) = &mapping.stage
                && !api.stages.contains_key(stage)
            {
                return Err(problem(format!(
                    "REST API {} has no stage {stage:?}; map one of its stages ({})",
                    mapping.rest_api_id,
                    api.stage_names().join(", ")
                )));
            }
            let key = match mapping.base_path.as_str() {
                ROOT_BASE_PATH => String::new(),
                path => path.trim_matches('/').to_owned(),
            };
            if mappings.iter().any(|(other, _)| *other == key) {
                return Err(problem(
                    "another mapping of the domain has the same base path".to_owned(),
                ));
            }
            mappings.push((
                key,
                RestMapping {
                    api: api.clone(),
                    stage: mapping.stage.clone(),
                },
            ));
        }
        table.insert(domain_name, mappings);
    }
    Ok(table)
}
