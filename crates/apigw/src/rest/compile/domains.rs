//! Custom domain names with REST base path mappings (aws-rest-api.md §1.1): a mapping to
//! an API or stage that is not deployed fails the deployment, as `CreateBasePathMapping`
//! would. The mapping's base path is chosen as for HTTP APIs' API mappings
//! ([`crate::domain`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use store::model::apigateway::BasePathMapping;

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
    let problem = |domain_name: &str, mapping: &BasePathMapping, what: String| {
        RestCompileError::BasePathMapping {
            domain_name: domain_name.to_owned(),
            base_path: mapping.base_path.clone(),
            problem: what,
        }
    };
    DomainTable::build(
        inventory
            .domain_names
            .iter()
            .map(|d| d.domain_name.as_str()),
        &inventory.base_path_mappings,
        |m| m.domain_name.as_str(),
        |domain_name, mapping| {
            let api = apis.get(&mapping.rest_api_id).ok_or_else(|| {
                problem(
                    domain_name,
                    mapping,
                    format!("REST API {} is not deployed", mapping.rest_api_id),
                )
            })?;
            if let Some(stage) = &mapping.stage
                && !api.stages.contains_key(stage)
            {
                return Err(problem(
                    domain_name,
                    mapping,
                    format!(
                        "REST API {} has no stage {stage:?}; map one of its stages ({})",
                        mapping.rest_api_id,
                        api.stage_names().join(", ")
                    ),
                ));
            }
            let key = match mapping.base_path.as_str() {
                ROOT_BASE_PATH => String::new(),
                path => path.trim_matches('/').to_owned(),
            };
            let target = RestMapping {
                api: api.clone(),
                stage: mapping.stage.clone(),
            };
            Ok((key, target))
        },
        |domain_name, mapping| {
            problem(
                domain_name,
                mapping,
                "another mapping of the domain has the same base path".to_owned(),
            )
        },
    )
}
