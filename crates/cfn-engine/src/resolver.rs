//! What `Ref`, `Fn::GetAtt` and `Fn::ImportValue` return during a deployment.

use std::collections::{BTreeMap, HashMap};

use cfn_template::Resolve;
use serde_json::Value;
use store::ResourceRecord;

/// The resources deployed so far in this run, plus the exports of other stacks.
#[derive(Debug, Default)]
pub(crate) struct DeployedSoFar<'a> {
    pub(crate) records: HashMap<String, ResourceRecord>,
    pub(crate) exports: Option<&'a BTreeMap<String, String>>,
}

impl Resolve for DeployedSoFar<'_> {
    fn ref_value(&self, logical_id: &str) -> Option<Value> {
        self.records
            .get(logical_id)
            .map(|record| Value::String(record.physical_id.clone()))
    }

    fn get_att(&self, logical_id: &str, attribute: &str) -> Option<Value> {
        self.records
            .get(logical_id)?
            .attributes
            .get(attribute)
            .cloned()
    }

    fn import_value(&self, export_name: &str) -> Option<Value> {
        self.exports?
            .get(export_name)
            .map(|value| Value::String(value.clone()))
    }
}
