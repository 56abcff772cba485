//! Names with all their values, serialized twice in a 1.0 event: once with one value
//! per name (`headers`, `queryStringParameters`) and once with every value
//! (`multiValueHeaders`, `multiValueQueryStringParameters`).

use std::borrow::Cow;

use serde::ser::{Serialize, SerializeMap, Serializer};

/// Names in order, each with its values in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct MultiValues<'a>(Vec<(Cow<'a, str>, Vec<Cow<'a, str>>)>);

impl<'a> MultiValues<'a> {
    /// Adds `value` to `name`'s values, or `name` with this one value.
    pub(super) fn push(&mut self, name: Cow<'a, str>, value: Cow<'a, str>) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => values.push(value),
            None => self.0.push((name, vec![value])),
        }
    }

    /// Adds `name` with `values`, replacing nothing: the caller knows it is new.
    pub(super) fn insert_new(&mut self, name: Cow<'a, str>, values: Vec<Cow<'a, str>>) {
        self.0.push((name, values));
    }

    /// Whether `name` has values.
    pub(super) fn contains(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n == name)
    }

    /// The values of `name`.
    pub(super) fn get(&self, name: &str) -> Option<&[Cow<'a, str>]> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, values)| values.as_slice())
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Orders the names by their bytes.
    pub(super) fn sort_by_name(&mut self) {
        self.0.sort_by(|(a, _), (b, _)| a.cmp(b));
    }

    /// The one-value view: each name with its last value.
    // Unconfirmed: the last of repeated values, as REST observes for query strings and
    // AWS's 1.0 example shows for headers (its query example shows the first).
    pub(super) fn last(&self) -> LastValues<'_, 'a> {
        LastValues(self)
    }

    /// The every-value view.
    pub(super) fn all(&self) -> &Self {
        self
    }
}

impl Serialize for MultiValues<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, values) in &self.0 {
            map.serialize_entry(name, values)?;
        }
        map.end()
    }
}

/// Serializes [`MultiValues`] as `{"name": "last value"}`.
#[derive(Debug, Clone, Copy)]
pub(super) struct LastValues<'m, 'a>(&'m MultiValues<'a>);

impl Serialize for LastValues<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let entries = &self.0.0;
        let mut map = serializer.serialize_map(Some(entries.len()))?;
        for (name, values) in entries {
            if let Some(last) = values.last() {
                map.serialize_entry(name, last)?;
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_keep_every_value_and_the_last_wins_alone() {
        let mut values = MultiValues::default();
        for (name, value) in [("a", "1"), ("b", "x"), ("a", "2")] {
            values.push(Cow::Borrowed(name), Cow::Borrowed(value));
        }
        assert_eq!(
            serde_json::to_value(values.all()).unwrap(),
            serde_json::json!({"a": ["1", "2"], "b": ["x"]})
        );
        assert_eq!(
            serde_json::to_value(values.last()).unwrap(),
            serde_json::json!({"a": "2", "b": "x"})
        );
    }
}
