//! The order Python 2.7 iterates a dict in, which AWS's translator still reproduces
//! (its `py27hash_fix`) for templates with a REST API, or an HttpApi with a default
//! authorizer: it walks resources and each function's events in that order, which decides
//! which event an "API method defined multiple times" error names.
//!
//! A Python 2.7 dict is an open-addressing table: a key's slot comes from the Python 2.7
//! string hash, collisions probe with the hash's high bits, and the table grows (and
//! re-inserts in slot order) when two thirds full. Iteration is slot order, so it depends
//! on which keys were added and removed, in which order.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// The smallest table.
const MIN_SIZE: u64 = 8;
/// How many bits of the hash each probe shifts in.
const PERTURB_SHIFT: u32 = 5;
/// Above this many keys a table grows by 2 instead of 4.
const LARGE_DICT: usize = 50_000;

/// Python 2.7's hash of a string (`string_hash` in CPython 2.7's `stringobject.c`), as an
/// unsigned machine word.
pub(crate) fn string_hash(text: &str) -> u64 {
    let mut characters = text.chars().peekable();
    let Some(first) = characters.peek() else {
        return 0;
    };
    let mut hash = u64::from(*first) << 7;
    let mut length = 0u64;
    for character in characters {
        hash = hash.wrapping_mul(1_000_003) ^ u64::from(character);
        length += 1;
    }
    hash ^ length
}

/// One slot of the table.
#[derive(Clone, Debug, PartialEq)]
enum Slot {
    Key(String),
    /// A removed key: probing continues past it.
    Dummy,
}

/// The keys of a Python 2.7 dict, by slot.
#[derive(Clone, Debug)]
pub(crate) struct Keys {
    slots: BTreeMap<u64, Slot>,
    mask: u64,
    used: usize,
    fill: usize,
}

impl Default for Keys {
    fn default() -> Self {
        Self {
            slots: BTreeMap::new(),
            mask: MIN_SIZE - 1,
            used: 0,
            fill: 0,
        }
    }
}

impl Keys {
    /// The keys of a dict built by inserting `keys` in order.
    pub(crate) fn from_insertions<'k>(keys: impl IntoIterator<Item = &'k str>) -> Self {
        let mut table = Self::default();
        for key in keys {
            table.add(key);
        }
        table
    }

    /// The keys in iteration order.
    pub(crate) fn in_order(&self) -> Vec<&str> {
        self.slots
            .values()
            .filter_map(|slot| match slot {
                Slot::Key(key) => Some(key.as_str()),
                Slot::Dummy => None,
            })
            .collect()
    }

    /// `dict[key] = ...`.
    pub(crate) fn add(&mut self, key: &str) {
        let before = self.used;
        let index = self.slot_for(key);
        match self.slots.get(&index) {
            None => {
                self.used += 1;
                self.fill += 1;
                self.slots.insert(index, Slot::Key(key.to_owned()));
            }
            Some(Slot::Dummy) => {
                self.used += 1;
                self.slots.insert(index, Slot::Key(key.to_owned()));
            }
            Some(Slot::Key(_)) => {}
        }
        let capacity = self.mask + 1;
        if self.used > before && (self.fill as u64) * 3 >= capacity * 2 {
            let factor = if self.used > LARGE_DICT { 2 } else { 4 };
            self.resize(self.used * factor);
        }
    }

    /// `del dict[key]`.
    pub(crate) fn remove(&mut self, key: &str) {
        let index = self.slot_for(key);
        if let Some(slot @ Slot::Key(_)) = self.slots.get_mut(&index) {
            *slot = Slot::Dummy;
            self.used -= 1;
        }
    }

    /// The slot `key` is in, or would go to (CPython 2.7's `lookdict`).
    fn slot_for(&self, key: &str) -> u64 {
        let hash = string_hash(key);
        let holds = |index: u64| match self.slots.get(&index) {
            Some(Slot::Key(found)) => found == key,
            _ => false,
        };
        let mut index = hash & self.mask;
        match self.slots.get(&index) {
            None => return index,
            Some(_) if holds(index) => return index,
            _ => {}
        }
        let mut free = matches!(self.slots.get(&index), Some(Slot::Dummy)).then_some(index);
        let mut walker = index;
        let mut perturb = hash;
        loop {
            walker = (walker << 2)
                .wrapping_add(walker)
                .wrapping_add(perturb)
                .wrapping_add(1);
            index = walker & self.mask;
            match self.slots.get(&index) {
                None => return free.unwrap_or(index),
                Some(_) if holds(index) => return index,
                Some(Slot::Dummy) if free.is_none() => free = Some(index),
                _ => {}
            }
            perturb >>= PERTURB_SHIFT;
        }
    }

    /// Grows the table to the smallest power of two above `minimum` and re-inserts the
    /// keys in slot order.
    fn resize(&mut self, minimum: usize) {
        let mut size = MIN_SIZE;
        while size <= minimum as u64 {
            size <<= 1;
        }
        let old = std::mem::take(&mut self.slots);
        self.mask = size - 1;
        self.used = 0;
        self.fill = 0;
        for slot in old.into_values() {
            if let Slot::Key(key) = slot {
                self.add(&key);
            }
        }
    }
}

fn resource_type(resource: &Value) -> Option<&str> {
    resource.get("Type").and_then(Value::as_str)
}

/// Whether the translator walks `template` in Python 2.7 order: it has an
/// `AWS::Serverless::Api` or an `Api` event, or an HttpApi with a `DefaultAuthorizer`
/// (its own, or from `Globals.HttpApi.Auth` with an explicit HttpApi or an `HttpApi` event).
pub(crate) fn applies(template: &Map<String, Value>) -> bool {
    let resources: Vec<&Value> = template
        .get("Resources")
        .and_then(Value::as_object)
        .map(|resources| resources.values().collect())
        .unwrap_or_default();
    let event_types = |resource: &Value| -> Vec<String> {
        resource
            .get("Properties")
            .and_then(|properties| properties.get("Events"))
            .and_then(Value::as_object)
            .map(|events| {
                events
                    .values()
                    .filter_map(|event| event.get("Type").and_then(Value::as_str))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let has_rest_api = resources.iter().any(|resource| {
        resource_type(resource) == Some("AWS::Serverless::Api")
            || matches!(
                resource_type(resource),
                Some("AWS::Serverless::Function" | "AWS::Serverless::StateMachine")
            ) && event_types(resource).iter().any(|t| t == "Api")
    });
    if has_rest_api {
        return true;
    }
    let default_authorizer = |auth: Option<&Value>| {
        auth.and_then(|auth| auth.get("DefaultAuthorizer"))
            .is_some_and(crate::python::is_truthy)
    };
    let global = default_authorizer(
        template
            .get("Globals")
            .and_then(|globals| globals.get("HttpApi"))
            .and_then(|api| api.get("Auth")),
    );
    resources
        .iter()
        .any(|resource| match resource_type(resource) {
            Some("AWS::Serverless::HttpApi") => {
                global
                    || default_authorizer(
                        resource
                            .get("Properties")
                            .and_then(|properties| properties.get("Auth")),
                    )
            }
            Some("AWS::Serverless::Function") => {
                global && event_types(resource).iter().any(|t| t == "HttpApi")
            }
            _ => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_hashes_are_python_2_7_s() {
        // Python 2.7: hash("a") == 12416037344, hash("") == 0; as unsigned 64-bit words.
        assert_eq!(string_hash(""), 0);
        assert_eq!(string_hash("a"), 12_416_037_344);
    }

    #[test]
    fn iteration_follows_slots_not_insertion() {
        // The orders below are what the translator's own emulation gives
        // (samtranslator.utils.py27hash_fix.Py27Dict, aws-sam-translator 1.115.0).
        assert_eq!(
            Keys::from_insertions(["b", "a", "c"]).in_order(),
            ["a", "c", "b"]
        );
        let resources = [
            "RestApi1",
            "RestApi2",
            "AuthorizerFunction",
            "Function1",
            "Function2",
            "Function3",
            "ServerlessRestApi",
            "ServerlessHttpApi",
        ];
        assert_eq!(
            Keys::from_insertions(resources).in_order(),
            [
                "Function1",
                "Function3",
                "Function2",
                "ServerlessHttpApi",
                "AuthorizerFunction",
                "RestApi2",
                "RestApi1",
                "ServerlessRestApi"
            ]
        );
        assert_eq!(
            Keys::from_insertions(["Event1", "Event2", "Event3"]).in_order(),
            ["Event2", "Event3", "Event1"]
        );
    }

    #[test]
    fn a_removed_key_leaves_the_others_in_place() {
        let mut keys = Keys::from_insertions(["Event1", "Event2", "Event3"]);
        keys.remove("Event3");
        assert_eq!(keys.in_order(), ["Event2", "Event1"]);
        keys.add("Event3");
        assert_eq!(keys.in_order(), ["Event2", "Event3", "Event1"]);
    }
}
