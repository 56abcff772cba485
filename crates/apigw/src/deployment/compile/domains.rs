//! Custom domain names and their API mappings (§7.4), compiled against the APIs being
//! served: a mapping to an API or stage that does not exist fails the deployment, as
//! `CreateApiMapping` would. A mapping may name a domain created outside the stacks (a
//! `DomainName` parameter, as templates do for domains made in the console); gantry
//! serves that domain name too, since it has no account to look it up in.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::CompileError;
use super::inventory::Inventory;
use crate::deployment::{ServedApi, ServedMapping};
use crate::domain::DomainTable;

/// The domain table of the deployment.
pub(super) fn domains(
    inventory: &Inventory<'_>,
    apis: &BTreeMap<String, Arc<ServedApi>>,
) -> Result<DomainTable<ServedMapping>, CompileError> {
    let mut names: Vec<&str> = inventory
        .domain_names
        .iter()
        .map(|d| d.domain_name.as_str())
        .chain(
            inventory
                .api_mappings
                .iter()
                .map(|m| m.domain_name.as_str()),
        )
        .collect();
    names.sort_by_key(|name| name.to_ascii_lowercase());
    names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    let mut table = DomainTable::default();
    for domain_name in names {
        let mut mappings = Vec::new();
        for mapping in inventory
            .api_mappings
            .iter()
            .filter(|m| m.domain_name.eq_ignore_ascii_case(domain_name))
        {
            let problem = |what: String| CompileError::ApiMapping {
                domain_name: domain_name.to_owned(),
                api_mapping_key: mapping.api_mapping_key.clone(),
                problem: what,
            };
            let api = apis
                .get(&mapping.api_id)
                .ok_or_else(|| problem(format!("API {} is not deployed", mapping.api_id)))?;
            let (stage, _) = api.stages.get(&mapping.stage).ok_or_else(|| {
                problem(format!(
                    "API {} has no stage {:?}; map one of its stages",
                    mapping.api_id, mapping.stage
                ))
            })?;
            if mappings
                .iter()
                .any(|(key, _): &(String, ServedMapping)| *key == mapping.api_mapping_key)
            {
                return Err(problem(
                    "another mapping of the domain has the same key".to_owned(),
                ));
            }
            mappings.push((
                mapping.api_mapping_key.clone(),
                ServedMapping {
                    api: api.clone(),
                    stage: stage.to_owned(),
                },
            ));
        }
        table.insert(domain_name, mappings);
    }
    Ok(table)
}
