//! Reading evaluated `Properties` with CloudFormation's scalar coercions and errors that
//! name the property.

use serde_json::{Map, Value};

use crate::ProviderError;

/// A resource's evaluated `Properties` object.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Properties<'a> {
    map: Option<&'a Map<String, Value>>,
}

impl<'a> Properties<'a> {
    pub(crate) fn new(properties: &'a Value) -> Self {
        Self {
            map: properties.as_object(),
        }
    }

    /// The names of the properties present (not null), in template order.
    pub(crate) fn names(&self) -> impl Iterator<Item = &'a str> {
        self.map
            .into_iter()
            .flatten()
            .filter(|(_, value)| !value.is_null())
            .map(|(name, _)| name.as_str())
    }

    /// The raw value of a property, if present and not null.
    pub(crate) fn value(&self, name: &str) -> Option<&'a Value> {
        self.map?.get(name).filter(|v| !v.is_null())
    }

    /// A string property. CloudFormation hands scalars to providers as strings, so numbers
    /// and booleans are accepted and rendered as text.
    pub(crate) fn string(&self, name: &str) -> Result<Option<String>, ProviderError> {
        match self.value(name) {
            None => Ok(None),
            Some(value) => scalar_text(value)
                .map(Some)
                .ok_or_else(|| invalid(name, "must be a string", value)),
        }
    }

    /// A string property the resource cannot do without.
    pub(crate) fn required_string(&self, name: &str) -> Result<String, ProviderError> {
        self.string(name)?
            .ok_or_else(|| ProviderError::missing(name))
    }

    /// A property whose value is one of AWS's enumerated strings (`AWS_PROXY`, `2.0`);
    /// anything else is invalid, with the allowed values in the message.
    pub(crate) fn enumerated<T>(&self, name: &str) -> Result<Option<T>, ProviderError>
    where
        T: std::str::FromStr<Err = store::model::UnknownValue>,
    {
        self.string(name)?
            .map(|text| text.parse().map_err(|e| ProviderError::invalid(name, e)))
            .transpose()
    }

    /// An enumerated property the resource cannot do without.
    pub(crate) fn required_enum<T>(&self, name: &str) -> Result<T, ProviderError>
    where
        T: std::str::FromStr<Err = store::model::UnknownValue>,
    {
        self.enumerated(name)?
            .ok_or_else(|| ProviderError::missing(name))
    }

    /// A boolean property: `true`/`false`, or the strings CloudFormation accepts for them.
    pub(crate) fn bool(&self, name: &str) -> Result<Option<bool>, ProviderError> {
        match self.value(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(value) => Err(invalid(name, "must be true or false", value)),
        }
    }

    /// A non-negative integer property, given as a number or a numeric string.
    pub(crate) fn u32(&self, name: &str) -> Result<Option<u32>, ProviderError> {
        match self.value(name) {
            None => Ok(None),
            Some(value) => scalar_text(value)
                .and_then(|text| text.parse::<u32>().ok())
                .map(Some)
                .ok_or_else(|| invalid(name, "must be a whole number", value)),
        }
    }

    /// A list of strings; absent means empty. A single string counts as a one-item list,
    /// as several AWS properties accept both.
    pub(crate) fn strings(&self, name: &str) -> Result<Vec<String>, ProviderError> {
        match self.value(name) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| {
                    scalar_text(item)
                        .ok_or_else(|| invalid(name, "must be a list of strings", item))
                })
                .collect(),
            Some(value) => scalar_text(value)
                .map(|text| vec![text])
                .ok_or_else(|| invalid(name, "must be a list of strings", value)),
        }
    }

    /// A map of string to string, such as `StageVariables` or `Environment.Variables`.
    pub(crate) fn string_map(
        &self,
        name: &str,
    ) -> Result<std::collections::BTreeMap<String, String>, ProviderError> {
        match self.value(name) {
            None => Ok(Default::default()),
            Some(Value::Object(map)) => map
                .iter()
                .map(|(key, value)| {
                    scalar_text(value)
                        .map(|text| (key.clone(), text))
                        .ok_or_else(|| invalid(&format!("{name}.{key}"), "must be a string", value))
                })
                .collect(),
            Some(value) => Err(invalid(name, "must be a map of names to strings", value)),
        }
    }

    /// A map of string to boolean, such as a REST method's `RequestParameters`.
    pub(crate) fn bool_map(
        &self,
        name: &str,
    ) -> Result<std::collections::BTreeMap<String, bool>, ProviderError> {
        let Some(map) = self.object(name)? else {
            return Ok(Default::default());
        };
        map.names()
            .map(|key| {
                map.bool(key)
                    .map_err(|e| e.within(name))?
                    .map(|flag| (key.to_owned(), flag))
                    .ok_or_else(|| ProviderError::missing(&format!("{name}.{key}")))
            })
            .collect()
    }

    /// A list of objects (`MethodResponses`, `ApiStages`); absent means empty. Each item
    /// comes with its path (`MethodResponses.0`) for messages.
    pub(crate) fn objects(
        &self,
        name: &str,
    ) -> Result<Vec<(String, Properties<'a>)>, ProviderError> {
        match self.value(name) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(index, item)| match item {
                    Value::Object(_) => Ok((format!("{name}.{index}"), Properties::new(item))),
                    other => Err(invalid(
                        &format!("{name}.{index}"),
                        "must be an object",
                        other,
                    )),
                })
                .collect(),
            Some(value) => Err(invalid(name, "must be a list of objects", value)),
        }
    }

    /// A nested object property, read with the same rules.
    pub(crate) fn object(&self, name: &str) -> Result<Option<Properties<'a>>, ProviderError> {
        match self.value(name) {
            None => Ok(None),
            Some(value @ Value::Object(_)) => Ok(Some(Properties::new(value))),
            Some(value) => Err(invalid(name, "must be an object", value)),
        }
    }
}

/// A scalar rendered the way CloudFormation passes it to a provider.
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn invalid(name: &str, expected: &str, found: &Value) -> ProviderError {
    let mut shown = found.to_string();
    if shown.len() > 80 {
        shown.truncate(77);
        shown.push_str("...");
    }
    ProviderError::InvalidProperty {
        property: name.to_owned(),
        message: format!("{expected}, found {shown}"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn scalars_are_coerced_like_cloudformation_does() {
        let value = json!({"Version": 2.0, "Enabled": "true", "Timeout": "30", "Name": 7});
        let props = Properties::new(&value);
        assert_eq!(props.string("Version").unwrap().as_deref(), Some("2.0"));
        assert_eq!(props.bool("Enabled").unwrap(), Some(true));
        assert_eq!(props.u32("Timeout").unwrap(), Some(30));
        assert_eq!(props.string("Name").unwrap().as_deref(), Some("7"));
        assert_eq!(props.string("Absent").unwrap(), None);
    }

    #[test]
    fn wrong_shapes_name_the_property_and_what_was_found() {
        let value = json!({"Timeout": "soon", "Tags": {"a": [1]}, "Name": {"x": 1}});
        let props = Properties::new(&value);
        let err = props.u32("Timeout").unwrap_err().to_string();
        assert!(err.contains("Timeout") && err.contains("\"soon\""), "{err}");
        let err = props.string_map("Tags").unwrap_err().to_string();
        assert!(err.contains("Tags.a"), "{err}");
        assert!(props.required_string("Name").is_err());
        assert!(
            props
                .required_string("Missing")
                .unwrap_err()
                .to_string()
                .contains("Missing")
        );
    }

    #[test]
    fn a_single_string_is_a_one_item_list() {
        let value = json!({"Audience": "api", "Scopes": ["a", "b"]});
        let props = Properties::new(&value);
        assert_eq!(props.strings("Audience").unwrap(), vec!["api"]);
        assert_eq!(props.strings("Scopes").unwrap(), vec!["a", "b"]);
        assert!(props.strings("Absent").unwrap().is_empty());
    }
}
