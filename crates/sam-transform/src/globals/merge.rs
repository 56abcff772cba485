//! SAM's rules for merging a global value into a resource's own value
//! (`plugins/globals/globals.py`, `GlobalProperties`):
//!
//! | global \ local | result |
//! |---|---|
//! | different kinds (string vs mapping, ...) | local |
//! | primitive (scalar or intrinsic) + primitive | local |
//! | mapping + mapping | union of keys, keys in both merged again |
//! | list + list | global items, then local items |
//!
//! A few properties are replaced rather than merged (`Function.Architectures`).

use serde_json::{Map, Value};

use crate::intrinsics::is_intrinsic;

/// How a property at a dotted path below a section is merged, when not by the rules above.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Strategy {
    /// The local value as it is.
    Replace,
    /// Only the local keys survive; keys in both are merged.
    PruneAndMerge,
}

/// Properties merged by another strategy, as `<Section>.<path>`.
const CUSTOM_STRATEGIES: &[(&str, Strategy)] = &[
    ("Function.Architectures", Strategy::Replace),
    (
        "CapacityProvider.InstanceRequirements.Architectures",
        Strategy::Replace,
    ),
    (
        "CapacityProvider.ManagedResourceTags",
        Strategy::PruneAndMerge,
    ),
];

/// The value kinds the merge rules distinguish; an intrinsic function counts as a
/// primitive, since it resolves to one.
#[derive(PartialEq, Eq)]
enum Kind {
    Primitive,
    Mapping,
    List,
}

fn kind(value: &Value) -> Kind {
    match value {
        Value::Object(_) if is_intrinsic(value) => Kind::Primitive,
        Value::Object(_) => Kind::Mapping,
        Value::Array(_) => Kind::List,
        _ => Kind::Primitive,
    }
}

/// A section's global properties merged into a resource's `local` properties.
pub(super) fn merge_properties(
    section: &str,
    global: &Map<String, Value>,
    local: &Map<String, Value>,
) -> Map<String, Value> {
    let merger = Merger { section };
    merger.merge_mappings(global, local, "")
}

struct Merger<'a> {
    section: &'a str,
}

impl Merger<'_> {
    fn strategy(&self, path: &str) -> Option<Strategy> {
        CUSTOM_STRATEGIES
            .iter()
            .find(|(at, _)| {
                at.strip_prefix(self.section)
                    .and_then(|rest| rest.strip_prefix('.'))
                    == Some(path)
            })
            .map(|(_, strategy)| *strategy)
    }

    fn merge(&self, global: &Value, local: &Value, path: &str) -> Value {
        match (global, local) {
            _ if kind(global) != kind(local) || kind(local) == Kind::Primitive => local.clone(),
            (Value::Object(global_map), Value::Object(local_map)) => match self.strategy(path) {
                Some(Strategy::Replace) => local.clone(),
                Some(Strategy::PruneAndMerge) if !local_map.is_empty() => {
                    Value::Object(self.prune_and_merge(global_map, local_map, path))
                }
                _ => Value::Object(self.merge_mappings(global_map, local_map, path)),
            },
            (Value::Array(global_items), Value::Array(local_items)) => {
                if self.strategy(path) == Some(Strategy::Replace) {
                    return local.clone();
                }
                Value::Array(global_items.iter().chain(local_items).cloned().collect())
            }
            _ => local.clone(),
        }
    }

    /// Global keys first, in their order, then keys only the resource has.
    fn merge_mappings(
        &self,
        global: &Map<String, Value>,
        local: &Map<String, Value>,
        path: &str,
    ) -> Map<String, Value> {
        let mut merged = global.clone();
        for (key, local_value) in local {
            let value = match global.get(key) {
                Some(global_value) => self.merge(global_value, local_value, &child(path, key)),
                None => local_value.clone(),
            };
            merged.insert(key.clone(), value);
        }
        merged
    }

    fn prune_and_merge(
        &self,
        global: &Map<String, Value>,
        local: &Map<String, Value>,
        path: &str,
    ) -> Map<String, Value> {
        local
            .iter()
            .map(|(key, local_value)| {
                let value = match global.get(key) {
                    Some(global_value) => self.merge(global_value, local_value, &child(path, key)),
                    None => local_value.clone(),
                };
                (key.clone(), value)
            })
            .collect()
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn merged(section: &str, global: Value, local: Value) -> Value {
        match (global, local) {
            (Value::Object(global), Value::Object(local)) => {
                Value::Object(merge_properties(section, &global, &local))
            }
            _ => Value::Null,
        }
    }

    #[test]
    fn local_wins_at_the_leaves_and_lists_concatenate_global_first() {
        let global = json!({"Runtime": "python3.12", "Layers": ["g"], "Tags": {"team": "a", "env": "g"},
                            "Environment": {"Variables": {"A": "global", "B": "global"}}});
        let local = json!({"Runtime": "nodejs20.x", "Layers": [{"Ref": "L"}], "Tags": {"env": "l"},
                           "Environment": {"Variables": {"B": "local"}}});
        assert_eq!(
            merged("Function", global, local),
            json!({"Runtime": "nodejs20.x", "Layers": ["g", {"Ref": "L"}], "Tags": {"team": "a", "env": "l"},
                   "Environment": {"Variables": {"A": "global", "B": "local"}}})
        );
    }

    #[test]
    fn kinds_that_differ_and_intrinsics_take_the_local_value() {
        let global =
            json!({"CodeUri": {"Bucket": "b", "Key": "k"}, "Tags": {"a": "1"}, "Timeout": 3});
        let local = json!({"CodeUri": "s3://x/y", "Tags": {"Fn::If": ["C", {"b": "2"}, {}]}});
        assert_eq!(
            merged("Function", global, local),
            json!({"CodeUri": "s3://x/y", "Tags": {"Fn::If": ["C", {"b": "2"}, {}]}, "Timeout": 3})
        );
    }

    #[test]
    fn function_architectures_are_replaced_not_concatenated() {
        let global = json!({"Architectures": ["x86_64"], "Layers": ["a"]});
        let local = json!({"Architectures": ["arm64"], "Layers": ["b"]});
        assert_eq!(
            merged("Function", global, local),
            json!({"Architectures": ["arm64"], "Layers": ["a", "b"]})
        );
    }
}
