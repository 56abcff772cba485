//! Custom domain names and their API mappings (§7.4), compiled against the APIs being
//! served: a mapping to an API or stage that does not exist fails the deployment, as
//! `CreateApiMapping` would. A mapping may name a domain created outside the stacks (a
//! `DomainName` parameter, as templates do for domains made in the console); gantry
//! serves that domain name too, since it has no account to look it up in.

use std::collections::BTreeMap;
use std::sync::Arc;

use store::model::ApiMapping;

use super::CompileError;
use super::inventory::Inventory;
use crate::deployment::{ServedApi, ServedMapping};
use crate::domain::DomainTable;

/// The domain table of the deployment.
pub(super) fn domains(
    inventory: &Inventory<'_>,
    apis: &BTreeMap<String, Arc<ServedApi>>,
) -> Result<DomainTable<ServedMapping>, CompileError> {
    let problem =
        |domain_name: &str, mapping: &ApiMapping, what: String| CompileError::ApiMapping {
            domain_name: domain_name.to_owned(),
            api_mapping_key: mapping.api_mapping_key.clone(),
            problem: what,
        };
    DomainTable::build(
        inventory
            .domain_names
            .iter()
            .map(|d| d.domain_name.as_str()),
        &inventory.api_mappings,
        |m| m.domain_name.as_str(),
        |domain_name, mapping| {
            let api = apis.get(&mapping.api_id).ok_or_else(|| {
                problem(
                    domain_name,
                    mapping,
                    format!("API {} is not deployed", mapping.api_id),
                )
            })?;
            let (stage, _) = api.stages.get(&mapping.stage).ok_or_else(|| {
                problem(
                    domain_name,
                    mapping,
                    format!(
                        "API {} has no stage {:?}; map one of its stages",
                        mapping.api_id, mapping.stage
                    ),
                )
            })?;
            let target = ServedMapping {
                api: api.clone(),
                stage: stage.to_owned(),
            };
            Ok((mapping.api_mapping_key.clone(), target))
        },
        |domain_name, mapping| {
            problem(
                domain_name,
                mapping,
                "another mapping of the domain has the same key".to_owned(),
            )
        },
    )
}
